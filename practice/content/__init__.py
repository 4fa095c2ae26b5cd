"""The practice's own initial content, kept as data in this package."""

import tomllib
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent


def read_site_content() -> dict:
    with (CONTENT_DIR / "site.toml").open("rb") as content_file:
        return tomllib.load(content_file)


def read_article_lines(relative_path: str) -> list[str]:
    """An article kept in this package, one paragraph a line, exactly as its author wrote it."""
    path = (CONTENT_DIR / relative_path).resolve()
    if CONTENT_DIR not in path.parents:
        raise ValueError(f"{relative_path} is not inside the content folder")
    return path.read_text(encoding="utf-8").split("\n")
