"""Attack: printing a workspace that already holds over-long texts (issue #18).

The field limits stop new 1,000,000-character names at the door, but a workspace written before they existed
(or by another program) still holds them, and `sheet` and `catalogue` ran past 300 s laying them out. Printed
documents clip each text to its printed length with "…" and say so in their warnings. The subprocess timeout
is generous (60 s; it prints in about a second here): the point is that nothing hangs, not a speed figure.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from attack_kit import Figures, make_workspace, reason_lines, run_cli

MILLION = 1_000_000
NO_HANG_SECONDS = 60


@pytest.fixture(scope="module")
def overgrown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Product P00000's texts written straight into the database, a million characters each."""
    path = make_workspace(tmp_path_factory.mktemp("long") / "old.fdw", products=3)
    connection = sqlite3.connect(path)
    connection.execute(
        "UPDATE product SET name_zh = ?, name_en = ?, description_zh = ?, description_en = ?, materials = ?, "
        "brand = ?, selling_points_zh = ?, selling_points_en = ? WHERE code = 'P00000'",
        ("长" * MILLION, "Long " * (MILLION // 5), "很长的描述。" * (MILLION // 6), "words " * (MILLION // 6),
         "棉" * MILLION, "B" * MILLION, json.dumps(["卖点" * (MILLION // 2)] * 3, ensure_ascii=False),
         json.dumps(["point " * (MILLION // 6)])))
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize("command", [
    ["sheet", "--product", "P00000"],
    ["catalogue"],
    ["pricelist"],
])
def test_over_long_texts_print_clipped_and_say_so(overgrown: Path, tmp_path: Path, command: list[str]) -> None:
    figures = Figures(f"long texts: {command[0]}")
    workspace = tmp_path / "old.fdw"
    workspace.write_bytes(overgrown.read_bytes())
    pdf = tmp_path / "out.pdf"
    result = run_cli("--lang", "en", command[0], workspace, *command[1:], "-o", pdf, timeout=NO_HANG_SECONDS)
    figures.inputs_tried += 1
    assert result.returncode == 0, result.stderr[-2000:]
    assert pdf.stat().st_size > 0
    lines = reason_lines(result.stderr)
    assert any("1,000,000 characters; only the first 200 are printed" in line for line in lines), lines
    if command[0] != "pricelist":  # the price list prints names only
        assert any("English description" in line and "first 20,000" in line for line in lines), lines
    assert all(len(line) < 300 for line in lines), "a warning quotes the field, never its text"
    figures.report()


def test_the_printed_text_ends_visibly_clipped(overgrown: Path) -> None:
    from app.db import open_workspace
    from app.services.documents.public_data import load_products

    workspace = open_workspace(overgrown)
    try:
        product, = load_products(workspace, ["P00000"])
    finally:
        workspace.close()
    assert product.name_zh == "长" * 200 + "…"
    assert len(product.description_en) == 20_001 and product.description_en.endswith("…")
    assert all(len(point) == 501 for point in product.selling_points_zh)
    assert len(product.brand) == 201 and len(product.materials) == 2_001
    assert len(product.notes) == 8  # one per clipped field, the three selling points counted once
    connection = sqlite3.connect(overgrown)
    try:
        stored = connection.execute("SELECT length(name_zh) FROM product WHERE code = 'P00000'").fetchone()[0]
    finally:
        connection.close()
    assert stored == MILLION, "printing clips what it shows, never what is stored"
