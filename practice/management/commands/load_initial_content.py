"""Create the practice's initial pages and settings; safe to run again.

Anything that already exists is left exactly as it is, so an editor's changes survive.
"""

import html
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from blog.models import ArticlePage, BlogIndexPage
from practice.content import read_article_lines, read_site_content
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
            # After the other pages: articles link to them (the contact page, for one).
            blog_index = self.load_blog_index(home, content["blog"])
            for article_data in content.get("articles", []):
                self.load_article(home, blog_index, physician, article_data)
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

        # Canonical links, the sitemap and feeds name the site's own address: take it from
        # WAGTAILADMIN_BASE_URL, the one public address the settings know.
        public_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        https = public_url.scheme == "https"
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.hostname = public_url.hostname or "localhost"
        site.port = public_url.port or (443 if https else 80)
        site.site_name = content_site_name(data)
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

    def load_blog_index(self, home: HomePage, data: dict) -> BlogIndexPage:
        existing = BlogIndexPage.objects.first()
        if existing:
            self.report(False, "blog", existing.title)
            return existing
        blog_index = self.load_child_page(home, BlogIndexPage, data)
        # Menus list pages in tree order: the blog goes before the contact page, which ends it.
        contact = home.get_children().filter(slug="contact").first()
        if contact is not None:
            blog_index.move(contact, pos="left")
            blog_index = BlogIndexPage.objects.get(pk=blog_index.pk)
        return blog_index

    def load_article(
        self, home: HomePage, blog_index: BlogIndexPage, author: Physician, data: dict
    ) -> ArticlePage:
        existing = ArticlePage.objects.filter(slug=data["slug"]).first()
        if existing:
            self.report(False, "article", existing.title)
            return existing
        lines = read_article_lines(data["file"])
        article = ArticlePage(
            title=article_line(lines, data["title_line"]),
            slug=data["slug"],
            intro=article_line(lines, data["intro_line"]),
            search_description=data.get("search_description", ""),
            author=author,
            body=article_body(lines, data, self.link_targets(home, data)),
        )
        article.tags.add(*data.get("tags", []))
        blog_index.add_child(instance=article)
        article.save_revision().publish()
        self.report(True, "article", article.title)
        return article

    def link_targets(self, home: HomePage, data: dict) -> dict[str, Page | None]:
        targets = {}
        for link in data.get("links", []):
            page = home.get_children().filter(slug=link["page_slug"]).first()
            if page is None:
                self.stderr.write(
                    f"No page “{link['page_slug']}” under the home page: “{link['text']}” "
                    "stays plain text. Add the link in the admin."
                )
            targets[link["page_slug"]] = page
        return targets

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


def article_line(lines: list[str], number: int) -> str:
    if not 1 <= number <= len(lines):
        raise CommandError(f"The article has {len(lines)} lines; there is no line {number}.")
    return lines[number - 1]


def article_body(lines: list[str], data: dict, link_targets: dict[str, Page | None]) -> list:
    """The article's StreamField body, line by line, as site.toml's line numbers say.

    Text is HTML-escaped and otherwise kept exactly as written; a line's linked words become a
    Wagtail page link, so the link follows the page if it moves.
    """
    headings = set(data.get("heading_lines", []))
    sign_off = data.get("sign_off_lines", [])
    links = {link["line"]: link for link in data.get("links", [])}
    skipped = {data["intro_line"], data["title_line"], *sign_off}
    body = []
    for number, line in enumerate(lines, start=1):
        if sign_off and number == sign_off[0]:
            closing = "<br/>".join(
                html.escape(article_line(lines, n), quote=False) for n in sign_off
            )
            body.append({"type": "paragraph", "value": f"<p>{closing}</p>"})
        if number in skipped or not line.strip():
            continue
        if number in headings:
            body.append({"type": "heading", "value": {"text": line, "level": "h2"}})
            continue
        text = html.escape(line, quote=False)
        link = links.get(number)
        target = link_targets.get(link["page_slug"]) if link else None
        if link and target is not None:
            words = html.escape(link["text"], quote=False)
            if text.count(words) != 1:
                raise CommandError(f"Line {number} must contain “{link['text']}” exactly once.")
            text = text.replace(words, f'<a linktype="page" id="{target.pk}">{words}</a>')
        body.append({"type": "paragraph", "value": f"<p>{text}</p>"})
    return body


def content_site_name(home_data: dict) -> str:
    return home_data.get("seo_title") or home_data["title"]
