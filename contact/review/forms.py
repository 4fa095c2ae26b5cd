"""Forms reviewers fill in: assignment, notes, and a patient's deletion request."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contact.models import Inquiry, InquiryNote

from .permissions import reviewers
from .workflow import reviewer_display_name


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return reviewer_display_name(obj)


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(
        label=_("Assign to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody (unassign)"),
        help_text=_("Choose who answers this inquiry, or nobody to put it back in the pool."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers()


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New internal note"),
        max_length=InquiryNote.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only reviewers see notes; the patient never does."),
    )


class PatientEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("The patient's email address"),
        max_length=Inquiry.EMAIL_MAX_LENGTH,
        help_text=_("Every inquiry sent from this address is listed before anything is deleted."),
    )


class ConfirmErasureForm(forms.Form):
    """Carries the inquiries that were listed, and the reviewer's confirmation."""

    inquiries = forms.ModelMultipleChoiceField(
        queryset=Inquiry.objects.all(), widget=forms.MultipleHiddenInput
    )
    confirm = forms.BooleanField(
        label=_("Yes, delete these inquiries with their notes and history for good"),
        help_text=_("This cannot be undone. Tick the box to carry out the patient's request."),
    )
