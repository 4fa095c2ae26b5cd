import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL")


def test_the_redis_cache_keeps_one_client_for_all_its_calls():
    cache.set("greeting", {"text": "hello"}, timeout=60)
    assert cache.get_many(["greeting", "absent"]) == {"greeting": {"text": "hello"}}
    client = cache._cache.get_client("greeting")
    assert cache._cache.get_client("another-key") is client
    assert cache._cache.get_client(write=True) is client
