"""A person's 소속 written with their department ('광주과학기술원 신소재공학부') places them at the institution, the
department kept as their lab: no organisation is made of the department."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.mentions import organization_and_unit
from loaders.records import RECORD_TYPES
from tests.loaders.conftest import SAMPLE


@pytest.mark.parametrize("written,organization,unit", [
    ("광주과학기술원 신소재공학부", "광주과학기술원", "신소재공학부"),
    ("GIST 전기전자컴퓨터공학부", "GIST", "전기전자컴퓨터공학부"),
    ("전남대학교 공과대학 기계공학부", "전남대학교", "공과대학 기계공학부"),
    ("한국전자통신연구원 광주본부", "한국전자통신연구원", "광주본부"),
    ("School of Mechanical Engineering, GIST", "GIST", "School of Mechanical Engineering"),
    ("Dept. of Physics, Chonnam National University, Gwangju 61186, Korea", "Chonnam National University",
     "Dept. of Physics"),
])
def test_the_unit_comes_apart_from_the_organization(written: str, organization: str, unit: str) -> None:
    assert organization_and_unit(written) == (organization, unit)


@pytest.mark.parametrize("written", ["광주과학기술원", "조선대학교(광주)", "Samsung Electronics Co., Ltd.",
                                     "(주)한빛광학 연구소", "GIST 차세대에너지연구소"])
def test_what_is_no_unit_stays_with_the_organization(written: str) -> None:
    assert organization_and_unit(written) == (written, None)


def test_the_unit_goes_before_a_lab_given_and_references_stay_whole() -> None:
    people, affiliations = RECORD_TYPES["people"], RECORD_TYPES["affiliations"]
    record = people.model_validate({"name_ko": "김민수", "organization": "광주과학기술원 신소재공학부",
                                    "lab": "나노소재연구실"})
    assert (record.organization, record.lab) == ("광주과학기술원", "신소재공학부 나노소재연구실")  # type: ignore[attr-defined]
    record = affiliations.model_validate({"person": "김민수", "organization": "GIST 신소재공학부",
                                          "lab": "신소재공학부 나노소재연구실"})
    assert (record.organization, record.lab) == ("GIST", "신소재공학부 나노소재연구실")  # type: ignore[attr-defined]
    record = affiliations.model_validate({"person": "김민수", "organization": "org:gist"})
    assert record.organization == "org:gist"  # type: ignore[attr-defined]


def test_researchers_written_at_departments_are_the_institutions(tmp_path: Path, graph: GraphStore,
                                                                 pipeline: LoadPipeline) -> None:
    pipeline.load("organizations", SAMPLE / "institutions.csv")
    organizations = graph.count("Organization")
    roster = tmp_path / "roster.csv"
    roster.write_text("성명,소속\n김민수,광주과학기술원 신소재공학부\n이영희,GIST 전기전자컴퓨터공학부\n"
                      "박철수,전남대학교 공과대학 기계공학부\n"
                      "최지훈,\"School of Mechanical Engineering, Gwangju Institute of Science and Technology\"\n",
                      encoding="utf-8")
    summary = pipeline.load("people", roster)
    assert (summary.created, summary.rejected) == (4, 0) and graph.count("Organization") == organizations
    placed = {}
    for person in graph.list_nodes("Person"):
        (link,) = graph.neighbours(person.id, edge_types=["AFFILIATED_WITH"])
        placed[person.name_ko] = (link.node.name_ko, link.edge.lab)  # type: ignore[attr-defined]
    assert placed == {"김민수": ("광주과학기술원", "신소재공학부"),
                      "이영희": ("광주과학기술원", "전기전자컴퓨터공학부"),
                      "박철수": ("전남대학교", "공과대학 기계공학부"),
                      "최지훈": ("광주과학기술원", "School of Mechanical Engineering")}
