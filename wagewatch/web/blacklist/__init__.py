"""The blacklist lifecycle (S-45, S-17): candidates, proceedings, steps, listing history."""
