"""The monthly supervision report: issue, re-issue, preview and download (leaders, clerks, admins)."""
