"""Workbooks whose name says one format and whose bytes another are read by their bytes: a portal's 'Excel
download' that is a web page (EUC-KR HTML named .xls), an .xlsx saved as Excel 97-2003, an .xls that is an XLSX;
a workbook locked with a password and a web archive are refused saying what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.errors import UnsupportedFormat
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.readers import TableInfo, read_rows
from loaders.reasons_ko import note_in_korean
from loaders.run_summary import reading_note

DATA = Path(__file__).parent / "data"

PORTAL_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<style>td {mso-number-format:'\\@';}</style></head><body>
<table><tr><td>
  <table border=1><caption>검색 조건</caption><tr><td>지역</td><td>광주</td></tr></table>
</td></tr><tr><td>
  <table border=1>
  <caption>2024년 광주 기업 현황</caption>
  <thead><tr><th>기업명</th><th>사업자등록번호</th><th>지역</th><th>종업원수</th><th>주요기술</th></tr></thead>
  <tbody>
  <tr><td>(주)한빛광학</td><td>220-81-62517</td><td rowspan="2">광주</td><td>1,200</td><td>라이다<br>광학 센서</td></tr>
  <tr><td>빛고을에너지</td><td></td><td>약 30명</td><td>태양광</td></tr>
  <tr><td colspan=2>합계</td><td>&nbsp;</td><td>1,230</td><td></td></tr>
  </tbody></table>
</td></tr></table></body></html>"""
"""As portals write them: a layout table around a search-conditions table and the data table, EUC-KR."""


def _portal_page(path: Path) -> Path:
    path.write_bytes(PORTAL_PAGE.encode("cp949"))
    return path


def _header_score(cells: list[str]) -> int:
    return sum(c in ("기업명", "사업자등록번호", "지역", "종업원수") for c in cells)


def test_a_web_page_named_xls_is_read_as_its_tables(tmp_path: Path) -> None:
    info = TableInfo("")
    rows = list(read_rows(_portal_page(tmp_path / "기업현황.xls"), info=info, header_score=_header_score))
    assert (info.format, info.encoding, info.sheet) == ("html", "cp949", "2024년 광주 기업 현황")
    assert [(r.line, r.data["기업명"], r.data["지역"], r.data["종업원수"]) for r in rows] == [
        (2, "(주)한빛광학", "광주", "1,200"), (3, "빛고을에너지", "광주", "약 30명")]
    assert rows[0].data["주요기술"] == "라이다\n광학 센서" and rows[1].data["사업자등록번호"] is None
    assert info.skipped == {4: "a total row"} and info.filled == {"지역": [3]}
    assert rows[0].file == "기업현황.xls#2024년 광주 기업 현황"  # not the page's first table
    named = TableInfo("")  # a table named is read, as a sheet named is
    assert list(read_rows(tmp_path / "기업현황.xls", sheet="검색 조건", info=named)) == []
    assert named.columns == ["지역", "광주"]


def test_a_web_page_loads_and_says_what_it_was(tmp_path: Path, graph: GraphStore, pipeline: LoadPipeline) -> None:
    summary = pipeline.load("organizations", _portal_page(tmp_path / "기업현황.xls"))
    assert (summary.created, summary.rejected) == (2, 0)
    note = "the file is a web page (HTML) saved as a spreadsheet: read its table '2024년 광주 기업 현황'"
    assert note in (reading_note(summary) or "")
    assert "웹 페이지(HTML)" in note_in_korean(note)
    employees = {n.name_ko: n.employees for n in graph.list_nodes("Organization")}  # type: ignore[attr-defined]
    assert employees == {"(주)한빛광학": 1200, "빛고을에너지": 30}


@pytest.mark.parametrize("source,named", [("companies.xls", "companies.xlsx"), ("companies.ods", "companies.xlsx"),
                                          ("companies.ods", "companies.xls")])
def test_a_workbook_is_read_by_its_bytes_not_its_name(tmp_path: Path, source: str, named: str) -> None:
    expected = [r.data for r in read_rows(DATA / source, sheet="기업")]
    copy = shutil.copy(DATA / source, tmp_path / named)
    assert [r.data for r in read_rows(Path(copy), sheet="기업")] == expected and expected


def test_an_xls_that_is_an_xlsx_is_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["기업명", "지역"])
    book.active.append(["(주)한빛광학", "광주"])
    book.save(tmp_path / "firms.xlsx")
    shutil.move(tmp_path / "firms.xlsx", tmp_path / "firms.xls")
    info = TableInfo("")
    (row,) = read_rows(tmp_path / "firms.xls", info=info)
    assert info.format == "xlsx" and row.data == {"기업명": "(주)한빛광학", "지역": "광주"}


def test_a_workbook_locked_with_a_password_is_refused_saying_so(tmp_path: Path) -> None:
    locked = tmp_path / "locked.xlsx"  # what Excel writes for a password: an OLE file holding the encrypted package
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(UnsupportedFormat, match="locked with a password .* save a copy without one"):
        list(read_rows(locked))


def test_a_web_archive_is_refused_saying_what_to_do(tmp_path: Path) -> None:
    archive = tmp_path / "report.xls"
    archive.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"x\"\r\n\r\n--x\r\n")
    with pytest.raises(UnsupportedFormat, match=r"web archive \(MHTML\).*save it as an Excel workbook"):
        list(read_rows(archive))


@pytest.mark.parametrize("encoding", ["cp949", "utf-16"])
def test_tab_separated_text_named_xls_is_read_as_text(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "기업목록.xls"  # what other portals' 'Excel download' sends: a TSV, in CP949 or UTF-16
    path.write_bytes("기업명\t지역\n(주)한빛광학\t광주\n".encode(encoding))
    info = TableInfo("")
    (row,) = read_rows(path, info=info)
    assert info.format == "csv" and row.data == {"기업명": "(주)한빛광학", "지역": "광주"}


def test_a_data_table_with_a_table_inside_a_cell_is_still_read(tmp_path: Path) -> None:
    page = ("<table><tr><th>기업명</th><th>지역</th><th>비고</th></tr>"
            "<tr><td>(주)한빛광학</td><td>광주</td><td><table><tr><td>인증</td><td>벤처</td></tr></table></td></tr>"
            "<tr><td>빛고을에너지</td><td>전남</td><td></td></tr></table>")
    path = tmp_path / "기업.xls"
    path.write_text(page, encoding="utf-8")
    rows = list(read_rows(path, header_score=_header_score))
    assert [(r.data["기업명"], r.data["지역"]) for r in rows] == [("(주)한빛광학", "광주"), ("빛고을에너지", "전남")]
    assert rows[0].data["비고"] == "인증 벤처"  # the inner table's words, kept apart
