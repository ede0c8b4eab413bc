"""A researchers' roster as an office keeps it, every habit at once: a title line, a header named again in English,
one 소속 merged over a department's researchers, titles and Hanja after names, departments in 소속, full-width and
mail-program e-mail addresses, a total row. It loads as the people it lists, at the institutions, and loading it
again changes nothing."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.run_summary import reading_note
from tests.loaders.conftest import SAMPLE


def _roster(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["2024년 공동연구 참여 연구자 명단"])
    sheet.append(["성명", "소속", "이메일", "비고"])
    sheet.append(["Name", "Organization", "E-mail", None])
    sheet.append(["김민수 교수", "광주과학기술원 신소재공학부", "ｍｉｎｓｕ＠ｇｉｓｔ．ａｃ．ｋｒ", None])
    sheet.append(["이영희(李英姬)", None, "이영희 <yhlee@gist.ac.kr>", None])
    sheet.append(["박철수 박사", None, "mailto:cspark@gist.ac.kr", "2024년 합류"])
    sheet.append(["최지훈", "전남대학교 공과대학 기계공학부", "jhchoi@jnu.ac.kr", None])
    sheet.append(["합계", "4"])
    sheet.merge_cells("B4:B6")
    book.save(path)
    return path


def test_an_office_roster_loads_as_its_people_and_again_changes_nothing(tmp_path: Path, graph: GraphStore,
                                                                        pipeline: LoadPipeline) -> None:
    pipeline.load("organizations", SAMPLE / "institutions.csv")
    organizations = graph.count("Organization")
    roster = _roster(tmp_path / "연구자명단.xlsx")
    first = pipeline.load("people", roster)
    assert (first.read, first.created, first.rejected) == (4, 4, 0)
    note = reading_note(first) or ""
    assert "header found on line 2" in note and "line 3 skipped (the header again, in other words)" in note
    assert "line 8 skipped (a total row)" in note and "소속 (lines 5-6)" in note
    assert graph.count("Organization") == organizations
    people = {}
    for person in graph.list_nodes("Person"):
        (link,) = graph.neighbours(person.id, edge_types=["AFFILIATED_WITH"])
        people[person.name_ko] = (person.title, person.email, link.node.name_ko, link.edge.lab)  # type: ignore[attr-defined]
    assert people == {
        "김민수": ("교수", "minsu@gist.ac.kr", "광주과학기술원", "신소재공학부"),
        "이영희": (None, "yhlee@gist.ac.kr", "광주과학기술원", "신소재공학부"),
        "박철수": ("박사", "cspark@gist.ac.kr", "광주과학기술원", "신소재공학부"),
        "최지훈": (None, "jhchoi@jnu.ac.kr", "전남대학교", "공과대학 기계공학부"),
    }
    pipeline.skip_unchanged = False  # every row processed again: what the graph holds is what the rows say
    again = pipeline.load("people", roster)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 4, 0)
