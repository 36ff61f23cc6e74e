"""Printed documents (ReportLab, no Qt): what sales staff hand to buyers.

Entry points (each writes its PDF atomically and returns `document.PrintResult(path, pages, warnings)`):
- `spec_sheet.build_spec_sheet(workspace, code, path, lang=, paper=, qr_url=)` — one product;
- `spec_sheet.generate_sheets(workspace, codes, folder, lang, progress, cancel)` — one sheet per product;
- `catalogue.build_catalogue(workspace, path, lang=, progress=, cancelled=)` — cover, contents, pages, index;
- `price_list.build_price_list(workspace, path, lang=, options=PriceListOptions(channel=…, cliffs="warn"))` — B2B
  tiers (each quantity cliff a warning; `cliffs="remove"` smooths them out).

Modules: `fonts` (the embedded CJK font and the missing-glyph guard), `public_data` (the allow-listed,
private-field-free view of the workspace every document reads), `styles` (paper, colours, paragraph
styles, bilingual labels), `flowables` (text and pictures), `tables` (tables, columns), `grid` (label/value
grids), `codes` (EAN-13, QR), `document` (page templates, letterhead, footer, atomic writing), `service` (the
feature as one object for the Print page). Languages: "zh", "en", "both"; paper: "A4", "Letter".
"""
