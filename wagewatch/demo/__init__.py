"""Deterministic, valid demo data at any scale: ``seed(cases, seed, office)``."""

from wagewatch.demo.seed import DEFAULT_ANCHOR, DemoRefused, SeedSummary, seed

__all__ = ["DEFAULT_ANCHOR", "DemoRefused", "SeedSummary", "seed"]
