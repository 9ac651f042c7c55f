"""The output contract: ``bench NAME: VALUE UNIT (ratio R vs BASELINE)``."""

import re
import sys

LINE = re.compile(r"^bench (?P<name>[a-z0-9_]+): (?P<value>[0-9.]+) (?P<unit>\S+) \(ratio (?P<ratio>[0-9.]+) vs (?P<baseline>[a-z0-9_]+)\)$")


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if value > 0 else "0"


def figure(name: str, value: float, unit: str, ratio: float, baseline: str, baseline_value: float | None = None) -> str:
    line = f"bench {name}: {_fmt(value)} {unit} (ratio {ratio:.3f} vs {baseline})"
    assert LINE.match(line), line
    print(line, flush=True)
    if baseline_value is not None:
        note(f"{name}: baseline {baseline} = {_fmt(baseline_value)} {unit}")
    return line


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def skipped(name: str, reason: str) -> None:
    print(f"# skipped {name}: {reason}", flush=True)
    print(f"bench: skipped {name}: {reason}", file=sys.stderr, flush=True)
