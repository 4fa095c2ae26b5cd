"""The queue's search term, kept in the reviewer's session instead of the address.

A search is for a patient's name, email or phone number. In a GET parameter it would sit in the
address bar, the browser's history, every pagination, sorting and bulk-action link, and the
access logs of anything in between. So the term is sent by POST, kept in the session for a short
while, and applied to the listing, its export and its bulk actions until it is cleared or ends.
"""

import time

from django import forms
from django.utils.translation import gettext_lazy as _

from contact import encryption

SESSION_KEY = "inquiry_search"
# Counted from the last use: long enough to work through what was found, and a bulk action on
# "every inquiry in this listing" right after looking at it keeps the same search. Short enough
# that a forgotten search does not quietly narrow the queue the next morning.
LIFETIME_SECONDS = 30 * 60
# Each use moves the end on, but the session is written at most this often.
RENEW_AFTER_SECONDS = 60
MAX_TERM_LENGTH = 100


class InquirySearchForm(forms.Form):
    # Left empty, it clears the search.
    term = forms.CharField(
        label=_("Search by name, email or phone"),
        help_text=_(
            "Type one or more whole words of the name, or the whole email address or phone "
            "number: patients' details are stored encrypted, so parts of words are not found."
        ),
        max_length=MAX_TERM_LENGTH,
        required=False,
        strip=True,
    )


def active_term(request) -> str:
    """The term this reviewer searched for, while it lasts; "" when there is none."""
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict):
        return ""
    now = time.time()
    until = kept.get("until", 0)
    if until < now:
        forget(request)
        return ""
    try:
        term = encryption.decrypt(str(kept.get("term", "")))
    except encryption.UnreadableValue:
        forget(request)
        return ""
    if until - now < LIFETIME_SECONDS - RENEW_AFTER_SECONDS:
        remember(request, term)
    return term


def remember(request, term: str) -> None:
    # Encrypted like the inquiries: sessions are rows in the database, and in its backups.
    request.session[SESSION_KEY] = {
        "term": encryption.encrypt(term),
        "until": time.time() + LIFETIME_SECONDS,
    }


def forget(request) -> None:
    request.session.pop(SESSION_KEY, None)
