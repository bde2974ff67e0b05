"""Use cases of police referrals: hand-over, pack, outcomes and the police's lists."""
