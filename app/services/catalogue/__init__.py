"""The catalogue: the factory, its products (SPU), variants (SKU), categories, images and their blobs.

- `products`, `product_input`, `variants`, `categories`, `images`, `blobs`, `factory_profile` — reading and
  writing one product or the factory, each save one transaction;
- `bulk` — edits over many products at once; `search` — the catalogue's full-text search;
- `listing` — the product list the Products page pages through; `completeness` — what is still missing;
- `io` — CSV/XLSX import and export (streaming, encodings detected, every row checked before anything is written).
"""
