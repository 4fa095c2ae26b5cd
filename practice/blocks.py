"""StreamField blocks shared by every page type.

Each block sets an icon, a template, a description and a preview value, so editors see what it
makes before they use it. There is deliberately no raw-HTML block.
"""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Rich-text features editors get in paragraphs: no headings (the heading block makes those,
# so the table of contents can find them), no embeds (they would call third parties).
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]


class HeadingValue(blocks.StructValue):
    @property
    def anchor(self) -> str:
        return slugify(self.get("text", "")) or "section"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
        help_text=_("Sections appear in the article's table of contents."),
    )

    class Meta:
        icon = "title"
        template = "practice/blocks/heading_block.html"
        value_class = HeadingValue
        description = _("A section heading. Sections are listed in the table of contents.")
        preview_value = {"text": "How the treatment works", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "practice/blocks/paragraph_block.html"
        description = _("Paragraphs of text, with bold, italic, lists and links.")
        preview_value = (
            "<p>Ketamine was first developed as an anaesthetic in the 1960s; "
            "today it is also studied for <b>depression</b> and <i>chronic pain</i>.</p>"
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000, label=_("Quotation"))
    attribution = blocks.CharBlock(
        max_length=200, required=False, help_text=_("Who said or wrote it, and where.")
    )

    class Meta:
        icon = "openquote"
        template = "practice/blocks/quote_block.html"
        description = _("A quotation, set apart from the text, with who said it.")
        preview_value = {
            "quote": "The good physician treats the disease; the great physician treats "
            "the patient who has the disease.",
            "attribution": "William Osler",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alternative text"),
        help_text=_(
            "Describe what the image shows for people who cannot see it, in a sentence. Required."
        ),
    )
    caption = blocks.CharBlock(max_length=300, required=False)

    class Meta:
        icon = "image"
        template = "practice/blocks/image_block.html"
        description = _("An image with a description for screen readers and an optional caption.")
        preview_value = {"alt_text": "An illustration", "caption": "A caption below the image"}


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("important", _("Important"))],
        default="note",
        help_text=_("“Important” is for safety information readers must not miss."),
    )
    title = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "warning"
        template = "practice/blocks/callout_block.html"
        description = _("A highlighted box for a note or an important safety message.")
        preview_value = {
            "kind": "important",
            "title": "Talk to your doctor",
            "text": "<p>Never start or stop a medicine without talking to your doctor.</p>",
        }


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    callout = CalloutBlock()
