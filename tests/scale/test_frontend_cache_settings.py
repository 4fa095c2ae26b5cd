from tests.scale.settings_probe import run_with_settings

FRONTEND_CACHES = "result = settings.WAGTAILFRONTENDCACHE"


def test_no_front_end_cache_is_purged_unless_one_is_configured():
    code, result, stderr = run_with_settings("practice.settings.production", {}, FRONTEND_CACHES)

    assert code == 0, stderr
    assert result == {}


def test_each_varnish_address_gets_an_http_purge_backend():
    code, result, stderr = run_with_settings(
        "practice.settings.production",
        {"FRONTEND_CACHE_PURGE_URLS": "http://127.0.0.1:6081, http://127.0.0.1:6082"},
        FRONTEND_CACHES,
    )

    assert code == 0, stderr
    assert result == {
        "http-1": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        },
        "http-2": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6082",
        },
    }


def test_cloudflare_and_cloudfront_are_configured_only_when_named():
    code, result, stderr = run_with_settings(
        "practice.settings.production",
        {
            "CLOUDFLARE_ZONE_ID": "zone-123",
            "CLOUDFLARE_API_TOKEN": "token-from-the-environment",
            "CLOUDFRONT_DISTRIBUTION_ID": "E2EXAMPLE",
        },
        FRONTEND_CACHES,
    )

    assert code == 0, stderr
    assert result == {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": "zone-123",
            "BEARER_TOKEN": "token-from-the-environment",
        },
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": "E2EXAMPLE",
        },
    }
