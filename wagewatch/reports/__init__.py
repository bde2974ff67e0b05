"""Reports and exports: collect rows (queries) apart from rendering (XlsxWriter; openpyxl: monthly)."""
