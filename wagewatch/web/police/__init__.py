"""The police's view: candidate contractors with reasons, and the cases referred to them."""
