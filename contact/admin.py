"""Inquiries in the Django admin (/django-admin/): superusers only, read-only but for deletion.

Staff work in the Wagtail admin's review queue; this is a fallback view of the same data. Views
and deletions here are written to Wagtail's audit log like those in the queue.
"""

from django.contrib import admin

from contact.models import Inquiry, InquiryNote, InquiryStatusChange
from contact.review import audit
from contact.review.retention import delete_inquiries


class SuperuserOnlyMixin:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InquiryNoteInline(SuperuserOnlyMixin, admin.TabularInline):
    model = InquiryNote
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    extra = 0


class InquiryStatusChangeInline(SuperuserOnlyMixin, admin.TabularInline):
    model = InquiryStatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by"]
    readonly_fields = fields
    extra = 0


@admin.register(Inquiry)
class InquiryAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "name", "received_at", "topic", "status", "assigned_to"]
    list_display_links = ["__str__"]
    # The same filters as the review queue.
    list_filter = ["status", "topic", "assigned_to", "received_at"]
    # No search box: Django's admin searches with GET ?q=, which would put a patient's name in
    # the address. The review queue's search is sent by POST (contact/review/search.py).
    date_hierarchy = "received_at"
    ordering = ["received_at", "pk"]
    list_select_related = ["assigned_to"]
    list_per_page = 50
    fields = [
        "name",
        "email",
        "phone",
        "preferred_contact",
        "best_time",
        "topic",
        "message",
        "consented_at",
        "received_at",
        "status",
        "status_changed_at",
        "assigned_to",
        "responded_at",
        "responded_by",
        "notified_at",
        "acknowledged_at",
    ]
    readonly_fields = fields
    inlines = [InquiryStatusChangeInline, InquiryNoteInline]
    actions = ["delete_selected"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            inquiry = self.get_object(request, object_id)
            if inquiry is not None:
                audit.record([inquiry], audit.VIEW, user=request.user)
        return response

    def delete_model(self, request, obj):
        audit.record([obj], audit.DELETE, user=request.user, deleted=True)
        delete_inquiries([obj.pk])

    def delete_queryset(self, request, queryset):
        inquiries = list(queryset)
        audit.record(inquiries, audit.DELETE, user=request.user, deleted=True)
        delete_inquiries([inquiry.pk for inquiry in inquiries])
