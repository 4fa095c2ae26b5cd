"""What patients write is stored encrypted: a dump of the database shows none of it."""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from contact.encryption import UnreadableValue
from contact.models import Inquiry, InquiryNote
from contact.review.workflow import add_note
from tests.factories import InquiryFactory, StandardPageFactory

from .conftest import inquiry_data, search_for

MARKER = "zebracorn"
SUBMITTED = {
    "name": f"Ann {MARKER.title()}name",
    "email": f"{MARKER}@mail.example",
    "phone": "(555) 404-7788",
    "message": f"My {MARKER} symptoms started last week.",
}
PHONE_DIGITS = "5554047788"
CONTROL = "Dump-Control-Page-Title"


def database_dump() -> bytes:
    """Everything the database holds, as a backup would: pg_dump, or a copy of the SQLite file."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
        command = ["pg_dump", "--no-owner", "--dbname", settings["NAME"]]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if settings.get(key):
                command += [flag, str(settings[key])]
        return subprocess.run(command, env=env, capture_output=True, check=True).stdout  # noqa: S603
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return copy.read_bytes()


# Committed, so that pg_dump (another connection) sees it; the migrated rows are restored after,
# as for the other tests that commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_dump_holds_no_word_a_patient_wrote(submit, home_page, reviewer_client):
    StandardPageFactory(parent=home_page, title=CONTROL)
    response = submit(inquiry_data(**SUBMITTED))
    assert response.status_code == 303
    inquiry = Inquiry.objects.get()
    add_note(inquiry, f"Called back about the {MARKER} question.", author=None)
    # The reviewer's search is kept in the session, a row of the database too.
    search_for(reviewer_client, SUBMITTED["email"])

    dump = database_dump()

    assert CONTROL.encode() in dump  # the dump holds the database's text
    for secret in (MARKER, MARKER.title(), PHONE_DIGITS, "404-7788", "symptoms"):
        assert secret.encode() not in dump, f"{secret!r} is readable in the dump"
    # And the reviewer still reads it all.
    assert Inquiry.objects.get().message == SUBMITTED["message"]
    assert InquiryNote.objects.get().text.startswith("Called back")


def test_the_reviewers_search_and_the_erasure_lookup_work_on_encrypted_details(db):
    inquiry = InquiryFactory(**SUBMITTED)
    InquiryFactory(name="Someone Else")

    assert list(Inquiry.objects.search(SUBMITTED["email"].upper())) == [inquiry]
    assert list(Inquiry.objects.search("+1 555-404-7788")) == [inquiry]
    assert list(Inquiry.objects.search(f"{MARKER}NAME ann")) == [inquiry]
    assert list(Inquiry.objects.from_email(f" {MARKER}@MAIL.example ")) == [inquiry]


def rewritten_raw(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM contact_inquiry WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_rotating_the_keys_re_encrypts_and_re_indexes_everything(db, settings):
    inquiry = InquiryFactory(**SUBMITTED)
    add_note(inquiry, f"About {MARKER}.", author=None)
    before = rewritten_raw(inquiry.pk)
    old_key, old_index_key = settings.INQUIRY_ENCRYPTION_KEYS[0], settings.INQUIRY_INDEX_KEYS[0]
    settings.INQUIRY_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    settings.INQUIRY_INDEX_KEYS = ["a-new-blind-index-key-for-the-test", old_index_key]

    call_command("rotate_inquiry_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.INQUIRY_ENCRYPTION_KEYS = settings.INQUIRY_ENCRYPTION_KEYS[:1]
    settings.INQUIRY_INDEX_KEYS = settings.INQUIRY_INDEX_KEYS[:1]

    assert rewritten_raw(inquiry.pk) != before
    assert Inquiry.objects.get().message == SUBMITTED["message"]
    assert InquiryNote.objects.get().text == f"About {MARKER}."
    assert list(Inquiry.objects.search(SUBMITTED["phone"])) == [inquiry]


def test_an_inquiry_whose_key_was_lost_cannot_be_read_and_the_rotation_names_it(db, settings):
    inquiry = InquiryFactory(**SUBMITTED)
    settings.INQUIRY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(UnreadableValue):
        Inquiry.objects.get(pk=inquiry.pk)
    with pytest.raises(Exception, match=f"inquiry #{inquiry.pk}"):
        call_command("rotate_inquiry_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_an_oversized_value_is_still_refused_by_the_model(db):
    inquiry = InquiryFactory.build(message="x" * (Inquiry.MESSAGE_MAX_LENGTH + 1))

    with pytest.raises(Exception, match="at most 3000 characters"):
        inquiry.full_clean()
