"""axe-core (from npm) in the browser tests: the serious and critical WCAG 2.1 A/AA findings of a page."""

from typing import Any

from django.conf import settings

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")


def serious_findings(page: Any) -> list[str]:
    """One line per failing element (rule, impact, selector), run on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate((settings.PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js").read_text())
    results = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']})", RULES)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}) {violation['help']} at {node['target']}"
        for violation in results["violations"] if violation["impact"] in FAILING
        for node in violation["nodes"]
    ]
