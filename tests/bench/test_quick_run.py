"""The benchmarks themselves still run end to end (a small run), and check what they measure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def test_a_quick_run_measures_everything_and_every_check_holds(tmp_path: Path, test_work_dir: Path) -> None:
    results = tmp_path / "results"
    stack = test_work_dir / "bench-quick"  # where the embedded PostgreSQL's own user may reach, unlike tmp_path
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--root", str(stack), "--results", str(results)],
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    found = json.loads((results / "latest.json").read_text())

    replay = found["replay"]
    events = replay["workload"]["events"]
    assert replay["ingest"]["events_per_second"] > 0
    assert replay["ceiling"]["checks_ok"] is True
    assert replay["ceiling"]["processed_rows"] == replay["ceiling"]["counter_sum"] == events
    assert replay["naive"]["events"] > 0
    assert replay["rebuild"]["check"].startswith("Checked: the")  # the rebuilt facts equal the live ones
    assert (results / replay["ingest"]["profile"]).read_text().split()[1] == "samples"

    for rate in ("100", "1000", "5000"):
        figures = found["freshness"]["rates"][rate]
        assert figures["samples"] > 0
        assert figures["error_count"] == 0

    api = found["api"]
    assert api["requests"] > 0
    assert api["non_2xx"] == 0
    assert api["outbox_unpublished"] == 0
    assert 0 <= api["outbox_rows_minus_2xx"] <= api["connections"]  # every answered write has its event
    assert "| 5. Scoring's peak RSS |" in (results / "latest.md").read_text()
