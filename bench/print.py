"""Printing speed: 100 spec sheets and a 1,000-product catalogue in pages per second, next to floors measured
in the same run.

- sheets: `--sheets` spec sheets of the demo products (bilingual, A4), each a separate PDF written
  atomically (as `generate_sheets` writes them);
- floor "one paragraph": the same number of files and pages, each page one paragraph in the same embedded
  font, written the same way — what ReportLab costs at the very least;
- floor "bare same content": the sheet's own text (read back from it with pdftotext: letterhead, labels,
  headings and footer included), JPEGs, EAN-13 symbols and QR code drawn straight onto the canvas line by
  line (no platypus layout, no tables, no wrapping), written the same way — the issue's "bare ReportLab
  page of the same content";
- `--catalogue N`: a workspace of N products (the demo's, cloned under new codes, sharing their pictures)
  and its catalogue in one PDF, with the process's peak memory, next to its own "bare same content" floor:
  the catalogue's text page by page and each page's product pictures drawn straight onto one canvas.

Image derivation (decode the stored original, downscale, JPEG) is reported separately: the demo's products
share pictures, so after the first sheet the derived JPEGs come from the cache.

    python bench/print.py [--sheets 100] [--rounds 3] [--catalogue 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlmodel import select

from app.db import Workspace
from app.models import Product, ProductCertificate, ProductImage, Sku
from app.models.gtin import complete_gtin
from app.services.documents import public_data
from app.services.documents.catalogue import CATALOGUE_IMAGES, build_catalogue
from app.services.documents.codes import QrCode, ean13_drawing
from app.services.documents.document import write_pdf_atomically
from app.services.documents.flowables import JpegImage
from app.services.documents.fonts import FONT_NAME, register_fonts
from app.services.documents.public_data import (
    PublicProduct,
    load_factory,
    load_products,
)
from app.services.documents.spec_sheet import write_spec_sheet
from app.services.documents.styles import styles
from app.services.workspace.demo import create_demo_workspace


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_sheets(products: list[PublicProduct], factory: object, folder: Path, files: int,
                 today: date) -> tuple[int, float]:
    """(pages, seconds) for `files` spec sheets, one file each, cycling through the products."""
    pages = 0
    start = time.perf_counter()
    for index in range(files):
        result = write_spec_sheet(products[index % len(products)], factory, folder / f"sheet-{index:04d}.pdf",  # type: ignore[arg-type]
                                  lang="both", today=today)
        pages += result.pages
    return pages, time.perf_counter() - start


def bench_floor_paragraph(folder: Path, files: int, pages_per_file: list[int]) -> float:
    """Seconds for the same files and pages, each page one paragraph in the embedded font."""
    style = styles().body
    start = time.perf_counter()
    for index in range(files):
        count = pages_per_file[index % len(pages_per_file)]

        def build(target: Path, count: int = count) -> None:
            doc = SimpleDocTemplate(str(target), pagesize=A4, initialFontName=FONT_NAME)
            story = []
            for page in range(count):
                story.append(Paragraph(f"行者轻量 PC 硬壳拉杆箱 Xingzhe Lightweight Spinner Suitcase — page {page + 1}",
                                       style))
                if page + 1 < count:
                    from reportlab.platypus import PageBreak
                    story.append(PageBreak())
            doc.build(story)

        write_pdf_atomically(folder / f"floor-{index:04d}.pdf", build)
    return time.perf_counter() - start


def sheet_lines(path: Path) -> list[str]:
    """Every line of text a written sheet shows (letterhead, labels, table headings, footer included), as
    poppler's pdftotext reads it back: the floor draws exactly the sheet's text, so it embeds the same
    glyphs (font subsets are a large part of the cost of a page)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [line for line in text.splitlines() if line.strip()]


def bench_floor_bare(products: list[PublicProduct], factory: object, folder: Path, files: int,
                     pages_per_file: list[int], lines_per_product: list[list[str]]) -> float:
    """Seconds for the same content drawn straight onto the canvas (no layout), same files and pages."""
    register_fonts()
    start = time.perf_counter()
    for index in range(files):
        product = products[index % len(products)]
        count = pages_per_file[index % len(pages_per_file)]
        lines = lines_per_product[index % len(products)]

        def build(target: Path, product: PublicProduct = product, count: int = count, lines: list[str] = lines) -> None:
            canvas = Canvas(str(target), pagesize=A4, initialFontName=FONT_NAME)
            per_page = -(-len(lines) // count)
            symbols = [d for d in (ean13_drawing(s.gtin) for s in product.skus) if d is not None]
            for page in range(count):
                canvas.setFont(FONT_NAME, 9)
                y = 800.0
                for line in lines[page * per_page:(page + 1) * per_page]:
                    canvas.drawString(40, y, line)
                    y -= 12
                if page == 0:
                    for number, picture in enumerate(product.images):   # embedded as the sheets embed them
                        JpegImage(picture.data, 60, 60).drawOn(canvas, 40 + number * 70 * mm / 3, 120)
                else:
                    for number, symbol in enumerate(symbols):
                        symbol.drawOn(canvas, 40 + (number % 5) * 100, 300 - (number // 5) * 70)
                    qr = QrCode(factory.website, 24 * mm)  # type: ignore[attr-defined]
                    qr.canv = canvas  # type: ignore[attr-defined]
                    canvas.saveState()
                    canvas.translate(480, 60)
                    qr.draw()
                    canvas.restoreState()
                canvas.showPage()
            canvas.save()

        write_pdf_atomically(folder / f"bare-{index:04d}.pdf", build)
    return time.perf_counter() - start


def bench_floor_catalogue(catalogue: Path, products: dict[str, PublicProduct], target: Path) -> float:
    """Seconds to draw the catalogue's own text (pdftotext, page by page) and, on each page, the pictures of
    the first product whose code it shows, straight onto the canvas in one PDF: its "bare same content"."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(catalogue), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    pages = [page for page in pages if page]
    shown = [next((products[w] for line in page for w in line.split() if w in products), None) for page in pages]
    register_fonts()
    start = time.perf_counter()

    def build(path: Path) -> None:
        canvas = Canvas(str(path), pagesize=A4, initialFontName=FONT_NAME)
        for lines, product in zip(pages, shown, strict=False):
            canvas.setFont(FONT_NAME, 9)
            y = 800.0
            for line in lines:
                canvas.drawString(40, y, line)
                y -= 12
            for number, picture in enumerate(product.images if product else ()):
                JpegImage(picture.data, 60, 60).drawOn(canvas, 40 + number * 70, 60)
            canvas.showPage()
        canvas.save()

    write_pdf_atomically(target, build)
    return time.perf_counter() - start


def clone_products(workspace: Workspace, count: int) -> None:
    """Add demo clones until the workspace has `count` products (new codes and GTINs, shared pictures)."""
    with workspace.session() as session:
        originals = list(session.exec(select(Product).order_by(Product.code)))
        skus = {p.id: list(session.exec(select(Sku).where(Sku.product_id == p.id))) for p in originals}
        images = {p.id: list(session.exec(select(ProductImage).where(ProductImage.product_id == p.id)))
                  for p in originals}
        links = {p.id: list(session.exec(select(ProductCertificate).where(ProductCertificate.product_id == p.id)))
                 for p in originals}
        item = 1000
        for number in range(count - len(originals)):
            source = originals[number % len(originals)]
            clone = Product(**{k: v for k, v in source.model_dump().items() if k not in ("id", "version")})
            clone.code = f"{source.code}-{number:04d}"
            session.add(clone)
            session.flush()
            for sku in skus[source.id]:
                data = {k: v for k, v in sku.model_dump().items() if k not in ("id", "version", "product_id")}
                data.update(product_id=clone.id, code=f"{clone.code}-{sku.position:02d}",
                            gtin=complete_gtin(f"697054{item:06d}"), cost=Decimal(sku.cost or 0))
                item += 1
                session.add(Sku(**data))
            for image in images[source.id]:
                data = {k: v for k, v in image.model_dump().items() if k not in ("id", "product_id", "sku_id")}
                session.add(ProductImage(product_id=clone.id, **data))
            for link in links[source.id]:
                session.add(ProductCertificate(product_id=clone.id, certificate_id=link.certificate_id))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=100, help="spec sheets per round, one file each (default 100)")
    parser.add_argument("--catalogue", type=int, default=1000, metavar="N",
                        help="a catalogue of N products in one PDF (default 1000; 0 to skip)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the best of each is kept")
    parser.add_argument("--keep", type=Path, help="write into this folder and keep the files")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="fd-bench-print-"))
    folder.mkdir(parents=True, exist_ok=True)
    today = date.today()
    workspace = create_demo_workspace(folder / "demo.fdw")

    public_data.DERIVED_CACHE.clear()
    start = time.perf_counter()
    products = load_products(workspace, today=today)
    cold = time.perf_counter() - start
    pictures = sum(len(p.images) for p in products)
    start = time.perf_counter()
    load_products(workspace, today=today)
    warm = time.perf_counter() - start
    factory = load_factory(workspace)
    print(f"load {len(products)} products with {pictures} pictures: {cold * 1000:.0f} ms cold (derive JPEGs), "
          f"{warm * 1000:.0f} ms from the cache")

    write_spec_sheet(products[0], factory, folder / "warm-up.pdf", today=today)   # fonts, first-use costs
    per_file, lines = [], []   # each product's page count and text, for the floors
    for product in products:
        written = write_spec_sheet(product, factory, folder / "count.pdf", lang="both", today=today)
        per_file.append(written.pages)
        lines.append(sheet_lines(written.path))
    best = {"sheets": float("inf"), "paragraph": float("inf"), "bare": float("inf")}
    files, pages = args.sheets, 0
    for _round in range(args.rounds):   # interleaved rounds, best of each: fair on a busy machine
        pages, seconds = bench_sheets(products, factory, folder, files, today)
        best["sheets"] = min(best["sheets"], seconds)
        best["paragraph"] = min(best["paragraph"], bench_floor_paragraph(folder, files, per_file))
        best["bare"] = min(best["bare"], bench_floor_bare(products, factory, folder, files, per_file, lines))
    rate, rate_a, rate_b = (pages / best[k] for k in ("sheets", "paragraph", "bare"))
    print(f"best of {args.rounds} rounds:")
    print(f"spec sheets        {files:4d} files {pages:4d} pages  {best['sheets']:6.2f} s  {rate:7.1f} pages/s")
    print(f"floor: 1 paragraph {files:4d} files {pages:4d} pages  {best['paragraph']:6.2f} s  {rate_a:7.1f} pages/s  "
          f"ratio {rate / rate_a:.2f}")
    print(f"floor: bare same   {files:4d} files {pages:4d} pages  {best['bare']:6.2f} s  {rate_b:7.1f} pages/s  "
          f"ratio {rate / rate_b:.2f}  (goal ≥ 0.70)")
    print(f"peak memory so far {peak_mb():.0f} MB")

    if args.catalogue:
        start = time.perf_counter()
        clone_products(workspace, args.catalogue)
        print(f"cloned to {args.catalogue} products in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        result = build_catalogue(workspace, folder / "catalogue.pdf", lang="both", today=today)
        seconds = time.perf_counter() - start
        print(f"catalogue          {args.catalogue:4d} products {result.pages:4d} pages  {seconds:6.2f} s  "
              f"{result.pages / seconds:7.1f} pages/s  {(folder / 'catalogue.pdf').stat().st_size / 1e6:.1f} MB; "
              f"peak memory {peak_mb():.0f} MB")
        by_code = {p.code: p for p in load_products(workspace, images=CATALOGUE_IMAGES, today=today)}
        floor = bench_floor_catalogue(folder / "catalogue.pdf", by_code, folder / "catalogue-floor.pdf")
        print(f"floor: bare same   {args.catalogue:4d} products {result.pages:4d} pages  {floor:6.2f} s  "
              f"{result.pages / floor:7.1f} pages/s  ratio {floor / seconds:.2f}")
    workspace.close()
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
