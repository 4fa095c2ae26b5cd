"""Export of the filtered queue to CSV and XLSX: who may, what it holds, and formula safety."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from contact.models import Status, Topic
from tests.factories import InquiryFactory, UserFactory

from .conftest import PATIENT_EMAIL, PATIENT_MESSAGE, PATIENT_NAME, search_for

INDEX_URL = reverse("inquiries:index")
HEADINGS = [
    "Number",
    "Received",
    "Status",
    "Topic",
    "Name",
    "Email",
    "Phone",
    "Preferred contact",
    "Best time",
    "Message",
    "Assigned to",
    "Responded at",
    "Responded by",
]


def export_csv(client, **params):
    response = client.get(INDEX_URL, {**params, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text))), response


def export_xlsx(client, **params):
    response = client.get(INDEX_URL, {**params, "export": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]], response


def test_csv_export_holds_the_filtered_listing(reviewer_client, reviewer, patient_inquiry):
    patient_inquiry.topic = Topic.PAIN
    patient_inquiry.assigned_to = reviewer
    patient_inquiry.save()
    InquiryFactory(topic=Topic.GENERAL)
    InquiryFactory(topic=Topic.PAIN, status=Status.CLOSED)

    rows, response = export_csv(reviewer_client, topic=Topic.PAIN)

    assert response["Content-Disposition"].startswith('attachment; filename="inquiries-')
    assert list(rows[0]) == HEADINGS
    assert len(rows) == 1
    row = rows[0]
    assert row["Number"] == str(patient_inquiry.pk)
    assert row["Name"] == PATIENT_NAME
    assert row["Email"] == PATIENT_EMAIL
    assert row["Message"] == PATIENT_MESSAGE
    assert row["Topic"] == "Pain management"
    assert row["Status"] == "New"
    assert row["Assigned to"] == reviewer.username
    assert row["Preferred contact"] == "Phone call"


def test_xlsx_export_holds_the_filtered_listing(reviewer_client, patient_inquiry):
    InquiryFactory(status=Status.SPAM)

    search_for(reviewer_client, "marker-roe")
    rows, response = export_xlsx(reviewer_client)

    assert response["Content-Disposition"].startswith('attachment; filename="inquiries-')
    assert len(rows) == 1
    assert list(rows[0]) == HEADINGS
    assert rows[0]["Number"] == patient_inquiry.pk
    assert rows[0]["Message"] == PATIENT_MESSAGE


def test_export_includes_every_page_of_the_listing(reviewer_client):
    InquiryFactory.create_batch(60)

    rows, _ = export_csv(reviewer_client)

    assert len(rows) == 60


FORMULAS = ['=HYPERLINK("http://x.example")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_formulas_typed_by_a_patient_cannot_run_in_csv(reviewer_client, formula):
    InquiryFactory(name=formula, message=formula, phone=formula)

    rows, _ = export_csv(reviewer_client)

    for column in ("Name", "Message", "Phone"):
        assert rows[0][column] == "'" + formula


@pytest.mark.parametrize("formula", FORMULAS)
def test_formulas_typed_by_a_patient_cannot_run_in_xlsx(reviewer_client, formula):
    InquiryFactory(name=formula, message=formula)

    response = reviewer_client.get(INDEX_URL, {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = next(workbook.active.iter_rows(min_row=2, max_row=2))

    by_heading = dict(zip(HEADINGS, cells, strict=True))
    for column in ("Name", "Message"):
        assert by_heading[column].data_type == "s"
        # XML turns a carriage return into a line feed when the file is read back.
        assert by_heading[column].value == "'" + formula.replace("\r", "\n")


def test_ordinary_text_is_exported_unchanged(reviewer_client):
    InquiryFactory(name="Ana-María O'Neil", message="Is 10-15 minutes enough? = maybe")

    rows, _ = export_csv(reviewer_client)

    assert rows[0]["Name"] == "Ana-María O'Neil"
    assert rows[0]["Message"] == "Is 10-15 minutes enough? = maybe"


def test_html_from_a_patient_is_exported_as_the_literal_text_they_typed(reviewer_client):
    """A spreadsheet renders no HTML: the export keeps the characters, not markup or entities."""
    InquiryFactory(name="<b>Bold</b>", message="<script>alert('x')</script>")

    csv_rows, _ = export_csv(reviewer_client)
    xlsx_rows, _ = export_xlsx(reviewer_client)

    for row in (csv_rows[0], xlsx_rows[0]):
        assert row["Name"] == "<b>Bold</b>"
        assert row["Message"] == "<script>alert('x')</script>"


def test_export_buttons_are_shown_only_to_those_allowed_to_export(reviewer_client, patient_inquiry):
    non_exporter = UserFactory()
    non_exporter.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_inquiry", "access_admin"])
    )
    non_exporter_client = Client()
    non_exporter_client.force_login(non_exporter)

    assert "export=csv" in reviewer_client.get(INDEX_URL).content.decode()
    listing = non_exporter_client.get(INDEX_URL)
    assert listing.status_code == 200
    assert "export=csv" not in listing.content.decode()
    assert "export=xlsx" not in listing.content.decode()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_reviewer_without_the_export_permission_is_refused(
    client, patient_inquiry, export_format
):
    non_exporter = UserFactory()
    non_exporter.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_inquiry", "access_admin"])
    )
    client.force_login(non_exporter)

    response = client.get(INDEX_URL, {"export": export_format})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert PATIENT_NAME.encode() not in response.content
