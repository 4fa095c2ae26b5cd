"""Create the practice's initial pages and settings; safe to run again.

Anything that already exists is left exactly as it is, so an editor's changes survive.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from practice.content import read_site_content
from practice.models import HomePage, Physician, PracticeSettings


class Command(BaseCommand):
    help = "Load the practice's initial pages and settings. Existing content is never changed."

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        content = read_site_content()
        with transaction.atomic():
            physician = self.load_physician(content["physician"])
            home = self.load_home_page(content["home"])
            for page_data in content["pages"]:
                page_class = apps.get_model(page_data.get("type", "practice.StandardPage"))
                self.load_child_page(home, page_class, page_data)
            self.load_settings(content["settings"], home, physician)
        self.stdout.write(self.style.SUCCESS("Initial content is in place."))

    def load_physician(self, data: dict) -> Physician:
        physician, created = Physician.objects.get_or_create(name=data["name"])
        self.report(created, "physician", physician.name)
        return physician

    def load_home_page(self, data: dict) -> HomePage:
        existing = HomePage.objects.first()
        if existing:
            self.report(False, "home page", existing.title)
            return existing

        root = Page.get_first_root_node()
        # Wagtail's migrations create a placeholder "Welcome" page that owns the slug "home".
        for placeholder in root.get_children().filter(slug=data["slug"]).exact_type(Page):
            placeholder.delete()
        home = root.add_child(instance=HomePage(**page_fields(data)))
        home.save_revision().publish()

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        else:
            site.root_page = home
            site.save()
        self.report(True, "home page", home.title)
        return home

    def load_child_page(self, parent: Page, page_class: type[Page], data: dict) -> Page:
        existing = parent.get_children().filter(slug=data["slug"]).first()
        if existing:
            self.report(False, "page", existing.title)
            return existing.specific
        page = parent.add_child(instance=page_class(**page_fields(data)))
        page.save_revision().publish()
        self.report(True, "page", page.title)
        return page

    def load_settings(self, data: dict, home: HomePage, physician: Physician) -> None:
        site = Site.objects.get(root_page=home)
        if PracticeSettings.objects.filter(site=site).exists():
            self.report(False, "practice settings", site.site_name or site.hostname)
            return
        privacy_page = home.get_children().filter(slug=data["privacy_page_slug"]).first()
        PracticeSettings.objects.create(
            site=site,
            practice_name=data["practice_name"],
            physician=physician,
            emergency_notice=data["emergency_notice"],
            medical_disclaimer=data["medical_disclaimer"],
            privacy_page=privacy_page,
        )
        self.report(True, "practice settings", data["practice_name"])

    def report(self, created: bool, kind: str, name: str) -> None:
        if self.verbosity >= 2 or (created and self.verbosity >= 1):
            verb = "Created" if created else "Kept existing"
            self.stdout.write(f"{verb} {kind}: {name}")


def page_fields(data: dict) -> dict:
    """The model fields of a page entry in site.toml; `body` is a list of StreamField blocks."""
    fields = {key: value for key, value in data.items() if key not in ("body", "type")}
    if "body" in data:
        fields["body"] = [
            {"type": block["type"], "value": block["value"]} for block in data["body"]
        ]
    return fields
