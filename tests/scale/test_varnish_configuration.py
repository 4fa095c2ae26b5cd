"""The VCL kept in the repository compiles with the varnishd installed (Debian's package).

How it behaves in front of real app servers is tested in test_multi_server.py.
"""

import os
import shutil
import subprocess

import pytest

from practice.varnish import backends_vcl
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


def compile_vcl(varnishd, work_directory, *vcl_directories) -> subprocess.CompletedProcess:
    """Compile the repository's default.vcl, looking for what it includes in `vcl_directories`
    first; varnishd -C prints the compiled C on stderr."""
    vcl_path = ":".join(str(directory) for directory in (*vcl_directories, VARNISH_DIRECTORY))
    return subprocess.run(  # noqa: S603 (Debian's varnishd, our own VCL)
        [
            varnishd,
            "-C",
            # No jail: Varnish's own user may not read a test's private temporary folder.
            "-j",
            "none",
            "-n",
            str(work_directory / "varnish"),
            "-p",
            f"vcl_path={vcl_path}",
            "-f",
            str(VARNISH_DIRECTORY / "default.vcl"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_repository_vcl_compiles(varnishd, tmp_path):
    completed = compile_vcl(varnishd, tmp_path)

    assert completed.returncode == 0, completed.stderr[-2000:]


@pytest.mark.parametrize("app_servers", [1, 3])
def test_generated_backends_compile_with_the_repository_policy(varnishd, tmp_path, app_servers):
    (tmp_path / "backends.vcl").write_text(
        backends_vcl(
            [("127.0.0.1", 8000 + number) for number in range(app_servers)],
            probe_host="practice.example",
            purgers=["127.0.0.1", "10.0.0.0/8"],
        )
    )
    completed = compile_vcl(varnishd, tmp_path, tmp_path)

    assert completed.returncode == 0, completed.stderr[-2000:]
    # Each backend and the probe's Host are in the compiled C.
    assert completed.stderr.count('.vcl_name = "app_server_') == app_servers
    assert "Host: practice.example" in completed.stderr


def test_varnish_needs_an_app_server():
    with pytest.raises(ValueError, match="at least one app server"):
        backends_vcl([])
