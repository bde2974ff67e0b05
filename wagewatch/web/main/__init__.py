"""The home page every logged-in role lands on."""
