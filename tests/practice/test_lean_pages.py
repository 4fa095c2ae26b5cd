"""Lean pages: one small stylesheet, no script needed to read, nothing loaded from elsewhere."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/about/", "/privacy/"]
MAX_HTML_BYTES = 30 * 1024
FETCHED_LINK_RELATIONS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}


def loaded_resources(html: str) -> list[str]:
    """Addresses the browser fetches by itself: src, srcset, and <link> hrefs."""
    addresses = re.findall(r'\bsrc="([^"]+)"', html)
    for srcset in re.findall(r'\bsrcset="([^"]+)"', html):
        addresses += [part.strip().split(" ")[0] for part in srcset.split(",")]
    for link in re.findall(r"<link\b[^>]*>", html):
        # Canonical and alternate links name addresses; they are not fetched.
        rel = re.search(r'\brel="([^"]+)"', link)
        if rel and set(rel.group(1).split()) & FETCHED_LINK_RELATIONS:
            addresses += re.findall(r'\bhref="([^"]+)"', link)
    return addresses


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_one_screen_stylesheet_and_no_scripts(client, initial_content, path):
    html = client.get(path).content.decode()
    stylesheets = re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*>', html)
    assert len([tag for tag in stylesheets if 'media="print"' not in tag]) == 1
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all('type="application/ld+json"' in tag for tag in scripts)


@pytest.mark.parametrize("path", PAGES)
def test_pages_fetch_nothing_from_another_host(client, initial_content, path):
    html = client.get(path).content.decode()
    for address in loaded_resources(html):
        assert address.startswith("/"), address
        assert not address.startswith("//"), address


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_small(client, initial_content, path):
    assert len(client.get(path).content) < MAX_HTML_BYTES
