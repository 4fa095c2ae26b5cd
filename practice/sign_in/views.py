"""The second step of signing in, and where staff enrol and manage their factors.

All under /admin/two-step/ (practice/wagtail_hooks.py), so Wagtail first checks that the person
is signed in and may use the admin. The pages show no admin menus: someone who has typed only a
password sees nothing of the admin yet.
"""

import segno
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .factors import (
    authenticator_apps,
    has_primary_factor,
    has_second_factor,
    new_recovery_codes,
    passkeys,
    recovery_codes_device,
)
from .forms import CodeForm, ConfirmAppForm, RemoveFactorForm


def next_url(request) -> str:
    """Where to go after the second step: an address on this site, or the admin's home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def may_change_factors(user) -> bool:
    """Adding or removing a factor needs the second step passed, unless there is none yet:
    otherwise a stolen password would be enough to add the thief's own."""
    return user.is_verified() or not has_second_factor(user)


class SecondStepPage(View):
    template_name = ""

    def render(self, context=None, status=200):
        context = {"next": next_url(self.request), **(context or {})}
        response = TemplateResponse(self.request, self.template_name, context, status=status)
        # Nothing here may stay in a browser's cache or history: codes, QR codes, secrets.
        add_never_cache_headers(response)
        return response


class ChangingFactorsPage(SecondStepPage):
    def dispatch(self, request, *args, **kwargs):
        if not may_change_factors(request.user):
            return redirect(f"{reverse('sign_in_verify')}?next={request.get_full_path()}")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class VerifyView(SecondStepPage):
    """The second step: a passkey, an authenticator app's code, or a recovery code."""

    template_name = "practice/sign_in/verify.html"

    def get(self, request):
        if request.user.is_verified():
            return HttpResponseRedirect(next_url(request))
        if not has_second_factor(request.user):
            return redirect(f"{reverse('sign_in_enrol')}?next={next_url(request)}")
        return self.render({"form": CodeForm()})

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            device, wait_seconds = verify_code(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return HttpResponseRedirect(next_url(request))
            if wait_seconds:
                form.add_error(
                    "code",
                    _(
                        "Too many wrong codes. Wait %(seconds)s seconds, then type the code "
                        "your app shows at that moment."
                    )
                    % {"seconds": wait_seconds},
                )
            else:
                form.add_error(
                    "code",
                    _(
                        "That code did not work. Type the code your app shows now (they change "
                        "every 30 seconds), or one of your recovery codes you have not used."
                    ),
                )
        return self.render({"form": form})

    def render(self, context=None, status=200):
        context = {"has_passkeys": passkeys(self.request.user).exists(), **(context or {})}
        return super().render(context, status)


def verify_code(user, code: str):
    """(the device that accepted the code, 0) or (None, seconds to wait, 0 when none).

    Six digits are an app's code, anything else a recovery code: a mistyped recovery code must
    not count against the app. Each device slows down its own wrong codes (django-otp: 1, 2, 4,
    ... seconds)."""
    is_app_code = code.isdigit() and len(code) == 6
    model = TOTPDevice if is_app_code else StaticDevice
    longest_wait = 0
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            allowed, details = device.verify_is_allowed()
            if not allowed:
                locked_until = (details or {}).get("locked_until")
                if locked_until is not None:
                    wait = int((locked_until - timezone.now()).total_seconds()) + 1
                    longest_wait = max(longest_wait, wait)
                continue
            if device.verify_token(code):
                return device, 0
    return None, longest_wait


class EnrolView(ChangingFactorsPage):
    """First sign-in without any factor: choose an authenticator app or a passkey."""

    template_name = "practice/sign_in/enrol.html"

    def get(self, request):
        return self.render()


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class AddAuthenticatorAppView(ChangingFactorsPage):
    """Scan the QR code (or type the key), then prove it works with one code."""

    template_name = "practice/sign_in/add_app.html"

    def pending_device(self):
        # One unconfirmed device per person, kept across reloads so the QR code stays valid.
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=self.request.user, name=_("Authenticator app"), confirmed=False
            )
        return device

    def context(self, device, form):
        secret = segno.make(device.config_url, error="m")
        key = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
        return {
            "form": form,
            "qr_code": secret.svg_data_uri(scale=5, border=2),
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        }

    def get(self, request):
        return self.render(self.context(self.pending_device(), ConfirmAppForm()))

    def post(self, request):
        device = self.pending_device()
        form = ConfirmAppForm(request.POST)
        if form.is_valid():
            if device.verify_token(form.cleaned_data["code"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                if not request.user.is_verified():
                    otp_login(request, device)
                messages.success(request, _("Your authenticator app is set up."))
                return redirect(f"{reverse('sign_in_recovery_codes')}?next={next_url(request)}")
            form.add_error(
                "code",
                _(
                    "That code did not match. Check that the app shows this site's account and "
                    "type the code it shows now."
                ),
            )
        return self.render(self.context(device, form))


class AddPasskeyView(ChangingFactorsPage):
    """The browser makes a passkey (django-otp-webauthn's script talks to its endpoints)."""

    template_name = "practice/sign_in/add_passkey.html"

    def get(self, request):
        return self.render(
            {"done_url": f"{reverse('sign_in_recovery_codes')}?next={next_url(request)}"}
        )


class RecoveryCodesView(ChangingFactorsPage):
    """Recovery codes: shown once, right after they are made; making new ones voids the old."""

    template_name = "practice/sign_in/recovery_codes.html"

    def get(self, request):
        device = recovery_codes_device(request.user)
        return self.render(
            {
                "unused": device.token_set.count() if device else None,
                "has_primary_factor": has_primary_factor(request.user),
            }
        )

    def post(self, request):
        if not has_primary_factor(request.user):
            return redirect("sign_in_enrol")
        return self.render({"codes": new_recovery_codes(request.user)})


class ManageView(ChangingFactorsPage):
    template_name = "practice/sign_in/manage.html"

    def get(self, request):
        device = recovery_codes_device(request.user)
        return self.render(
            {
                "apps": authenticator_apps(request.user),
                "passkeys": passkeys(request.user),
                "unused_recovery_codes": device.token_set.count() if device else None,
                "next": reverse("sign_in_manage"),
            }
        )


class RemoveFactorView(ChangingFactorsPage):
    http_method_names = ["post"]

    def post(self, request):
        form = RemoveFactorForm(request.POST)
        if form.is_valid():
            model = TOTPDevice if form.cleaned_data["kind"] == "app" else WebAuthnCredential
            device = get_object_or_404(model, pk=form.cleaned_data["pk"], user=request.user)
            device.delete()
            messages.success(request, _("Removed. You can add another way at any time."))
        return redirect("sign_in_manage")
