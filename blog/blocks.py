"""StreamField blocks for articles: the blocks every page shares, plus a list of references.

The article body also gives each heading an anchor that is unique within the article, so two
sections with the same heading text still get their own table-of-contents links.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from practice.blocks import BodyBlock, HeadingBlock, HeadingValue, ImageBlock

# Element ids the article page uses itself (see blog/article_page.html and base.html); a
# heading never takes one of them.
RESERVED_ANCHORS = frozenset(
    {
        "main",
        "article-title",
        "contents",
        "references",
        "medical-disclaimer",
        "article-cta",
        "related-articles",
        "footer-practice",
        "footer-contact",
        "footer-links",
    }
)
REFERENCES_ANCHOR = "references"

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
PUBMED_ID_PATTERN = re.compile(r"^[1-9]\d{0,8}$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")
PUBMED_PREFIXES = ("https://pubmed.ncbi.nlm.nih.gov/", "pmid:", "pmid")


def _strip_prefix(text: str, prefixes: tuple[str, ...]) -> str | None:
    lowered = text.lower()
    for prefix in prefixes:
        if lowered.startswith(prefix):
            return text[len(prefix) :].strip().strip("/")
    return None


def parse_source_identifier(raw: str) -> tuple[str, str]:
    """Read what an editor typed as ("doi", "10.…") or ("pmid", "12345"); ("", "") if neither."""
    text = (raw or "").strip()
    if not text:
        return "", ""
    doi = _strip_prefix(text, DOI_PREFIXES)
    doi = text if doi is None else doi
    if DOI_PATTERN.match(doi):
        return "doi", doi
    pmid = _strip_prefix(text, PUBMED_PREFIXES)
    pmid = text if pmid is None else pmid
    if PUBMED_ID_PATTERN.match(pmid):
        return "pmid", pmid
    return "", ""


class ReferenceValue(blocks.StructValue):
    @property
    def identifier_kind(self) -> str:
        return parse_source_identifier(self.get("identifier", ""))[0]

    @property
    def doi(self) -> str:
        kind, value = parse_source_identifier(self.get("identifier", ""))
        return value if kind == "doi" else ""

    @property
    def pubmed_id(self) -> str:
        kind, value = parse_source_identifier(self.get("identifier", ""))
        return value if kind == "pmid" else ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pubmed_id}/" if self.pubmed_id else ""


class ReferenceBlock(blocks.StructBlock):
    citation = blocks.TextBlock(
        max_length=1000,
        label=_("Citation"),
        help_text=_("Authors, title, journal, year, as you would cite it in a paper."),
    )
    identifier = blocks.CharBlock(
        max_length=200,
        required=False,
        label=_("DOI or PubMed ID"),
        help_text=_(
            "For example 10.1056/NEJMoa1507210 or PMID: 26527365. Leave empty if it has neither."
        ),
    )
    url = blocks.URLBlock(
        required=False,
        label=_("Web address"),
        help_text=_("Where readers can find the source online, if it has no DOI or PubMed ID."),
    )

    class Meta:
        icon = "doc-full"
        value_class = ReferenceValue
        label = _("Reference")

    def clean(self, value):
        value = super().clean(value)
        raw = value.get("identifier", "")
        if raw and not parse_source_identifier(raw)[0]:
            raise StructBlockValidationError(
                block_errors={
                    "identifier": ValidationError(
                        _(
                            "Enter a DOI such as 10.1056/NEJMoa1507210, or a PubMed ID such as "
                            "26527365, or leave this empty."
                        )
                    )
                }
            )
        return value


class ReferenceListBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(ReferenceBlock(), min_num=1, **kwargs)

    class Meta:
        icon = "list-ol"
        template = "blog/blocks/references_block.html"
        label = _("References")
        description = _(
            "The article's sources, shown as a numbered list with links to DOI and PubMed. "
            "Put it at the end of the article; one list per article."
        )
        preview_value = [
            {
                "citation": "Zarate CA Jr, et al. A randomized trial of an N-methyl-D-aspartate "
                "antagonist in treatment-resistant major depression. Arch Gen Psychiatry. 2006.",
                "identifier": "10.1001/archpsyc.63.8.856",
                "url": "",
            }
        ]


class ArticleHeadingValue(HeadingValue):
    # Set by assign_heading_anchors(); until then the anchor is the plain slug of the text.
    unique_anchor = ""

    @property
    def anchor(self) -> str:
        return self.unique_anchor or super().anchor


class ArticleHeadingBlock(HeadingBlock):
    class Meta:
        value_class = ArticleHeadingValue


class RenditionPrefetchingImageChooserBlock(ImageChooserBlock):
    """Loads every image of a body, and their renditions, in two queries however many there are."""

    def bulk_to_python(self, values):
        images = super().bulk_to_python(values)
        rendition_model = get_image_model().get_rendition_model()
        prefetch_related_objects(
            [image for image in images if image is not None],
            Prefetch(
                "renditions",
                queryset=rendition_model.objects.all(),
                to_attr="prefetched_renditions",
            ),
        )
        return images


class ArticleImageBlock(ImageBlock):
    image = RenditionPrefetchingImageChooserBlock()


class ArticleBodyBlock(BodyBlock):
    heading = ArticleHeadingBlock()
    image = ArticleImageBlock()
    references = ReferenceListBlock()

    class Meta:
        block_counts = {"references": {"max_num": 1}}


@dataclass
class TocEntry:
    text: str
    anchor: str
    children: list["TocEntry"] = field(default_factory=list)


def assign_heading_anchors(body) -> list[TocEntry]:
    """Give each heading in `body` an anchor unique in the article; return the contents.

    h2 headings are sections and h3 headings nest under the section before them. A list of
    references adds a last "References" entry.
    """
    used = set(RESERVED_ANCHORS)
    sections: list[TocEntry] = []
    has_references = False
    for block in body:
        if block.block_type == "references":
            has_references = True
            continue
        if block.block_type != "heading":
            continue
        value = block.value
        base = HeadingValue.anchor.fget(value)
        anchor, number = base, 1
        while anchor in used:
            number += 1
            anchor = f"{base}-{number}"
        used.add(anchor)
        value.unique_anchor = anchor
        entry = TocEntry(text=value.get("text") or "", anchor=anchor)
        if value.get("level") == "h3" and sections:
            sections[-1].children.append(entry)
        else:
            sections.append(entry)
    if has_references:
        sections.append(TocEntry(text=str(_("References")), anchor=REFERENCES_ANCHOR))
    return sections


def body_text(body) -> str:
    """The words a reader reads in `body`, for the reading time (references are skipped)."""
    parts = []
    for block in body:
        value = block.value
        if block.block_type == "heading":
            parts.append(value.get("text"))
        elif block.block_type == "paragraph":
            parts.append(strip_tags(value.source))
        elif block.block_type == "quote":
            parts.append(value.get("quote"))
        elif block.block_type == "callout":
            parts.extend([value.get("title"), strip_tags(value["text"].source)])
        elif block.block_type == "image":
            parts.append(value.get("caption"))
    # Optional fields an editor left empty come back as None.
    return " ".join(part for part in parts if part)
