"""Who must pass a second factor, and the factors a person has (django-otp's devices)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

# Any of these lets a person read what patients wrote, or delete it.
INQUIRY_PERMISSIONS = (
    "contact.view_inquiry",
    "contact.change_inquiry",
    "contact.delete_inquiry",
    "contact.export_inquiry",
)
RECOVERY_CODES_NAME = _("Recovery codes")


def can_see_inquiries(user) -> bool:
    return any(user.has_perm(permission) for permission in INQUIRY_PERMISSIONS)


def has_second_factor(user) -> bool:
    """Whether the person has any confirmed way to pass the second step."""
    return user_has_device(user, confirmed=True)


def second_factor_required(user) -> bool:
    """Whether the admin asks this (signed-in) person for a second factor.

    Always for someone who has enrolled one: enrolling must mean something. Otherwise by
    ADMIN_SECOND_FACTOR: superusers and anyone who can see inquiries ("reviewers"), or everyone
    who signs in to the admin ("all_staff"), or nobody ("off", development and tests only).
    """
    if has_second_factor(user):
        return True
    mode = settings.ADMIN_SECOND_FACTOR
    if mode == "off":
        return False
    if mode == "all_staff":
        return True
    return user.is_superuser or can_see_inquiries(user)


def authenticator_apps(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("created_at", "pk")


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def recovery_codes_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def has_primary_factor(user) -> bool:
    """An authenticator app or a passkey: recovery codes alone are only a way back in."""
    return authenticator_apps(user).exists() or passkeys(user).exists()


def new_recovery_codes(user) -> list[str]:
    """Replace the person's recovery codes with a fresh set; each works once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": str(RECOVERY_CODES_NAME), "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remove_all_factors(user) -> int:
    """Delete every factor the person has (when they lost them); they enrol again next time."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    return removed
