"""User administration for the system administrator."""
