"""Use cases of instruments and evidence: issue, number, serve, attach, templates."""
