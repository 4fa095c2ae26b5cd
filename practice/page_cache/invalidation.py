"""Clears the page cache whenever something any public page shows is changed.

Pages show their own content, their neighbours (menus, listings, feeds, the sitemap), the site
settings, snippets and images, so any change to one of those clears every page at once: simple,
and never stale. Editors change things rarely; visitors read often.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import store

logger = logging.getLogger(__name__)

# Saving a page covers publishing, unpublishing (also by publish_scheduled), drafts, copies and
# workflow steps; a view restriction takes a page off the public site.
PUBLIC_CONTENT_MODELS = (
    Page,
    Site,
    PageViewRestriction,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
)


def clear_page_cache() -> None:
    """Make every cached page unreachable, now and again when the current transaction commits.

    Now, so this transaction's own later requests see the change; after the commit, so a page
    rendered from the old rows while the change was being committed is not kept either.
    """
    _bump_generation()
    transaction.on_commit(_bump_generation)


def _bump_generation() -> None:
    try:
        store.bump_generation()
    except Exception as error:
        # An editor's change must not fail because the cache is down; pages kept from before
        # the outage can then be stale until PAGE_CACHE_TIMEOUT, so say so loudly.
        logger.error(
            "Page cache could not be cleared (%s): cached pages may be stale for up to "
            "PAGE_CACHE_TIMEOUT seconds",
            type(error).__name__,
        )


def shows_on_public_pages(model) -> bool:
    return issubclass(model, PUBLIC_CONTENT_MODELS) or model in get_snippet_models()


def _on_model_change(sender, **kwargs):
    if shows_on_public_pages(sender):
        clear_page_cache()


def _on_page_signal(sender, **kwargs):
    clear_page_cache()


def connect() -> None:
    post_save.connect(_on_model_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(_on_model_change, dispatch_uid="page_cache_post_delete")
    # Moves rewrite tree paths with bulk updates, which send no post_save for the descendants.
    post_page_move.connect(_on_page_signal, dispatch_uid="page_cache_page_moved")
    page_published.connect(_on_page_signal, dispatch_uid="page_cache_page_published")
    page_unpublished.connect(_on_page_signal, dispatch_uid="page_cache_page_unpublished")
