"""Load the settings in a fresh interpreter with a chosen environment and report what they chose.

Settings are read once, at import: the only faithful way to test an environment switch is a new
process. Nothing here touches the network (django-storages connects lazily).
"""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]

# Variables the switches read, cleared so the developer's own environment cannot leak in.
SWITCH_VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "SERVE_MEDIA",
    "SESSION_ENGINE",
    "FRONTEND_CACHE_PURGE_URLS",
    "CLOUDFLARE_ZONE_ID",
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFRONT_DISTRIBUTION_ID",
    "REDIS_URL",
    "SECURE_SSL_REDIRECT",
)

PRODUCTION_SECRETS = {
    "SECRET_KEY": "settings-probe-" + "x" * 50,
    "ALLOWED_HOSTS": "practice.example",
    "INQUIRY_ENCRYPTION_KEYS": "c2V0dGluZ3MtcHJvYmUtZW5jcnlwdGlvbi1rZXktLTE=",
    "INQUIRY_INDEX_KEYS": "settings-probe-blind-index-key",
}


def run_with_settings(module: str, environment: dict[str, str], code: str):
    """Run `code` (which sets `result`) after django.setup(); return (exit code, result, stderr).

    Each combination runs once per test session: the answer cannot change, and a fresh
    interpreter that sets up Django takes a few seconds.
    """
    return _run_once(module, tuple(sorted(environment.items())), code)


@functools.cache
def _run_once(module: str, environment_items: tuple[tuple[str, str], ...], code: str):
    environment = dict(environment_items)
    env = {key: value for key, value in os.environ.items() if key not in SWITCH_VARIABLES}
    if module == "practice.settings.production":
        env.update(PRODUCTION_SECRETS)
    env.update(DJANGO_SETTINGS_MODULE=module, PYTHONPATH=str(REPOSITORY), **environment)
    program = "\n".join(
        [
            "import json, django",
            "django.setup()",
            "from django.conf import settings",
            code,
            "print(json.dumps(result))",
        ]
    )
    completed = subprocess.run(  # noqa: S603 (our own interpreter, our own code)
        [sys.executable, "-c", program],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    result = json.loads(completed.stdout) if completed.returncode == 0 else None
    return completed.returncode, result, completed.stderr
