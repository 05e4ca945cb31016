"""The results table says which targets were met, from the measured figures alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import report
from bench.profile import summarise


def _results(*, ingest: float, ceiling: float, p99_at_1000: float | None, api_p99: float) -> dict[str, Any]:
    return {
        "started": "2026-11-28 10:00 UTC",
        "seconds": 600.0,
        "command": "python -m bench",
        "machine": {
            "cpu": "a CPU", "cores": 2, "memory_gib": 24.0, "kernel": "6", "python": "3.11", "postgresql": "18",
            "broker": "tansu", "packages": {"fastapi": "1"}, "commit": "abc1234",
        },
        "replay": {
            "workload": {"events": 1000, "branches": 3, "members": 30, "fill_seconds": 1.0,
                         "mix": {"bastion.activity.attendance.recorded.v1": 700,
                                 "bastion.roster.member.registered.v1": 300}},
            "ingest": {"events_per_second": ingest, "cpu_us_per_event": 60.0, "peak_rss_mb": 180.0},
            "ceiling": {"events_per_second": ceiling},
            "naive": {"events_per_second": 200.0},
            "rebuild": {"events": 1_000_000, "replay_seconds": 80.0, "events_per_second": 12_500, "peak_rss_mb": 320.0},
        },
        "freshness": {"rates": {
            "100": {"p50_ms": 20.0, "p99_ms": 60.0, "samples": 100, "timeouts": 0, "scoring_peak_rss_mb": 150.0},
            "1000": {"p50_ms": 30.0, "p99_ms": p99_at_1000, "samples": 100, "timeouts": 3 if p99_at_1000 is None else 0,
                     "scoring_peak_rss_mb": 160.0},
        }},
        "api": {"endpoint": "PUT /x", "requests_per_second": 1600.0, "latency_p50_ms": 10.0, "latency_p99_ms": api_p99,
                "non_2xx": 0},
    }  # fmt: skip


def _verdicts(markdown: str) -> dict[str, str]:
    rows = [line.split(" | ") for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]
    return {cells[0].strip("| ").strip(): cells[3].strip(" |") for cells in rows[1:]}


def test_targets_met_and_missed_follow_the_figures() -> None:
    verdicts = _verdicts(report.to_markdown(_results(ingest=21_000, ceiling=34_000, p99_at_1000=90, api_p99=40)))
    assert verdicts["… against the ceiling (same broker and database)"] == "met"  # 21,000 ≥ 0.6 × 34,000
    assert verdicts["… against the naive consumer"] == "met"
    assert verdicts["3. Rebuild (`bastion rebuild`)"] == "met"
    assert verdicts["2. Freshness at 1,000 events/s (commit → read API)"] == "met"
    assert verdicts["4. Producing API: `PUT /x`, one instance"] == "met"
    assert verdicts["5. Scoring's peak RSS"] == "**missed**"  # the rebuild's 320 MB

    missed = _verdicts(report.to_markdown(_results(ingest=20_000, ceiling=34_000, p99_at_1000=None, api_p99=51)))
    assert missed["… against the ceiling (same broker and database)"] == "**missed**"
    assert missed["2. Freshness at 1,000 events/s (commit → read API)"] == "**missed**"
    assert missed["4. Producing API: `PUT /x`, one instance"] == "**missed**"


def test_the_table_replaces_the_previous_one_in_the_readme(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{report.README_START}\nold table\n{report.README_END}\nafter\n")
    report.into_readme(readme, "new table\n")
    assert readme.read_text() == f"intro\n{report.README_START}\nnew table\n\n{report.README_END}\nafter\n"
    readme.write_text("no markers\n")
    with pytest.raises(ValueError, match="markers"):
        report.into_readme(readme, "new table\n")


def test_a_profile_is_summarised_by_function_inclusive_and_self(tmp_path: Path) -> None:
    raw = tmp_path / "profile.raw"
    raw.write_text(
        "main (app.py:1);apply (bastion/consumer/runner.py:10);decode (bastion/consumer/decode.py:5) 6\n"
        "main (app.py:1);apply (bastion/consumer/runner.py:12) 3\n"
        "main (app.py:1);idle (selectors.py:9) 1\n"
    )
    summary = summarise(raw)
    assert summary.startswith("10 samples")
    inclusive, own = summary.split("self (the function's own code):")
    assert "90.0%  apply (bastion/consumer/runner.py)" in inclusive  # lines 10 and 12 are one function
    assert "100.0%  main (app.py)" in inclusive
    assert "60.0%  decode (bastion/consumer/decode.py)" in own
    assert "30.0%  apply (bastion/consumer/runner.py)" in own
