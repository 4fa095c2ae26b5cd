import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

from tests.factories import BlogIndexPageFactory, ContactPageFactory


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def contact_page(home_page):
    return ContactPageFactory(parent=home_page)


@pytest.fixture
def run_tasks(monkeypatch):
    """Runs the queued background tasks (search indexing among them) with `db_worker`."""
    # The worker closes a connection that is inside a transaction, as each test's is on
    # PostgreSQL; a worker in production never is.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")
