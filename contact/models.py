"""Patient inquiries, their review trail, and the contact page that receives them.

An inquiry can hold health information. It is shown only in the admin, to reviewers: it is not a
Wagtail revision or search-indexed model, and str() never carries what the patient wrote.
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from practice.blocks import PARAGRAPH_FEATURES
from practice.models import SitePage

from .encryption import BlindIndexField, EncryptedTextField, blind_index_terms


class Topic(models.TextChoices):
    # Add or rename topics here; existing inquiries keep their stored value.
    NEW_PATIENT = "new_patient", _("New-patient consultation")
    KETAMINE = "ketamine", _("Ketamine therapy")
    PAIN = "pain", _("Pain management")
    GENERAL = "general", _("General question")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")


class BestTime(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Early evening")


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed")
    SPAM = "spam", _("Spam")


OPEN_STATUSES = (Status.NEW, Status.IN_REVIEW)


class InquiryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def new(self):
        return self.filter(status=Status.NEW)

    def waiting_since(self, cutoff: datetime):
        """Open inquiries received before `cutoff` and not yet answered."""
        return self.open().filter(received_at__lt=cutoff)

    def unnotified(self):
        """Inquiries staff have not been told about yet (spam never is)."""
        return self.filter(notified_at__isnull=True).exclude(status=Status.SPAM)

    def due_for_purge(self, closed_before: datetime, spam_before: datetime):
        return self.filter(
            models.Q(
                status__in=[Status.CLOSED, Status.RESPONDED], status_changed_at__lt=closed_before
            )
            | models.Q(status=Status.SPAM, status_changed_at__lt=spam_before)
        )

    def from_email(self, email: str):
        return self.matching("email", email)

    def matching(self, kind: str, value: str):
        """Inquiries whose name ("name": every word given), email or phone ("email", "phone") is
        exactly `value`, case and punctuation aside; none when `value` has nothing to find."""
        condition = blind_index_condition(kind, value)
        return self.filter(condition) if condition is not None else self.none()

    def search(self, term: str):
        """Inquiries whose name has every word of `term`, or whose email or phone is `term`."""
        conditions = [blind_index_condition(kind, term) for kind in ("name", "email", "phone")]
        found = models.Q()
        for condition in conditions:
            if condition is not None:
                found |= condition
        return self.filter(found) if found else self.none()


def blind_index_condition(kind: str, value: str) -> models.Q | None:
    """The values are encrypted, so a search compares blind indexes (contact/encryption.py):
    every term of `value` must be among the row's, under any of the configured keys."""
    terms = blind_index_terms(kind, value)
    if not terms:
        return None
    condition = models.Q()
    for digests in terms:
        any_key = models.Q()
        for digest in digests:
            any_key |= models.Q(**{f"{kind}_index__contains": digest})
        condition &= any_key
    return condition


class Inquiry(models.Model):
    NAME_MAX_LENGTH = 100
    EMAIL_MAX_LENGTH = 254
    PHONE_MAX_LENGTH = 30
    MESSAGE_MAX_LENGTH = 3000

    # What the patient wrote is encrypted at rest (contact/encryption.py); the *_index fields
    # beside it let reviewers find a name, email or phone without storing it readable.
    name = EncryptedTextField(_("name"), max_length=NAME_MAX_LENGTH)
    email = EncryptedTextField(_("email"), max_length=EMAIL_MAX_LENGTH, blank=True)
    phone = EncryptedTextField(_("phone"), max_length=PHONE_MAX_LENGTH, blank=True)
    preferred_contact = models.CharField(
        _("preferred way to be contacted"), max_length=10, choices=ContactMethod, blank=True
    )
    best_time = models.CharField(
        _("best time to reach them"), max_length=10, choices=BestTime, blank=True
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    message = EncryptedTextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    name_index = BlindIndexField(source="name", kind="name")
    email_index = BlindIndexField(source="email", kind="email")
    phone_index = BlindIndexField(source="phone", kind="phone")
    consented_at = models.DateTimeField(_("consented to be contacted at"))

    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.NEW, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inquiries",
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set once the staff notification has been sent; the sweep sends any left unset.
    notified_at = models.DateTimeField(_("staff notified at"), null=True, blank=True)
    # Set once the visitor's acknowledgement has been sent, so a retried task never sends two.
    acknowledged_at = models.DateTimeField(_("acknowledgement sent at"), null=True, blank=True)
    # One per rendered form: a second POST of the same form cannot create a second inquiry.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        permissions = [("export_inquiry", _("Can export inquiries"))]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"Inquiry #{self.pk}"


class InquiryNote(models.Model):
    """An internal note by a reviewer; never shown to the patient."""

    TEXT_MAX_LENGTH = 5000

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A reviewer's note can repeat what the patient wrote: encrypted like the message.
    text = EncryptedTextField(_("note"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inquiry note")

    def __str__(self) -> str:
        return f"Note #{self.pk} on inquiry #{self.inquiry_id}"


class InquiryStatusChange(models.Model):
    """The inquiry's status history, shown on its page in the review queue."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=Status, blank=True)
    to_status = models.CharField(max_length=10, choices=Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"Inquiry #{self.inquiry_id}: {self.from_status or '-'} → {self.to_status}"


class ContactPage(RoutablePageMixin, SitePage):
    intro = RichTextField(
        features=PARAGRAPH_FEATURES,
        blank=True,
        help_text=_("Shown above the form: who will answer, and how soon."),
    )
    privacy_notice = RichTextField(
        features=PARAGRAPH_FEATURES,
        blank=True,
        help_text=_("Shown beside the consent box: how the practice uses what a patient sends."),
    )
    thank_you_title = models.CharField(max_length=120, default=_("Thank you for getting in touch"))
    thank_you_text = RichTextField(
        features=PARAGRAPH_FEATURES,
        blank=True,
        help_text=_("Shown after sending: what happens next, and how soon."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you_title"),
        FieldPanel("thank_you_text"),
    ]

    parent_page_types = ["practice.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("contact page")

    # The form and its thank-you page are served by contact/intake.py.
    @path("", name="form")
    def form_view(self, request):
        from .intake import contact_form_view

        return contact_form_view(request, self)

    @path("thank-you/", name="thank_you")
    def thank_you(self, request):
        from .intake import thank_you_view

        return thank_you_view(request, self)
