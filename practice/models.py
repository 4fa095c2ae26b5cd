"""The site core: home and standard pages, the practice's settings, the Physician snippet."""

from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from .blocks import PARAGRAPH_FEATURES, BodyBlock
from .page_tree import PageTree


class SitePage(Page):
    """What every page of the site shares."""

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        # Wagtail asks this of every page it serves: two queries (the ancestors, then their
        # restrictions). The page tree read to route the request holds the page and the pages
        # above it; when none of them is an alias or restricted, the answer needs no query.
        tree = PageTree.current()
        if tree is not None and tree.shows_no_view_restriction_on(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(SitePage):
    intro = models.TextField(
        max_length=500,
        blank=True,
        help_text=_("One or two sentences under the page title that welcome visitors."),
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["practice.StandardPage", "contact.ContactPage", "blog.BlogIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(SitePage):
    intro = models.TextField(
        max_length=500,
        blank=True,
        help_text=_("A short summary shown under the title and in search results."),
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["practice.HomePage", "practice.StandardPage"]
    subpage_types = ["practice.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class Physician(index.Indexed, models.Model):
    """A physician of the practice, named on articles as author and medical reviewer."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    credentials = models.CharField(
        _("credentials"),
        max_length=120,
        blank=True,
        help_text=_("Degrees and board certifications, for example “MD, FACP”."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = RichTextField(
        _("short biography"),
        features=PARAGRAPH_FEATURES,
        blank=True,
        max_length=2000,
        help_text=_("A few sentences about the physician, shown with their articles."),
    )

    panels = [FieldPanel("name"), FieldPanel("credentials"), FieldPanel("photo"), FieldPanel("bio")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("physician")
        verbose_name_plural = _("physicians")

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


def validate_email_lines(value: str) -> None:
    for line in value.splitlines():
        if line.strip():
            validate_email(line.strip())


@register_setting(icon="site")
class PracticeSettings(BaseSiteSetting):
    practice_name = models.CharField(_("practice name"), max_length=120)
    physician = models.ForeignKey(
        Physician,
        verbose_name=_("physician"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The practice's physician, named in the footer and in search results."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        help_text=_("Shown in the header as a tap-to-call link, for example “(555) 010-0199”."),
    )
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(
        _("address"), max_length=300, blank=True, help_text=_("One part of the address per line.")
    )
    hours = models.TextField(
        _("opening hours"),
        max_length=300,
        blank=True,
        help_text=_("One line per day or group of days, for example “Mon–Fri: 9am–5pm”."),
    )
    emergency_notice = models.CharField(
        _("emergency notice"),
        max_length=300,
        help_text=_("Shown in the footer of every page and above the contact form."),
    )
    medical_disclaimer = models.TextField(
        _("medical disclaimer"),
        max_length=1000,
        help_text=_("Shown at the end of every article."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer of every page and from the contact form."),
    )
    inquiry_recipients = models.TextField(
        _("inquiry notification recipients"),
        blank=True,
        validators=[validate_email_lines],
        help_text=_(
            "Staff email addresses, one per line, told when a new inquiry arrives. The notice "
            "carries only the inquiry's number and a link to the admin, never what was written."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("practice_name"), FieldPanel("physician")], heading=_("The practice")
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("address"), FieldPanel("hours")],
            heading=_("Contact details"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("emergency_notice"),
                FieldPanel("medical_disclaimer"),
                FieldPanel("privacy_page"),
            ],
            heading=_("Notices"),
        ),
        FieldPanel("inquiry_recipients"),
    ]

    # Every page shows the physician and links the privacy page: fetch them in the same query.
    select_related = ["physician", "privacy_page"]

    class Meta:
        verbose_name = _("practice settings")

    @property
    def phone_href(self) -> str:
        """The phone number as a tel: link target (digits and a leading plus only)."""
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def hours_lines(self) -> list[str]:
        return [line.strip() for line in self.hours.splitlines() if line.strip()]

    @property
    def inquiry_recipient_list(self) -> list[str]:
        return [line.strip() for line in self.inquiry_recipients.splitlines() if line.strip()]
