"""The queue's actions applied to several inquiries at once, from the listing's checkboxes."""

from django.core.exceptions import PermissionDenied
from django.utils.functional import classproperty
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from contact.models import Inquiry

from .filters import filter_listing
from .forms import AssignForm
from .permissions import can_change
from .workflow import TRANSITIONS, apply_transition, assign, reviewer_display_name


class InquiryBulkAction(BulkAction):
    template_name = "contact/admin/bulk_actions/confirm.html"

    @classproperty
    def models(cls):
        return [Inquiry]

    def dispatch(self, request, *args, **kwargs):
        # Wagtail's bulk-action URL checks no model permission itself.
        if not can_change(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [value for value in object_ids if str(value).isdigit()]
        return Inquiry.objects.filter(pk__in=ids).select_related("assigned_to")

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing" means the listing as filtered and searched right now.
        return filter_listing(self.request, Inquiry.objects.all()).values_list("pk", flat=True)

    def get_execution_context(self):
        return {"user": self.request.user}

    def object_context(self, obj):
        return {"item": obj, "applies": True}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_label=self.display_name,
            action_help_text=getattr(self, "help_text", ""),
            header_icon="mail",
        )
        return context

    def summarise(self, action_label, changed: int, unchanged: int) -> str:
        message = ngettext(
            "%(action)s: %(count)s inquiry changed.",
            "%(action)s: %(count)s inquiries changed.",
            changed,
        ) % {"action": action_label, "count": changed}
        if unchanged:
            message += " " + ngettext(
                "%(count)s was left as it was, because the action did not apply to it.",
                "%(count)s were left as they were, because the action did not apply to them.",
                unchanged,
            ) % {"count": unchanged}
        return message


class TransitionBulkAction(InquiryBulkAction):
    transition = None

    def object_context(self, obj):
        return {"item": obj, "applies": self.transition.allows(obj)}

    def execute_action(self, objects, user=None, **kwargs):
        self.outcome = apply_transition(objects, self.transition, user)
        return len(self.outcome.changed), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.summarise(self.display_name, num_parent_objects, len(self.outcome.skipped))


def _transition_bulk_action(transition, priority):
    return type(
        f"{transition.name.title().replace('_', '')}BulkAction",
        (TransitionBulkAction,),
        {
            "display_name": transition.label,
            "action_type": transition.name,
            "aria_label": format_lazy(
                _("{action}: the selected inquiries"), action=transition.label
            ),
            "help_text": transition.help_text,
            "transition": transition,
            "action_priority": priority,
            "classes": {"serious"} if transition.serious else set(),
        },
    )


class AssignBulkAction(InquiryBulkAction):
    display_name = _("Assign")
    action_type = "assign"
    aria_label = _("Assign the selected inquiries to a reviewer")
    help_text = _("Choose who answers these inquiries, or nobody to unassign them.")
    form_class = AssignForm
    action_priority = 15

    def execute_action(self, objects, user=None, **kwargs):
        reviewer = self.cleaned_form.cleaned_data["reviewer"]
        self.outcome = assign(objects, reviewer, actor=user)
        return len(self.outcome.changed), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        reviewer = self.cleaned_form.cleaned_data["reviewer"]
        action_label = (
            _("Assigned to %(reviewer)s") % {"reviewer": reviewer_display_name(reviewer)}
            if reviewer
            else _("Unassigned")
        )
        return self.summarise(action_label, num_parent_objects, len(self.outcome.skipped))


PRIORITIES = {
    "claim": 10,
    "mark_in_review": 20,
    "mark_responded": 30,
    "close": 40,
    "mark_spam": 50,
    "reopen": 60,
}

BULK_ACTIONS = [
    AssignBulkAction,
    *(
        _transition_bulk_action(transition, PRIORITIES[name])
        for name, transition in TRANSITIONS.items()
    ),
]
