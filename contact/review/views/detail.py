"""One inquiry: everything the patient sent, its status history, notes, and the actions."""

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.views.generic.history import HistoryFilterSet, HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from contact.models import Inquiry, Status

from .. import audit
from ..business_days import reply_overdue_cutoff
from ..filters import NativeDateRangeWidget
from ..forms import AssignForm, NoteForm
from ..permissions import REVIEW_ACTIONS, can_change, can_delete
from ..workflow import TRANSITIONS


class InquiryObjectMixin:
    """Looks the inquiry up only after the permission check, so a refusal reveals nothing."""

    model = Inquiry
    index_url_name = None
    inspect_url_name = None

    @cached_property
    def object(self):
        return get_object_or_404(
            Inquiry.objects.select_related("assigned_to", "responded_by"), pk=self.kwargs["pk"]
        )

    def get_inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Inquiries")},
            {"url": "", "label": str(self.object)},
        ]


class InquiryDetailView(
    InquiryObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    any_permission_required = REVIEW_ACTIONS
    template_name = "contact/admin/inquiry_detail.html"
    header_icon = "mail"
    history_url_name = None
    transition_url_name = None
    assign_url_name = None
    note_url_name = None
    erasure_url_name = None

    def get(self, request, *args, **kwargs):
        audit.record([self.object], audit.VIEW, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inquiry = self.object
        user = self.request.user
        user_can_change = can_change(user)
        context.update(
            inquiry=inquiry,
            is_open=inquiry.status in (Status.NEW, Status.IN_REVIEW),
            is_overdue=(
                inquiry.status in (Status.NEW, Status.IN_REVIEW)
                and inquiry.received_at < reply_overdue_cutoff()
            ),
            status_changes=inquiry.status_changes.select_related("changed_by"),
            notes=inquiry.notes.select_related("author"),
            can_change=user_can_change,
            history_url=reverse(self.history_url_name, args=[inquiry.pk]),
        )
        if user_can_change:
            context.update(
                transitions=[
                    {
                        "transition": transition,
                        "url": reverse(self.transition_url_name, args=[inquiry.pk, name]),
                    }
                    for name, transition in TRANSITIONS.items()
                    if transition.allows(inquiry)
                    and not (transition.assigns_to_actor and inquiry.assigned_to_id == user.pk)
                ],
                assign_form=AssignForm(initial={"reviewer": inquiry.assigned_to_id}),
                assign_url=reverse(self.assign_url_name, args=[inquiry.pk]),
                note_form=kwargs.get("note_form") or NoteForm(),
                note_url=reverse(self.note_url_name, args=[inquiry.pk]),
            )
        if can_delete(user):
            context["erasure_url"] = reverse(self.erasure_url_name) + f"?inquiry={inquiry.pk}"
        return context


class InquiryHistoryFilterSet(HistoryFilterSet):
    timestamp = django_filters.DateFromToRangeFilter(label=_("Date"), widget=NativeDateRangeWidget)


class InquiryHistoryView(InquiryObjectMixin, HistoryView):
    """Wagtail's audit history of one inquiry: who viewed, changed, noted or exported it."""

    any_permission_required = REVIEW_ACTIONS
    filterset_class = InquiryHistoryFilterSet

    def setup(self, request, *args, **kwargs):
        # BaseObjectMixin would look the inquiry up here, before the permission check.
        super(BaseObjectMixin, self).setup(request, *args, **kwargs)
        self.pk = self.kwargs["pk"]
        self.model_opts = Inquiry._meta

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Inquiries")},
            {"url": self.get_inspect_url(), "label": str(self.object)},
            {"url": "", "label": _("History"), "sublabel": str(self.object)},
        ]

    def get_edit_url(self, instance):
        return reverse(self.inspect_url_name, args=[instance.pk])

    @cached_property
    def header_buttons(self):
        return []
