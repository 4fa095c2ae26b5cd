"""Tell the front-end caches (Varnish, a CDN) to forget every page when public content changes.

page_cache/invalidation.py decides when; this builds one purge batch of every live page of every
site (each page's cached paths too: the blog's feeds), the sitemaps, and the former addresses of
moved pages, and hands it to Wagtail's purge task, which a `db_worker` runs. So
`wagtail.contrib.frontend_cache` is not an installed app: its own handlers would purge the
published page a second time.

Our Varnish treats a purge of a path as a purge of every query string on it too (?page=2, ?tag=),
see deploy/varnish/default.vcl.
https://docs.wagtail.org/en/stable/reference/contrib/frontendcache.html
"""

import copy

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

SITEMAP_PATH = "/sitemap.xml"


def purging_is_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_every_page(*, extra_addresses=()) -> None:
    batch = PurgeBatch()
    for site in Site.objects.select_related("root_page"):
        batch.add_pages(site.root_page.get_descendants(inclusive=True).live().specific(defer=True))
        batch.add_url(site.root_url + SITEMAP_PATH)
    batch.add_urls(extra_addresses)
    batch.purge()


def former_addresses(page: Page, url_path_before: str) -> list[str]:
    """The addresses a moved page and the live pages under it answered at before the move."""
    batch = PurgeBatch()
    for moved in page.get_descendants(inclusive=True).live().specific(defer=True):
        # A copy answering to its old path, so Wagtail works out the old URL (site, port, routes).
        at_old_address = copy.copy(moved)
        at_old_address.url_path = url_path_before + moved.url_path[len(page.url_path) :]
        batch.add_page(at_old_address)
    return list(batch.urls)
