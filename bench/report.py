"""The results as a table against the targets (Markdown) and in full (JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"


def write(results: Mapping[str, Any], directory: Path) -> str:
    """Write ``latest.json`` and ``latest.md`` into ``directory``; the Markdown."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    markdown = to_markdown(results)
    (directory / "latest.md").write_text(markdown)
    return markdown


def into_readme(readme: Path, markdown: str) -> None:
    """Replace the results between the markers in the README."""
    text = readme.read_text()
    head, start, rest = text.partition(README_START)
    _, end, tail = rest.partition(README_END)
    if not start or not end:
        raise ValueError(f"{readme} has no {README_START} … {README_END} markers")
    readme.write_text(f"{head}{start}\n{markdown}\n{end}{tail}")


def to_markdown(results: Mapping[str, Any]) -> str:
    lines = [f"Run of {results['started']} ({results['seconds']:.0f} s), `{results['command']}`.", ""]
    lines += ["| Measurement | Result | Target | |", "|---|---|---|---|"]
    lines += [_row(*row) for row in _rows(results)]
    lines += ["", *_workload(results), "", *_machine(results)]
    return "\n".join(lines) + "\n"


def _rows(results: Mapping[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    replay = results.get("replay")
    if replay:
        ingest, ceiling, naive = replay["ingest"], replay["ceiling"], replay["naive"]
        rate, top, low = ingest["events_per_second"], ceiling["events_per_second"], naive["events_per_second"]
        rows += [
            ("1. Scoring's sustained ingest, full default rules", f"{rate:,.0f} events/s "
             f"({ingest['cpu_us_per_event']:.0f} µs of CPU per event)", "", None),
            ("   … against the ceiling (same broker and database)", f"{top:,.0f} events/s: {rate / top:.2f} ×",
             "≥ 0.6 ×", rate >= 0.6 * top),
            ("   … against the naive consumer", f"{low:,.0f} events/s: {rate / low:.0f} ×", "≥ 10 ×", rate >= 10 * low),
        ]  # fmt: skip
    freshness = results.get("freshness")
    if freshness:
        for rate, figures in freshness["rates"].items():
            target = "p99 ≤ 100 ms" if rate == "1000" else ""
            met = figures.get("p99_ms") is not None and figures["p99_ms"] <= 100 if target else None
            rows.append(
                (f"2. Freshness at {int(rate):,} events/s (commit → read API)", _freshness(figures), target, met)
            )
    if replay:
        rebuild = replay["rebuild"]
        rows.append((
            "3. Rebuild (`bastion rebuild`)",
            f"{rebuild['events']:,} events replayed in {rebuild['replay_seconds']:.0f} s "
            f"({rebuild['events_per_second']:,.0f} events/s)",
            "1,000,000 in ≤ 90 s",
            1_000_000 / rebuild["events_per_second"] <= 90,
        ))  # fmt: skip
    api = results.get("api")
    if api:
        rows.append((
            f"4. Producing API: `{api['endpoint']}`, one instance",
            f"{api['requests_per_second']:,.0f} requests/s, p50 {api['latency_p50_ms']:.0f} ms, "
            f"p99 {api['latency_p99_ms']:.0f} ms, {api['non_2xx']} non-2xx",
            "≥ 1,500 requests/s, p99 ≤ 50 ms",
            api["requests_per_second"] >= 1500 and api["latency_p99_ms"] <= 50,
        ))  # fmt: skip
    peaks = _scoring_peaks(results)
    if peaks:
        worst = max(peaks.values())
        shown = ", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks.items())
        rows.append(("5. Scoring's peak RSS", shown, "≤ 300 MB", worst <= 300))
    return rows


def _freshness(figures: Mapping[str, Any]) -> str:
    if figures.get("p99_ms") is None:
        return f"no answer in time for {figures.get('timeouts', '?')} of {figures.get('samples', '?')} samples"
    text = f"p50 {figures['p50_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms ({figures['samples']} samples"
    if figures.get("timeouts"):
        text += f", {figures['timeouts']} timed out"
    return text + ")"


def _scoring_peaks(results: Mapping[str, Any]) -> dict[str, float]:
    peaks: dict[str, float] = {}
    if results.get("replay"):
        peaks["ingest"] = results["replay"]["ingest"]["peak_rss_mb"]
        peaks["rebuild"] = results["replay"]["rebuild"]["peak_rss_mb"]
    if results.get("freshness"):
        found = [f["scoring_peak_rss_mb"] for f in results["freshness"]["rates"].values() if "scoring_peak_rss_mb" in f]
        if found:
            peaks["freshness"] = max(found)
    return peaks


def _row(name: str, result: str, target: str, met: bool | None) -> str:
    mark = "" if met is None else ("met" if met else "**missed**")
    return f"| {name} | {result} | {target} | {mark} |"


def _workload(results: Mapping[str, Any]) -> list[str]:
    replay = results.get("replay")
    if not replay:
        return []
    workload = replay["workload"]
    total = sum(workload["mix"].values())
    mix = sorted(workload["mix"].items(), key=lambda item: -item[1])
    shown = ", ".join(f"{name.removeprefix('bastion.')} {count / total:.1%}" for name, count in mix[:8])
    rarer = f", and {len(mix) - 8} rarer types" if len(mix) > 8 else ""
    return [
        f"Workload: {workload['events']:,} events of {workload['branches']} branches and {workload['members']:,} "
        f"people (the setup, then a year's mix): {shown}{rarer}."
    ]


def _machine(results: Mapping[str, Any]) -> list[str]:
    machine = results["machine"]
    packages = ", ".join(f"{name} {v}" for name, v in machine["packages"].items())
    return [
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB; Linux "
        f"{machine['kernel']}; Python {machine['python']}; PostgreSQL {machine['postgresql']} (embedded, durable); "
        f"broker {machine['broker']} (in memory). Packages: {packages}. Code: {machine['commit']}.",
    ]
