"""Pure decisions: facts and a policy in, decisions with human-readable reasons out."""
