"""Use cases of contractors and projects, the subcontracting chain and screening."""
