import pytest
from django.core.cache import caches
from django.core.management import call_command

from tests.factories import make_site


@pytest.fixture
def home_page(db):
    """A site with an empty home page and the practice's settings."""
    return make_site()


@pytest.fixture
def initial_content(db):
    """The site exactly as `load_initial_content` builds it."""
    call_command("load_initial_content", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with empty caches: no page, rate count or generation left by another."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
