"""A workbook written by a program keeps formulas without their results: a read field holding one refuses its
row, naming the field and the formula, instead of loading a blank; results a spreadsheet saved are read."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.formula_cells import UNCOMPUTED_FORMULA
from loaders.readers import read_rows
from loaders.reasons_ko import in_korean, known

SHEET = "xl/worksheets/sheet1.xml"


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    """A workbook openpyxl writes: each formula with an empty ``<v/>``, as it cannot compute one."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _edited_sheet(path: Path, *replacements: tuple[str, str]) -> Path:
    """The workbook with its sheet's XML edited, as a spreadsheet would have saved it."""
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    xml = re.sub(r"<v\s*/>|<v></v>", "<v />", members[SHEET].decode())  # as openpyxl writes it with or without lxml
    for old, new in replacements:
        assert old in xml, old
        xml = xml.replace(old, new)
    members[SHEET] = xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


def test_a_formula_without_its_result_is_named_and_read_as_blank(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "firms.xlsx", [["name_ko", "employees", "city"], ["(주)한빛광학", "=10*3", "광주"],
                                               ["빛고을에너지", 12, "=UPPER(\"gwangju\")"]])
    first, second = read_rows(path)
    assert first.data == {"name_ko": "(주)한빛광학", "employees": None, "city": "광주"}
    assert first.formulas == (("employees", "=10*3"),)
    assert second.formulas == (("city", '=UPPER("gwangju")'),) and second.data["employees"] == "12"


def test_results_a_spreadsheet_saved_are_read_and_not_marked(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "firms.xlsx", [["name_ko", "employees", "note"], ["(주)한빛광학", "=10*3", "=\"\""]])
    _edited_sheet(path, ("<f>10*3</f><v />", "<f>10*3</f><v>30</v>"),
                  ('<c r="C2"><f>""</f><v />', '<c r="C2" t="str"><f>""</f><v></v>'))  # a result that is empty text
    (row,) = read_rows(path)
    assert row.data == {"name_ko": "(주)한빛광학", "employees": "30", "note": None} and row.formulas == ()


def test_a_shared_formula_is_named_as_its_own_cell_holds_it(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "firms.xlsx", [["name_ko", "employees"], ["가", "=B1*2"], ["나", "=B2*2"]])
    _edited_sheet(path, ("<f>B1*2</f>", '<f t="shared" ref="B2:B3" si="0">B1*2</f>'),
                  ("<f>B2*2</f>", '<f t="shared" si="0"/>'))
    first, second = read_rows(path)
    assert (first.formulas, second.formulas) == ((("employees", "=B1*2"),), (("employees", "=B2*2"),))


def test_a_row_whose_read_field_holds_a_formula_without_result_is_refused(tmp_path: Path, graph: GraphStore,
                                                                            pipeline: LoadPipeline) -> None:
    path = _workbook(tmp_path / "firms.xlsx", [
        ["name_ko", "employees", "memo"],
        ["(주)한빛광학", "=10*3", "첫 줄"],  # a field the mapping reads
        ["빛고을에너지", 12, "=A3&\" 메모\""],  # a column no field reads: loaded
        ["=\"새솔\"&\"포토닉스\"", 8, ""],  # the name itself
    ])
    summary = pipeline.load("organizations", path)
    assert (summary.read, summary.created, summary.rejected) == (3, 1, 2)
    by_line = {r.line: r for r in summary.rejects}
    assert (by_line[2].field, by_line[2].value, by_line[2].reason) == (
        "employees (column employees)", "=10*3", UNCOMPUTED_FORMULA)
    assert by_line[4].field == "name_ko (column name_ko)" and by_line[4].value == '="새솔"&"포토닉스"'
    (loaded,) = graph.list_nodes("Organization")
    assert loaded.name_ko == "빛고을에너지" and loaded.employees == 12  # type: ignore[attr-defined]
    assert known(UNCOMPUTED_FORMULA) and "수식" in in_korean(UNCOMPUTED_FORMULA)
