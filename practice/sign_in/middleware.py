"""The admin opens only after the second factor, for those who need one (factors.py)."""

from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse

from .attempts import remember_browser
from .factors import has_second_factor, second_factor_required

ADMIN_PREFIX = "/admin/"
# What a person signed in with a password alone may still reach: signing in and out, the
# second step itself (with its passkey endpoints), and the files the admin's pages load.
OPEN_BEFORE_SECOND_STEP = (
    "login/",
    "logout/",
    "password_reset/",
    "two-step/",
    "jsi18n/",
    "sprite/",
)


@receiver(user_logged_in)
def _note_sign_in(sender, request, user, **kwargs):
    # The response is not made yet: SignInMiddleware sets the cookie on it.
    if request is not None:
        request.signed_in_username = user.get_username()


class SignInMiddleware:
    """After django-otp's OTPMiddleware: sends anyone who still owes a second factor to it
    (or to enrol one), and remembers browsers that signed in (attempts.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.owes_second_factor(request):
            return self.redirect_to_second_step(request)
        response = self.get_response(request)
        username = getattr(request, "signed_in_username", None)
        if username:
            remember_browser(response, username)
        return response

    def owes_second_factor(self, request) -> bool:
        path = request.path_info
        if not path.startswith(ADMIN_PREFIX) or path[len(ADMIN_PREFIX) :].startswith(
            OPEN_BEFORE_SECOND_STEP
        ):
            return False
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        return second_factor_required(user)

    def redirect_to_second_step(self, request):
        name = "sign_in_verify" if has_second_factor(request.user) else "sign_in_enrol"
        query = urlencode({"next": request.get_full_path()})
        response = HttpResponseRedirect(f"{reverse(name)}?{query}")
        response["Cache-Control"] = "private, no-store"
        return response
