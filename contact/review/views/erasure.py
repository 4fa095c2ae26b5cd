"""A patient asks for their data to be deleted: find every inquiry from them, confirm, delete.

The address travels only in POST bodies, never in a URL (URLs end up in access logs).
"""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from contact.models import Inquiry

from ..forms import ConfirmErasureForm, PatientEmailForm
from ..workflow import delete_on_request

CONFIRM_STEP = "confirm"


class PatientErasureView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = Inquiry
    permission_required = "delete"
    template_name = "contact/admin/erasure.html"
    page_title = gettext_lazy("Delete a patient's inquiries")
    header_icon = "bin"
    index_url_name = None
    inspect_url_name = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": gettext_lazy("Inquiries")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        inquiry_pk = request.GET.get("inquiry", "")
        if inquiry_pk.isdigit():
            inquiry = get_object_or_404(Inquiry, pk=inquiry_pk)
            # Without an address, only this one inquiry is known to be the patient's.
            if inquiry.email:
                matches = list(Inquiry.objects.from_email(inquiry.email))
            else:
                matches = [inquiry]
            return self.render_confirmation(matches)
        return self.render_to_response(self.get_context_data(find_form=PatientEmailForm()))

    def post(self, request, *args, **kwargs):
        if request.POST.get("step") == CONFIRM_STEP:
            form = ConfirmErasureForm(request.POST)
            if form.is_valid():
                deleted = delete_on_request(form.cleaned_data["inquiries"], actor=request.user)
                messages.success(
                    request,
                    ngettext(
                        "Deleted %(count)s inquiry with its notes and history.",
                        "Deleted %(count)s inquiries with their notes and history.",
                        deleted,
                    )
                    % {"count": deleted},
                )
                return redirect(self.index_url_name)
            # Not confirmed: show the same list again, with the form's error.
            listed = Inquiry.objects.filter(pk__in=_listed_ids(form))
            return self.render_confirmation(list(listed), form)

        find_form = PatientEmailForm(request.POST)
        if not find_form.is_valid():
            return self.render_to_response(self.get_context_data(find_form=find_form))
        matches = list(Inquiry.objects.from_email(find_form.cleaned_data["email"]))
        if not matches:
            messages.info(
                request,
                _("No inquiries come from that address. Check the spelling, or search the queue."),
            )
            return self.render_to_response(self.get_context_data(find_form=find_form))
        return self.render_confirmation(matches)

    def render_confirmation(self, matches, form=None):
        matches = sorted(matches, key=lambda inquiry: (inquiry.received_at, inquiry.pk))
        form = form or ConfirmErasureForm(initial={"inquiries": [i.pk for i in matches]})
        return self.render_to_response(
            self.get_context_data(
                matches=matches,
                confirm_form=form,
                confirm_step=CONFIRM_STEP,
                inspect_url_name=self.inspect_url_name,
            )
        )


def _listed_ids(form) -> list[str]:
    return [value for value in form["inquiries"].value() or [] if str(value).isdigit()]
