"""The monthly report: preview, issue and re-issue, and its background job."""
