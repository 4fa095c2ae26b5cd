"""Varnish in front of the benchmark's gunicorn, with the repository's own VCL (deploy/varnish/).

Only the machine-specific part (backends.vcl: the one app server, the probe, the purge ACL) is
written here, by practice.varnish; the policy in default.vcl is measured as it is deployed.
"""

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.server import free_port
from practice.varnish import backends_vcl


def find_varnishd() -> str | None:
    for candidate in (shutil.which("varnishd"), "/usr/sbin/varnishd"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@contextmanager
def in_front_of(site):
    """Varnish on a free loopback port before `site`'s gunicorn; yields its base URL."""
    varnishd = find_varnishd()
    if varnishd is None:
        raise SystemExit("varnishd is missing: apt-get install varnish")
    work = Path(tempfile.mkdtemp(prefix="practice-bench-varnish-"))
    (work / "backends.vcl").write_text(backends_vcl([("127.0.0.1", site.port)]))
    port = free_port()
    policy = site.checkout / "deploy" / "varnish"
    with open(work / "varnishd.log", "ab") as log:
        varnish = subprocess.Popen(
            [
                varnishd,
                "-F",
                "-j",
                "none",
                "-n",
                str(work / "state"),
                "-a",
                f"127.0.0.1:{port}",
                "-T",
                "none",
                "-p",
                f"vcl_path={work}:{policy}",
                "-f",
                str(policy / "default.vcl"),
                "-s",
                "malloc,256m",
            ],
            stdout=log,
            stderr=log,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if varnish.poll() is not None:
                raise SystemExit(f"varnishd stopped; see {work / 'varnishd.log'}")
            try:
                with urllib.request.urlopen(base_url + "/healthz", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise SystemExit("Varnish did not answer within 30 s.") from None
                time.sleep(0.2)
        yield base_url
    finally:
        varnish.terminate()
        varnish.wait(timeout=30)
