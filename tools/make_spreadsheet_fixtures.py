"""Writes the workbook fixtures of tests/loaders/data: companies.xls (Excel 97-2003: an instructions sheet, then
the companies) and companies.ods (OpenDocument), and people_merged.xls and people_merged.ods (researchers beside one
소속 cell merged down over three of them; the .ods sheet begins at column B). Run once by hand; the files are
committed:

    python -m venv /tmp/fx && /tmp/fx/bin/pip install xlwt odfpy
    /tmp/fx/bin/python tools/make_spreadsheet_fixtures.py

xlwt and odfpy write those formats; innolink only reads them (python-calamine), so neither is a dependency.
"""

import datetime
from pathlib import Path

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

OUT = Path(__file__).resolve().parents[1] / "tests" / "loaders" / "data"
HEADER = ["기업명", "영문명", "사업자등록번호", "설립연도", "종업원수", "지역", "등록일"]
ROWS = [["(주)한빛광학", "Hanbit Optics Co., Ltd.", 2208162517, 2019, 12, "광주", datetime.date(2020, 3, 1)],
        ["빛고을에너지", "Bitgoeul Energy", None, 2015, 3.0, "전남", None]]
NOTES = [["작성요령"], ["기업명에는 법인 등기상의 이름을 적으십시오."]]
PEOPLE_HEADER = ["성명", "소속", "이메일", "비고"]
PEOPLE = [["김민수", "광주과학기술원", "minsu@gist.ac.kr", "2024년 신규"], ["이영희", None, "yh@gist.ac.kr", None],
          ["박철수", None, "cs@gist.ac.kr", None], ["최지훈", "전남대학교", "jh@jnu.ac.kr", None]]
"""소속 merged over the first three researchers (rows 2-4); 비고 of the first merged across a spare column."""


def write_xls(path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    notes = book.add_sheet("작성요령")
    for r, row in enumerate(NOTES):
        for c, value in enumerate(row):
            notes.write(r, c, value)
    sheet = book.add_sheet("기업")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, value in enumerate(HEADER):
        sheet.write(0, c, value)
    for r, row in enumerate(ROWS, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    book.save(str(path))


def _ods_cell(value: object) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=str(value))
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=value.isoformat() if isinstance(value, datetime.date) else str(value)))
    return cell


def write_ods(path: Path) -> None:
    doc = OpenDocumentSpreadsheet()
    table = Table(name="기업")
    for row in [HEADER, *ROWS]:
        line = TableRow()
        for value in row:
            line.addElement(_ods_cell(value))
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def write_people_xls(path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("연구자")
    for c, value in enumerate(PEOPLE_HEADER):
        sheet.write(0, c, value)
    for r, row in enumerate(PEOPLE, start=1):
        for c, value in enumerate(row):
            if (r, c) == (1, 1):
                sheet.write_merge(1, 3, 1, 1, value)
            elif (r, c) == (1, 3):
                sheet.write_merge(1, 1, 3, 4, value)
            elif value is not None:
                sheet.write(r, c, value)
    book.save(str(path))


def write_people_ods(path: Path) -> None:
    doc = OpenDocumentSpreadsheet()
    table = Table(name="연구자")
    for r, row in enumerate([PEOPLE_HEADER, *PEOPLE]):
        line = TableRow()
        line.addElement(TableCell())  # column A is empty: the sheet's used range begins at B
        for c, value in enumerate(row):
            if (r, c) == (1, 1):
                cell = _ods_cell(value)
                cell.setAttribute("numberrowsspanned", "3")
                line.addElement(cell)
            elif (r, c) == (1, 3):
                cell = _ods_cell(value)
                cell.setAttribute("numbercolumnsspanned", "2")
                line.addElement(cell)
                line.addElement(CoveredTableCell())
            elif r in (2, 3) and c == 1:
                line.addElement(CoveredTableCell())
            else:
                line.addElement(_ods_cell(value))
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


if __name__ == "__main__":
    write_xls(OUT / "companies.xls")
    write_ods(OUT / "companies.ods")
    write_people_xls(OUT / "people_merged.xls")
    write_people_ods(OUT / "people_merged.ods")
