"""Tell the front-end caches (Varnish, a CDN) to forget every page an editor's change made stale.

Wagtail's frontend_cache app, on its own, purges only the page that was published. A publish also
changes the pages that list it (the pages above it: the blog index with its feeds, the home page)
and the sitemap; a page in the menus appears in the header of every page, and settings, snippets
(the physician's byline), images and view restrictions show on, or decide, pages anywhere. Here
all of those go into one purge batch, sent by Wagtail's purge task, which a `db_worker` runs once
the change is committed. So `wagtail.contrib.frontend_cache` is not an installed app: its own
handlers would purge the page a second time.

Our Varnish treats a purge of a path as a purge of every query string on it too (?page=2, ?tag=),
see deploy/varnish/default.vcl. Deleting a live page unpublishes it first (Wagtail's pre_delete
handler), so deletes land here as well.
https://docs.wagtail.org/en/stable/reference/contrib/frontendcache.html
"""

import copy

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

SITEMAP_PATH = "/sitemap.xml"

# A change to one of these shows on pages anywhere, or decides who may see a page at all.
SITE_WIDE_MODELS = (Site, PageViewRestriction, BaseSiteSetting, BaseGenericSetting, AbstractImage)


def purging_is_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def shows_on_pages_anywhere(model) -> bool:
    return issubclass(model, SITE_WIDE_MODELS) or model in get_snippet_models()


class PageAddressBatch(PurgeBatch):
    """A purge batch that also takes a routable page's fixed routes: a blog index's feeds."""

    def add_page(self, page):
        super().add_page(page)
        page = page.specific_deferred
        if not isinstance(page, RoutablePageMixin):
            return
        page_url = page.get_full_url(self.cache_object or self)
        if page_url is None:
            return
        for route in page.get_subpage_urls():
            if route.name and not route.pattern.regex.groups:
                self.add_url(page_url + page.reverse_subpage(route.name))


def add_site(batch: PurgeBatch, site: Site) -> None:
    """Every live page of the site, and its sitemap."""
    batch.add_pages(site.root_page.get_descendants(inclusive=True).live().specific(defer=True))
    batch.add_url(site.root_url + SITEMAP_PATH)


def add_pages_showing(batch: PurgeBatch, page: Page) -> None:
    """The page's own URLs, the pages above it that list it, and the sitemap."""
    site = page.get_site()
    if site is None:
        return  # Outside every site: it has no URL to purge.
    if page.show_in_menus:
        add_site(batch, site)
        return
    batch.add_page(page)
    batch.add_pages(page.get_ancestors().live().specific(defer=True))
    batch.add_url(site.root_url + SITEMAP_PATH)


def add_moved_addresses(batch: PurgeBatch, page: Page, url_path_before: str) -> None:
    """The old and new URLs of a moved page and of the live pages under it.

    The new ones too: a "not found" page may have been cached there before.
    """
    for moved in page.get_descendants(inclusive=True).live().specific(defer=True):
        batch.add_page(moved)
        # A copy answering to its old path, so Wagtail works out the old URL (site, port, routes).
        at_old_address = copy.copy(moved)
        at_old_address.url_path = url_path_before + moved.url_path[len(page.url_path) :]
        batch.add_page(at_old_address)


def purge_after_publish_or_unpublish(sender, instance, **kwargs):
    if not purging_is_configured():
        return
    batch = PageAddressBatch()
    add_pages_showing(batch, instance)
    batch.purge()


def purge_after_move(
    sender, instance, parent_page_before, url_path_before, url_path_after, **kwargs
):
    if not purging_is_configured() or not instance.live:
        return
    batch = PageAddressBatch()
    # Both listings change (or one, reordered), and the page may have left or joined the menus.
    add_pages_showing(batch, parent_page_before.specific_deferred)
    add_pages_showing(batch, instance.specific_deferred)
    if url_path_before != url_path_after:
        add_moved_addresses(batch, instance, url_path_before)
    batch.purge()


def purge_after_site_wide_change(sender, **kwargs):
    if not purging_is_configured() or not shows_on_pages_anywhere(sender):
        return
    batch = PageAddressBatch()
    for site in Site.objects.select_related("root_page"):
        add_site(batch, site)
    batch.purge()


def connect_signal_handlers() -> None:
    page_published.connect(purge_after_publish_or_unpublish, dispatch_uid="practice-purge-publish")
    page_unpublished.connect(
        purge_after_publish_or_unpublish, dispatch_uid="practice-purge-unpublish"
    )
    post_page_move.connect(purge_after_move, dispatch_uid="practice-purge-move")
    post_save.connect(purge_after_site_wide_change, dispatch_uid="practice-purge-site-save")
    post_delete.connect(purge_after_site_wide_change, dispatch_uid="practice-purge-site-delete")
