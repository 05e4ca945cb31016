"""The branch's bonus (加分, domain.md §3) from its honours and the committee's recognitions (pure).

Each record earns its points: an honour from above by its level, a recognised innovation (创新成果) and a
published experience (经验推广) so much each; together they are capped. The explanation says each record
in a sentence, newest first, and which of them the cap cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bastion_contracts.vocabulary import BranchRecognitionKind, HonourLevel
from scoring.assessment import Adjustment, AssessmentInputs, Recognition
from scoring.assessment.measures import rounded
from scoring.rules.model import BranchRules


@dataclass(frozen=True, slots=True)
class _Earned:
    day: date
    what: str
    points: float
    record: str


def bonus_of(inputs: AssessmentInputs, rules: BranchRules) -> Adjustment:
    """The branch's honours and recognitions in the period, each by the rule set, capped together."""
    bonus = rules.bonus
    levels, kinds = bonus.honour.model_dump(), bonus.recognition.model_dump()
    earned = [
        _Earned(h.day, f"{_label(HonourLevel, h.level)}表彰", levels.get(h.level, 0.0), str(h.record_id))
        for h in inputs.honours
    ]
    earned += [_recognised(g, kinds) for g in inputs.recognitions]
    raw = sum(e.points for e in earned)
    facts = {
        "honours": [{"honour_id": h.record_id, "level": h.level, "awarded_on": h.day} for h in inputs.honours],
        "recognitions": [
            {"recognition_id": g.recognition_id, "kind": g.kind, "title": g.title, "recognised_on": g.day}
            for g in inputs.recognitions
        ],
    }
    rule = {"cap": bonus.cap, "honour": levels, "recognition": kinds}
    note = f"加分合计 {_points(raw)} 分，封顶 {_points(bonus.cap)} 分" if raw > bonus.cap else ""
    return Adjustment(rounded(min(bonus.cap, raw)), facts, rule, note, _lines(earned, bonus.cap))


def _recognised(g: Recognition, kinds: dict[str, float]) -> _Earned:
    what = f"{_label(BranchRecognitionKind, g.kind)}「{g.title}」"
    return _Earned(g.day, what, kinds.get(g.kind, 0.0), str(g.recognition_id))


def _lines(earned: list[_Earned], cap: float) -> tuple[str, ...]:
    """Counted oldest first, as the cap fills; told newest first."""
    lines, total = [], 0.0
    for e in sorted(earned, key=lambda e: (e.day, e.record)):
        kept = max(0.0, min(e.points, cap - total))
        total += kept
        line = f"{e.day.month}月{e.day.day}日 {e.what} +{_points(e.points)}"
        if kept < e.points:
            line += (
                f"（加分已达上限 {_points(cap)} 分，不再计入）"
                if kept == 0
                else f"（达到上限 {_points(cap)} 分，计入 {_points(kept)} 分）"
            )
        lines.append(line)
    return tuple(reversed(lines))


def _points(value: float) -> str:
    """At most one decimal, none when whole (3, 2.5)."""
    return f"{value:.1f}".removesuffix(".0")


def _label(kind: type[HonourLevel] | type[BranchRecognitionKind], value: str) -> str:
    """The Chinese label of a code; a code this version does not know is shown as it is."""
    try:
        return str(kind(value).label_zh)
    except ValueError:
        return value
