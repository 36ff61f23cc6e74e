"""Widgets, dialogs, the main window and the Qt glue. Views ask services; they never write SQL."""
