"""The reviewer's panel on the admin dashboard: what is waiting, with links into the queue."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from contact.models import Inquiry, Status

from .business_days import reply_overdue_cutoff
from .filters import OVERDUE


def queue_counts(now=None) -> dict[str, int]:
    """New, in review, and open for longer than one business day, in one query."""
    return Inquiry.objects.aggregate(
        new=Count("pk", filter=Q(status=Status.NEW)),
        in_review=Count("pk", filter=Q(status=Status.IN_REVIEW)),
        overdue=Count(
            "pk",
            filter=Q(
                status__in=[Status.NEW, Status.IN_REVIEW],
                received_at__lt=reply_overdue_cutoff(now),
            ),
        ),
    )


class InquiryQueuePanel(Component):
    name = "inquiry_queue"
    template_name = "contact/admin/dashboard_panel.html"
    # Before Wagtail's own panels: answering patients comes first.
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        index_url = reverse("inquiries:index")
        counts = queue_counts()
        rows = [
            ("new", Status.NEW, _("New, not yet looked at")),
            ("in_review", Status.IN_REVIEW, _("In review")),
            ("overdue", OVERDUE, _("Waiting longer than one business day")),
        ]
        context["rows"] = [
            {
                "key": key,
                "label": label,
                "count": counts[key],
                "url": f"{index_url}?{urlencode({'status': status_filter})}",
            }
            for key, status_filter, label in rows
        ]
        context["index_url"] = index_url
        return context
