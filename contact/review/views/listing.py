"""The queue: open inquiries oldest first, filters, search, bulk selection and export."""

import datetime

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn, UserColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from contact.models import Inquiry, Status

from .. import audit, search
from ..business_days import reply_overdue_cutoff
from ..export import neutralise_formula
from ..filters import InquiryFilterSet, search_inquiries
from ..permissions import REVIEW_ACTIONS, can_delete, can_export

BULK_OBJECT_TYPE = "inquiry"


def title_id(inquiry) -> str:
    return f"{BULK_OBJECT_TYPE}_{quote(inquiry.pk)}_title"


class ReceivedColumn(Column):
    """When it came in, how long it has waited, and whether it waited past one business day."""

    cell_template_name = "contact/admin/cells/received.html"

    def __init__(self, *args, overdue_cutoff, **kwargs):
        super().__init__(*args, **kwargs)
        self.overdue_cutoff = overdue_cutoff

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["is_overdue"] = (
            instance.status in (Status.NEW, Status.IN_REVIEW)
            and instance.received_at < self.overdue_cutoff
        )
        return context


class StatusColumn(Column):
    cell_template_name = "wagtailadmin/tables/status_tag_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["primary"] = instance.status == Status.NEW
        return context


class InquiryIndexView(generic.IndexView):
    model = Inquiry
    any_permission_required = REVIEW_ACTIONS
    template_name = "contact/admin/inquiry_index.html"
    filterset_class = InquiryFilterSet
    # Wagtail's search box sends its term in the address; the queue has its own, which POSTs
    # it to be kept in the session (see search.py). Inquiries are in no search index either.
    is_searchable = False
    default_ordering = "received_at"
    page_title = _("Inquiries")
    erasure_url_name = None
    inquiry_search_url_name = None

    list_export = [
        "number",
        "received_at",
        "status",
        "topic",
        "name",
        "email",
        "phone",
        "preferred_contact",
        "best_time",
        "message",
        "assigned_to",
        "responded_at",
        "responded_by",
    ]
    export_headings = {
        "number": _("Number"),
        "received_at": _("Received"),
        "status": _("Status"),
        "topic": _("Topic"),
        "name": _("Name"),
        "email": _("Email"),
        "phone": _("Phone"),
        "preferred_contact": _("Preferred contact"),
        "best_time": _("Best time"),
        "message": _("Message"),
        "assigned_to": _("Assigned to"),
        "responded_at": _("Responded at"),
        "responded_by": _("Responded by"),
    }
    custom_value_preprocess = {
        datetime.datetime: {
            # Local time, as the practice reads it, rather than UTC.
            "csv": lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M"),
            "xlsx": lambda value: timezone.localtime(value).replace(tzinfo=None),
        },
    }

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type=BULK_OBJECT_TYPE),
            TitleColumn(
                "number",
                label=_("Number"),
                accessor=str,
                sort_key="pk",
                classname="w-whitespace-nowrap",
                get_url=self.get_inspect_url,
                get_title_id=title_id,
            ),
            Column("name", label=_("Name")),
            ReceivedColumn(
                "received_at",
                label=_("Received"),
                sort_key="received_at",
                overdue_cutoff=reply_overdue_cutoff(),
            ),
            Column("topic", label=_("Topic"), accessor="get_topic_display", sort_key="topic"),
            StatusColumn(
                "status", label=_("Status"), accessor="get_status_display", sort_key="status"
            ),
            UserColumn("assigned_to", label=_("Assigned to")),
            Column(
                "preferred_contact",
                label=_("Preferred contact"),
                accessor="get_preferred_contact_display",
            ),
        ]

    def get_base_queryset(self):
        related = ["assigned_to__wagtail_userprofile"]
        if self.is_export:
            related.append("responded_by")
        return Inquiry.objects.select_related(*related)

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        # Equal sort values (a status, a topic) keep a stable order: oldest first.
        return queryset.order_by(*queryset.query.order_by, "received_at", "pk")

    @cached_property
    def search_query(self):
        return search.active_term(self.request)

    @cached_property
    def is_searching(self):
        return bool(self.search_query)

    def search_queryset(self, queryset):
        return search_inquiries(queryset, self.search_query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            context["inquiry_search"] = {
                "form": search.InquirySearchForm(initial={"term": self.search_query}),
                "term": self.search_query,
                "action": reverse(self.inquiry_search_url_name),
                "lifetime_minutes": search.LIFETIME_SECONDS // 60,
            }
        return context

    def get_list_more_buttons(self, instance):
        # The number links to the inquiry; actions live there and in the bulk actions.
        return []

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.erasure_url_name and can_delete(self.request.user):
            buttons = [
                *buttons,
                HeaderButton(
                    _("Delete a patient's inquiries"),
                    url=reverse(self.erasure_url_name),
                    icon_name="bin",
                ),
            ]
        return buttons

    # Export -------------------------------------------------------------------------------

    @cached_property
    def show_export_buttons(self):
        return bool(self.list_export) and can_export(self.request.user)

    def get_filename(self):
        return f"inquiries-{timezone.localdate().isoformat()}"

    def get_heading(self, queryset, field):
        return str(self.export_headings[field])

    def to_row_dict(self, item):
        return {
            "number": item.pk,
            "received_at": item.received_at,
            "status": item.get_status_display(),
            "topic": item.get_topic_display(),
            "name": item.name,
            "email": item.email,
            "phone": item.phone,
            "preferred_contact": item.get_preferred_contact_display(),
            "best_time": item.get_best_time_display(),
            "message": item.message,
            "assigned_to": item.assigned_to.get_username() if item.assigned_to else "",
            "responded_at": item.responded_at,
            "responded_by": item.responded_by.get_username() if item.responded_by else "",
        }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value)

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not can_export(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            inquiries = list(context["object_list"])
            audit.record(
                inquiries,
                audit.EXPORT,
                user=self.request.user,
                data={"format": self.request.GET.get("export")},
            )
            return self.as_spreadsheet(inquiries, self.request.GET.get("export"))
        return super().render_to_response(context, **response_kwargs)
