"""Supervised listings (挂牌督办) for clerks and leaders."""
