"""`manage.py check --deploy` passes under production settings, warnings included."""

from tests.practice.conftest import random_inquiry_keys, random_secret_key
from tests.practice.settings_subprocess import run_in_fresh_interpreter

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "practice.settings.production",
    "ALLOWED_HOSTS": "practice.example",
}


def deploy_check(**env):
    return run_in_fresh_interpreter(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**PRODUCTION, "SECRET_KEY": random_secret_key(), **random_inquiry_keys(), **env},
    )


def test_deploy_check_passes_with_no_warning_under_production_settings():
    result = deploy_check()

    assert result.returncode == 0, result.stderr.decode()
    assert "System check identified no issues" in result.stdout.decode()


def test_deploy_check_fails_when_hsts_is_turned_off():
    # The same command notices a weakened setting: the passing run above means something.
    result = deploy_check(SECURE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stderr.decode()
