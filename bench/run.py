"""Benchmark the site as production runs it, on SQLite and on PostgreSQL: `make bench`.

For each database: a throwaway site (own VAR_DIR and database, Redis under a fresh key prefix)
with the initial content and generated articles, served by gunicorn with 2 sync workers under
production settings. wrk measures a static file, the pages from the page cache, the same pages
with the page cache switched off (PAGE_CACHE_ENABLED=false, a server restart: each page's first
render after a publish), the contact form's POST, and the article served by Varnish in front
(deploy/varnish/, when varnishd is installed). With --compare-checkout, another source tree (an
earlier commit) is served beside it and every page is measured with no cache in both, in turns.
Loopback only. Timings are noisy: this is not part of the test suite's pass/fail.
"""

import argparse
import os
import shutil
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import contact_load, varnish, wrk
from bench.server import PROXY_HEADERS, Site, recreate_postgres_database

REPO = Path(__file__).resolve().parent.parent
# What a phone's browser sends; WhiteNoise then serves the pre-compressed stylesheet.
BROWSER_HEADERS = {**PROXY_HEADERS, "Accept-Encoding": "gzip, br"}
PAGES = [
    ("home page", "/"),
    ("standard page", "/about/"),
    ("blog listing", "/blog/"),
    ("article", "/blog/demystifying-ketamine/"),
]
# The "cache" column: whole pages from the page cache, or rendered afresh for every request, as
# each page's first render after a publish is.
CACHE_MODES = [("on", True), ("off", False)]
STATIC_FILE = "css/site.css"
CONTACT_PAGE = "/contact/"
# Measured through Varnish as well: the page patients arrive at from search engines.
ARTICLE = "/blog/demystifying-ketamine/"


@dataclass
class Row:
    database: str
    target: str
    cache: str
    result: wrk.Measurement
    static_rate: float


def measure(site: Site, path: str, args, headers=BROWSER_HEADERS) -> wrk.Measurement:
    url = site.base_url + path
    wrk.run(url, duration=2, connections=args.connections, headers=headers)  # warm up
    return wrk.run(url, duration=args.duration, connections=args.connections, headers=headers)


def answers(site: Site, path: str) -> str | None:
    """The page cache's state for `path` ("hit", "miss", "" when bypassed), None if no page."""
    try:
        with site.get(path) as response:
            return response.headers.get("X-Page-Cache", "")
    except urllib.error.HTTPError:
        return None


def bench_database(label: str, database_url: str, args) -> list[Row]:
    if database_url:
        recreate_postgres_database(database_url)
    site = Site(args.checkout, database_url, args.redis_url, label)
    print(f"[{label}] preparing a site in {site.var_dir}", flush=True)
    try:
        site.prepare(args.articles)
        rows = measure_site(site, label, args)
        if args.compare_checkout:
            rows += compare_first_renders(site, label, database_url, args)
        return rows
    finally:
        if not args.keep_sites:
            shutil.rmtree(site.var_dir, ignore_errors=True)


def compare_first_renders(site: Site, label: str, database_url: str, args) -> list[Row]:
    """Every page rendered afresh by this checkout and by another (an earlier commit), both
    served at once and measured in turns, so that both meet the same machine."""
    other_url = database_url.replace("bench", "bench_other") if database_url else ""
    if other_url:
        recreate_postgres_database(other_url)
    other = Site(
        args.compare_checkout, other_url, args.redis_url, f"{label}-other", args.compare_env
    )
    print(f"[{label}] preparing {args.compare_checkout} in {other.var_dir}", flush=True)
    rows = []
    try:
        other.prepare(args.articles)
        with site.serving(page_cache=False), other.serving(page_cache=False):
            for name, path in PAGES:
                answers(site, path)
                answers(other, path)
                for checkout, label_of in ((site, "this"), (other, "other")):
                    print(f"[{label}] no cache, {label_of} checkout: {name}", flush=True)
                    result = measure(checkout, path, args)
                    rows.append(Row(label, name, label_of, result, 0.0))
    finally:
        if not args.keep_sites:
            shutil.rmtree(other.var_dir, ignore_errors=True)
    return rows


def measure_site(site: Site, label: str, args) -> list[Row]:
    static_path = site.static_url(STATIC_FILE)
    rows = []
    for cache_label, page_cache in CACHE_MODES:
        with site.serving(page_cache=page_cache):
            if page_cache:
                print_cache_headers(site, label, {"static file": static_path, **dict(PAGES)})
            print(f"[{label}] cache {cache_label}: static file", flush=True)
            static = measure(site, static_path, args)
            rows.append(Row(label, STATIC_FILE, "-", static, static.requests_per_second))
            for name, path in PAGES:
                answers(site, path)  # fills the cache
                state = answers(site, path)
                if state is None:
                    print(f"[{label}] {path} is not on this site: skipped", flush=True)
                    continue
                if page_cache and state != "hit":
                    print(f"[{label}] note: {path} is not served from the cache ({state!r})")
                print(f"[{label}] cache {cache_label}: {name}", flush=True)
                result = measure(site, path, args)
                rows.append(Row(label, name, cache_label, result, static.requests_per_second))
            if page_cache:
                contact = bench_contact_form(site, label, args)
                if contact:
                    rows.append(contact)
                if args.varnish:
                    rows.append(bench_through_varnish(site, label, args, static))
            memory = ", ".join(f"{size:.0f}" for size in site.worker_memory_mib())
            print(f"[{label}] cache {cache_label}: worker memory after the run: {memory} MiB")
    return rows


def bench_through_varnish(site: Site, label: str, args, static: wrk.Measurement) -> Row:
    """The article from Varnish's memory: what most readers get once Varnish is in front."""
    with varnish.in_front_of(site) as varnish_url:
        url = varnish_url + ARTICLE
        for _ in range(2):
            with urllib.request.urlopen(
                urllib.request.Request(url, headers=BROWSER_HEADERS), timeout=10
            ) as response:
                state = response.headers.get("X-Cache")
        if state != "HIT":
            print(f"[{label}] note: Varnish does not keep {ARTICLE} ({state!r})", flush=True)
        print(f"[{label}] Varnish: article ({args.varnish_threads} wrk threads)", flush=True)
        run = {
            "connections": args.connections,
            "headers": BROWSER_HEADERS,
            "threads": args.varnish_threads,
        }
        wrk.run(url, duration=2, **run)  # warm up
        result = wrk.run(url, duration=args.duration, **run)
    return Row(label, "article via Varnish", "varnish", result, static.requests_per_second)


def print_cache_headers(site: Site, label: str, paths: dict[str, str]) -> None:
    """What browsers and shared caches are told: a year for hashed static files, minutes for
    pages, nothing shared for the contact page."""
    for name, path in {**paths, "contact page": CONTACT_PAGE}.items():
        try:
            with site.get(path) as response:
                cache_control = response.headers.get("Cache-Control", "(none)")
        except urllib.error.HTTPError as error:
            cache_control = f"(answered {error.code})"
        print(f"[{label}] Cache-Control of the {name}: {cache_control}", flush=True)


def bench_contact_form(site: Site, label: str, args) -> Row | None:
    """Valid inquiries sent through the contact form, each checked to be stored exactly once."""
    with site.get(CONTACT_PAGE) as response:
        if b'name="form_key"' not in response.read():
            print(f"[{label}] the contact page has no form on this site: skipped", flush=True)
            return None
    print(f"[{label}] contact form: {args.inquiries} inquiries", flush=True)
    result, resent = contact_load.run(
        site.base_url, PROXY_HEADERS, CONTACT_PAGE, args.inquiries, args.connections
    )
    stored = site.count_inquiries()
    print(
        f"[{label}] contact form: {result.accepted} accepted, {result.refused} refused; "
        f"{resent.accepted} of {resent.accepted + resent.refused} sent twice were thanked again; "
        f"stored: {stored}",
        flush=True,
    )
    if stored != {"new": result.accepted}:
        print(f"[{label}] WRONG: every accepted inquiry must be stored once, as new.", flush=True)
    measurement = wrk.Measurement(
        requests_per_second=result.per_second,
        p50_ms=result.percentile(50),
        p90_ms=result.percentile(90),
        p99_ms=result.percentile(99),
        requests=result.accepted + result.refused,
        errors=result.refused,
    )
    return Row(label, "contact POST (accepted)", "-", measurement, 0.0)


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'database':<11}{'target':<26}{'cache':<7}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}"
        f"{'p99 ms':>9}{'÷ static':>10}{'errors':>8}"
    )
    print()
    print(header)
    print("-" * len(header))
    for row in rows:
        r = row.result
        ratio = f"{r.requests_per_second / row.static_rate:.2f}" if row.static_rate else "-"
        print(
            f"{row.database:<11}{row.target:<26}{row.cache:<7}{r.requests_per_second:>9.0f}"
            f"{r.p50_ms:>9.2f}{r.p90_ms:>9.2f}{r.p99_ms:>9.2f}{ratio:>10}{r.errors:>8}"
        )
    compared = {(row.database, row.target): row for row in rows if row.cache == "other"}
    if compared:
        print()
        print(f"{'database':<11}{'no cache at all':<26}{'this':>9}{'other':>9}{'this ÷ other':>14}")
        for row in rows:
            other = compared.get((row.database, row.target))
            if row.cache != "this" or other is None:
                continue
            this_rate = row.result.requests_per_second
            other_rate = other.result.requests_per_second
            ratio = f"{this_rate / other_rate:.2f}" if other_rate else "-"
            print(
                f"{row.database:<11}{row.target:<26}{this_rate:>9.0f}{other_rate:>9.0f}{ratio:>14}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--articles", type=int, default=300, help="generated blog articles")
    parser.add_argument("--inquiries", type=int, default=1500, help="contact-form POSTs")
    parser.add_argument(
        "--keep-sites", action="store_true", help="keep each site's VAR_DIR to look into"
    )
    parser.add_argument(
        "--varnish",
        action=argparse.BooleanOptionalAction,
        default=varnish.find_varnishd() is not None,
        help="also measure the article through Varnish (default: when varnishd is installed)",
    )
    parser.add_argument(
        "--varnish-threads",
        type=int,
        default=2,
        help="wrk threads for the Varnish run: one thread alone cannot load Varnish",
    )
    parser.add_argument(
        "--checkout", type=Path, default=REPO, help="the source tree to serve (default: this one)"
    )
    parser.add_argument(
        "--compare-checkout",
        type=Path,
        help="another source tree (an earlier commit, checked out beside this one) whose pages are "
        "measured with no cache, in turns with this one's",
    )
    parser.add_argument(
        "--compare-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the other checkout only, e.g. RENDER_CACHE_ENABLED=false",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/practice_bench"
        ),
        help="dropped and created afresh; its name must contain 'bench'",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    args = parser.parse_args()
    args.checkout = args.checkout.resolve()
    if args.compare_checkout:
        args.compare_checkout = args.compare_checkout.resolve()
    args.compare_env = dict(pair.split("=", 1) for pair in args.compare_env)
    wrk.ensure_installed()

    rows = []
    for database in args.databases.split(","):
        if database == "sqlite":
            rows += bench_database("sqlite", "", args)
        elif database == "postgresql":
            rows += bench_database("postgresql", args.postgres_url, args)
        else:
            raise SystemExit(f"Unknown database {database!r}: use sqlite or postgresql.")
    print_table(rows)


if __name__ == "__main__":
    main()
