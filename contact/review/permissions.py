"""Who may review, change, export and delete inquiries."""

from wagtail.permission_policies import ModelPermissionPolicy

from contact.models import Inquiry

inquiry_permission_policy = ModelPermissionPolicy(Inquiry)

# Either is enough to open the queue and read an inquiry.
REVIEW_ACTIONS = ("view", "change")


def can_review(user) -> bool:
    return inquiry_permission_policy.user_has_any_permission(user, REVIEW_ACTIONS)


def can_change(user) -> bool:
    return inquiry_permission_policy.user_has_permission(user, "change")


def can_export(user) -> bool:
    return inquiry_permission_policy.user_has_permission(user, "export")


def can_delete(user) -> bool:
    return inquiry_permission_policy.user_has_permission(user, "delete")


def reviewers():
    """Active users an inquiry can be assigned to: those allowed to change inquiries."""
    return inquiry_permission_policy.users_with_any_permission(["change"]).order_by(
        "first_name", "last_name", "username"
    )
