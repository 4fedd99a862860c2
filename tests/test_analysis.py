"""The pure functions of safe_map.analysis, called directly on small model objects."""

from __future__ import annotations

import pytest

from safe_map.analysis import (
    READINESS,
    assess,
    compare,
    pillars_of,
    readiness_of,
)
from safe_map.model import (
    Assessment,
    Country,
    Framework,
    Pillar,
    Recommendation,
    Standard,
    Status,
)

FRAMEWORK = Framework(
    id="f",
    title="F",
    pillars=[
        Pillar(1, "One", standards=[Standard("p1-s1", 1, 1, "A"), Standard("p1-s2", 1, 2, "B")]),
        Pillar(2, "Two", standards=[Standard("p2-s1", 2, 1, "C")]),
        Pillar(3, "Three", standards=[Standard("p3-s1", 3, 1, "D")]),
    ],
)


def country(name: str, statuses: dict[str, Status], **extra) -> Country:
    found = Country(name=name, iso=name[:2].upper(), framework_id="f", path=f"{name}.yaml")
    found.assessments = {k: Assessment(k, s) for k, s in statuses.items()}
    for key, value in extra.items():
        setattr(found, key, value)
    return found


YES, NO, NOT = Status.YES, Status.NO, Status.NOT_ASSESSED


@pytest.mark.parametrize(
    ("a", "b", "agree", "readiness"),
    [
        (YES, YES, True, "both"),
        (YES, NO, False, "only_a"),
        (Status.PARTIAL, YES, False, "only_b"),
        (NO, Status.PLANNED, False, "neither"),
        (Status.NOT_APPLICABLE, Status.NOT_APPLICABLE, True, "neither"),
        (YES, NOT, None, "unknown"),
        (NOT, NO, None, "unknown"),
        (NOT, NOT, None, "unknown"),  # nobody assessed it: not "the same"
    ],
)
def test_a_side_not_assessed_is_unknown(a, b, agree, readiness):
    result = compare(country("aa", {"p1-s1": a}), country("bb", {"p1-s1": b}), FRAMEWORK, [1])
    pair = result.pillars[0][1][0]
    assert pair.agree is agree
    assert readiness_of(pair) == readiness
    assert readiness in READINESS


def test_readiness_counts_add_up_and_say_how_many_both_assessed():
    a = country("aa", {"p1-s1": YES, "p1-s2": YES, "p2-s1": NO})
    b = country("bb", {"p1-s1": YES, "p2-s1": YES})
    result = compare(a, b, FRAMEWORK)
    assert result.readiness() == {
        "both": 1,
        "only_a": 0,
        "only_b": 1,
        "neither": 0,
        "unknown": 2,
    }
    assert result.assessed() == 2
    assert result.assessed(1) == 1 and result.readiness(1)["unknown"] == 1
    assert sum(result.readiness(3).values()) == 1 and result.assessed(3) == 0


@pytest.mark.parametrize(
    ("text", "pillar", "named"),
    [
        ("Optimize the uptake of the AEO program", None, set()),
        ("Comply with the SAFE Framework Pillar 3 standards on alignment", None, {3}),
        ("Work on pillars 1 and 2", None, {1, 2}),
        ("Pillar 1, 2 or 3 as resources allow", None, {1, 2, 3}),
        ("Named in the text as Pillar 3", 2, {2}),  # the field wins over the text
        ("Caterpillar 3 is no pillar", None, set()),
    ],
)
def test_the_pillars_a_recommendation_is_about(text, pillar, named):
    assert pillars_of(Recommendation(text, pillar=pillar)) == named


def test_recommendations_follow_the_chosen_pillars():
    always = Recommendation("Optimize the uptake of the AEO program")
    third = Recommendation("Capacity building for the SAFE Framework Pillar 3 standards")
    second = Recommendation("Better partnership", pillar=2)
    c = country("aa", {}, recommendations=[always, third, second])
    assert assess(c, FRAMEWORK, [2]).recommendations == [always, second]
    assert assess(c, FRAMEWORK, [3]).recommendations == [always, third]
    assert assess(c, FRAMEWORK, [1]).recommendations == [always]
    assert assess(c, FRAMEWORK).recommendations == [always, third, second]


def test_a_row_carries_the_target_date_of_planned_work():
    c = country("aa", {"p1-s1": Status.PLANNED})
    c.assessments["p1-s1"].target_date = "2027-01"
    report = assess(c, FRAMEWORK, [1])
    assert [r.target_date for r in report.pillars[0].rows] == ["2027-01", ""]
