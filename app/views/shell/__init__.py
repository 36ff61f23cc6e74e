"""The shell around every page: main window, welcome page, settings, languages, error dialogs, background tasks."""
