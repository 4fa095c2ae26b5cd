"""Runs Debian's wrk against one URL and reads its report."""

import re
import shutil
import subprocess
from dataclasses import dataclass

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Measurement:
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx responses and socket errors


def ensure_installed() -> str:
    """The path of wrk, installing Debian's package first when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing Debian's package (apt-get install wrk).")
    subprocess.run(["apt-get", "install", "--yes", "--quiet", "wrk"], check=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk could not be installed; install it with: apt-get install wrk")
    return found


def run(
    url: str,
    *,
    duration: int,
    connections: int,
    headers: dict[str, str],
    threads: int = 1,
    script: str | None = None,
) -> Measurement:
    command = [
        ensure_installed(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=5s",
        "--latency",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    if script:
        command += ["--script", script]
    command.append(url)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return parse(output)


def _latency_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNIT_MS[unit]


def parse(output: str) -> Measurement:
    percentiles = {
        int(percent): _latency_ms(value)
        for percent, value in re.findall(r"^\s+(\d+)%\s+([\d.]+\w+)\s*$", output, re.MULTILINE)
    }
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not rate or not total or not {50, 90, 99} <= percentiles.keys():
        raise RuntimeError(f"Could not read wrk's report:\n{output}")
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(bad_status.group(1)) if bad_status else 0
    if socket_errors:
        errors += sum(int(count) for count in socket_errors.groups())
    return Measurement(
        requests_per_second=float(rate.group(1)),
        p50_ms=percentiles[50],
        p90_ms=percentiles[90],
        p99_ms=percentiles[99],
        requests=int(total.group(1)),
        errors=errors,
    )
