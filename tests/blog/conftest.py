import pytest
from bs4 import BeautifulSoup

from tests.factories import BlogIndexPageFactory, ContactPageFactory
from tests.worker import run_queued_tasks


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def contact_page(home_page):
    return ContactPageFactory(parent=home_page)


@pytest.fixture
def run_tasks():
    """Runs the queued background tasks (search indexing among them) with `db_worker`."""
    return run_queued_tasks


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")
