"""The Products page (list, filters, bulk edits, import/export) and the product editor (`editor`)."""
