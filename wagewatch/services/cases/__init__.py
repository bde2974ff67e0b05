"""Use cases of a case: registration, steps, payments, balances, search, supervision."""
