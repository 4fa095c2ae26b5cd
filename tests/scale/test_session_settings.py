from tests.scale.settings_probe import run_with_settings

SESSION_ENGINE = 'result = {"engine": settings.SESSION_ENGINE}'


def test_sessions_are_kept_in_the_shared_database_by_default():
    code, result, stderr = run_with_settings("practice.settings.production", {}, SESSION_ENGINE)

    assert code == 0, stderr
    assert result["engine"] == "django.contrib.sessions.backends.db"


def test_cached_database_sessions_can_be_chosen_with_redis():
    code, result, stderr = run_with_settings(
        "practice.settings.production",
        {"SESSION_ENGINE": "cached_db", "REDIS_URL": "redis://127.0.0.1:6379/0"},
        SESSION_ENGINE,
    )

    assert code == 0, stderr
    assert result["engine"] == "django.contrib.sessions.backends.cached_db"


def test_production_refuses_cached_sessions_without_a_shared_cache():
    code, _, stderr = run_with_settings(
        "practice.settings.production", {"SESSION_ENGINE": "cache"}, SESSION_ENGINE
    )

    assert code != 0
    assert "SESSION_ENGINE=cache or cached_db needs REDIS_URL" in stderr


def test_development_may_use_cached_sessions_in_local_memory():
    code, result, stderr = run_with_settings(
        "practice.settings.dev",
        {"SESSION_ENGINE": "cached_db", "SECRET_KEY": "development-" + "x" * 50},
        SESSION_ENGINE,
    )

    assert code == 0, stderr
    assert result["engine"] == "django.contrib.sessions.backends.cached_db"
