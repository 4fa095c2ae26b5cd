"""The "Inquiry reviewers" group: admin access, and view, change, export and delete on inquiries.

Delete is for a patient's request to have their data removed. Permissions are created here if
Django has not yet created them (they normally appear after all migrations have run).
"""

from django.db import migrations

GROUP_NAME = "Inquiry reviewers"

INQUIRY_PERMISSIONS = {
    "view_inquiry": "Can view inquiry",
    "change_inquiry": "Can change inquiry",
    "delete_inquiry": "Can delete inquiry",
    "export_inquiry": "Can export inquiries",
}


def create_reviewers_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    inquiry_type, _ = ContentType.objects.get_or_create(app_label="contact", model="inquiry")
    permissions = [
        Permission.objects.get_or_create(
            content_type=inquiry_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in INQUIRY_PERMISSIONS.items()
    ]
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(access_admin, *permissions)


def remove_reviewers_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # These give every group with admin access the right to choose images and documents;
        # running after them keeps reviewers to inquiries only.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [
        migrations.RunPython(create_reviewers_group, remove_reviewers_group),
    ]
