"""After an inquiry is stored: staff are told once, the visitor is acknowledged, nothing leaks."""

import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from contact.models import Inquiry, Status
from contact.notifications import (
    MAIL_ERRORS,
    Outcome,
    send_acknowledgement,
    send_staff_notification,
)
from contact.tasks import (
    MailNotSent,
    acknowledge_inquiry,
    notify_staff_of_inquiry,
    retry_delay,
)
from practice.models import PracticeSettings
from tests.contact.conftest import STAFF_EMAIL, closed_port, inquiry_data
from tests.factories import InquiryFactory
from tests.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

# Values no email may carry: what the visitor typed, and the topic they chose.
SECRET_VALUES = {
    "name": "Yolanda Quintero-Abernathy",
    "email": "yolanda.q.private@mail.example",
    "phone": "(555) 246-8135",
    "message": "My chronic migraine medication is not working anymore.",
    "topic": "ketamine",
}
SECRET_TEXTS = [*SECRET_VALUES.values(), "Yolanda", "Quintero", "246-8135", "Ketamine", "migraine"]


def contact_tasks(**filters):
    return DBTaskResult.objects.filter(task_path__startswith="contact.", **filters)


def staff_notifications(messages):
    return [message for message in messages if message.subject.startswith("New inquiry #")]


@pytest.fixture
def secret_inquiry(submit):
    submit(inquiry_data(**SECRET_VALUES))
    return Inquiry.objects.get()


# What the emails say


def test_staff_notification_names_the_number_and_links_to_the_admin(secret_inquiry, mailoutbox):
    assert notify_staff_of_inquiry.call(secret_inquiry.pk) == "sent"
    (message,) = mailoutbox
    assert message.subject == f"New inquiry #{secret_inquiry.pk}"
    assert message.to == [STAFF_EMAIL]
    assert "http://testserver/admin/" in message.body
    assert f"inquiry #{secret_inquiry.pk}" in message.body


def test_staff_notification_contains_nothing_the_visitor_sent(secret_inquiry, mailoutbox):
    notify_staff_of_inquiry.call(secret_inquiry.pk)
    whole_message = mailoutbox[0].message().as_string()
    for text in SECRET_TEXTS:
        assert text not in whole_message
        assert text.lower() not in whole_message.lower()


def test_acknowledgement_goes_to_the_visitor_and_repeats_nothing_they_wrote(
    secret_inquiry, mailoutbox
):
    assert acknowledge_inquiry.call(secret_inquiry.pk) == "sent"
    (message,) = mailoutbox
    assert message.to == [SECRET_VALUES["email"]]
    del message.to  # the only place the visitor's address may appear
    readable = f"{message.subject}\n{message.body}"
    for text in SECRET_TEXTS:
        assert text.lower() not in readable.lower()
    assert "In an emergency call 911" in message.body
    assert "(555) 010-0199" in message.body  # the practice's own number


def test_no_acknowledgement_without_an_email_address(mailoutbox):
    inquiry = InquiryFactory(email="", phone="(555) 010-0100")
    assert acknowledge_inquiry.call(inquiry.pk) == "not needed"
    assert mailoutbox == []


def test_spam_is_never_notified_or_acknowledged(home_page, mailoutbox, settings):
    settings.INQUIRY_NOTIFICATION_EMAILS = [STAFF_EMAIL]
    inquiry = InquiryFactory(status=Status.SPAM)
    assert notify_staff_of_inquiry.call(inquiry.pk) == "not needed"
    assert acknowledge_inquiry.call(inquiry.pk) == "not needed"
    call_command("send_pending_inquiry_notifications", grace_minutes=0)
    assert mailoutbox == []


def test_deleted_inquiry_is_not_notified(home_page, mailoutbox, settings):
    settings.INQUIRY_NOTIFICATION_EMAILS = [STAFF_EMAIL]
    inquiry = InquiryFactory()
    inquiry_id = inquiry.pk
    inquiry.delete()
    assert notify_staff_of_inquiry.call(inquiry_id) == "not needed"
    assert mailoutbox == []


# Who is told


def test_recipients_come_from_the_site_settings_first(contact_page, mailoutbox, settings):
    settings.INQUIRY_NOTIFICATION_EMAILS = ["fallback@practice.example"]
    notify_staff_of_inquiry.call(InquiryFactory().pk)
    assert mailoutbox[0].to == [STAFF_EMAIL]


def test_recipients_fall_back_to_the_environment_setting(home_page, mailoutbox, settings):
    settings.INQUIRY_NOTIFICATION_EMAILS = ["a@practice.example", "b@practice.example"]
    notify_staff_of_inquiry.call(InquiryFactory().pk)
    assert mailoutbox[0].to == ["a@practice.example", "b@practice.example"]


def test_with_nobody_to_tell_the_inquiry_stays_unnotified(home_page, mailoutbox, settings, caplog):
    settings.INQUIRY_NOTIFICATION_EMAILS = []
    inquiry = InquiryFactory(received_at=timezone.now() - timedelta(hours=1))
    assert notify_staff_of_inquiry.call(inquiry.pk) == "no recipients"
    inquiry.refresh_from_db()
    assert inquiry.notified_at is None
    assert "nobody to notify" in caplog.text
    with pytest.raises(CommandError, match="nobody is set to receive them"):
        call_command("send_pending_inquiry_notifications")
    assert mailoutbox == []


def test_admin_link_uses_the_configured_admin_address(contact_page, mailoutbox, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://www.practice.example/"
    notify_staff_of_inquiry.call(InquiryFactory().pk)
    assert "https://www.practice.example/admin/" in mailoutbox[0].body


# Exactly once


def test_notification_is_sent_once_however_often_it_is_asked_for(secret_inquiry, mailoutbox):
    assert notify_staff_of_inquiry.call(secret_inquiry.pk) == "sent"
    assert notify_staff_of_inquiry.call(secret_inquiry.pk) == "already sent"
    call_command("send_pending_inquiry_notifications", grace_minutes=0)
    assert len(staff_notifications(mailoutbox)) == 1
    secret_inquiry.refresh_from_db()
    assert secret_inquiry.notified_at is not None


def test_acknowledgement_is_sent_once_however_often_it_is_asked_for(secret_inquiry, mailoutbox):
    assert acknowledge_inquiry.call(secret_inquiry.pk) == "sent"
    assert acknowledge_inquiry.call(secret_inquiry.pk) == "already sent"
    assert len(mailoutbox) == 1
    secret_inquiry.refresh_from_db()
    assert secret_inquiry.acknowledged_at is not None


def test_an_acknowledgement_the_mail_server_refused_is_not_marked_sent(
    secret_inquiry, smtp_backend
):
    with pytest.raises(MAIL_ERRORS):
        send_acknowledgement(secret_inquiry.pk)
    secret_inquiry.refresh_from_db()
    assert secret_inquiry.acknowledged_at is None


class HeldOpenBackend(LocmemBackend):
    """A mail server that keeps the first sender waiting until the test lets it go."""

    entered = threading.Event()
    release = threading.Event()

    def send_messages(self, messages):
        type(self).entered.set()
        type(self).release.wait(timeout=30)
        return super().send_messages(messages)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks need PostgreSQL; SQLite lets one writer in at a time, and its in-memory "
    "test database refuses a second one instead of making it wait.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "send", [send_staff_notification, send_acknowledgement], ids=["staff", "acknowledgement"]
)
def test_two_workers_at_once_send_one_email(contact_page, settings, send):
    settings.EMAIL_BACKEND = f"{__name__}.HeldOpenBackend"
    HeldOpenBackend.entered.clear()
    HeldOpenBackend.release.clear()
    mail.outbox = []
    inquiry = InquiryFactory()
    outcomes = {}

    def worker(name):
        try:
            outcomes[name] = send(inquiry.pk)
        finally:
            connection.close()

    first = threading.Thread(target=worker, args=("first",))
    first.start()
    assert HeldOpenBackend.entered.wait(timeout=30)
    second = threading.Thread(target=worker, args=("second",))
    second.start()
    # PostgreSQL: the second skips the locked row at once. SQLite: it waits for the first.
    second.join(timeout=10)
    HeldOpenBackend.release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert outcomes["first"] is Outcome.SENT
    assert outcomes["second"] in (Outcome.NOT_NEEDED, Outcome.ALREADY_SENT)
    assert len(mail.outbox) == 1


# The real worker, the real database


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_runs_the_stored_tasks_against_the_database(submit, mailoutbox):
    submit(inquiry_data(**SECRET_VALUES))
    inquiry = Inquiry.objects.get()
    run_queued_tasks()
    inquiry.refresh_from_db()
    assert inquiry.notified_at is not None
    assert sorted(message.subject for message in mailoutbox) == sorted(
        [f"New inquiry #{inquiry.pk}", "We received your message to Dr. Joseph Rosado"]
    )
    assert {task.status for task in contact_tasks()} == {TaskResultStatus.SUCCESSFUL}


# The mail server goes down


class RecordingHandler:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.fixture
def start_smtp_server(smtp_backend):
    controllers = []

    def start():
        handler = RecordingHandler()
        controller = Controller(
            handler, hostname="127.0.0.1", port=smtp_backend.EMAIL_PORT, server_hostname="localhost"
        )
        controller.start()
        controllers.append(controller)
        return handler

    yield start
    for controller in controllers:
        controller.stop()


def make_retries_due():
    # Time passing, without a test that waits: the retry's run_after is now.
    contact_tasks(status=TaskResultStatus.READY).update(run_after=timezone.now())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_smtp_down_then_up_sends_the_notification_exactly_once(submit, start_smtp_server):
    submit(inquiry_data(**SECRET_VALUES))
    inquiry = Inquiry.objects.get()

    run_queued_tasks()  # the mail server is down
    inquiry.refresh_from_db()
    assert inquiry.notified_at is None
    failed = contact_tasks(status=TaskResultStatus.FAILED)
    assert failed.count() == 2
    assert {task.exception_class_path for task in failed} == {"contact.tasks.MailNotSent"}
    retries = contact_tasks(status=TaskResultStatus.READY)
    assert retries.count() == 2
    assert all(task.run_after > timezone.now() for task in retries)
    assert {task.args_kwargs["kwargs"]["attempt"] for task in retries} == {2}

    run_queued_tasks()  # the retries are not due yet
    assert contact_tasks(status=TaskResultStatus.READY).count() == 2

    server = start_smtp_server()  # the mail server is back
    make_retries_due()
    run_queued_tasks()
    call_command("send_pending_inquiry_notifications", grace_minutes=0)
    run_queued_tasks()

    subjects = [
        line
        for text in server.messages
        for line in text.splitlines()
        if line.startswith("Subject:")
    ]
    assert subjects.count(f"Subject: New inquiry #{inquiry.pk}") == 1
    assert len(server.messages) == 2  # the notification and the acknowledgement, once each
    inquiry.refresh_from_db()
    assert inquiry.notified_at is not None
    for text in SECRET_TEXTS:
        assert all(text not in message for message in server.messages if "New inquiry" in message)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failed_attempts_leave_nothing_personal_in_the_task_table(submit, smtp_backend, caplog):
    submit(inquiry_data(**SECRET_VALUES))
    run_queued_tasks()
    stored = " ".join(
        f"{task.args_kwargs} {task.traceback} {task.return_value}" for task in contact_tasks()
    )
    for text in SECRET_TEXTS:
        assert text not in stored
        assert text not in caplog.text
    assert "ConnectionRefusedError" in stored


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sweep_sends_what_the_worker_could_not(submit, start_smtp_server):
    submit(inquiry_data(**SECRET_VALUES))
    inquiry = Inquiry.objects.get()
    run_queued_tasks()  # the mail server is down
    with pytest.raises(CommandError, match="did not accept"):
        call_command("send_pending_inquiry_notifications", grace_minutes=0)

    server = start_smtp_server()
    call_command("send_pending_inquiry_notifications", grace_minutes=0)
    inquiry.refresh_from_db()
    assert inquiry.notified_at is not None
    make_retries_due()
    run_queued_tasks()  # the retry finds the notification sent
    assert sum("New inquiry #" in message for message in server.messages) == 1


def test_sweep_leaves_fresh_inquiries_to_the_worker(contact_page, mailoutbox):
    fresh = InquiryFactory()
    waiting = InquiryFactory(received_at=timezone.now() - timedelta(minutes=30))
    call_command("send_pending_inquiry_notifications")
    assert [message.subject for message in mailoutbox] == [f"New inquiry #{waiting.pk}"]
    fresh.refresh_from_db()
    assert fresh.notified_at is None


def test_retries_back_off_exponentially_up_to_an_hour():
    delays = [retry_delay(attempt).total_seconds() for attempt in range(1, 9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_last_failed_attempt_stops_retrying(contact_page, smtp_backend):
    inquiry = InquiryFactory()
    with pytest.raises(MailNotSent):
        notify_staff_of_inquiry.call(inquiry.pk, attempt=8)
    assert contact_tasks().count() == 0


def test_the_site_settings_recipients_can_be_several(contact_page, mailoutbox):
    practice = PracticeSettings.objects.get()
    practice.inquiry_recipients = "one@practice.example\n\ntwo@practice.example\n"
    practice.save()
    notify_staff_of_inquiry.call(InquiryFactory().pk)
    assert mailoutbox[0].to == ["one@practice.example", "two@practice.example"]
