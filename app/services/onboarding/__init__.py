"""Onboarding: the wizard's flow as plain steps (factory, brand, first product, cost, channels, packs), no Qt."""
