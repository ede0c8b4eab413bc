"""Readers for every format and encoding, and declarative column mappings."""

from __future__ import annotations

import csv
import json
from datetime import time
from pathlib import Path

import pytest

from graph.errors import MappingError, UnsupportedFormat
from loaders.curation import neutralise
from loaders.mapping import load_mapping
from loaders.readers import TableInfo, read_rows
from loaders.records import RECORD_TYPES

ROWS = [{"회사명": "(주)한빛광학", "사업자등록번호": "220-81-62517", "지역": "광주"},
        {"회사명": "빛고을에너지", "사업자등록번호": "", "지역": "전남"}]


def write_csv(path: Path, encoding: str) -> Path:
    lines = ["회사명,사업자등록번호,지역"] + [",".join(r.values()) for r in ROWS]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


@pytest.mark.parametrize("encoding,expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp949", "cp949"),
                                               ("euc-kr", "cp949")])
def test_csv_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    path = write_csv(tmp_path / "companies.csv", encoding)
    info = TableInfo("")
    rows = list(read_rows(path, info=info))
    assert info.encoding == expected
    assert [r.data["회사명"] for r in rows] == ["(주)한빛광학", "빛고을에너지"]
    assert [r.line for r in rows] == [2, 3] and rows[0].record_id == "companies.csv:2"


def test_csv_line_numbers_follow_multiline_cells_and_skip_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('name,description\nA,"two\nlines"\n,\nB,one\nC,x,EXTRA\n', encoding="utf-8")
    rows = list(read_rows(path))
    assert [(r.data.get("name"), r.line) for r in rows] == [("A", 2), ("B", 5), ("C", 6)]
    assert rows[-1].error and "3 cells" in rows[-1].error


@pytest.mark.parametrize(("text", "expected"), [
    ("name;city;technologies\nPHILIPS, N.V.;Eindhoven;A61B\nAKZO;Arnhem;C09K\n", ["PHILIPS, N.V.", "AKZO"]),
    ("name\tcity\tnote\nA\tGwangju\ta, b\nB\tSeoul\tc\n", ["A", "B"]),
    ("name,aliases,technologies\n한빛광학,한빛;Hanbit,lidar;optics\n새솔,새솔테크;Saesol,battery;ess\n",
     ["한빛광학", "새솔"]),
])
def test_csv_delimiter_is_the_one_that_cuts_rows_evenly(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    info = TableInfo("csv")
    rows = list(read_rows(path, info=info))
    assert [r.data["name"] for r in rows] == expected and not any(r.error for r in rows)
    assert info.columns is not None and len(info.columns) == 3


def test_csv_cell_holding_a_pasted_document(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("name,description\nA," + "가" * 200_000 + "\nB,x\n", encoding="utf-8")
    rows = list(read_rows(path))
    assert [len(str(r.data["description"])) for r in rows] == [200_000, 1]


def test_csv_the_csv_module_cannot_read_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("name,description\nA,short\nB," + "x" * 5000 + "\n", encoding="utf-8")
    limit = csv.field_size_limit(1000)  # a cell over the limit is what the csv module refuses
    try:
        with pytest.raises(UnsupportedFormat, match="x.csv: cannot read line 3 as CSV"):
            list(read_rows(path))
    finally:
        csv.field_size_limit(limit)


def test_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(ROWS[0]))
    for row in ROWS:
        sheet.append(list(row.values()))
    sheet.append([None, None, None])
    sheet.append(["연도기업", 1234567890.0, "광주"])
    sheet.append(["시각기업", True, time(9, 30)])  # cells typed by Excel come as a CSV would hold them
    book.save(tmp_path / "companies.xlsx")
    rows = list(read_rows(tmp_path / "companies.xlsx"))
    assert [r.data["회사명"] for r in rows] == ["(주)한빛광학", "빛고을에너지", "연도기업", "시각기업"]
    assert rows[2].line == 5 and rows[2].data["사업자등록번호"] == "1234567890"
    assert rows[3].data["사업자등록번호"] == "true" and rows[3].data["지역"] == "09:30:00"


def _known_columns(cells: list[str]) -> int:
    return sum(c in ROWS[0] for c in cells)


def test_a_header_below_a_title_is_found(tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    lines = ["광주 지역 기업 목록,,", ",,", "회사명,사업자등록번호,지역", "(주)한빛광학,220-81-62517,광주"]
    path.write_text("\n".join(lines), encoding="utf-8")
    info = TableInfo("csv")
    (row,) = read_rows(path, info=info, header_score=_known_columns)
    assert (row.line, row.data["회사명"], info.header_line) == (4, "(주)한빛광학", 3)
    plain = list(read_rows(path, info=TableInfo("csv")))  # without a score, the first row stays the header
    assert plain[0].data == {"광주 지역 기업 목록": "회사명"}


def _organization_columns(cells: list[str]) -> int:
    return len(load_mapping("organizations").matched_columns(cells))


def test_a_header_in_two_rows_under_merged_cells_names_each_column_by_its_word_below(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["2024년 기업 현황"])
    sheet.append(["번호", "기업명", "소재지", None, "대표자", None, "주요기술"])
    sheet.append([None, None, "시도", "시군구", "성명", "연락처", None])
    sheet.append([1, "(주)한빛광학", "광주", "북구", "김민수", "062-000-0000", "라이다"])
    for cells in ("C2:D2", "E2:F2", "A2:A3", "B2:B3", "G2:G3"):
        sheet.merge_cells(cells)
    path = tmp_path / "firms.xlsx"
    book.save(path)
    info = TableInfo("")
    (row,) = read_rows(path, info=info, header_score=_organization_columns)  # the second row is no company
    assert info.columns == ["번호", "기업명", "시도", "시군구", "성명", "연락처", "주요기술"] and info.header_line == 2
    assert info.skipped == {3: "the header's second row"}
    from loaders.reasons_ko import note_in_korean

    assert note_in_korean("line 3 skipped (the header's second row)") == "3행은 머리글의 둘째 줄로 읽었습니다"
    assert (row.line, row.data["시도"], row.data["시군구"], row.data["성명"]) == (4, "광주", "북구", "김민수")
    repeated = tmp_path / "firms.csv"  # written out with the merged cell's title in each of its cells
    repeated.write_text("기업명,소재지,소재지,주요기술\n,시도,시군구,\n(주)한빛광학,광주,북구,라이다\n",
                        encoding="utf-8")
    info = TableInfo("")
    (row,) = read_rows(repeated, info=info, header_score=_organization_columns)
    assert info.columns == ["기업명", "시도", "시군구", "주요기술"] and row.data["시군구"] == "북구"
    projects = tmp_path / "projects.csv"  # the same word under two groups: each named with its group
    projects.write_text("과제명,연구책임자,,참여연구원,\n,성명,소속,성명,소속\n라이다 과제,김민수,GIST,이서연,KOPTI\n",
                        encoding="utf-8")
    info = TableInfo("")
    (row,) = read_rows(projects, info=info, header_score=lambda cells: len(
        load_mapping("projects").matched_columns(cells)))
    assert info.columns == ["과제명", "연구책임자 성명", "연구책임자 소속", "참여연구원 성명", "참여연구원 소속"]
    assert row.data["참여연구원 성명"] == "이서연"
    projects.write_text("과제명,연구책임자,\n,성명,소속\n라이다 과제,김민수,GIST\n", encoding="utf-8")
    info = TableInfo("")  # one group: its word alone names no project field, with its group it does
    (row,) = read_rows(projects, info=info, header_score=lambda cells: len(
        load_mapping("projects").matched_columns(cells)))
    assert info.columns == ["과제명", "연구책임자 성명", "연구책임자 소속"]


def test_a_first_row_of_values_under_a_header_with_blank_cells_stays_a_row(tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    path.write_text("회사명,소재지,,비고\n,광주,북구,\n(주)한빛광학,광주,북구,\n", encoding="utf-8")
    info = TableInfo("")  # '광주' and '북구' would name fewer known columns than the header does
    rows = list(read_rows(path, info=info, header_score=_organization_columns))
    assert info.columns == ["회사명", "소재지", "", "비고"] and [r.line for r in rows] == [2, 3]
    path.write_text("회사명,지역,\n(주)한빛광학,광주,북구\n", encoding="utf-8")  # a value outside any group
    info = TableInfo("")
    assert [r.line for r in read_rows(path, info=info, header_score=_organization_columns)] == [2]
    path.write_text("회사명,소재지,\n,2024,2025\n", encoding="utf-8")  # numbers are no column names
    assert [r.line for r in read_rows(path, info=TableInfo(""), header_score=_organization_columns)] == [2]


def test_a_repeated_header_and_a_total_row_are_skipped_and_said(tmp_path: Path) -> None:
    """Exports joined end to end repeat their header; office sheets end in 합계. Neither is a company."""
    path = tmp_path / "companies.csv"
    lines = ["회사명,사업자등록번호,지역", "(주)한빛광학,220-81-62517,광주", "회사명,사업자등록번호,지역",
             "빛고을에너지,,전남", "TOTAL,,France", "합계,,2", "소 계,,", "Total,,1,234"]
    path.write_text("\n".join(lines), encoding="utf-8")
    info = TableInfo("csv")
    rows = list(read_rows(path, info=info))
    assert [r.data["회사명"] for r in rows] == ["(주)한빛광학", "빛고을에너지", "TOTAL"]  # TOTAL in France: a company
    assert info.skipped == {3: "a repeated header", 6: "a total row", 7: "a total row", 8: "a total row"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_name_the_header_repeats_is_read_from_its_first_column_and_the_others_renamed(
        tmp_path: Path, suffix: str) -> None:
    """Two '전화' columns (office, mobile): the second used to overwrite the first without a word."""
    lines = [["회사명", "전화", "전화", "지역", "전화"], ["(주)한빛광학", "062-123-4567", "010-9876-5432", "광주", ""],
             ["회사명", "전화", "전화", "지역", "전화"], ["빛고을에너지", "", "010-1111-2222", "전남", "x"]]
    path = tmp_path / f"companies{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(line) for line in lines), encoding="utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        for line in lines:
            book.active.append(line)
        book.save(path)
    info = TableInfo("csv")
    rows = list(read_rows(path, info=info))
    assert [{column: value or "" for column, value in r.data.items()} for r in rows] == [
        {"회사명": "(주)한빛광학", "전화": "062-123-4567", "전화_2": "010-9876-5432", "지역": "광주", "전화_3": ""},
        {"회사명": "빛고을에너지", "전화": "", "전화_2": "010-1111-2222", "지역": "전남", "전화_3": "x"}]
    assert info.columns == ["회사명", "전화", "전화_2", "지역", "전화_3"] and info.renamed == ["전화_2", "전화_3"]
    assert info.skipped == {3: "a repeated header"}  # told by the header as written


def test_a_first_row_naming_a_known_column_stays_the_header_and_a_file_naming_none_keeps_its_first(
        tmp_path: Path) -> None:
    path = write_csv(tmp_path / "companies.csv", "utf-8")
    info = TableInfo("csv")
    rows = list(read_rows(path, info=info, header_score=_known_columns))
    assert [r.data["회사명"] for r in rows] == ["(주)한빛광학", "빛고을에너지"] and info.header_line == 1
    unknown = tmp_path / "other.csv"
    unknown.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    info = TableInfo("csv")
    assert [r.data for r in read_rows(unknown, info=info, header_score=_known_columns)] == [
        {"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
    assert info.header_line == 1


DATA = Path(__file__).parent / "data"
"""companies.xls (an instructions sheet, then 기업) and companies.ods, made by tools/make_spreadsheet_fixtures.py."""


def _org_columns(cells: list[str]) -> int:
    return sum(c in ("기업명", "영문명", "사업자등록번호") for c in cells)


@pytest.mark.parametrize("name,sheet,first", [("companies.xls", "기업", False), ("companies.ods", "기업", True)])
def test_legacy_excel_and_opendocument_workbooks(name: str, sheet: str, first: bool) -> None:
    info = TableInfo("")
    rows = list(read_rows(DATA / name, info=info, header_score=_org_columns))
    assert (info.format, info.sheet, info.first_sheet) == (name.rsplit(".")[1], sheet, first)
    assert [r.data["기업명"] for r in rows] == ["(주)한빛광학", "빛고을에너지"]
    assert rows[0].file == (name if first else f"{name}#기업") and [r.line for r in rows] == [2, 3]
    # typed cells arrive as a CSV would hold them: numbers as their digits, dates in ISO form, blanks empty
    first_row = rows[0].data
    assert (first_row["사업자등록번호"], first_row["설립연도"], first_row["종업원수"]) == ("2208162517", "2019", "12")
    assert first_row["등록일"] == "2020-03-01" and rows[1].data["사업자등록번호"] == ""
    named = list(read_rows(DATA / name, sheet="기업"))
    assert [r.data for r in named] == [r.data for r in rows]
    with pytest.raises(UnsupportedFormat, match="no sheet named 'people'"):
        list(read_rows(DATA / name, sheet="people"))


@pytest.mark.parametrize("name,content,reason", [
    ("renamed.xls", "name_ko\n(주)한빛광학\n".encode(), "not a readable Excel 97-2003 workbook"),
    ("cut.ods", b"PK\x03\x04cut off", "not a readable OpenDocument spreadsheet"),
    ("renamed.xlsx", "name_ko\n(주)한빛광학\n".encode(), "not a readable Excel workbook"),  # a CSV saved as .xlsx
    ("cut.xlsx", b"PK\x03\x04cut off", "not a readable Excel workbook"),
    ("empty.xlsx", b"", "not a readable Excel workbook"),
    ("noise.parquet", bytes(range(256)) * 8, "not a readable Parquet file"),
])
def test_a_file_that_is_not_what_its_name_says(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(UnsupportedFormat, match=f"{name}: {reason}"):
        list(read_rows(tmp_path / name))


def test_xlsx_sheet_that_is_not_there(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "기업"
    book.save(tmp_path / "companies.xlsx")
    with pytest.raises(UnsupportedFormat, match="no sheet named 'companies'; it has \\['기업'\\]"):
        list(read_rows(tmp_path / "companies.xlsx", sheet="companies"))


def test_jsonl_with_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps({"name_ko": "이승훈"}, ensure_ascii=False) + "\n{oops\n\n[1]\n", encoding="utf-8")
    rows = list(read_rows(path))
    assert rows[0].data == {"name_ko": "이승훈"} and rows[0].error is None
    assert rows[1].line == 2 and "not valid JSON" in (rows[1].error or "")
    assert rows[2].line == 4 and "object" in (rows[2].error or "")


def test_jsonl_values_arrive_as_a_csv_would_hold_them(tmp_path: Path) -> None:
    path = tmp_path / "companies.jsonl"
    path.write_text(json.dumps({"name_ko": "(주)한빛광학", "founded_year": 2019, "employees": 12.0, "listed": True,
                                "industries": ["photonics", 7, None], "meta": {"x": 1}, "homepage": None},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    (row,) = read_rows(path)
    assert row.data == {"name_ko": "(주)한빛광학", "founded_year": "2019", "employees": "12", "listed": "true",
                        "industries": ["photonics", "7", None], "meta": {"x": 1}, "homepage": None}


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat):
        list(read_rows(tmp_path / "x.pdf"))


def test_builtin_mapping_accepts_korean_headers() -> None:
    mapping = load_mapping("organizations")
    matched = mapping.matched_columns(list(ROWS[0]))
    assert matched == {"name_ko": "회사명", "business_number": "사업자등록번호", "region": "지역"}
    assert mapping.apply(ROWS[1], matched) == {"name_ko": "빛고을에너지", "region": "전남"}


def test_headers_as_offices_write_them_find_their_fields() -> None:
    mapping = load_mapping("organizations")
    header = ["*기업명", "사업자\n등록번호", "종업원수(명)", "설립 연도", "English Name", "Home-page", "대표자"]
    assert mapping.matched_columns(header) == {
        "name_ko": "*기업명", "business_number": "사업자\n등록번호", "employees": "종업원수(명)",
        "founded_year": "설립 연도", "name_en": "English Name", "homepage": "Home-page"}
    # an exact name wins over a near one, and a column feeds one field only
    assert mapping.matched_columns(["기업명", "*기업명"])["name_ko"] == "기업명"
    assert mapping.matched_columns(["(주)"]) == {}


@pytest.mark.parametrize(("kind", "header", "expected"), [
    ("patents",  # a KIPRIS search export
     ["번호", "출원번호", "출원일자", "발명의명칭(한글)", "발명의명칭(영문)", "출원인", "발명자", "IPC코드", "요약",
      "대리인"],
     {"application_number": "출원번호", "application_date": "출원일자", "title_ko": "발명의명칭(한글)",
      "title_en": "발명의명칭(영문)", "applicants": "출원인", "inventors": "발명자", "ipc_codes": "IPC코드",
      "abstract_ko": "요약"}),
    ("projects",  # an NTIS project export
     ["과제고유번호", "과제명", "연구책임자명", "주관연구기관", "부처명", "연구시작일", "연구종료일", "정부연구비(원)"],
     {"project_number": "과제고유번호", "title": "과제명", "people": "연구책임자명", "organizations": "주관연구기관",
      "funder": "부처명", "start_year": "연구시작일", "end_year": "연구종료일", "budget_krw": "정부연구비(원)"}),
    ("organizations",  # a public-data company list
     ["업체명", "사업자등록번호", "대표자명", "설립일자", "상시근로자수", "업종코드", "소재지역", "홈페이지주소"],
     {"name_ko": "업체명", "business_number": "사업자등록번호", "founded_year": "설립일자", "employees": "상시근로자수",
      "ksic_code": "업종코드", "region": "소재지역", "homepage": "홈페이지주소"}),
])
def test_exports_of_korean_public_systems_map_without_a_mapping_file(kind: str, header: list[str],
                                                                     expected: dict[str, str]) -> None:
    assert load_mapping(kind).matched_columns(header) == expected


@pytest.mark.parametrize("kind", RECORD_TYPES)
def test_every_field_is_read_from_a_column_of_its_own_name(kind: str) -> None:
    """What rows made in code carry (PATSTAT's org_kind was once dropped: the mapping knew it only as 'kind')."""
    fields = list(RECORD_TYPES[kind].model_fields)
    assert load_mapping(kind).matched_columns(fields) == {f: f for f in fields}


def test_notes_that_tell_two_columns_apart_are_not_set_aside() -> None:
    mapping = load_mapping("people")
    assert mapping.matched_columns(["연락처(사무실)", "연락처(휴대폰)"]) == {}  # which is the phone? neither
    assert mapping.matched_columns(["연락처(사무실)"]) == {"phone": "연락처(사무실)"}
    assert mapping.matched_columns(["성명(국문)", "성명(영문)"]) == {"name_ko": "성명(국문)", "name_en": "성명(영문)"}


def test_builtin_lists_split_codes_at_commas_but_never_names_or_numbers() -> None:
    mapping = load_mapping("patents")
    row = {"IPC": "G01S 7/48, H01L|H04N", "출원인": "(주)한빛광학|Hanbit Optics Co., Ltd.",
           "인용특허": "US 10,692,631 B2; 10-2020-0012345"}
    data = mapping.apply(row, mapping.matched_columns(list(row)))
    assert data == {"ipc_codes": ["G01S 7/48", "H01L", "H04N"],
                    "applicants": ["(주)한빛광학", "Hanbit Optics Co., Ltd."],
                    "cites": ["US 10,692,631 B2", "10-2020-0012345"]}


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+82 62 715 2114", "-3", "@home", "\t탭", "\r줄"])
def test_a_cell_an_export_neutralised_for_spreadsheets_is_read_back_as_it_was(cell: str) -> None:
    mapping = load_mapping("people")
    row = {"성명": "김민수", "영문성명": neutralise(cell)}
    assert mapping.apply(row, {"name_ko": "성명", "name_en": "영문성명"})["name_en"] == cell
    assert mapping.apply({"영문성명": "'Kim"}, {"name_en": "영문성명"}) == {"name_en": "'Kim"}  # its own apostrophe


def test_custom_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("kind: people\ncolumns:\n  name_ko: 성함\n  skills: [전문분야]\nlists:\n  skills: ['/', '·']\n"
                    "defaults:\n  roles: [researcher]\n", encoding="utf-8")
    mapping = load_mapping(path)
    row = {"성함": "김민수", "전문분야": "라이다 / 광학·센서"}
    data = mapping.apply(row, mapping.matched_columns(list(row)))
    assert data == {"name_ko": "김민수", "skills": ["라이다", "광학", "센서"], "roles": ["researcher"]}


@pytest.mark.parametrize("text", ["kind: widgets\n", "- a\n- b\n", "kind: people\ncolumns: [1, 2\n"])
def test_bad_mapping_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError):
        load_mapping(path)


def test_a_header_named_again_in_english_below_it_is_skipped(tmp_path: Path) -> None:
    from loaders.reasons_ko import note_in_korean

    path = tmp_path / "companies.csv"
    path.write_text("기업명,지역,홈페이지\nCompany Name,Region,Homepage\n(주)한빛광학,광주,\n", encoding="utf-8")
    info = TableInfo("csv")
    (row,) = read_rows(path, info=info, header_score=_organization_columns)
    assert row.line == 3 and row.data["기업명"] == "(주)한빛광학"
    assert info.skipped == {2: "the header again, in other words"}
    assert "머리글을 다른 말로" in note_in_korean("line 2 skipped (the header again, in other words)")
    path.write_text("기업명,지역,홈페이지\nRegion,광주,\n", encoding="utf-8")  # one cell naming a column: a record
    assert [r.data["기업명"] for r in read_rows(path, header_score=_organization_columns)] == ["Region"]
