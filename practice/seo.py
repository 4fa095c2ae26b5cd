"""What search engines and link previews read about a page: title, description, canonical URL,
Open Graph and Twitter card tags, and schema.org JSON-LD.

A page type can take part by defining, all optional:
- `schema_org_type`: the schema.org type of the page ("WebPage" otherwise);
- `open_graph_type`: "article" for articles ("website" otherwise);
- `seo_image`: a Wagtail image for link previews;
- `add_structured_data(graph)`: adds its own nodes to the JSON-LD graph (see StructuredData).
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from .models import Physician, PracticeSettings
from .page_tree import PageTree

DESCRIPTION_MAX_CHARS = 300
# Link previews show 1.91:1 images; 1200 px wide is what the large cards ask for.
SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg"
# The same characters Django's json_script escapes, so the JSON cannot close the <script>.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    escaped = text.translate(JSON_SCRIPT_ESCAPES)
    # Safe: every character that could end the script element or start markup is escaped.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))  # noqa: S308


def plain_text(html_or_text: str) -> str:
    return " ".join(strip_tags(html_or_text or "").split())


def page_heading(page: Page) -> str:
    return page.seo_title or page.title


def page_description(page: Page) -> str:
    """The page's search description, else its intro, as plain text of a sensible length."""
    text = plain_text(page.search_description) or plain_text(str(getattr(page, "intro", "") or ""))
    return Truncator(text).chars(DESCRIPTION_MAX_CHARS)


def document_title(heading: str, practice_name: str, qualifier: str = "") -> str:
    """ "Heading – qualifier | Practice", leaving out the practice when the heading names it."""
    title = f"{heading} – {qualifier}" if qualifier else heading
    if practice_name and practice_name not in heading:
        title = f"{title} | {practice_name}"
    return title


def absolute_url(site_root_url: str, url: str) -> str:
    return url if "://" in url else f"{site_root_url}{url}"


class StructuredData:
    """The JSON-LD @graph of one page, with ids for the nodes every page shares."""

    def __init__(self, *, request, site_root_url: str, canonical_url: str, practice):
        self.request = request
        self.site_root_url = site_root_url
        self.canonical_url = canonical_url
        self.practice_id = f"{site_root_url}/#practice"
        self.website_id = f"{site_root_url}/#website"
        self.webpage_id = f"{canonical_url}#webpage"
        self.breadcrumb_id = f"{canonical_url}#breadcrumb"
        self.nodes: list[dict] = []
        self._people: dict[int, dict] = {}
        self.add(self._practice_node(practice))
        self.add(
            {
                "@type": "WebSite",
                "@id": self.website_id,
                "url": f"{site_root_url}/",
                "name": practice.practice_name,
                "publisher": {"@id": self.practice_id},
                "inLanguage": "en-US",
            }
        )
        if practice.physician_id:
            self.physician_ref(practice.physician)

    def add(self, node: dict) -> dict:
        self.nodes.append(node)
        return node

    def _practice_node(self, practice) -> dict:
        node = {
            "@type": "MedicalOrganization",
            "@id": self.practice_id,
            "name": practice.practice_name,
            "url": f"{self.site_root_url}/",
        }
        if practice.phone:
            node["telephone"] = practice.phone
        if practice.email:
            node["email"] = practice.email
        if practice.address_lines:
            node["address"] = ", ".join(practice.address_lines)
        return node

    def physician_ref(self, physician: Physician) -> dict:
        """A reference to the physician's node, adding the node the first time."""
        if physician.pk not in self._people:
            node = {
                # A person, and a physician in schema.org's medical vocabulary.
                "@type": ["Person", "Physician"],
                "@id": f"{self.site_root_url}/#physician-{physician.pk}",
                "name": physician.name,
                "jobTitle": _("Physician"),
                "worksFor": {"@id": self.practice_id},
            }
            if physician.credentials:
                node["honorificSuffix"] = physician.credentials
            if physician.bio:
                node["description"] = plain_text(physician.bio)
            self._people[physician.pk] = self.add(node)
        return {"@id": self._people[physician.pk]["@id"]}

    def as_dict(self) -> dict:
        return {"@context": "https://schema.org", "@graph": self.nodes}


@dataclass
class PageSeo:
    title: str
    heading: str
    description: str
    canonical_url: str
    site_name: str
    open_graph_type: str = "website"
    image: dict | None = None
    article: dict = field(default_factory=dict)
    json_ld: SafeString = field(default_factory=SafeString)


def site_root_url_for(request, site: Site | None) -> str:
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/")


def breadcrumbs(page: Page, request) -> list[tuple[str, str]]:
    """(name, url) from the site's home page down to `page`."""
    tree = PageTree.for_request(request)
    ancestors = tree.ancestors_of(page) if tree else None
    if ancestors is None:  # A page outside the tree the request read.
        ancestors = list(page.get_ancestors().filter(depth__gt=1))
    crumbs = []
    for ancestor in [*ancestors, page]:
        url = ancestor.get_url(request)
        if url is None:  # above the site's root: not part of this site
            continue
        crumbs.append((_("Home") if url == "/" else ancestor.title, url))
    return crumbs


def share_image(image, site_root_url: str) -> dict | None:
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_IMAGE_FILTER)
    return {
        "url": absolute_url(site_root_url, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


def page_seo(context) -> PageSeo:
    """Everything the <head> says about the page being rendered, for a page or a plain view.

    Plain views (the search page) put `seo_title` and `seo_description` in their context. A
    listing adds `seo_qualifier` ("page 2") and `canonical_query` ({"page": 2}).
    """
    request = context["request"]
    practice = PracticeSettings.for_request(request)
    site = Site.find_for_request(request)
    site_root_url = site_root_url_for(request, site)
    page = context.get("page")
    query = context.get("canonical_query") or {}
    qualifier = str(context.get("seo_qualifier") or "")

    if isinstance(page, Page):
        heading = page_heading(page)
        description = page_description(page) or document_title(heading, practice.practice_name)
        page_url = page.get_url(request) or request.path
    else:
        heading = str(context.get("seo_title") or practice.practice_name)
        description = str(context.get("seo_description") or "")
        page_url = request.path
    canonical_url = absolute_url(site_root_url, page_url)
    if query:
        canonical_url = f"{canonical_url}?{urlencode(query)}"

    seo = PageSeo(
        title=document_title(heading, practice.practice_name, qualifier),
        heading=heading,
        description=description,
        canonical_url=canonical_url,
        site_name=practice.practice_name,
        open_graph_type=getattr(page, "open_graph_type", "website"),
        image=share_image(getattr(page, "seo_image", None), site_root_url),
    )

    graph = StructuredData(
        request=request,
        site_root_url=site_root_url,
        canonical_url=canonical_url,
        practice=practice,
    )
    webpage = graph.add(
        {
            "@type": getattr(page, "schema_org_type", "WebPage"),
            "@id": graph.webpage_id,
            "url": canonical_url,
            "name": heading,
            "isPartOf": {"@id": graph.website_id},
            "publisher": {"@id": graph.practice_id},
            "inLanguage": "en-US",
        }
    )
    if description:
        webpage["description"] = description
    if seo.image:
        webpage["primaryImageOfPage"] = seo.image["url"]
    if isinstance(page, Page):
        if page.last_published_at:
            webpage["dateModified"] = page.last_published_at
        crumbs = breadcrumbs(page, request)
        if crumbs:
            webpage["breadcrumb"] = {"@id": graph.breadcrumb_id}
            graph.add(
                {
                    "@type": "BreadcrumbList",
                    "@id": graph.breadcrumb_id,
                    "itemListElement": [
                        {
                            "@type": "ListItem",
                            "position": position,
                            "name": name,
                            "item": absolute_url(site_root_url, url),
                        }
                        for position, (name, url) in enumerate(crumbs, start=1)
                    ],
                }
            )
        if hasattr(page, "add_structured_data"):
            seo.article = page.add_structured_data(graph, webpage=webpage, seo=seo) or {}
    seo.json_ld = json_ld_script(graph.as_dict())
    return seo
