"""The reviewer's dashboard panel."""

import re

from django.urls import reverse

from contact.models import Status
from tests.factories import InquiryFactory

from .conftest import days_ago

INDEX_URL = reverse("inquiries:index")


def test_dashboard_panel_counts_new_in_review_and_overdue_with_links(reviewer_client, frozen_now):
    InquiryFactory.create_batch(2, status=Status.NEW, received_at=days_ago(0, hours=2))
    InquiryFactory(status=Status.NEW, received_at=days_ago(2))
    InquiryFactory(status=Status.IN_REVIEW, received_at=days_ago(3))
    InquiryFactory(status=Status.CLOSED, received_at=days_ago(9))

    html = reviewer_client.get(reverse("wagtailadmin_home")).content.decode()

    def row(key):
        match = re.search(
            rf'data-inquiry-count="{key}">\s*<td class="title"><a href="([^"]+)">.*?</a></td>'
            rf"\s*<td><strong>(\d+)</strong>",
            html,
            re.S,
        )
        assert match, key
        return match.group(1).replace("&amp;", "&"), int(match.group(2))

    assert row("new") == (f"{INDEX_URL}?status=new", 3)
    assert row("in_review") == (f"{INDEX_URL}?status=in_review", 1)
    assert row("overdue") == (f"{INDEX_URL}?status=overdue", 2)
