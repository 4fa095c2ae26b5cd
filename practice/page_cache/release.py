"""Which release of the site a process runs, as part of every cached page, fragment and route key.

A release that changes a template, the stylesheet or a model must not be served what the previous
release rendered: those pages name the old hashed static files and the old markup, and during a
rolling deploy old and new servers share one cache. The generation only moves when content
changes, so keys carry this fingerprint of the code as well, and each release fills its own.
"""

import hashlib
from functools import cache
from pathlib import Path

import django
import wagtail
from django.conf import settings

# What a rendered page depends on: the project's code, templates, static files and content.
SOURCE_DIRECTORIES = ("practice", "blog", "contact", "templates", "static")


def fingerprint(root: Path, directories=SOURCE_DIRECTORIES) -> str:
    """A digest of every file under `directories` of `root`: names and contents."""
    digest = hashlib.sha256(f"django {django.__version__} wagtail {wagtail.__version__}".encode())
    for directory in directories:
        for path in sorted((root / directory).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def current() -> str:
    """This process's release, read once; RELEASE_ID (a commit, say) saves reading the files."""
    return settings.RELEASE_ID or fingerprint(Path(settings.BASE_DIR))
