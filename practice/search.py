"""Site search over the live, public pages of the site, articles included.

People search for symptoms and treatments here, so what they type is never stored: no query log,
no search promotions, no hit counts, and the results page is not cached anywhere.
"""

import re

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from .models import PracticeSettings
from .seo import page_description

QUERY_MAX_LENGTH = 200
RESULTS_PER_PAGE = 10


# Letters, digits and the punctuation inside words ("N-methyl-D-aspartate", "Parkinson's").
# Everything else (quotes, brackets, operators, control characters: SQLite's full-text syntax
# chokes on a lone double quote, PostgreSQL on a NUL) separates words instead.
NOT_PART_OF_A_WORD = re.compile(r"[^\w\-'’.]+")


def clean_query(raw: str) -> str:
    """The search terms as words separated by single spaces, at most QUERY_MAX_LENGTH long."""
    words = NOT_PART_OF_A_WORD.sub(" ", raw).split()
    return " ".join(words)[:QUERY_MAX_LENGTH].strip()


@require_GET
@never_cache
def search_view(request):
    query = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        pages = Page.objects.live().public().specific()
        site = Site.find_for_request(request)
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        # get_page() turns a missing, wrong or too large ?page= into the first or last page.
        results = Paginator(pages.search(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        for page in results:
            page.search_summary = page_description(page)
    practice_name = PracticeSettings.for_request(request).practice_name
    context = {
        "query": query,
        "results": results,
        "seo_title": _("Search") if not query else _("Search results"),
        "seo_description": _("Search the articles and pages of %(practice)s.")
        % {"practice": practice_name},
    }
    response = TemplateResponse(request, "search/search.html", context)
    # Result pages are for the person searching, not for search engines.
    response["X-Robots-Tag"] = "noindex"
    # Following a result must not carry the search terms along in the Referer header (where
    # access logs would keep them).
    response["Referrer-Policy"] = "no-referrer"
    return response
