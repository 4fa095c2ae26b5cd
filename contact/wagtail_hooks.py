"""The inquiry review queue in the Wagtail admin; see contact/review/ for the parts."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from contact.models import Inquiry
from contact.review.audit import register_inquiry_log_actions
from contact.review.bulk_actions import BULK_ACTIONS
from contact.review.dashboard import InquiryQueuePanel
from contact.review.permissions import can_review, inquiry_permission_policy
from contact.review.viewsets import InquiryViewSet

# Registered before the viewset, so the viewset and every view use this one policy.
register_permission_policy(Inquiry, inquiry_permission_policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_inquiry_viewset():
    return InquiryViewSet()


@hooks.register("construct_homepage_panels")
def add_inquiry_queue_panel(request, panels):
    if can_review(request.user):
        panels.append(InquiryQueuePanel())


hooks.register("register_log_actions", register_inquiry_log_actions)

for bulk_action_class in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action_class)
