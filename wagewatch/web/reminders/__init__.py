"""The user's daily reminders of due work."""
