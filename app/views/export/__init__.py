"""The Export page: push products to the factory's own Shopify or WooCommerce shop."""
