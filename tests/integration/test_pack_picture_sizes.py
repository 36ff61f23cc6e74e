"""Which size each platform's square gets (issue #17): never enlarged where the platform takes a smaller
picture, the platform's own square where it asks for exactly that, and Shopify at 2000 px (a 4000 px JPEG's
half-scale draft decode) rather than 2048."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from app.db import Workspace
from app.services.listing.packs.builder import build_packs
from app.services.listing.packs.images import delivered_size
from app.services.listing.packs.profiles import effective_profile
from app.services.listing.packs.source import load_products
from app.services.workspace.demo import create_demo_workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = create_demo_workspace(tmp_path_factory.mktemp("demo") / "demo.fdw")
    yield workspace
    workspace.close()


@pytest.mark.parametrize(("platform", "long_side", "expected"), [
    ("shopify", 4000, 2000), ("shopify", 1000, 1000), ("shopify", 600, 600),
    ("woocommerce", 1000, 1000), ("woocommerce", 3000, 1200),
    ("amazon", 1500, 1500), ("amazon", 600, 1000),          # Amazon's 1000 px minimum long side
    ("taobao", 600, 800), ("tmall", 4000, 800), ("pinduoduo", 1000, 750), ("odm", 500, 800),
])
def test_the_square_is_never_enlarged_where_the_platform_allows(demo: Workspace, platform: str, long_side: int,
                                                                 expected: int) -> None:
    [product] = load_products(demo, [load_products(demo, None)[0].code])
    image = replace(product.images[0], width=long_side, height=long_side * 3 // 4)
    assert delivered_size(effective_profile(demo, platform), image) == expected


def test_the_demo_s_1000_px_pictures_are_delivered_at_1000_px(demo: Workspace, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    product = load_products(demo, None)[0]
    own = max(product.images[0].width, product.images[0].height)
    build_packs(demo, [product.code], ["shopify", "taobao"], tmp_path / "out")
    with Image.open(next((tmp_path / "out" / "shopify").glob("*/images/01_main.jpg"))) as shopify:
        assert shopify.size == (min(own, 2000),) * 2
    with Image.open(next((tmp_path / "out" / "taobao").glob("*/images/01_main.jpg"))) as taobao:
        assert taobao.size == (800, 800)
