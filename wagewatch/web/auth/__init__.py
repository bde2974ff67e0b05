"""Login, logout and the user's own password change."""
