"""The screens every public page is checked on, and the screenshots a person looks at."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# A small phone and a laptop.
PHONE_WIDTH = 360
DESKTOP_WIDTH = 1280
WIDTHS = [PHONE_WIDTH, DESKTOP_WIDTH]

# CI keeps this folder; git ignores it.
SCREENSHOTS_DIR = Path(settings.BASE_DIR) / "ci-artifacts" / "screenshots"


@dataclass(frozen=True)
class Screen:
    width: int
    color_scheme: str = "light"

    @property
    def label(self) -> str:
        return f"{self.width}px" + ("" if self.color_scheme == "light" else f"-{self.color_scheme}")

    def context_args(self) -> dict:
        return {"width": self.width, "color_scheme": self.color_scheme}


# Both widths the issue names, and the phone again in the dark scheme: contrast must hold in both.
SCREENS = [Screen(PHONE_WIDTH), Screen(DESKTOP_WIDTH), Screen(PHONE_WIDTH, "dark")]


def save_screenshot(page, name: str, screen: Screen) -> Path:
    """Saves a full-page screenshot as `<name>-<screen>.png` and returns its path."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS_DIR / f"{name}-{screen.label}.png"
    page.screenshot(path=path, full_page=True, animations="disabled")
    return path
