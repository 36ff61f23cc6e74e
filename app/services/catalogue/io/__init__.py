"""Catalogue files in and out: `export` writes CSV/XLSX, `reading` + `encoding` read a user's file safely,
`rows` turns a row into a product input, `staging` holds checked rows until the whole file passed, `importing`
writes them in one transaction."""
