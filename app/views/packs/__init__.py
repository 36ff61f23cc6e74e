"""The Listing packs page: choose platforms and products, see the findings, build the packs."""
