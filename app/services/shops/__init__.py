"""Pushing products to the factory's own shops (Shopify Admin GraphQL, WooCommerce REST v3). No Qt.

- `http`: the one way this package talks to a shop — timeouts, bounded retries, https only, size caps,
  typed errors for hostile answers, redacted logs.
- `secrets`: shop credentials in the OS keyring (or the environment, for the command line); never in the
  workspace, logs or exports.
- `woocommerce`, `shopify`: the connectors, each turning a shop-neutral `ProductPayload` into its API's calls.
- `jobs`: builds the payloads from the catalogue and the pricing engine, and persists every push item by item
  (before the first request) so an interrupted push resumes without duplicates.
"""
