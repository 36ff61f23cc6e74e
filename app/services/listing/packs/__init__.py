"""Listing packs: from one product definition, what each platform needs to put it on sale.

- `profiles` — platform profiles as data (`resources/platforms/<id>.json`) with workspace overrides;
- `source` — the catalogue as plain listing data, without private fields; `prices` — suggested prices from the
  pricing engine (costs stay inside it);
- `titles` — titles within the platform's budget; `content` — bullets, descriptions, spec table, size chart;
  `images` — pictures at the platform's sizes; `checks` — the lint's platform checks;
- one writer per platform family: `shopify`, `woocommerce`, `amazon`, `chinese` (Tmall, Taobao, JD, Pinduoduo,
  Douyin, 1688), `odm`; `files` — safe CSV/XLSX writing; `model` — what the builder hands the writers;
- `options` — one build's choices (image base URL for the shops' picture links, WooCommerce units, Shopify CSV
  dialect), checked once; `checks.pack_findings` — what the upload file as a whole lacks (shared handles…);
- `builder.build_pack(workspace, product_codes, platform, out_dir, progress, cancel)` — the whole pack, atomically;
  `builder.build_packs(…, platforms, …)` — several platforms' packs in one pass, each picture cut once for all.
No Qt here: the GUI, the command line and the tests drive the same functions.
"""
