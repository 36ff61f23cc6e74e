"""The onboarding wizard: a blank factory to its first product, prices and listing packs."""
