"""Exports: the case and police lists, the whole registry, the audit log."""
