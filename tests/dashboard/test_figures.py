"""The comparison the browser tests rely on catches a page that differs from the API (no browser needed)."""

from __future__ import annotations

import pytest

from tests.dashboard.figures import Expected, Shown, mismatches, same

B1, B2 = "branch-1", "branch-2"


def committee() -> Expected:
    expected = Expected()
    for branch, total, stars in ((B1, 87.5, 3), (B2, 90.0, 4)):
        expected.add("branch-total", branch, {"assessment total": total})
        expected.add("branch-stars", branch, {"assessment stars": stars})
    expected.add_any("suggestions-open", B1, {"not closed": 2, "not yet decided": 1})
    return expected


def page(**changes: str) -> list[Shown]:
    shown = {
        ("branch-total", B1): "87.5",
        ("branch-stars", B1): "3",
        ("branch-total", B2): "90.0",
        ("branch-stars", B2): "4",
        ("suggestions-open", B1): "2",
    }
    for key, text in changes.items():
        name, scope = key.rsplit("__", 1)
        shown[(name.replace("_", "-"), {"b1": B1, "b2": B2}[scope])] = text
    return [Shown(name, text, scope) for (name, scope), text in shown.items()]


def test_a_page_showing_the_apis_figures_agrees() -> None:
    assert mismatches(page(), committee()) == []
    assert mismatches(page(suggestions_open__b1="1"), committee()) == []  # another reading the brief allows


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"branch_total__b2": "90.5"}, "branch-total [branch-2]: page shows '90.5'"),
        ({"branch_stars__b1": "★★★"}, "branch-stars [branch-1]: page shows '★★★'"),
        ({"branch_stars__b1": "3.0"}, "branch-stars [branch-1]: page shows '3.0'"),
        ({"suggestions_open__b1": "3"}, "suggestions-open [branch-1]: page shows '3'"),
    ],
)
def test_a_figure_that_differs_is_named_with_the_apis_value(change: dict[str, str], complaint: str) -> None:
    found = mismatches(page(**change), committee())
    assert len(found) == 1
    assert found[0].startswith(complaint)


def test_a_missing_figure_or_scope_is_named() -> None:
    shown = [f for f in page() if not (f.name == "branch-stars" and f.scope == B2)]
    assert mismatches(shown, committee()) == ["branch-stars [branch-2]: missing for this scope; shown for ['branch-1']"]
    unscoped = [Shown(f.name, f.text, None) if f.name == "suggestions-open" else f for f in page()]
    assert mismatches(unscoped, committee())[0].startswith("suggestions-open [None]: shown for a scope")
    assert mismatches([], committee())[0] == "branch-stars: missing (no [data-figure='branch-stars'] element)"


@pytest.mark.parametrize(
    ("text", "value", "agrees"),
    [
        ("87.5", 87.5, True),
        ("87.50", 87.5, True),
        ("87.4", 87.5, False),
        ("40", 40, True),
        ("40.0", 40, False),
        ("0.075", 0.075, True),
        ("7.5%", 0.075, False),
        ("", None, True),
        ("—", None, True),
        ("0", None, False),
        ("qualified", ("qualified", "合格"), True),
    ],
)
def test_a_number_is_the_same_when_its_value_is(text: str, value: object, agrees: bool) -> None:
    assert same(text, value) is agrees
