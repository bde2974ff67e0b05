"""Police referrals for clerks and leaders (S-310, S-100)."""
