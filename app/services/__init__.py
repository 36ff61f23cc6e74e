"""The work of the app: no Qt here. Long operations take progress(done, total) and a cancel check."""
