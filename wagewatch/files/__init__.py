"""Evidence files on disk: streaming uploads, deciding their type from the bytes, storage, thumbnails."""
