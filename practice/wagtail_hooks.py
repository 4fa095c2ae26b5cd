from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Physician
from .rich_text import TreePageLinkHandler
from .sign_in import views as sign_in_views
from .sign_in.pauses import SignInPausesView


class PhysicianViewSet(SnippetViewSet):
    model = Physician
    icon = "user"
    menu_label = _("Physicians")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "credentials"]
    search_fields = ["name"]


register_snippet(PhysicianViewSet)


# Signing in: the second step and its pages (practice/sign_in/), and the sign-in pauses.


@hooks.register("register_admin_urls")
def register_sign_in_urls():
    return [
        path("two-step/", sign_in_views.VerifyView.as_view(), name="sign_in_verify"),
        path("two-step/enrol/", sign_in_views.EnrolView.as_view(), name="sign_in_enrol"),
        path(
            "two-step/app/",
            sign_in_views.AddAuthenticatorAppView.as_view(),
            name="sign_in_add_app",
        ),
        path(
            "two-step/passkey/", sign_in_views.AddPasskeyView.as_view(), name="sign_in_add_passkey"
        ),
        path(
            "two-step/recovery-codes/",
            sign_in_views.RecoveryCodesView.as_view(),
            name="sign_in_recovery_codes",
        ),
        path("two-step/manage/", sign_in_views.ManageView.as_view(), name="sign_in_manage"),
        path("two-step/remove/", sign_in_views.RemoveFactorView.as_view(), name="sign_in_remove"),
        path("sign-in-pauses/", SignInPausesView.as_view(), name="sign_in_pauses"),
    ]


@hooks.register("register_account_menu_item")
def two_step_account_item(request):
    return {
        "url": reverse("sign_in_manage"),
        "label": _("Two-step sign-in"),
        "help_text": _(
            "Add or remove an authenticator app or a passkey, and make new recovery codes."
        ),
    }


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def sign_in_pauses_menu_item():
    return SuperuserMenuItem(
        _("Sign-in pauses"), reverse("sign_in_pauses"), icon_name="lock", order=900
    )


# After Wagtail's own registration (order 0), so this handler is the one for page links.
@hooks.register("register_rich_text_features", order=1)
def resolve_page_links_from_the_page_tree(features):
    features.register_link_type(TreePageLinkHandler)
