"""The dashboard's figures (``[data-figure]`` elements) against the same figures fetched from the APIs.

Every figure the page shows must equal what the API says for its scope (``data-branch-id`` or
``data-member-id``; none for a figure of the whole committee). Where the brief leaves the exact source open
(``suggestions-open`` could be "not closed" or "not yet decided"), :class:`Expected` holds each reading with
its value and the page must match one of them; the failure names them all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from playwright.async_api import Page

from bastion_demo.api import Api

_READ_FIGURES = """
els => els.map(e => ({
    name: e.dataset.figure,
    text: e.textContent.trim(),
    scope: e.dataset.memberId ?? e.dataset.branchId ?? null,
}))
"""
_INTEGER = re.compile(r"-?\d+")
BAND_LABELS = {
    "excellent_candidate": ("优秀候选", "Excellent candidate"),
    "qualified": ("合格", "Qualified"),
    "basically_qualified_review": ("基本合格，待评议", "Basically qualified, to review"),
    "unqualified_review": ("不合格，待评议", "Unqualified, to review"),
}
UNDECIDED = ("submitted", "acknowledged", "reopened")


@dataclass(frozen=True)
class Shown:
    """One ``[data-figure]`` element: its name, text and scope (member or branch id, or None)."""

    name: str
    text: str
    scope: str | None


@dataclass
class Expected:
    """The figures a view must show: per name, per scope, the API's value under each reading."""

    values: dict[str, dict[str | None, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    required: dict[str, set[str | None]] = field(default_factory=lambda: defaultdict(set))

    def add(self, name: str, scope: str | None, readings: Mapping[str, Any], *, required: bool = True) -> None:
        self.values[name][scope] = dict(readings)
        if required:
            self.required[name].add(scope)

    def add_any(self, name: str, scope: str | None, readings: Mapping[str, Any]) -> None:
        """A figure the view must show once at least, for this scope or another of the same name."""
        self.values[name][scope] = dict(readings)
        self.required.setdefault(name, set())


async def shown_figures(page: Page) -> list[Shown]:
    rows = await page.eval_on_selector_all("[data-figure]", _READ_FIGURES)
    return [Shown(row["name"], row["text"], row["scope"]) for row in rows]


def same(text: str, value: Any) -> bool:
    """The page's text is the API's value: numbers equal as numbers (an integer written as one), absent
    values empty or a dash, anything else as text."""
    if value is None:
        return text in ("", "—", "-", "–")
    if isinstance(value, bool):
        return text == str(value).lower()
    if isinstance(value, int):
        return bool(_INTEGER.fullmatch(text)) and int(text) == value
    if isinstance(value, float):
        try:
            return float(text) == value
        except ValueError:
            return False
    if isinstance(value, tuple):
        return any(same(text, v) for v in value)
    return text == str(value)


def mismatches(shown: Iterable[Shown], expected: Expected) -> list[str]:
    """Every way the page differs from the APIs, each on one line (empty: it agrees)."""
    shown = list(shown)
    problems: list[str] = []
    by_name: dict[str, list[Shown]] = defaultdict(list)
    for figure in shown:
        by_name[figure.name].append(figure)
    for name, scopes in sorted(expected.required.items()):
        present = {figure.scope for figure in by_name.get(name, [])}
        if not by_name.get(name):
            problems.append(f"{name}: missing (no [data-figure={name!r}] element)")
        for scope in sorted(scopes - present, key=str):
            problems.append(f"{name} [{scope}]: missing for this scope; shown for {sorted(present, key=str)}")
    for name, figures in sorted(by_name.items()):
        if name not in expected.values:
            continue
        for figure in figures:
            readings = expected.values[name].get(figure.scope)
            if readings is None:
                known = sorted(expected.values[name], key=str)
                problems.append(f"{name} [{figure.scope}]: shown for a scope the API has no figure for {known}")
            elif not any(same(figure.text, value) for value in readings.values()):
                problems.append(f"{name} [{figure.scope}]: page shows {figure.text!r}, the API: {readings}")
    return problems


def readings_of(figure: Shown, expected: Expected) -> dict[str, Any] | None:
    """The API's value(s) for the figure's name and scope (None: not a figure the brief names)."""
    return expected.values.get(figure.name, {}).get(figure.scope)


def readings_matched(figure: Shown, expected: Expected) -> list[str]:
    """Which of the API's readings the figure agrees with (for the report: where the brief left a choice,
    which one the page took)."""
    readings = readings_of(figure, expected) or {}
    return [reading for reading, value in readings.items() if same(figure.text, value)]


def unchecked(shown: Iterable[Shown], expected: Expected) -> list[str]:
    """Names on the page the brief does not name (shown in reports, not failed)."""
    return sorted({figure.name for figure in shown} - set(expected.values))


# --- the figures of each view, from the APIs ---------------------------------------------------------------


async def committee_view(apis: Mapping[str, Api], branch_ids: Iterable[str], timezone: str) -> Expected:
    """Per branch: total, stars and the six dimensions (scoring), satisfaction by respondent group
    (feedback), the suggestion loop (feedback, scoring) and the 三会一课 gaps (activity); the counts summed
    over the branches for a committee-wide figure."""
    expected = Expected()
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for branch_id in branch_ids:
        assessment = await apis["scoring"].get(f"/branches/{branch_id}/assessment")
        expected.add("branch-total", branch_id, {"assessment total": assessment["total"]})
        expected.add("branch-stars", branch_id, {"assessment stars": assessment["stars"]})
        for dimension in assessment["dimensions"]:
            expected.add_any(f"dimension-{dimension['dimension']}", branch_id, {"score": dimension["score"]})
        await _satisfaction(apis, branch_id, assessment, expected)
        loop = await _suggestion_loop(apis, branch_id, assessment, ZoneInfo(timezone))
        for name, readings in loop.items():
            expected.add_any(name, branch_id, readings)
            for reading, value in readings.items():
                sums[name][reading] += value
        gaps = (await apis["activity"].get(f"/org-units/{branch_id}/compliance/gaps"))["gaps"]
        readings = {"gaps listed": len(gaps), "activities missing": sum(gap["missing"] for gap in gaps)}
        expected.add_any("compliance-gaps", branch_id, readings)
        for reading, value in readings.items():
            sums["compliance-gaps"][reading] += value
    for name, readings in sums.items():
        expected.add_any(name, None, {f"{reading}, all branches": value for reading, value in readings.items()})
    return expected


async def _satisfaction(apis: Mapping[str, Api], branch_id: str, assessment: dict[str, Any], out: Expected) -> None:
    for counted in assessment["satisfaction"]["by_group"]:
        out.add_any(
            f"satisfaction-{counted['group']}", branch_id, {"assessment satisfaction.by_group mean": counted["mean"]}
        )


async def _suggestion_loop(
    apis: Mapping[str, Api], branch_id: str, assessment: dict[str, Any], timezone: ZoneInfo
) -> dict[str, Any]:
    suggestions = await apis["feedback"].all_pages("/suggestions", branch_id=branch_id)
    overdue = await apis["feedback"].get(f"/branches/{branch_id}/suggestions/overdue")
    on_time = [s for s in suggestions if s["decided_at"] and _day(s["decided_at"], timezone) <= s["decide_due"]]
    return {
        "suggestions-open": {
            "not closed": sum(1 for s in suggestions if s["state"] != "closed"),
            "not yet decided": sum(1 for s in suggestions if s["state"] in UNDECIDED),
        },
        "suggestions-overdue": {"overdue suggestions": len(overdue["items"])},
        "suggestions-answered-on-time": {
            "suggestions decided by decide_due": len(on_time),
            "assessment suggestions.in_time (this year)": assessment["suggestions"]["in_time"],
        },
    }


def _day(moment: str, timezone: ZoneInfo) -> str:
    return datetime.fromisoformat(moment).astimezone(timezone).date().isoformat()


async def branch_view(apis: Mapping[str, Api], branch_id: str) -> Expected:
    """Members' totals and ranks, and the unranked pipeline's totals (scoring), the structure and the
    pipeline (roster statistics) and the overdue pipeline steps (roster); branch figures may carry the
    branch's id or none."""
    expected = Expected()
    ranking = await apis["scoring"].get(f"/branches/{branch_id}/ranking")
    for person in ranking["people"]:
        expected.add("member-total", person["member_id"], {"ranking total": person["total"]})
        expected.add("member-rank", person["member_id"], {"ranking rank": person["rank"]})
    for person in ranking["pipeline"]:  # listed apart with their totals, no rank
        expected.add("member-total", person["member_id"], {"ranking pipeline total": person["total"]})
    statistics = await apis["roster"].get(f"/org-units/{branch_id}/statistics")
    assessment = await apis["scoring"].get(f"/branches/{branch_id}/assessment")
    steps = await apis["roster"].get(f"/org-units/{branch_id}/overdue-steps")
    figures: dict[str, dict[str, Any]] = {
        "member-count": {"statistics party_members": statistics["party_members"]},
        "bachelor-or-above-share": {
            "statistics bachelor_or_above.share": statistics["bachelor_or_above"]["share"],
            "assessment structure.bachelor_or_above_share": assessment["structure"]["bachelor_or_above_share"],
        },
        "overdue-steps": {"overdue steps": len(steps)},
    }
    for decade, share in statistics["birth_decades"].items():
        figures[f"birth-decade-{decade}"] = {"statistics birth_decades count": share["count"]}
    for stage, count in statistics["pipeline"].items():
        figures[f"pipeline-{stage}"] = {"statistics pipeline": count}
    for name, readings in figures.items():
        expected.add(name, None, readings, required=False)
        expected.add_any(name, branch_id, readings)
    return expected


async def member_view(apis: Mapping[str, Api], member_id: str) -> Expected:
    """The score card's total and band, and the ledger's row count."""
    card = await apis["scoring"].get(f"/members/{member_id}/score-card")
    ledger = await apis["scoring"].get(f"/members/{member_id}/ledger", page_size=200)
    band = card["band"]
    expected = Expected()
    readings = {
        "card-total": {"score-card total": card["total"]},
        "card-band": {"score-card band": band if band is None else (band, *BAND_LABELS.get(band, ()))},
        "ledger-count": {"ledger total": ledger["total"], "ledger rows, first 200": len(ledger["items"])},
    }
    for name, values in readings.items():
        expected.add(name, None, values, required=False)
        expected.add_any(name, member_id, values)
    return expected
