"""Evidence attachments of cases and blacklist proceedings: upload, list, download, withdraw."""
