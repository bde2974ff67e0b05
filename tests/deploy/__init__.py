"""Tests of the deployment itself: several app servers and workers on shared services."""
