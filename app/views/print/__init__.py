"""The Print page: spec sheets, price lists and catalogues as PDFs."""
