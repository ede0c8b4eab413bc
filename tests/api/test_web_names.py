"""The web UI names every term of the graph it shows in both languages: properties, coded values, relationships
(as headings and as steps of an evidence path) and the ranker's score parts."""

from __future__ import annotations

import typing

import pytest

from api.auth import Role
from api.schemas import NodePublic
from api.web.i18n import Terms
from graph.regions import REGIONS
from graph.schema import DOMAIN_NODE_TYPES, EDGE_TYPES, CompanySize, LoadRun, OrgKind, PatentStatus, PersonRole
from matcher import features


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_shown_property_has_a_name(lang: str) -> None:
    names = Terms(lang)
    hidden = set(NodePublic.model_fields) | {"id", "sources", "source", "source_record_id", "loaded_at",
                                             "content_hash"}
    missing = [f"{label}.{field}" for label, model in DOMAIN_NODE_TYPES.items() for field in model.model_fields
               if field not in hidden and names.field(label, field) == field]
    assert missing == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_relationship_and_coded_value_has_a_name(lang: str) -> None:
    names = Terms(lang)
    assert [r for r in EDGE_TYPES for d in ("out", "in") if names.relation(r, d) == r] == []
    assert [r for r in EDGE_TYPES if names.step(r) == r] == []
    coded = {"kind": OrgKind, "size": CompanySize, "roles": PersonRole, "status": PatentStatus}
    assert [f"{f}={v}" for f, enum in coded.items() for v in enum if names.value(f, v.value) == v.value
            and lang == "ko"] == []


def test_every_run_status_and_role_has_a_korean_name() -> None:
    statuses = typing.get_args(LoadRun.model_fields["status"].annotation)
    names = Terms("ko")
    assert len(statuses) == 5 and [s for s in statuses if names.value("run", s) == s] == []
    assert [r for r in typing.get_args(Role) if names.value("role", r) == r] == []
    assert Terms("en").value("run", "done") == "done"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_score_part_has_a_name(lang: str) -> None:
    names = Terms(lang)
    parts = {cls.name for cls in vars(features).values()
             if isinstance(cls, type) and issubclass(cls, features.Feature) and "name" in vars(cls)}
    assert len(parts) >= 15
    assert sorted(p for p in parts if names.score_part(p) == p) == []


def test_a_person_title_is_a_position_and_a_project_title_its_name() -> None:
    assert Terms("ko").field("Person", "title") == "직위" and Terms("ko").field("Project", "title") == "과제명"
    assert Terms("en").value("size", "startup") == "start-up" and Terms("ko").value("region", "광주") == "광주"
    assert Terms("en").value("region", "광주") == "Gwangju" and Terms("en").value("region", "Texas") == "Texas"
    assert all(Terms("en").value("region", region).isascii() for region in REGIONS)
