"""The Pricing page: cost inputs, channel table, chain chart, fee profiles and exchange rates."""
