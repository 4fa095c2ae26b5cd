"""When something a public page shows changes, every cached page is forgotten: here and in front.

Every page shows others besides itself (the menu, the latest and related articles, the listings,
the feeds, the sitemap) and the practice's settings, so a change clears the whole page cache by
starting a new generation in the shared store (store.py), which every process reads: one write,
exact, and never stale. Varnish or a CDN in front are told to purge every page of the site
(frontend_cache.py). Editors publish rarely; visitors read often.

What clears: publishing, unpublishing (scheduled or not), moving, deleting, reverting and copying
pages; view restrictions on pages and on collections; sites; the practice's settings; snippets;
changes to images, documents, tags and redirects. What does not: drafts and autosaves, unpublished
revisions, moderation, locks, log entries, sign-ins, and new images, documents or tags, which show
nowhere until a page that uses them is published.
"""

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from practice import frontend_cache

from . import store
from .tasks import start_new_page_cache_generation

logger = logging.getLogger(__name__)

# Their changes show on public pages, or decide who may see them.
PUBLIC_CONTENT_MODELS = (
    Site,
    BaseViewRestriction,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
    AbstractDocument,
    Redirect,
    Tag,
)
# New ones show nowhere until a page using them is published.
SHOWN_ONLY_ONCE_USED = (AbstractImage, AbstractDocument, Tag)
# Written by Wagtail itself while serving files: not an editor's change.
FILE_BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})


def clear_page_cache() -> None:
    """Start a new generation now, and again when the current transaction commits.

    Now, so this transaction's own later requests see the change; after the commit, so a page
    rendered from the old rows while the change was being committed is not kept either.
    """
    _start_new_generation()
    transaction.on_commit(_start_new_generation)


def _start_new_generation() -> None:
    try:
        stored = store.bump_generation()
    except Exception as error:
        stored = False
        logger.error("Page cache: the generation could not be stored (%s)", type(error).__name__)
    if not stored:
        # Pages cached before the outage must not come back with the cache: a task (a row in
        # the database) keeps trying until the new generation is stored.
        logger.error("Page cache could not be cleared now; a task will retry until it is")
        start_new_page_cache_generation.enqueue()


class _PendingPurge(threading.local):
    """The changes not yet purged in front, with the former addresses of moved pages."""

    def __init__(self):
        self.changes = 0
        self.former_addresses: set[str] = set()


_pending = _PendingPurge()


def content_changed(*, former_addresses=()) -> None:
    """Something public pages show changed: forget every cached page, here and in front."""
    clear_page_cache()
    if not frontend_cache.purging_is_configured():
        return
    _pending.changes += 1
    _pending.former_addresses.update(former_addresses)
    # A callback per change; the first to run after the commit purges for all of them, so a
    # transaction that changes many things purges once. (The changes of a transaction rolled
    # back are purged with the next one: a purge too many, never one too few.)
    transaction.on_commit(_purge_pending_changes)


def _purge_pending_changes() -> None:
    if not _pending.changes:
        return
    former_addresses = _pending.former_addresses
    _pending.changes, _pending.former_addresses = 0, set()
    frontend_cache.purge_every_page(extra_addresses=former_addresses)


def shows_on_public_pages(model) -> bool:
    return issubclass(model, PUBLIC_CONTENT_MODELS) or model in get_snippet_models()


def _on_save(sender, instance, created, update_fields=None, **kwargs):
    if not shows_on_public_pages(sender):
        return
    if created and issubclass(sender, SHOWN_ONLY_ONCE_USED):
        return
    if update_fields and FILE_BOOKKEEPING_FIELDS.issuperset(update_fields):
        return
    content_changed()


def _on_delete(sender, **kwargs):
    # A live page is unpublished before it is deleted; deleting a draft changes nothing public,
    # but its children may have been live.
    if issubclass(sender, Page) or shows_on_public_pages(sender):
        content_changed()


def _on_publish_or_unpublish(sender, **kwargs):
    content_changed()


def _on_move(sender, instance, url_path_before, url_path_after, **kwargs):
    former = ()
    if url_path_before != url_path_after and instance.live:
        former = frontend_cache.former_addresses(instance, url_path_before)
    content_changed(former_addresses=former)


def connect() -> None:
    post_save.connect(_on_save, dispatch_uid="page_cache_post_save")
    post_delete.connect(_on_delete, dispatch_uid="page_cache_post_delete")
    page_published.connect(_on_publish_or_unpublish, dispatch_uid="page_cache_published")
    page_unpublished.connect(_on_publish_or_unpublish, dispatch_uid="page_cache_unpublished")
    # Moves (reordering too) rewrite tree paths with bulk updates, which send no post_save.
    post_page_move.connect(_on_move, dispatch_uid="page_cache_page_moved")
