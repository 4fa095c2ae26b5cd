import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from tests.factories import BlogIndexPageFactory, ContactPageFactory


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def contact_page(home_page):
    return ContactPageFactory(parent=home_page)


@pytest.fixture
def run_tasks():
    """Runs the queued background tasks (search indexing among them), as `db_worker` does."""

    def run():
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")
