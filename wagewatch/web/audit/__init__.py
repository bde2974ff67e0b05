"""The auditor's read-only view of the audit log."""
