"""Reference data pages: offices, townships and working-day overrides."""
