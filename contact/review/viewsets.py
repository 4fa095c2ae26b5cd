"""The review queue's place in the Wagtail admin: /admin/inquiries/ and its menu item."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from contact.models import Inquiry

from .permissions import can_review
from .views.actions import AddNoteView, AssignView, TransitionView
from .views.detail import InquiryDetailView, InquiryHistoryView
from .views.erasure import PatientErasureView
from .views.listing import InquiryIndexView
from .views.search import InquirySearchView


class InquiriesMenuItem(MenuItem):
    """Shown to reviewers only; the label carries the number of new inquiries."""

    def is_shown(self, request):
        return can_review(request.user)

    def render_component(self, request):
        new_count = Inquiry.objects.new().count()
        label = self.label
        if new_count:
            label = _("%(label)s (%(count)s new)") % {"label": self.label, "count": new_count}
        return LinkMenuItem(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs={**self.attrs, "data-new-inquiries": str(new_count)},
        )


class InquiryViewSet(ModelViewSet):
    model = Inquiry
    name = "inquiries"
    icon = "mail"
    menu_label = _("Inquiries")
    menu_name = "inquiries"
    menu_order = 150
    add_to_admin_menu = True
    # Inquiries are not content: no reference index, no create/edit/copy forms.
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = InquiryIndexView
    inspect_view_class = InquiryDetailView
    history_view_class = InquiryHistoryView
    list_per_page = 50
    menu_item_class = InquiriesMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "usage_url_name": None,
                "copy_url_name": None,
                "inspect_url_name": self.get_url_name("inspect"),
                "erasure_url_name": self.get_url_name("erasure"),
                "inquiry_search_url_name": self.get_url_name("search"),
                **kwargs,
            }
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return {
            "history_url_name": self.get_url_name("history"),
            "transition_url_name": self.get_url_name("transition"),
            "assign_url_name": self.get_url_name("assign"),
            "note_url_name": self.get_url_name("add_note"),
            **kwargs,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("search/", self.construct_view(InquirySearchView), name="search"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/history/", self.history_view, name="history"),
            path("<int:pk>/history/results/", self.history_results_view, name="history_results"),
            path(
                "<int:pk>/do/<slug:transition>/",
                self.construct_view(TransitionView),
                name="transition",
            ),
            path("<int:pk>/assign/", self.construct_view(AssignView), name="assign"),
            path("<int:pk>/notes/", self.construct_view(AddNoteView), name="add_note"),
            path("delete-on-request/", self.construct_view(PatientErasureView), name="erasure"),
        ]

    @property
    def url_finder_class(self):
        # Links from Wagtail's reports (such as site history) open the inquiry's page.
        return type(
            "InquiryAdminURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_permissions_to_register(self):
        # Offered in the group editor: view, change, delete and export (inquiries are never
        # added by staff).
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Inquiry),
            codename__in=["view_inquiry", "change_inquiry", "delete_inquiry", "export_inquiry"],
        )
