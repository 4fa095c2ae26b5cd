from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Physician
from .rich_text import TreePageLinkHandler


class PhysicianViewSet(SnippetViewSet):
    model = Physician
    icon = "user"
    menu_label = _("Physicians")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "credentials"]
    search_fields = ["name"]


register_snippet(PhysicianViewSet)


# After Wagtail's own registration (order 0), so this handler is the one for page links.
@hooks.register("register_rich_text_features", order=1)
def resolve_page_links_from_the_page_tree(features):
    features.register_link_type(TreePageLinkHandler)
