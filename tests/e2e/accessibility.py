"""axe-core, injected from the copy inside axe-playwright-python (no network): WCAG A and AA."""

from axe_playwright_python.sync_playwright import Axe

WCAG_A_AND_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def wcag_violations(page) -> list[dict]:
    """Every WCAG 2.0/2.1/2.2 A or AA rule the page breaks, as axe-core reports it."""
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_A_AND_AA_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def describe_violations(violations: list[dict], where: str) -> str:
    """A report a person can act on: each rule, why it matters, and where on the page it fails."""
    lines = [f"{len(violations)} WCAG A/AA rule(s) broken on {where}:"]
    for violation in violations:
        lines.append(f"\n[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  why and how to fix: {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  at {' > '.join(map(str, node['target']))}")
            lines.append(f"     {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", "\n     ")
            if summary:
                lines.append(f"     {summary}")
    return "\n".join(lines)
