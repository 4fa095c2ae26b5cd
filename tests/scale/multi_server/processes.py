"""Starting, watching and stopping the test's child processes; ports and waiting."""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]
VARNISH_DIRECTORY = REPOSITORY / "deploy" / "varnish"
# Generous bounds: a loaded CI machine is slow, but nothing here may hang for ever.
START_TIMEOUT = 60


def find_varnishd() -> str | None:
    for candidate in (shutil.which("varnishd"), "/usr/sbin/varnishd"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what: str, timeout: float = START_TIMEOUT, interval: float = 0.2):
    """Poll `condition` until it returns something true; fail with `what` when time is up."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Gave up after {timeout:.0f} s waiting for {what}.")
        time.sleep(interval)


class Processes:
    """Child processes, each with its own log file, stopped together at the end."""

    def __init__(self, log_directory: Path):
        self.log_directory = log_directory
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, arguments: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.log_directory / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 (our own programs and arguments)
            arguments, cwd=REPOSITORY, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.running[name] = process
        return process

    def kill(self, name: str):
        """As a crash or an out-of-memory kill would: no chance to clean up."""
        process = self.running.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self):
        # Ctrl-C: gunicorn's quick shutdown; workers and varnishd stop as on SIGTERM.
        for process in self.running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 15
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.running.clear()

    def log(self, name: str, last_characters: int = 3000) -> str:
        path = self.log_directory / f"{name}.log"
        return path.read_text(errors="replace")[-last_characters:] if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.stem} ---\n{self.log(path.stem)}"
            for path in sorted(self.log_directory.glob("*.log"))
        )
