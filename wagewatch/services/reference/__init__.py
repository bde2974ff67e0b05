"""Reference data: offices, townships, the working-day calendar, first setup."""
