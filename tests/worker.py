"""The task worker, as tests run it."""

import signal

from django.core.management import call_command


def run_queued_tasks() -> None:
    """What `manage.py db_worker` does in production: every task that is due, then stop."""
    # The worker installs its own signal handlers; the test runner's are put back afterwards.
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
