"""The practice's own initial content, kept as data in this package."""

import tomllib
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent


def read_site_content() -> dict:
    with (CONTENT_DIR / "site.toml").open("rb") as content_file:
        return tomllib.load(content_file)
