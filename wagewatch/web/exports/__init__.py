"""The full-registry export on the web: ask, watch its progress, download."""
