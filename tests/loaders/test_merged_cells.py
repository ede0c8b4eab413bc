"""A cell merged down over several records' rows (one 소속 beside four researchers) is read into each of them,
and the run says so; merges in the header or across one row's columns fill nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.merged_cells import spans
from loaders.readers import TableInfo, read_rows
from loaders.reasons_ko import note_in_korean
from loaders.run_summary import reading_note

DATA = Path(__file__).parent / "data"
HEADER = ["성명", "소속", "이메일", "비고"]
PEOPLE = [["김민수", "광주과학기술원", "minsu@gist.ac.kr", "2024년 신규"], ["이영희", None, "yh@gist.ac.kr", None],
          ["박철수", None, "cs@gist.ac.kr", None], ["최지훈", "전남대학교", "jh@jnu.ac.kr", None]]
"""As tools/make_spreadsheet_fixtures.py writes people_merged.xls and .ods (from column B): 소속 merged over rows
2-4, 비고 over D2:E2."""


def _people_xlsx(path: Path, *, blank_rows_below: int = 0) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [HEADER, *PEOPLE]:
        sheet.append(row)
    sheet.merge_cells("B2:B4")
    sheet.merge_cells("D2:E2")
    if blank_rows_below:  # a merge reaching past the last record, over blank rows
        sheet.merge_cells(f"C5:C{5 + blank_rows_below}")
    book.save(path)
    return path


@pytest.mark.parametrize("name", ["people.xlsx", "people_merged.xls", "people_merged.ods"])
def test_a_cell_merged_down_is_read_into_each_row(tmp_path: Path, name: str) -> None:
    path = _people_xlsx(tmp_path / name) if name.endswith(".xlsx") else DATA / name
    info = TableInfo("")
    rows = list(read_rows(path, info=info))
    assert [(r.line, r.data["성명"], r.data["소속"]) for r in rows] == [
        (2, "김민수", "광주과학기술원"), (3, "이영희", "광주과학기술원"), (4, "박철수", "광주과학기술원"),
        (5, "최지훈", "전남대학교")]
    assert rows[0].data["비고"] == "2024년 신규" and rows[1].data["비고"] in (None, "")  # across columns: not filled
    assert info.filled == {"소속": [3, 4]}


def test_a_merge_over_blank_rows_makes_no_records_of_them(tmp_path: Path) -> None:
    info = TableInfo("")
    rows = list(read_rows(_people_xlsx(tmp_path / "people.xlsx", blank_rows_below=3), info=info))
    assert [r.line for r in rows] == [2, 3, 4, 5] and info.filled == {"소속": [3, 4]}


def test_a_header_merged_over_its_two_rows_fills_no_record(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["번호", "성명", "연구책임자", None])
    sheet.append([None, None, "소속", "연락처"])
    sheet.append([1, "김민수", "광주과학기술원", "062-000-0000"])
    sheet.append([2, "이영희", None, None])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:B2")
    sheet.merge_cells("C1:D1")
    book.save(tmp_path / "people.xlsx")
    info = TableInfo("")
    rows = list(read_rows(tmp_path / "people.xlsx", info=info,
                          header_score=lambda cells: sum(c in ("성명", "소속", "연락처") for c in cells)))
    assert info.header_line == 1 and [r.data["성명"] for r in rows] == ["김민수", "이영희"]
    assert rows[1].data["소속"] is None and rows[1].data["번호"] == "2" and info.filled == {}
    plain = TableInfo("")  # read without knowing the columns, the header's second row is a record: still not filled
    first, *_ = read_rows(tmp_path / "people.xlsx", info=plain)
    assert (first.line, first.data["번호"], first.data["성명"], plain.filled) == (2, None, None, {})


def test_spans() -> None:
    assert spans([12, 3, 4, 7, 8, 9]) == "3-4, 7-9, 12" and spans([5]) == "5"


def test_researchers_under_one_merged_affiliation_are_each_affiliated(tmp_path: Path, graph: GraphStore,
                                                                     pipeline: LoadPipeline) -> None:
    summary = pipeline.load("people", _people_xlsx(tmp_path / "people.xlsx"))
    assert (summary.created, summary.rejected) == (4, 0)
    note = "cells merged down several rows were read into each row they span: 소속 (lines 3-4)"
    assert note in (reading_note(summary) or "")
    assert "병합된 셀의 값은 그 모든 행에 읽었습니다: 소속 (3-4행)" in note_in_korean(note)
    affiliations: dict[str, str] = {}
    for person in graph.list_nodes("Person"):
        (link,) = graph.neighbours(person.id, edge_types=["AFFILIATED_WITH"])
        affiliations[person.name_ko] = link.node.name_ko  # type: ignore[attr-defined]
    assert affiliations == {"김민수": "광주과학기술원", "이영희": "광주과학기술원", "박철수": "광주과학기술원",
                            "최지훈": "전남대학교"}


def test_a_merge_fills_a_row_read_only_as_far_as_its_last_cell() -> None:
    from loaders.merged_cells import FillDown

    fill = FillDown([(2, 3, 4, 3)], ["성명", "이메일", "소속"])  # 소속 (column C) merged over rows 2-4
    rows = {2: ["김민수", "a@gist.ac.kr", "광주과학기술원"], 3: ["이영희", "b@gist.ac.kr"], 4: ["박철수"]}
    for number, cells in rows.items():
        fill.fill(number, cells)
    assert rows[3] == ["이영희", "b@gist.ac.kr", "광주과학기술원"] and rows[4] == ["박철수", None, "광주과학기술원"]
    assert fill.filled == {"소속": [3, 4]}
