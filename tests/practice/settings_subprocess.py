"""Load a settings module in a fresh interpreter, with exactly the environment a test gives it.

Settings modules read the environment once, at import; a new interpreter is the only honest way
to see what a module makes of a given environment, or whether it refuses to load at all.
"""

import os
import pickle
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Prints the module's settings, and which of them differ from base.py's (compared with a copy
# taken before the module ran, so that changes made in place are seen too).
_LOADER = """
import copy, importlib, pickle, sys
base = importlib.import_module("practice.settings.base")
before = {name: copy.deepcopy(value) for name, value in vars(base).items() if name.isupper()}
module = importlib.import_module(sys.argv[1])
values = {name: value for name, value in vars(module).items() if name.isupper()}
changed = {
    name: value for name, value in values.items() if name not in before or before[name] != value
}
sys.stdout.buffer.write(pickle.dumps({"values": values, "changed": changed}))
"""


class SettingsRefusedToLoad(Exception):
    """The settings module raised at import; the message is the interpreter's stderr."""


def run_in_fresh_interpreter(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run Python from the project's root with only PATH and the given variables set."""
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, *args],
        env={"PATH": os.environ.get("PATH", ""), **env},
        cwd=PROJECT_ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )


def load_settings(module: str, env: dict[str, str]) -> dict:
    """{"values": every setting, "changed": those that differ from base.py's}."""
    result = run_in_fresh_interpreter(["-c", _LOADER, module], env)
    if result.returncode != 0:
        raise SettingsRefusedToLoad(result.stderr.decode())
    return pickle.loads(result.stdout)  # noqa: S301 (written by the loader above)
