"""Two gunicorn app servers and two task workers sharing PostgreSQL and Redis, Varnish in front.

Runs when DATABASE_URL names PostgreSQL and REDIS_URL is set (as CI does); it creates a database
of its own beside the suite's, and uses its own cache key prefix in the same Redis.
"""

import os
import time
import urllib.parse

import pytest
from cryptography.fernet import Fernet

from tests.scale.multi_server import INQUIRY_RATE_LIMIT, Cluster, Visitor, find_varnishd

ARTICLE = "/blog/demystifying-ketamine/"
PURGE_TASK = "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith(("postgres://", "postgresql://")) and REDIS_URL),
    reason="needs DATABASE_URL=postgres://... and REDIS_URL: several servers share those engines",
)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    varnishd = find_varnishd()
    if varnishd is None and os.environ.get("CI"):
        pytest.fail("varnishd is missing: CI installs Debian's varnish package first.")
    cluster = Cluster(tmp_path_factory.mktemp("multi-server"), DATABASE_URL, REDIS_URL, varnishd)
    try:
        cluster.prepare()
        cluster.start()
        yield cluster
    except BaseException:
        print(cluster.processes.logs())  # Shown by pytest with the error.
        raise
    finally:
        cluster.stop()


@pytest.fixture
def varnish(cluster):
    if cluster.varnish_port is None:
        pytest.skip("varnishd is not installed here (apt-get install varnish).")
    return cluster.varnish_port


@pytest.fixture
def server_a(cluster):
    return cluster.app_ports[0]


@pytest.fixture
def server_b(cluster):
    return cluster.app_ports[1]


def test_both_app_servers_answer_the_health_check(server_a, server_b):
    for port in (server_a, server_b):
        response = Visitor(port).get("/healthz")

        assert (response.status, response.text) == (200, "ok\n")
        assert response.header("Cache-Control") == "no-store"


def test_an_editor_signed_in_on_one_server_is_signed_in_on_the_other(server_a, server_b):
    editor = Visitor(server_a)
    editor.sign_in()

    editor.port = server_b
    dashboard = editor.get("/admin/")

    assert dashboard.status == 200
    assert "Sign out" in dashboard.text or "Log out" in dashboard.text


def test_varnish_answers_a_shared_response_from_its_cache_the_second_time(varnish):
    first = Visitor(varnish).get("/robots.txt")
    second = Visitor(varnish).get("/robots.txt")

    assert first.status == second.status == 200
    assert first.header("X-Cache") == "MISS"
    assert second.header("X-Cache") == "HIT"
    assert second.body == first.body


def test_varnish_keeps_one_entry_whatever_tracking_parameters_come_along(varnish):
    first = Visitor(varnish).get("/blog/?page=1&utm_source=newsletter")
    tracked = Visitor(varnish).get("/blog/?fbclid=abc123&page=1")
    other_page = Visitor(varnish).get("/blog/?page=2")

    assert first.status == tracked.status == 200
    assert tracked.header("X-Cache") == "HIT"
    assert tracked.body == first.body
    assert other_page.header("X-Cache") != "HIT"


def test_varnish_passes_the_admin_and_anyone_signed_in(varnish):
    editor = Visitor(varnish)
    editor.sign_in()

    dashboard = editor.get("/admin/")
    robots = editor.get("/robots.txt")

    assert dashboard.status == 200
    assert dashboard.header("X-Cache") == "PASS"
    # Even a response the cache holds: a signed-in editor always reaches an app server.
    assert robots.header("X-Cache") == "PASS"


def test_varnish_ignores_cookies_the_site_never_set_but_passes_a_form_in_progress(varnish):
    Visitor(varnish).get("/robots.txt")

    stranger = Visitor(varnish, cookies={"_tracker": "1"}).get("/robots.txt")
    with_a_form = Visitor(varnish, cookies={"__Host-csrftoken": "x" * 32}).get("/robots.txt")

    assert stranger.header("X-Cache") == "HIT"
    assert with_a_form.header("X-Cache") == "PASS"


def test_varnish_never_keeps_the_health_check(varnish):
    for _ in range(2):
        response = Visitor(varnish).get("/healthz")

        assert response.status == 200
        assert response.header("X-Cache") == "PASS"


def test_only_the_app_servers_may_purge_varnish(varnish):
    Visitor(varnish).get("/robots.txt")

    stranger = Visitor(varnish, source_address="127.0.0.2").request("PURGE", "/robots.txt")
    still_cached = Visitor(varnish).get("/robots.txt")
    app_server = Visitor(varnish, source_address="127.0.0.1").request("PURGE", "/robots.txt")
    fetched_again = Visitor(varnish).get("/robots.txt")

    assert stranger.status == 403
    assert still_cached.header("X-Cache") == "HIT"
    assert app_server.status == 200
    assert fetched_again.header("X-Cache") == "MISS"


def publish_through_the_admin(cluster, port: int, url_path: str):
    """An editor publishes the page's latest revision on the app server at `port`.

    Returns the database's clock just before, to find the tasks the publish queued.
    """
    [(page_id,)] = cluster.sql("SELECT id FROM wagtailcore_page WHERE url_path = %s", (url_path,))
    [(before_publishing,)] = cluster.sql("SELECT now()")
    editor = Visitor(port)
    editor.sign_in()
    path = f"/admin/bulk/wagtailcore/page/publish/?{urllib.parse.urlencode({'id': page_id})}"
    token = editor.get(path).csrf_token()
    published = editor.post(path, {"csrfmiddlewaretoken": token, "include_descendants": ""})
    assert published.status == 302
    return before_publishing


def purges_since(cluster, moment, *, finished: bool = False):
    query = (
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = %s AND enqueued_at > %s"
    )
    if finished:
        query += " AND status IN ('SUCCESSFUL', 'FAILED')"
    return cluster.sql(query, (PURGE_TASK, moment))


def test_a_publish_on_one_server_is_purged_by_exactly_one_of_the_two_workers(cluster, server_a):
    published_at = publish_through_the_admin(cluster, server_a, "/home/about/")

    cluster.wait_until(
        lambda: purges_since(cluster, published_at, finished=True), "a worker to run the purge"
    )
    [(status, worker_ids)] = purges_since(cluster, published_at)
    assert status == "SUCCESSFUL"
    assert len(worker_ids) == 1


def test_a_page_cached_by_one_server_is_served_from_the_cache_by_the_other(server_a, server_b):
    Visitor(server_a).get(ARTICLE)

    from_the_other = Visitor(server_b).get(ARTICLE)

    assert from_the_other.status == 200
    assert from_the_other.header("X-Page-Cache") == "hit"


def test_varnish_serves_the_article_from_its_cache_the_second_time(varnish):
    first = Visitor(varnish).get(ARTICLE)
    second = Visitor(varnish).get(ARTICLE)

    assert first.status == second.status == 200
    assert "s-maxage" in first.header("Cache-Control")
    assert second.header("X-Cache") == "HIT"
    assert second.body == first.body
    assert not second.headers.get_all("Set-Cookie")


def test_a_publish_through_one_server_shows_at_once_on_the_other_and_through_varnish(
    cluster, server_a, server_b, varnish
):
    new_title = "Ketamine, demystified (revised)"
    # Everyone holds the article as it is: the other server's page cache and Varnish.
    Visitor(server_a).get(ARTICLE)
    assert Visitor(server_b).get(ARTICLE).header("X-Page-Cache") == "hit"
    for path in (ARTICLE, "/blog/", "/blog/feed/"):
        Visitor(varnish).get(path)
        assert Visitor(varnish).get(path).header("X-Cache") == "HIT", path
    # An editor's draft: changes nothing on the live site until it is published.
    cluster.manage(
        "shell",
        "--command",
        "from blog.models import ArticlePage; "
        "page = ArticlePage.objects.get(slug='demystifying-ketamine'); "
        f"page.title = {new_title!r}; page.save_revision()",
    )
    assert new_title not in Visitor(varnish).get(ARTICLE).text

    published_at = publish_through_the_admin(cluster, server_a, "/home/blog/demystifying-ketamine/")

    on_the_other = Visitor(server_b).get(ARTICLE)
    assert new_title in on_the_other.text
    cluster.wait_until(
        lambda: purges_since(cluster, published_at, finished=True), "a worker to run the purge"
    )
    through_varnish = Visitor(varnish).get(ARTICLE)
    assert new_title in through_varnish.text
    assert through_varnish.header("X-Cache") == "MISS"
    # The listing and the feed that show it, from Varnish too.
    assert new_title in Visitor(varnish).get("/blog/").text
    assert new_title in Visitor(varnish).get("/blog/feed/").text


def test_the_contact_rate_limit_counts_one_address_across_both_servers(server_a, server_b):
    for address in ("198.51.100.10", "198.51.100.11"):
        visitor = Visitor(server_a, forwarded_for=address)
        token = visitor.get("/contact/").csrf_token()
        hour = int(time.time() // 3600)
        answers = []
        for attempt in range(INQUIRY_RATE_LIMIT + 1):
            # Alternately to each server; even an empty form counts against the limit.
            visitor.port = (server_a, server_b)[attempt % 2]
            answers.append(visitor.post("/contact/", {"csrfmiddlewaretoken": token}).status)
        if int(time.time() // 3600) == hour:
            break  # Otherwise the count began afresh with the new hour: try again.

    assert answers == [200] * INQUIRY_RATE_LIMIT + [429]
    # Another visitor is not held back.
    neighbour = Visitor(server_b, forwarded_for="198.51.100.12")
    token = neighbour.get("/contact/").csrf_token()
    assert neighbour.post("/contact/", {"csrfmiddlewaretoken": token}).status == 200


def inquiry_id_of(cluster, message: str) -> int:
    # Messages are stored encrypted, under the key every process of the site shares.
    key = Fernet(cluster.inquiry_encryption_key)
    rows = cluster.sql("SELECT id, message FROM contact_inquiry")
    [inquiry_id] = [pk for pk, token in rows if key.decrypt(token.encode()).decode() == message]
    return inquiry_id


def test_an_inquiry_sent_to_one_server_is_in_the_queue_on_the_other_and_notified_once(
    cluster, server_a, server_b
):
    message = "Is a first appointment possible next week?"
    response = Visitor(server_a, forwarded_for="198.51.100.20").send_inquiry(message)

    assert response.status == 303
    inquiry_id = inquiry_id_of(cluster, message)
    reviewer = Visitor(server_b)
    reviewer.sign_in()
    queue = reviewer.get("/admin/inquiries/")
    assert queue.status == 200
    assert f"Inquiry #{inquiry_id}</span>" in queue.text
    subject = f"New inquiry #{inquiry_id}"
    [notification] = cluster.wait_until(
        lambda: cluster.mail.received_with_subject(subject), "the staff notification"
    )
    time.sleep(2)  # Every chance for the other worker to send it a second time.
    assert cluster.mail.received_with_subject(subject) == [notification]
    assert notification["to"] == ["reviewers@practice.example"]
    assert message not in notification["content"]
    assert "A. Patient" not in notification["content"]
    [(notified_at,)] = cluster.sql(
        "SELECT notified_at FROM contact_inquiry WHERE id = %s", (inquiry_id,)
    )
    assert notified_at is not None


def test_a_worker_killed_while_sending_loses_no_notification(cluster, server_b):
    message = "Do you offer appointments on Saturdays?"
    with cluster.mail.holding_deliveries():
        Visitor(server_b, forwarded_for="198.51.100.30").send_inquiry(message)
        inquiry_id = inquiry_id_of(cluster, message)
        cluster.wait_until(lambda: cluster.mail.held_deliveries, "a worker to start sending")
        [(sending_worker,)] = cluster.sql(
            "SELECT worker_ids ->> -1 FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'contact.tasks.notify_staff_of_inquiry' AND status = 'RUNNING' "
            "AND args_kwargs -> 'args' ->> 0 = %s",
            (str(inquiry_id),),
        )
        cluster.kill_worker(sending_worker)

    subject = f"New inquiry #{inquiry_id}"
    # Its transaction died with it: nothing says the staff were told, and they were not.
    notified = "SELECT notified_at FROM contact_inquiry WHERE id = %s"
    assert cluster.sql(notified, (inquiry_id,)) == [(None,)]
    assert cluster.mail.received_with_subject(subject) == []

    cluster.start_worker("worker-3")  # As systemd would restart it.
    # The periodic sweep, as cron runs it (here without waiting out its grace period).
    cluster.manage("send_pending_inquiry_notifications", "--grace-minutes", "0")

    assert len(cluster.mail.received_with_subject(subject)) == 1
    assert cluster.sql(notified, (inquiry_id,)) != [(None,)]
