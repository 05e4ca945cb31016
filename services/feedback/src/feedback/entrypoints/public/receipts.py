"""What a proposer sees of their suggestion, by its receipt code: where it stands and what was answered."""

from __future__ import annotations

from datetime import timedelta

from bastion.clock import local_day
from bastion_contracts.vocabulary import SuggestionState
from feedback.domain.suggestions import Suggestion
from feedback.service_layer.context import Context


def receipt_facts(suggestion: Suggestion, context: Context) -> tuple[list[tuple[str, str]], bool, bool]:
    """The lines to show, and whether the proposer may reopen it or rate the answer now."""
    zone = context.settings.timezone
    facts = [
        ("状态", suggestion.state.label_zh),
        ("类别", suggestion.category.label_zh),
        ("提交日期", local_day(suggestion.submitted_at, zone).isoformat()),
        ("受理期限", suggestion.acknowledge_due.isoformat()),
        ("答复期限", suggestion.decide_due.isoformat()),
    ]
    if suggestion.decision is not None:
        facts.append(("处理决定", suggestion.decision.label_zh))
        facts.append(("理由", suggestion.decision_reason or ""))
    if suggestion.response:
        facts.append(("答复", suggestion.response))
    if suggestion.answer_rating is not None:
        facts.append(("您对答复的评价", suggestion.answer_rating.label_zh))
    window = timedelta(days=context.settings.reopen_window_days)
    can_reopen = (
        suggestion.state is SuggestionState.CLOSED
        and suggestion.closed_at is not None
        and context.now <= suggestion.closed_at + window
    )
    can_rate = (
        suggestion.state in (SuggestionState.RESPONDED, SuggestionState.CLOSED) and suggestion.answer_rating is None
    )
    return facts, can_reopen, can_rate
