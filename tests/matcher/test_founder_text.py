"""Co-founders for a founder not in the graph, described in words with what they bring."""

from __future__ import annotations

import pytest

from graph.errors import BadRequest
from matcher.projection import BUSINESS_ROLES, TECHNICAL_ROLES
from matcher.service import Matcher

LIDAR_FOUNDER = "자율주행 차량용 라이다 센서와 광학 설계를 개발해 창업하려고 합니다"


def test_a_technical_founder_in_words_is_offered_business_people_in_their_field(matcher: Matcher) -> None:
    p = matcher.state().projection
    page = matcher.cofounders(text=LIDAR_FOUNDER, brings="technical", limit=10)
    assert page.query == {"text": LIDAR_FOUNDER, "brings": "technical"} and len(page.data) == 10
    business = [r for r in page.data if p.person_roles[p.people.index[r.id]] & BUSINESS_ROLES]
    assert len(business) >= 8 and all(r.parts["complement"] == 1.0 for r in business)
    assert sum(r.parts["context"] > 0 for r in page.data) >= 5  # their field, through them or their company
    assert page.data[0].evidence is not None and page.data[0].evidence.sentence_ko


def test_what_the_founder_brings_decides_whom_they_are_offered(matcher: Matcher) -> None:
    p = matcher.state().projection
    page = matcher.cofounders(text=LIDAR_FOUNDER, brings="business", limit=10)
    technical = [r for r in page.data if p.person_roles[p.people.index[r.id]] & TECHNICAL_ROLES
                 or p.person_patent[p.people.index[r.id]].nnz]
    assert len(technical) >= 8
    unsaid = matcher.cofounders(text=LIDAR_FOUNDER, limit=10)
    assert all(r.parts["complement"] == 0.0 for r in unsaid.data)  # nothing said: no complement to look for


def test_a_founder_in_words_needs_words_and_a_known_role(matcher: Matcher) -> None:
    with pytest.raises(BadRequest):
        matcher.cofounders(text="  ")
    with pytest.raises(BadRequest):
        matcher.cofounders(text=LIDAR_FOUNDER, brings="money")
