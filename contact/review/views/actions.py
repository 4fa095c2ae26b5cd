"""The buttons on an inquiry's page: status changes, assignment and notes (POST only)."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..forms import AssignForm, NoteForm
from ..workflow import TRANSITIONS, add_note, apply_transition, assign, reviewer_display_name
from .detail import InquiryObjectMixin


class InquiryActionView(InquiryObjectMixin, PermissionCheckedMixin, View):
    permission_required = "change"
    http_method_names = ["post"]

    def back_to_inquiry(self, anchor=""):
        return redirect(self.get_inspect_url() + anchor)


class TransitionView(InquiryActionView):
    def post(self, request, *args, **kwargs):
        transition = TRANSITIONS.get(kwargs["transition"])
        if transition is None:
            raise Http404
        outcome = apply_transition([self.object], transition, request.user)
        if outcome.changed:
            messages.success(
                request,
                _("%(inquiry)s: %(action)s done. Its status is now “%(status)s”.")
                % {
                    "inquiry": self.object,
                    "action": transition.label,
                    "status": self.object.get_status_display(),
                },
            )
        else:
            messages.warning(
                request,
                _(
                    "%(inquiry)s is “%(status)s”, so “%(action)s” does not apply. "
                    "Choose one of the actions shown on its page."
                )
                % {
                    "inquiry": self.object,
                    "status": self.object.get_status_display(),
                    "action": transition.label,
                },
            )
        return self.back_to_inquiry()


class AssignView(InquiryActionView):
    def post(self, request, *args, **kwargs):
        form = AssignForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Choose a reviewer from the list, or nobody to unassign the inquiry.")
            )
            return self.back_to_inquiry()
        reviewer = form.cleaned_data["reviewer"]
        outcome = assign([self.object], reviewer, actor=request.user)
        if not outcome.changed:
            messages.info(
                request, _("%(inquiry)s was already assigned that way.") % {"inquiry": self.object}
            )
        elif reviewer:
            messages.success(
                request,
                _("%(inquiry)s is now assigned to %(reviewer)s.")
                % {"inquiry": self.object, "reviewer": reviewer_display_name(reviewer)},
            )
        else:
            messages.success(
                request,
                _("%(inquiry)s is no longer assigned to anyone.") % {"inquiry": self.object},
            )
        return self.back_to_inquiry()


class AddNoteView(InquiryActionView):
    def post(self, request, *args, **kwargs):
        form = NoteForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("Write the note (up to %(limit)s characters), then add it again.")
                % {"limit": NoteForm.base_fields["text"].max_length},
            )
            return self.back_to_inquiry("#notes")
        add_note(self.object, form.cleaned_data["text"], author=request.user)
        messages.success(request, _("Note added to %(inquiry)s.") % {"inquiry": self.object})
        return self.back_to_inquiry("#notes")
