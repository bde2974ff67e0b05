"""Importing existing case lists from workbooks: the template, the upload and its result."""
