"""The "Inquiry reviewers" group made by a migration: exactly the permissions reviewers need."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.factories import ReviewerFactory

MIGRATION = "0002_inquiry_reviewers_group"


def granted(group):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_the_migration_creates_the_group_with_exactly_these_permissions(db):
    group = Group.objects.get(name="Inquiry reviewers")

    assert granted(group) == {
        "wagtailadmin.access_admin",
        "contact.view_inquiry",
        "contact.change_inquiry",
        "contact.export_inquiry",
        "contact.delete_inquiry",
    }


def test_the_group_gives_no_page_image_document_or_collection_rights(db):
    group = Group.objects.get(name="Inquiry reviewers")

    assert not group.page_permissions.exists()
    assert not group.collection_permissions.exists()
    assert not group.permissions.exclude(
        content_type__app_label__in=["contact", "wagtailadmin"]
    ).exists()
    assert not group.permissions.filter(codename="add_inquiry").exists()


def test_a_member_can_review_export_and_delete_but_not_edit_pages(db):
    reviewer = ReviewerFactory()

    assert reviewer.has_perms(
        [
            "wagtailadmin.access_admin",
            "contact.view_inquiry",
            "contact.change_inquiry",
            "contact.export_inquiry",
            "contact.delete_inquiry",
        ]
    )
    assert not reviewer.has_perm("wagtailcore.change_page")
    assert not reviewer.has_perm("contact.add_inquiry")


def test_the_migration_can_be_reversed_and_applied_again(db):
    module = importlib.import_module(f"contact.migrations.{MIGRATION}")

    module.remove_reviewers_group(apps, None)
    assert not Group.objects.filter(name="Inquiry reviewers").exists()

    module.create_reviewers_group(apps, None)
    assert len(granted(Group.objects.get(name="Inquiry reviewers"))) == 5


def test_the_migration_runs_in_the_contact_apps_history(db):
    executor = MigrationExecutor(connection)

    assert ("contact", MIGRATION) in executor.loader.applied_migrations


def test_the_migration_is_idempotent_for_an_existing_group(db):
    module = importlib.import_module(f"contact.migrations.{MIGRATION}")

    module.create_reviewers_group(apps, None)

    assert Group.objects.filter(name="Inquiry reviewers").count() == 1
    assert len(granted(Group.objects.get(name="Inquiry reviewers"))) == 5


def test_the_group_editor_offers_the_inquiry_permissions(client, superuser):
    group = Group.objects.get(name="Inquiry reviewers")
    client.force_login(superuser)

    response = client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    for codename in ("view_inquiry", "change_inquiry", "delete_inquiry", "export_inquiry"):
        permission = Permission.objects.get(codename=codename)
        assert f'value="{permission.pk}"' in html
    assert f'value="{Permission.objects.get(codename="add_inquiry").pk}"' not in html
