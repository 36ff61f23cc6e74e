"""The Factory page: the factory's profile, brand and certificates."""
