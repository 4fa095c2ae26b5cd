"""The queue's search box: the term arrives by POST and is kept in the session (see search.py)."""

from urllib.parse import urlsplit

from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from contact.models import Inquiry

from .. import search
from ..filters import filter_query
from ..permissions import REVIEW_ACTIONS


class InquirySearchView(PermissionCheckedMixin, View):
    model = Inquiry
    any_permission_required = REVIEW_ACTIONS
    http_method_names = ["post"]
    index_url_name = None

    def post(self, request, *args, **kwargs):
        if "clear" in request.POST:
            search.forget(request)
        else:
            form = search.InquirySearchForm(request.POST)
            if not form.is_valid():
                for error in form.errors.get("term", []):
                    messages.error(request, error)
            elif form.cleaned_data["term"]:
                search.remember(request, form.cleaned_data["term"])
            else:
                search.forget(request)
        # Back to the listing as it was filtered; the term itself stays out of the address.
        index_url = reverse(self.index_url_name)
        query = filter_query(QueryDict(listing_query(request, index_url)))
        back = HttpResponseRedirect(index_url + (f"?{query}" if query else ""))
        back.status_code = 303  # The browser follows with a GET: a reload sends nothing again.
        return back


def listing_query(request, index_url: str) -> str:
    """The query string of the listing the search was sent from. Its filters change without a
    page load, so the browser's Referer (sent within the site) knows them better than the form."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc == request.get_host() and referer.path == index_url:
        return referer.query
    return ""
