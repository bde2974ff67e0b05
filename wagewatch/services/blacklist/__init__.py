"""Use cases of the blacklist: proceedings, lists, expiry, removal, publication."""
