"""Evaluating the flag rules: facts in SQL, the dirty set, the set-based run."""
