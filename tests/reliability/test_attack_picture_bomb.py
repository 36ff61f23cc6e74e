"""Attack: a stored image bomb met by `pack` (issue #18).

Intake refuses pictures over 50 megapixels, but a workspace written around it (another program, an old
version, a hand edit) can hold a blob whose header declares a huge pixel count. `pack` must stop with one
line naming the product and the picture (exit 2), never a traceback and never decode the bomb: it runs
under an address-space cap far below what the decoded pixels would take.
"""

from __future__ import annotations

import hashlib
import io
import resource
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest
from attack_kit import Figures, assert_one_line_failure, make_workspace, run_cli
from PIL import Image

#: A 1-bit PNG compresses a blank 40000×40000 frame (1.6 gigapixels, 4.8 GB as RGB) into ~200 KB.
OVER_PILLOWS_CAP = (40_000, 40_000)
#: 144 megapixels: under Pillow's own bomb limit, over the app's 50 MP intake cap (432 MB as RGB).
OVER_OUR_CAP = (12_000, 12_000)
#: Enough for `pack` (it peaks near 70 MB here), not for a decoded bomb.
ADDRESS_SPACE_CAP = 1536 * 1024 * 1024


def _png(size: tuple[int, int]) -> bytes:
    """A blank 1-bit PNG of `size`, compressed row by row (Pillow would hold every pixel in memory first)."""
    width, height = size
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then the packed bits
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _memory_capped() -> None:
    """In the child: an address-space cap far below what decoding the bomb would take, so decoding it fails
    loudly (MemoryError, a traceback) instead of passing unseen."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def _workspace_with_stored(path: Path, data: bytes) -> Path:
    """A workspace whose product P00001 has one main picture, then its blob replaced by `data` in SQL."""
    from sqlmodel import select

    from app.db import open_workspace
    from app.models import Product
    from app.services.catalogue.images import add_product_image

    make_workspace(path, products=3)
    workspace = open_workspace(path)
    try:
        with workspace.session() as session:
            product = session.exec(select(Product).where(Product.code == "P00001")).one()
            photo = io.BytesIO()
            Image.new("RGB", (1200, 1200), (200, 30, 30)).save(photo, "JPEG")
            add_product_image(session, product.id, photo.getvalue(), "main")
            session.commit()
    finally:
        workspace.close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE blob SET data = ?, sha256 = ?", (data, hashlib.sha256(data).hexdigest()))
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize(("label", "data", "words"), [
    ("over Pillow's cap", _png(OVER_PILLOWS_CAP), ["1,600,000,000 pixels", "decompression bomb"]),
    ("over the intake cap", _png(OVER_OUR_CAP), ["144,000,000 pixels", "decompression bomb"]),
    ("not a picture", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, ["damaged"]),
])
@pytest.mark.parametrize("platforms", ["amazon", "all"])
def test_pack_names_the_product_and_picture(tmp_path: Path, label: str, data: bytes, words: list[str],
                                             platforms: str) -> None:
    figures = Figures(f"stored picture {label}, pack --platform {platforms}")
    workspace = _workspace_with_stored(tmp_path / "w.fdw", data)
    result = run_cli("--lang", "en", "pack", workspace, "--all", "--platform", platforms, "-o", tmp_path / "out",
                     "--override-reason", "testing", timeout=120, preexec=_memory_capped)
    figures.inputs_tried += 1
    line = assert_one_line_failure(result, 2, "P00001", "picture #1", *words)
    assert not any((tmp_path / "out").glob("*/manifest.json")), "no pack is written when a picture is refused"
    figures.notes.append(line)
    figures.report()
