"""wagewatch's tests. A developer's REDIS_URL is never used: background jobs run in threads of the
test process, and the queue tests (tests/jobs) give the app their own Redis database."""

import os

os.environ.pop("REDIS_URL", None)
