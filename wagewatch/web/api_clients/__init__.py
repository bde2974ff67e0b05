"""The administrator issues and revokes API tokens for other government systems."""
