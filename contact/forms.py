"""The contact form: what a visitor may send, and the signals that tell a person from a bot."""

import re
import time
import unicodedata
import uuid
from dataclasses import dataclass
from enum import Enum

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.debug import sensitive_variables

from .models import BestTime, ContactMethod, Inquiry, Topic

# Faster than this, nobody has read the form and typed a message: a bot filled it in.
MIN_SECONDS_TO_FILL = 3
# A form older than this is sent again with a fresh key (a person left the tab open overnight).
MAX_FORM_AGE_SECONDS = 24 * 60 * 60

# Embeddings, overrides and isolates reorder the text around them (Trojan-source style). The
# left-to-right and right-to-left marks only nudge punctuation and stay allowed.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that break a line without being a newline.
_LINE_SEPARATORS = frozenset("\u2028\u2029\x85")
_MESSAGE_ALLOWED_CONTROLS = frozenset("\n\t")

_PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-/]+(?:\s*(?:ext\.?|x|#)\s*[0-9]{1,6})?$", re.IGNORECASE)
_PHONE_EXTENSION = re.compile(r"(?:ext\.?|x|#)\s*[0-9]{1,6}$", re.IGNORECASE)
PHONE_MIN_DIGITS = 7
PHONE_MAX_DIGITS = 15  # the longest number the international plan (E.164) allows


def reject_single_line_controls(value: str) -> None:
    """Refuse line breaks, control characters (NUL included) and bidi overrides in one-line text."""
    for character in value:
        if character in _BIDI_CONTROLS or character in _LINE_SEPARATORS:
            raise ValidationError(
                _("Remove the line breaks and invisible formatting characters."),
                code="control_characters",
            )
        if unicodedata.category(character) == "Cc":
            raise ValidationError(
                _("Remove the line breaks and invisible control characters."),
                code="control_characters",
            )


def reject_message_controls(value: str) -> None:
    """A message may hold newlines and tabs, and no other control character."""
    for character in value:
        if character in _MESSAGE_ALLOWED_CONTROLS:
            continue
        if unicodedata.category(character) == "Cc" or character in _LINE_SEPARATORS:
            raise ValidationError(
                _("Remove the invisible control characters from your message."),
                code="control_characters",
            )


def validate_phone_number(value: str) -> None:
    """Phone numbers as people write them: +1 (555) 010-0199, 555.010.0199, 0171 234 5678 ext 12."""
    main_part = _PHONE_EXTENSION.sub("", value)
    digits = sum(character.isascii() and character.isdigit() for character in main_part)
    if not _PHONE_PATTERN.match(value) or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise ValidationError(
            _("Enter a phone number with its area code, for example (555) 010-0199."),
            code="invalid_phone",
        )


class _PlainTextMixin:
    """Our own checks in a fixed order, and one clear message per field instead of several."""

    control_character_validator = staticmethod(reject_single_line_controls)
    too_long_message = ngettext_lazy(
        "Shorten this to %(limit_value)d character or fewer (it has %(show_value)d).",
        "Shorten this to %(limit_value)d characters or fewer (it has %(show_value)d).",
        "limit_value",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own NUL check and length message are replaced by clearer ones of ours.
        kept = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator | MaxLengthValidator)
        ]
        length = [MaxLengthValidator(self.max_length, message=self.too_long_message)]
        self.validators = [self.control_character_validator, *length, *kept]

    def run_validators(self, value):
        if value in self.empty_values:
            return
        for validator in self.validators:
            try:
                validator(value)
            except ValidationError as error:
                if getattr(error, "code", None) in self.error_messages:
                    error.message = self.error_messages[error.code]
                raise


class SingleLineField(_PlainTextMixin, forms.CharField):
    pass


class SingleLineEmailField(_PlainTextMixin, forms.EmailField):
    pass


class MessageField(_PlainTextMixin, forms.CharField):
    control_character_validator = staticmethod(reject_message_controls)

    def to_python(self, value):
        # Browsers send a textarea's newlines as CR LF; counted as one, as the visitor sees them.
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class FormKey:
    """Signed into each rendered form: which submission it is, and when the form was rendered.

    The token makes a second POST of the same form (double click, back and resend) land on the
    inquiry already stored; the time tells a bot that fills the form in an instant from a person.
    """

    submission_token: uuid.UUID
    rendered_at: int

    SALT = "contact.InquiryForm.form_key"

    @classmethod
    def issue(cls, rendered_at: float | None = None) -> "FormKey":
        moment = time.time() if rendered_at is None else rendered_at
        return cls(submission_token=uuid.uuid4(), rendered_at=int(moment))

    @classmethod
    def read(cls, signed_value: str) -> "FormKey | None":
        """The key in a submitted form, or None when it is missing or was tampered with."""
        try:
            payload = signing.loads(signed_value, salt=cls.SALT)
            return cls(submission_token=uuid.UUID(payload["token"]), rendered_at=int(payload["at"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None

    def sign(self) -> str:
        return signing.dumps(
            {"token": str(self.submission_token), "at": self.rendered_at}, salt=self.SALT
        )

    def age_in_seconds(self) -> float:
        return time.time() - self.rendered_at


class SpamVerdict(Enum):
    PLAUSIBLE = "plausible"
    # Certainly a bot (honeypot filled, or no genuine form key): nothing is stored.
    DROP = "drop"
    # Probably a bot (sent too fast): kept with status spam for a reviewer, never notified.
    SUSPECT = "suspect"


class InquiryForm(forms.Form):
    name = SingleLineField(
        label=_("Your name"),
        max_length=Inquiry.NAME_MAX_LENGTH,
        error_messages={"required": _("Enter your name, so we know whom to answer.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = SingleLineEmailField(
        label=_("Email address"),
        required=False,
        max_length=Inquiry.EMAIL_MAX_LENGTH,
        help_text=_("We send one short confirmation here. It does not repeat what you wrote."),
        error_messages={
            "invalid": _("Enter an email address in the form name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = SingleLineField(
        label=_("Phone number"),
        required=False,
        max_length=Inquiry.PHONE_MAX_LENGTH,
        validators=[validate_phone_number],
        help_text=_("With the area code, for example (555) 010-0199."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    preferred_contact = forms.ChoiceField(
        label=_("How should we contact you?"),
        required=False,
        initial="",
        choices=[("", _("No preference")), *ContactMethod.choices],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the ways listed.")},
    )
    best_time = forms.ChoiceField(
        label=_("Best time to reach you"),
        required=False,
        initial="",
        choices=[("", _("Any time")), *BestTime.choices],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the times listed.")},
    )
    topic = forms.ChoiceField(
        label=_("What is your message about?"),
        choices=Topic.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what your message is about."),
            "invalid_choice": _("Choose one of the topics listed."),
        },
    )
    message = MessageField(
        label=_("Your message"),
        max_length=Inquiry.MESSAGE_MAX_LENGTH,
        help_text=_(
            "A few sentences are enough. Please leave out detailed medical information: "
            "we will talk about your health with you directly."
        ),
        error_messages={"required": _("Write a short message, so we know how to help.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the practice may contact me about this message."),
        help_text=_("How we use and keep what you send: our privacy policy (opens in a new tab)."),
        error_messages={
            "required": _("Tick the box to agree to be contacted, so that we can answer you.")
        },
    )
    # Spam defences: a field people never see, and the signed key of the rendered form.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    form_key = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [
        "name",
        "email",
        "phone",
        "preferred_contact",
        "best_time",
        "topic",
        "message",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spam_verdict = SpamVerdict.PLAUSIBLE
        self.form_key = None

    @sensitive_variables()
    def clean(self):
        cleaned_data = super().clean()
        email = cleaned_data.get("email")
        phone = cleaned_data.get("phone")
        preferred = cleaned_data.get("preferred_contact")
        # A field that failed its own checks is absent here: only add what is missing.
        email_failed = "email" in self.errors
        phone_failed = "phone" in self.errors
        if preferred == ContactMethod.EMAIL and not email and not email_failed:
            self.add_error(
                "email", _("Enter your email address, or choose another way for us to contact you.")
            )
        elif (
            preferred in (ContactMethod.PHONE, ContactMethod.TEXT)
            and not phone
            and not phone_failed
        ):
            self.add_error(
                "phone", _("Enter your phone number, or choose another way for us to contact you.")
            )
        elif not (email or phone or email_failed or phone_failed):
            self.add_error(
                "email", _("Enter an email address or a phone number, so that we can answer you.")
            )
        self._judge_spam(cleaned_data)
        return cleaned_data

    def _judge_spam(self, cleaned_data) -> None:
        self.form_key = FormKey.read(cleaned_data.get("form_key") or "")
        if cleaned_data.get("website") or self.form_key is None:
            self.spam_verdict = SpamVerdict.DROP
            return
        age = self.form_key.age_in_seconds()
        if age > MAX_FORM_AGE_SECONDS:
            self.form_key = None
            raise ValidationError(
                _(
                    "This form was open for a long time. Check your message and send it again, "
                    "please."
                ),
                code="form_expired",
            )
        if age < MIN_SECONDS_TO_FILL:
            self.spam_verdict = SpamVerdict.SUSPECT

    def signed_form_key(self) -> str:
        """The key to render into the form: the visitor's own while it is valid, else a new one."""
        if self.form_key is None or self.form_key.age_in_seconds() > MAX_FORM_AGE_SECONDS:
            self.form_key = FormKey.issue()
        return self.form_key.sign()

    @sensitive_variables()
    def build_inquiry(self) -> Inquiry:
        data = self.cleaned_data
        return Inquiry(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            preferred_contact=data["preferred_contact"],
            best_time=data["best_time"],
            topic=data["topic"],
            message=data["message"],
            consented_at=timezone.now(),
            submission_token=self.form_key.submission_token,
        )

    def visitor_bound_fields(self):
        return [self[name] for name in self.field_order]

    def error_summary(self):
        """(link target, message) for every error, in the order of the fields on the page."""
        summary = [("", message) for message in self.non_field_errors()]
        for bound_field in self.visitor_bound_fields():
            for message in bound_field.errors:
                summary.append((first_input_id(bound_field), message))
        return summary


def first_input_id(bound_field) -> str:
    """The id of the input a summary link should move to (the first option of a radio group)."""
    if isinstance(bound_field.field.widget, forms.RadioSelect):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
