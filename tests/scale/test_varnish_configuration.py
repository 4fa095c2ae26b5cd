"""The VCL kept in the repository compiles with the varnishd installed (Debian's package).

How it behaves in front of real app servers is tested in test_multi_server.py.
"""

import os
import shutil
import subprocess

import pytest

from tests.scale.multi_server import VARNISH_DIRECTORY

VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None
)


@pytest.fixture
def varnishd():
    if VARNISHD is None:
        if os.environ.get("CI"):
            pytest.fail("varnishd is missing: CI installs Debian's varnish package first.")
        pytest.skip("varnishd is not installed (apt-get install varnish).")
    return VARNISHD


def test_the_repository_vcl_compiles(varnishd, tmp_path):
    completed = subprocess.run(  # noqa: S603 (Debian's varnishd, our own VCL)
        [
            varnishd,
            "-C",
            "-n",
            str(tmp_path / "varnish"),
            "-p",
            f"vcl_path={VARNISH_DIRECTORY}",
            "-f",
            str(VARNISH_DIRECTORY / "default.vcl"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr[-2000:]
