"""The WSGI entry point: gunicorn and `flask --app wsgi` load ``app`` from here."""

import gc

from wagewatch import create_app

app = create_app()
# What is built by now (the modules, the app, its mappers and forms) lives as long as the process.
# Frozen, the cyclic collector no longer walks it: a full collection then scans what requests
# made since (tens of thousands of objects, not a quarter of a million) and holds the process,
# every request thread of it, for about 10 ms instead of 140 (benchmarks/README.md).
gc.freeze()
