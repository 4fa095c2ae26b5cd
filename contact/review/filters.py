"""The queue's filters and search, shared by the listing, its export and its bulk actions."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from contact.models import Inquiry, Status, Topic

from .business_days import reply_overdue_cutoff
from .permissions import reviewers
from .search import active_term

OPEN = "open"
OVERDUE = "overdue"
ALL = "all"
STATUS_CHOICES = [
    (OPEN, _("Open (new and in review)")),
    (OVERDUE, _("Open and waiting longer than one business day")),
    *Status.choices,
    (ALL, _("All")),
]
DEFAULT_STATUS = OPEN

UNASSIGNED = "none"

# What the listing's address may carry: filters and ordering, never a patient's details.
LISTING_PARAMETERS = frozenset(
    {"status", "topic", "assigned_to", "received_at_from", "received_at_to", "ordering"}
)


class NativeDateRangeWidget(DateRangePickerWidget):
    """Wagtail's date range, with the browser's own date pickers: Wagtail's picker writes an
    inline script per field, which the strict policy on the inquiry pages forbids."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [
            forms.DateInput(attrs={**widget.attrs, "type": "date"}, format="%Y-%m-%d")
            for widget in self.widgets
        ]


class StatusFilter(django_filters.ChoiceFilter):
    def filter(self, qs, value):
        if value in ("", None, OPEN):
            return qs.open()
        if value == OVERDUE:
            return qs.waiting_since(reply_overdue_cutoff())
        if value == ALL:
            return qs
        return qs.filter(status=value)


class AssigneeFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null_label", _("Not assigned"))
        kwargs.setdefault("null_value", UNASSIGNED)
        super().__init__(*args, **kwargs)


class InquiryFilterSet(WagtailFilterSet):
    status = StatusFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        empty_label=None,
        initial=DEFAULT_STATUS,
        widget=forms.RadioSelect,
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), choices=Topic.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    assigned_to = AssigneeFilter(
        label=_("Assigned to"),
        queryset=lambda request: reviewers(),
        empty_label=_("Anyone"),
    )
    received_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=NativeDateRangeWidget
    )

    class Meta:
        model = Inquiry
        fields = ["status", "topic", "assigned_to", "received_at"]

    def __init__(self, data=None, *args, **kwargs):
        # The queue opens on the open inquiries: a missing status means "open", and the form
        # shows it selected without counting it as a filter someone set.
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = DEFAULT_STATUS
        super().__init__(data, *args, **kwargs)


def search_inquiries(queryset, query: str):
    """Every word of the name, or the whole email address or phone number, as the patient gave
    it (case, spacing and a phone number's punctuation aside).

    Names, emails and phone numbers are encrypted, so only exact words and values are found,
    through their blind indexes (contact/encryption.py); inquiries are in no search index.
    """
    query = query.strip()
    if not query:
        return queryset
    return queryset.search(query)


def filter_listing(request, queryset):
    """The inquiries the listing shows for this request's filters and the reviewer's search (kept
    in the session, see search.py), in any order."""
    filterset = InquiryFilterSet(request.GET, queryset=queryset, request=request)
    if filterset.is_valid():
        queryset = filterset.qs
    return search_inquiries(queryset, active_term(request))


def filter_query(query) -> str:
    """Only the filters and ordering of a listing's query string: what a search may return to."""
    kept = query.copy()
    for name in list(kept):
        if name not in LISTING_PARAMETERS:
            del kept[name]
    return kept.urlencode()
