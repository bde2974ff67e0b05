"""Importing case workbooks: plan, write, and the background import job."""
