"""promtool accepts the Prometheus config and the alert rules, and every rule unit test passes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.deploy.promql import declared_sample_names, metric_names

PROMETHEUS = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
RULE_TESTS = sorted((PROMETHEUS / "tests").glob("*.yml"))
PROMTOOL = shutil.which("promtool")

pytestmark = pytest.mark.skipif(PROMTOOL is None, reason="promtool missing: run `make tools`")


def _promtool(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run([PROMTOOL, *map(str, arguments)], capture_output=True, text=True, timeout=60, check=False)


def _alerts() -> list[dict[str, object]]:
    document = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text(encoding="utf-8"))
    return [rule for group in document["groups"] for rule in group["rules"]]


def test_promtool_accepts_the_config_and_its_rule_files() -> None:
    result = _promtool("check", "config", PROMETHEUS / "prometheus.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout


def test_promtool_accepts_the_alert_rules() -> None:
    result = _promtool("check", "rules", PROMETHEUS / "alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("rule_test", RULE_TESTS, ids=[path.name for path in RULE_TESTS])
def test_alert_rule_unit_tests_pass(rule_test: Path) -> None:
    result = _promtool("test", "rules", rule_test)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_is_unit_tested_firing_and_silent() -> None:
    fired: set[str] = set()
    silent: set[str] = set()
    for path in RULE_TESTS:
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            for check in case.get("alert_rule_test", []):
                (fired if check.get("exp_alerts") else silent).add(check["alertname"])
    names = {str(rule["alert"]) for rule in _alerts()}
    assert names - fired == set(), "alerts never seen firing"
    assert names - silent == set(), "alerts never seen staying silent"


def test_a_failing_rule_unit_test_fails(tmp_path: Path) -> None:
    """promtool's exit code is what the tests above rely on: an expectation that is wrong must fail."""
    rule_test = RULE_TESTS[0]
    wrong = tmp_path / rule_test.name
    text = rule_test.read_text(encoding="utf-8").replace("../alerts.yml", str(PROMETHEUS / "alerts.yml"))
    wrong.write_text(text.replace("severity: critical, job: roster", "severity: warning, job: roster"), "utf-8")
    assert wrong.read_text(encoding="utf-8") != text
    assert _promtool("test", "rules", wrong).returncode != 0


def test_alerts_name_only_metrics_bastion_declares() -> None:
    declared = declared_sample_names()
    for rule in _alerts():
        used = metric_names(str(rule["expr"]))
        assert used, f"{rule['alert']}: no metric found in its expression"
        assert used <= declared, f"{rule['alert']}: unknown {sorted(used - declared)}"
