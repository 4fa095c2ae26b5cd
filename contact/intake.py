"""How the contact page receives an inquiry: form, checks, one transaction, thank-you page.

The inquiry and the tasks that email about it are stored in one transaction, so either both exist
or neither does. A visitor is thanked only for what was stored; when the database fails they get a
503 page with everything they typed, and the practice's phone number.
"""

import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from wagtail.templatetags.wagtailcore_tags import richtext

from practice.models import PracticeSettings

from .forms import InquiryForm, SpamVerdict
from .models import Inquiry, Status
from .ratelimit import count_submission
from .tasks import acknowledge_inquiry, notify_staff_of_inquiry

logger = logging.getLogger(__name__)


def uncacheable(response):
    """The contact pages carry a CSRF token or follow a patient's message: no cache may keep them.

    `private, no-store` keeps them out of shared caches (a page cache, a proxy) and the browser's.
    """
    add_never_cache_headers(response)
    return response


def contact_page_context(request, page) -> dict:
    """Everything the form's templates need, loaded before anything is written.

    The 503 page is drawn from this alone, without the database.
    """
    practice = PracticeSettings.for_request(request)
    privacy_page = practice.privacy_page
    return {
        "page": page,
        "self": page,
        "practice": practice,
        "privacy_url": privacy_page.get_url(request) if privacy_page and privacy_page.live else "",
        # Rendered now: links inside rich text are looked up in the database.
        "privacy_notice": richtext(page.privacy_notice) if page.privacy_notice else "",
        "form_action": page.get_url(request),
    }


@sensitive_post_parameters()
def contact_form_view(request, page):
    if request.method == "POST":
        return receive_inquiry(request, page)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    return render_contact_page(request, page, InquiryForm())


def thank_you_view(request, page):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    context = contact_page_context(request, page)
    return uncacheable(TemplateResponse(request, "contact/thank_you.html", context))


def render_contact_page(request, page, form, *, context=None):
    context = {**(context or contact_page_context(request, page)), "form": form}
    context["form_key"] = form.signed_form_key()
    return uncacheable(TemplateResponse(request, "contact/contact_page.html", context))


@sensitive_variables()
def receive_inquiry(request, page):
    decision = count_submission(request)
    if not decision.allowed:
        return too_many_submissions(request, page, decision.retry_after_seconds)

    context = contact_page_context(request, page)
    form = InquiryForm(request.POST)
    if not form.is_valid():
        return render_contact_page(request, page, form, context=context)

    # 303: the browser follows with a GET, so reloading the thank-you page sends nothing again.
    thank_you = HttpResponseRedirect(context["form_action"] + page.reverse_subpage("thank_you"))
    thank_you.status_code = 303
    uncacheable(thank_you)
    # A bot is thanked like a person, so it learns nothing from the answer.
    if form.spam_verdict is SpamVerdict.DROP:
        logger.info("Contact form: a submission was dropped as spam")
        return thank_you

    try:
        inquiry = store_inquiry(form, as_spam=form.spam_verdict is SpamVerdict.SUSPECT)
    except DatabaseError as error:
        if isinstance(error, IntegrityError) and already_stored(form):
            return thank_you  # the same form, sent twice at the same moment
        # The class only: a database error's text can quote what was being written.
        logger.error("Contact form: the inquiry could not be stored (%s)", type(error).__name__)
        return database_unavailable(request, form, context)

    if inquiry is not None:
        suspected = " as suspected spam" if inquiry.status == Status.SPAM else ""
        logger.info("Inquiry #%s received%s", inquiry.pk, suspected)
    return thank_you


@sensitive_variables()
def store_inquiry(form: InquiryForm, *, as_spam: bool) -> Inquiry | None:
    """Save the inquiry and queue its emails together; None when this form was already stored."""
    with transaction.atomic():
        token = form.form_key.submission_token
        if Inquiry.objects.filter(submission_token=token).exists():
            return None
        inquiry = form.build_inquiry()
        if as_spam:
            inquiry.status = Status.SPAM
        inquiry.save()
        if not as_spam:
            notify_staff_of_inquiry.enqueue(inquiry.pk)
            if inquiry.email:
                acknowledge_inquiry.enqueue(inquiry.pk)
    return inquiry


def already_stored(form: InquiryForm) -> bool:
    try:
        return Inquiry.objects.filter(submission_token=form.form_key.submission_token).exists()
    except DatabaseError:
        return False


def database_unavailable(request, form, context):
    """Nothing was stored: say so, keep every word the visitor typed, and give the phone number."""
    context = {**context, "form": form, "form_key": form.signed_form_key()}
    response = TemplateResponse(request, "contact/unavailable.html", context, status=503)
    response["Retry-After"] = "120"
    return uncacheable(response)


def too_many_submissions(request, page, retry_after_seconds: int):
    context = {"page": page, "retry_after_minutes": -(-retry_after_seconds // 60)}
    response = TemplateResponse(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after_seconds)
    return uncacheable(response)
