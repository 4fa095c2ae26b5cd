"""The task worker, as tests run it."""

import signal
from unittest import mock

from django.core.management import call_command
from django_tasks_db.management.commands import db_worker


def run_queued_tasks() -> None:
    """What `manage.py db_worker` does in production: every task that is due, then stop."""
    # The worker installs its own signal handlers; the test runner's are put back afterwards.
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        # Between tasks the worker closes connections that are inside a transaction, as each
        # test's is (on PostgreSQL, it then cannot go on); a worker in production never is.
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
