"""Reading uploaded workbooks: safe opening, the registry reader and its row checks."""
