"""Listing: what each platform needs to put a product on sale, and what would get it refused.

- `rules` — the platforms' rules as data (title limits, banned advertising words, trademarks) and the allow-list;
- `findings` — the report types every check returns (`Finding`, `Severity`, `LintReport`);
- `lint` — the rule and platform checks over one product or a whole workspace;
- `picture_checks` — white background, fill and size checks on a product's pictures;
- `packs` — the per-platform listing pack: titles, selling points, spec table, pictures, bulk-upload file.
"""
