from django import forms
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 20


class CodeForm(forms.Form):
    """A code from an authenticator app (6 digits) or a recovery code (8 letters and digits)."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        ),
        max_length=CODE_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        # People copy codes with spaces ("123 456") or type recovery codes in capitals.
        return "".join(self.cleaned_data["code"].split()).lower()


class ConfirmAppForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app"),
        help_text=_("After adding the account to your app, type the 6-digit code it shows."),
        max_length=CODE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RemoveFactorForm(forms.Form):
    kind = forms.ChoiceField(choices=[("app", "app"), ("passkey", "passkey")])
    pk = forms.IntegerField(min_value=1)
