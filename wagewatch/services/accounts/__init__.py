"""Use cases of accounts: login, sessions, the second factor, users, API clients."""
