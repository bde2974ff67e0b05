"""Contractors: companies and individuals (team leaders), their persons, search."""
