"""The workspace as a whole: one `.fdw` file and what is done to it at once.

- `services` — the feature services built once per open workspace and handed to the pages;
- `backups` — automatic and manual backups, thinning, restore (before-import backups are kept);
- `bundles` — a workspace as a portable, checked zip for a consultant to hand over;
- `demo`, `demo_images` — the demo factory built beside its target and renamed into place.
"""
