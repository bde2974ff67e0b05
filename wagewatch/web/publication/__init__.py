"""Publication (公示) of the blacklist: the page and the CSV download."""
