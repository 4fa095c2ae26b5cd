from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Physician


class PhysicianViewSet(SnippetViewSet):
    model = Physician
    icon = "user"
    menu_label = _("Physicians")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "credentials"]
    search_fields = ["name"]


register_snippet(PhysicianViewSet)
