"""A visitor sends an inquiry: what is accepted, what is refused, and what is stored."""

import html
import re

import pytest
from django.db import OperationalError, connection
from django.template import Context, Template
from django.test import RequestFactory
from django.views.debug import SafeExceptionReporterFilter
from django_tasks_db.models import DBTaskResult
from wagtail.test.utils import WagtailPageTestCase

from contact.forms import FormKey
from contact.intake import contact_form_view
from contact.models import ContactPage, Inquiry, Status
from practice.models import HomePage, StandardPage
from tests.contact.conftest import PRACTICE_PHONE, form_key, inquiry_data
from tests.factories import ContactPageFactory, InquiryFactory, make_site

pytestmark = pytest.mark.django_db

OVER_LIMIT = {
    "name": Inquiry.NAME_MAX_LENGTH + 1,
    "email": Inquiry.EMAIL_MAX_LENGTH + 1,
    "phone": Inquiry.PHONE_MAX_LENGTH + 1,
    "message": Inquiry.MESSAGE_MAX_LENGTH + 1,
}


def oversized_value(field: str, length: int) -> str:
    if field == "email":
        return "a" * (length - len("@mail.example")) + "@mail.example"
    if field == "phone":
        return "5" * length
    return "x" * length


def contact_tasks():
    # Wagtail queues its own tasks (search indexing of pages) in the same table.
    return DBTaskResult.objects.filter(task_path__startswith="contact.")


def assert_nothing_stored():
    assert Inquiry.objects.count() == 0
    assert contact_tasks().count() == 0


# The page


def test_contact_page_shows_the_form_with_the_safety_notice_above_it(csrf_client, contact_page):
    html_text = csrf_client.get("/contact/").content.decode()
    notice = html_text.index("In an emergency call 911")
    medical = html_text.index("Please do not include detailed medical information")
    form = html_text.index('<form class="inquiry-form"')
    assert notice < form and medical < form
    assert '<label class="field__label" for="id_name">' in html_text
    assert 'href="/privacy/"' in html_text
    assert "<script" not in html_text


def test_contact_and_thank_you_pages_are_never_cached(csrf_client, contact_page):
    for path in ("/contact/", "/contact/thank-you/"):
        cache_control = csrf_client.get(path)["Cache-Control"]
        assert "no-store" in cache_control
        assert "private" in cache_control


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_contact_page_answers_only_get_and_post(contact_page, method):
    request = getattr(RequestFactory(), method)("/contact/")
    response = contact_form_view(request, ContactPage.objects.get(pk=contact_page.pk))
    assert response.status_code == 405


def test_header_links_to_the_contact_page_on_every_page(client, contact_page):
    html_text = client.get("/").content.decode()
    assert '<a class="site-header__cta" href="/contact/">Contact us</a>' in html_text
    on_contact_page = client.get("/contact/").content.decode()
    assert 'class="site-header__cta" href="/contact/" aria-current="page"' in on_contact_page


def test_header_link_is_looked_up_once_per_request(
    contact_page, django_assert_max_num_queries, django_assert_num_queries
):
    request = RequestFactory().get("/")
    template = Template("{% load contact_tags %}{% contact_page_link as link %}{{ link.url }}")
    with django_assert_max_num_queries(3):  # the site, the page, the site's root paths
        template.render(Context({"request": request}))
    with django_assert_num_queries(0):
        for _ in range(5):
            assert template.render(Context({"request": request})) == "/contact/"


def test_header_has_no_contact_link_without_a_live_contact_page(client, home_page):
    ContactPageFactory(parent=home_page, live=False)
    assert "site-header__cta" not in client.get("/").content.decode()


class TestContactPageInTheAdmin(WagtailPageTestCase):
    def test_contact_page_lives_only_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, ContactPage)
        self.assertCanNotCreateAt(StandardPage, ContactPage)
        self.assertAllowedSubpageTypes(ContactPage, {})

    def test_editors_can_preview_the_contact_page(self):
        home = make_site()
        page = ContactPageFactory(parent=home)
        self.assertPageIsRoutable(page)
        self.assertPageIsRoutable(page, "thank-you/")
        self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(page, "thank-you/")
        self.assertPageIsPreviewable(page)


def test_inquiry_str_names_only_its_number():
    inquiry = InquiryFactory(name="Maria Lopez")
    assert str(inquiry) == f"Inquiry #{inquiry.pk}"


# A valid inquiry


def test_valid_inquiry_with_emoji_and_right_to_left_text_is_stored_byte_for_byte(submit):
    data = inquiry_data(
        name="مريم الحسيني 🌿",
        email="maryam@mail.example",
        phone="+1 (555) 010-0199",
        message="שלום! I'd like an appointment 🙏\nمرحبا، أود حجز موعد.\n\tThank you 👩‍⚕️",
    )
    response = submit(data)
    assert response.status_code == 303
    inquiry = Inquiry.objects.get()
    for field in ("name", "email", "phone", "message"):
        assert getattr(inquiry, field).encode() == data[field].encode()
    assert inquiry.topic == "new_patient"
    assert inquiry.preferred_contact == "email"
    assert inquiry.best_time == "morning"
    assert inquiry.status == Status.NEW
    assert inquiry.consented_at is not None
    assert inquiry.notified_at is None


def test_valid_inquiry_is_stored_with_its_email_tasks(submit):
    submit()
    inquiry = Inquiry.objects.get()
    tasks = {task.task_path: task.args_kwargs for task in contact_tasks()}
    assert tasks == {
        "contact.tasks.notify_staff_of_inquiry": {"args": [inquiry.pk], "kwargs": {}},
        "contact.tasks.acknowledge_inquiry": {"args": [inquiry.pk], "kwargs": {}},
    }


def test_inquiry_without_email_queues_no_acknowledgement(submit):
    submit(inquiry_data(email="", preferred_contact="phone"))
    assert [task.task_path for task in contact_tasks()] == ["contact.tasks.notify_staff_of_inquiry"]


def test_after_sending_the_visitor_is_redirected_to_a_thank_you_page_without_personal_data(
    submit, csrf_client
):
    response = submit()
    assert response.status_code == 303
    assert response["Location"] == "/contact/thank-you/"
    thanks = csrf_client.get(response["Location"])
    assert thanks.status_code == 200
    text = thanks.content.decode()
    assert "Thank you for getting in touch" in text
    assert "We will be in touch." in text
    assert "Maria" not in text


def test_message_newlines_from_the_browser_count_once_toward_the_limit(submit):
    message = "\r\n".join(["x" * 99] * 30) + "!"
    assert len(message) > Inquiry.MESSAGE_MAX_LENGTH
    assert len(message.replace("\r\n", "\n")) == Inquiry.MESSAGE_MAX_LENGTH
    assert submit(inquiry_data(message=message)).status_code == 303
    assert Inquiry.objects.get().message == message.replace("\r\n", "\n")


@pytest.mark.parametrize(
    "phone",
    [
        "(555) 010-0199",
        "555-010-0199",
        "555.010.0199",
        "+1 555 010 0199",
        "+44 20 7946 0958",
        "5550100199",
        "(555) 010-0199 ext. 12",
        "555 010 0199 x12",
    ],
)
def test_phone_numbers_in_usual_human_formats_are_accepted(submit, phone):
    assert submit(inquiry_data(phone=phone)).status_code == 303
    assert Inquiry.objects.get().phone == phone


# Refused: nothing stored, everything typed kept


@pytest.mark.parametrize("field", OVER_LIMIT)
def test_oversized_field_is_rejected_and_nothing_is_stored(submit, field):
    value = oversized_value(field, OVER_LIMIT[field])
    response = submit(inquiry_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "Shorten this to" in response.content.decode() or field == "email"
    assert_nothing_stored()


@pytest.mark.parametrize("field", ["name", "email", "phone"])
@pytest.mark.parametrize(
    "character",
    ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\n", "\r", "\u2028"],
    ids=["nul", "bell", "escape", "delete", "next-line", "newline", "carriage-return", "line-sep"],
)
def test_control_characters_in_single_line_fields_are_refused(submit, field, character):
    value = {"name": "Maria{}Lopez", "email": "maria{}@mail.example", "phone": "555 010{}0199"}
    response = submit(inquiry_data(**{field: value[field].format(character)}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert_nothing_stored()


@pytest.mark.parametrize("override", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_overrides_in_the_name_are_refused(submit, override):
    response = submit(inquiry_data(name=f"Maria {override}zepoL"))
    assert response.context["form"].errors["name"] == [
        "Remove the line breaks and invisible formatting characters."
    ]
    assert_nothing_stored()


def test_right_to_left_marks_in_a_name_are_kept(submit):
    name = "\u200fמרים כהן\u200f (Miriam)"
    assert submit(inquiry_data(name=name)).status_code == 303
    assert Inquiry.objects.get().name == name


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x08"], ids=["nul", "escape", "backspace"])
def test_control_characters_in_the_message_are_refused(submit, character):
    response = submit(inquiry_data(message=f"Hello{character}there"))
    assert response.context["form"].errors["message"] == [
        "Remove the invisible control characters from your message."
    ]
    assert_nothing_stored()


def test_nul_byte_gets_one_clear_message(submit):
    response = submit(inquiry_data(name="Maria\x00"))
    assert response.context["form"].errors["name"] == [
        "Remove the line breaks and invisible control characters."
    ]


@pytest.mark.parametrize(
    "email",
    [
        "maria",
        "maria@",
        "@mail.example",
        "maria@@mail.example",
        "maria lopez@mail.example",
        "maria@mail",
        "maria@mail..example",
        "<maria@mail.example>",
        "maria@mail.example, other@mail.example",
    ],
)
def test_invalid_email_addresses_are_refused(submit, email):
    response = submit(inquiry_data(email=email))
    assert response.context["form"].errors["email"] == [
        "Enter an email address in the form name@example.com."
    ]
    assert_nothing_stored()


@pytest.mark.parametrize("phone", ["call me", "12345", "5" * 16, "+1 555 010 0199 ext 1234567"])
def test_phone_numbers_that_cannot_be_dialled_are_refused(submit, phone):
    response = submit(inquiry_data(phone=phone))
    assert response.context["form"].errors["phone"]
    assert_nothing_stored()


def test_email_or_phone_is_needed_to_answer(submit):
    response = submit(inquiry_data(email="", phone="", preferred_contact=""))
    assert response.context["form"].errors["email"] == [
        "Enter an email address or a phone number, so that we can answer you."
    ]
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("preferred", "missing"), [("email", "email"), ("phone", "phone"), ("text", "phone")]
)
def test_the_preferred_way_of_contact_needs_its_detail(submit, preferred, missing):
    response = submit(inquiry_data(preferred_contact=preferred, **{missing: ""}))
    assert list(response.context["form"].errors) == [missing]
    assert_nothing_stored()


def test_consent_is_required(submit):
    response = submit(inquiry_data(consent=None))
    assert response.context["form"].errors["consent"]
    assert_nothing_stored()


@pytest.mark.parametrize("topic", ["", "surgery", "general\r\nBcc: victim@mail.example"])
def test_topic_must_be_one_of_the_listed_ones(submit, topic):
    response = submit(inquiry_data(topic=topic))
    assert response.context["form"].errors["topic"]
    assert_nothing_stored()


def test_a_refused_form_keeps_everything_typed(submit):
    data = inquiry_data(email="not-an-email", message="Line one\nLine two ✨")
    html_text = submit(data).content.decode()
    assert 'value="Maria Lopez"' in html_text
    assert 'value="not-an-email"' in html_text
    assert 'value="(555) 123-4567"' in html_text
    assert "Line one\nLine two ✨</textarea>" in html_text
    assert 'value="new_patient" id="id_topic_0" required checked' in html_text
    assert (
        'name="consent" required aria-describedby="id_consent_helptext" id="id_consent" checked'
        in html_text
    )


def test_errors_are_summarised_at_the_top_with_links_to_each_field(submit):
    response = submit(inquiry_data(name="", email="nope", topic="", consent=None))
    html_text = response.content.decode()
    summary = html_text[html_text.index('class="error-summary"') : html_text.index("<form")]
    assert 'href="#id_name"' in summary
    assert 'href="#id_email"' in summary
    assert 'href="#id_topic_0"' in summary
    assert 'href="#id_consent"' in summary
    assert html_text.index('class="error-summary"') < html_text.index('<form class="inquiry-form"')
    assert "<title>Error:" in html_text


def test_each_error_sits_next_to_its_field_and_describes_it(submit):
    html_text = submit(inquiry_data(email="nope")).content.decode()
    assert 'id="id_email_error"' in html_text
    assert 'aria-invalid="true" aria-describedby="id_email_helptext id_email_error"' in html_text
    assert 'aria-describedby="id_phone_helptext" id="id_phone"' in html_text


def test_html_and_script_payloads_are_stored_verbatim(submit):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    submit(inquiry_data(name=payload[:90], message=f"{payload}\n<b>bold</b> & 'quotes'"))
    inquiry = Inquiry.objects.get()
    assert inquiry.name == payload[:90]
    assert inquiry.message == f"{payload}\n<b>bold</b> & 'quotes'"


def test_html_and_script_payloads_are_shown_escaped_when_the_form_comes_back(submit):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = submit(inquiry_data(name=payload[:90], message=payload, consent=None))
    html_text = response.content.decode()
    assert "<script>alert" not in html_text
    assert "<img src=x" not in html_text
    assert html.escape(payload[:90]) in html_text
    assert html.escape(payload) in html_text


def test_email_header_injection_through_the_name_is_refused(submit, mailoutbox):
    response = submit(inquiry_data(name="Maria\r\nBcc: victim@mail.example"))
    assert response.context["form"].errors["name"]
    assert_nothing_stored()
    assert mailoutbox == []


def test_missing_csrf_token_is_refused_with_403(csrf_client, contact_page):
    response = csrf_client.post("/contact/", inquiry_data())
    assert response.status_code == 403
    assert_nothing_stored()


def test_wrong_csrf_token_is_refused_with_403(csrf_client, contact_page):
    csrf_client.get("/contact/")
    response = csrf_client.post("/contact/", {**inquiry_data(), "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403
    assert_nothing_stored()


# Sent twice


def test_duplicate_submission_creates_one_inquiry(submit):
    data = inquiry_data()
    first = submit(data)
    second = submit(data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"] == "/contact/thank-you/"
    assert Inquiry.objects.count() == 1
    assert contact_tasks().filter(task_path__endswith="notify_staff_of_inquiry").count() == 1


def test_a_corrected_form_keeps_its_key_so_a_resend_is_still_one_inquiry(submit):
    key = form_key()
    refused = submit(inquiry_data(form_key=key, consent=None))
    kept_key = re.search(r'name="form_key" value="([^"]+)"', refused.content.decode()).group(1)
    assert FormKey.read(kept_key) == FormKey.read(key)
    assert submit(inquiry_data(form_key=key)).status_code == 303
    assert submit(inquiry_data(form_key=key)).status_code == 303
    assert Inquiry.objects.count() == 1


def test_each_new_form_gets_its_own_key(csrf_client, contact_page):
    first = csrf_client.get("/contact/").context["form_key"]
    second = csrf_client.get("/contact/").context["form_key"]
    assert first != second


# The database fails


@pytest.fixture
def failing_inquiry_inserts():
    def refuse_inquiry_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and "contact_inquiry" in sql:
            raise OperationalError("could not write to the database")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_inquiry_insert):
        yield


def test_database_error_on_save_gives_503_with_the_text_kept(submit, failing_inquiry_inserts):
    data = inquiry_data(message="Please call me about my back pain.\nThank you! 😊")
    response = submit(data)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "no-store" in response["Cache-Control"]
    html_text = response.content.decode()
    assert "Your message was not sent" in html_text
    assert "Thank you for getting in touch" not in html_text
    assert PRACTICE_PHONE in html_text
    assert 'value="Maria Lopez"' in html_text
    assert "Please call me about my back pain.\nThank you! 😊</textarea>" in html_text
    # The same form comes back: sending it again later still stores one inquiry, not two.
    # (The signature itself carries the signing time, so compare what it signs.)
    kept_key = re.search(r'name="form_key" value="([^"]+)"', html_text).group(1)
    assert FormKey.read(kept_key) == FormKey.read(data["form_key"])


def test_database_error_on_save_stores_no_task_and_logs_no_content(
    submit, failing_inquiry_inserts, caplog
):
    submit(inquiry_data(message="Secret words about my health"))
    assert contact_tasks().count() == 0
    assert "Secret words" not in caplog.text
    assert "Maria" not in caplog.text
    assert "OperationalError" in caplog.text


def test_database_gone_altogether_still_gives_503(submit, csrf_client):
    def refuse_every_inquiry_query(execute, sql, params, many, context):
        if "contact_inquiry" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_every_inquiry_query):
        response = submit()
    assert response.status_code == 503
    assert "Your message was not sent" in response.content.decode()


def test_same_form_sent_twice_at_the_same_moment_is_one_inquiry(submit, monkeypatch):
    from django.db import IntegrityError

    from contact import intake

    def the_other_request_got_there_first(form, *, as_spam):
        InquiryFactory(submission_token=form.form_key.submission_token)
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(intake, "store_inquiry", the_other_request_got_there_first)
    response = submit()
    assert response.status_code == 303
    assert response["Location"] == "/contact/thank-you/"
    assert Inquiry.objects.count() == 1


def test_inquiry_and_its_tasks_are_stored_together_or_not_at_all(submit):
    task_table = DBTaskResult._meta.db_table

    def refuse_task_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and task_table in sql:
            raise OperationalError("could not write to the database")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_task_insert):
        response = submit()
    assert response.status_code == 503
    assert Inquiry.objects.count() == 0


# Privacy


def test_nothing_the_visitor_wrote_is_logged(submit, caplog):
    caplog.set_level("DEBUG")
    submit(inquiry_data(message="My private message"))
    inquiry = Inquiry.objects.get()
    assert f"Inquiry #{inquiry.pk} received" in caplog.text
    for value in ("Maria", "Lopez", "maria.lopez", "123-4567", "My private message"):
        assert value not in caplog.text


def test_error_reports_hide_every_posted_value(contact_page):
    request = RequestFactory().post("/contact/", inquiry_data(message="Private"))
    contact_form_view(request, ContactPage.objects.get(pk=contact_page.pk))
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert (
        cleansed["message"] == cleansed["name"] == SafeExceptionReporterFilter.cleansed_substitute
    )


def test_visitor_address_is_not_stored_with_the_inquiry(submit):
    submit(REMOTE_ADDR="198.51.100.23")
    stored = Inquiry.objects.values().get()
    assert not any("198.51.100" in str(value) for value in stored.values())


def test_the_form_sets_one_csrf_cookie_and_nothing_else(csrf_client, submit):
    assert set(csrf_client.get("/contact/").cookies) == {"csrftoken"}
    response = submit()
    assert set(response.cookies) <= {"csrftoken"}
    assert "sessionid" not in csrf_client.cookies
