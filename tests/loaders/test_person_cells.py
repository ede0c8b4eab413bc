"""A person's name written with a title ('김민수 교수', 'Dr. Minsu Kim') loads as the name, the title kept apart:
the same researcher written with and without it is one person. A bracket after the name gives their name in the
other script or their organisation ('홍길동 (Hong Gil-dong)', '김민수(광주과학기술원)'), or is dropped (Hanja, a part
in a work)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.person_titles import without_title
from loaders.records import RECORD_TYPES
from tests.loaders.conftest import SAMPLE


@pytest.mark.parametrize("written,name,title", [
    ("김민수 교수", "김민수", "교수"), ("김민수교수", "김민수", "교수"), ("김민수 교수님", "김민수", "교수"),
    ("김민수(교수)", "김민수", "교수"), ("홍길동 책임연구원", "홍길동", "책임연구원"), ("홍길동박사", "홍길동", "박사"),
    ("남궁민 박사", "남궁민", "박사"), ("김솔 이사", "김솔", "이사"), ("김민수 박사과정", "김민수", "박사과정"),
    ("Dr. Minsu Kim", "Minsu Kim", "Dr."), ("Kim Minsu, Ph.D.", "Kim Minsu", "Ph.D."),
    ("Prof. Dr. Minsu Kim", "Minsu Kim", "Prof. Dr."), ("Professor Seung-Hoon Lee", "Seung-Hoon Lee", "Professor"),
])
def test_the_title_comes_off_the_name(written: str, name: str, title: str) -> None:
    assert without_title(written) == (name, title)


@pytest.mark.parametrize("written", ["김민수", "이 교수", "이교수", "김박사", "김이사", "박선생", "Dr Kim", "Drake Lee",
                                     "Minsu Kim", "Abdul Rahman Md"])
def test_a_name_that_would_not_stay_a_name_keeps_its_words(written: str) -> None:
    assert without_title(written) == (written, None)


def test_the_title_goes_to_the_title_field_unless_one_is_given() -> None:
    people = RECORD_TYPES["people"]
    record = people.model_validate({"name_ko": "김민수 교수", "name_en": "Dr. Minsu Kim"})
    assert (record.name_ko, record.name_en, record.title) == ("김민수", "Minsu Kim", "교수")  # type: ignore[attr-defined]
    record = people.model_validate({"name_ko": "김민수 교수", "title": "학과장"})
    assert (record.name_ko, record.title) == ("김민수", "학과장")  # type: ignore[attr-defined]


def test_a_researcher_written_with_and_without_a_title_is_one_person(tmp_path: Path, graph: GraphStore,
                                                                     pipeline: LoadPipeline) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("성명,소속,이메일\n김민수 교수,광주과학기술원,\n", encoding="utf-8")
    authors = tmp_path / "authors.csv"
    authors.write_text("성명,소속\n김민수,광주과학기술원\n", encoding="utf-8")
    assert pipeline.load("people", roster).created == 1
    second = pipeline.load("people", authors)
    assert second.created == 0 and second.rejected == 0
    (person,) = graph.list_nodes("Person")
    assert (person.name_ko, person.title) == ("김민수", "교수")  # type: ignore[attr-defined]


@pytest.mark.parametrize("cells,name_ko,name_en,organization,lab,title", [
    ({"name_ko": "홍길동(洪吉童)"}, "홍길동", None, None, None, None),
    ({"name_ko": "홍길동 (Hong Gil-dong)"}, "홍길동", "Hong Gil-dong", None, None, None),
    ({"name_en": "Hong Gildong (홍길동)"}, "홍길동", "Hong Gildong", None, None, None),
    ({"name_ko": "김민수(광주과학기술원)"}, "김민수", None, "광주과학기술원", None, None),
    ({"name_ko": "김민수(GIST 신소재공학부)"}, "김민수", None, "GIST", "신소재공학부", None),
    ({"name_ko": "김민수 교수(광주과학기술원)"}, "김민수", None, "광주과학기술원", None, "교수"),
    ({"name_ko": "김민수(연구책임자)"}, "김민수", None, None, None, None),
    ({"name_ko": "김민수(광주과학기술원)", "organization": "전남대학교"}, "김민수", None, "전남대학교", None, None),
    ({"name_ko": "이(Lee)"}, "이(Lee)", None, None, None, None),  # a surname alone: left as written
])
def test_a_bracket_after_the_name(cells: dict[str, str], name_ko: str | None, name_en: str | None,
                                  organization: str | None, lab: str | None, title: str | None) -> None:
    record = RECORD_TYPES["people"].model_validate(cells)
    assert (record.name_ko, record.name_en, record.organization, record.lab,  # type: ignore[attr-defined]
            record.title) == (name_ko, name_en, organization, lab, title)  # type: ignore[attr-defined]


def test_a_roster_naming_organizations_in_brackets_places_people_there(tmp_path: Path, graph: GraphStore,
                                                                        pipeline: LoadPipeline) -> None:
    pipeline.load("organizations", SAMPLE / "institutions.csv")
    organizations = graph.count("Organization")
    roster = tmp_path / "roster.csv"
    roster.write_text("성명\n김민수(광주과학기술원)\n이영희 교수(GIST 신소재공학부)\n", encoding="utf-8")
    assert pipeline.load("people", roster).created == 2 and graph.count("Organization") == organizations
    placed = {}
    for person in graph.list_nodes("Person"):
        (link,) = graph.neighbours(person.id, edge_types=["AFFILIATED_WITH"])
        placed[person.name_ko] = (link.node.name_ko, person.title, person.lab)  # type: ignore[attr-defined]
    assert placed == {"김민수": ("광주과학기술원", None, None), "이영희": ("광주과학기술원", "교수", "신소재공학부")}
