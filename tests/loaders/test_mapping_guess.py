"""The column-mapping suggestion: each column's field from its header and first values, and the mapping it makes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from graph.errors import MappingError
from graph.schema import Organization
from loaders import LoadPipeline
from loaders.mapping import KINDS, load_mapping
from loaders.mapping_guess import guess_file_mapping, guess_mapping
from tests.loaders.conftest import SAMPLE

FIRMS = """기업 현황 (2026년 3월)
No,Company,회사 이름,Reg. No,Web,Est.,Staff,Memo
1,Hanbit Optics Co. Ltd.,(주)한빛광학,220-81-62517,www.hanbit.co.kr,2011,35,good
2,Mudeung Robotics,무등로보틱스,410-86-12347,http://mudeung.kr,2015,12,
"""


def test_a_file_with_headers_no_template_names_gets_a_field_per_column(tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text(FIRMS, encoding="utf-8")
    guess = guess_file_mapping("organizations", path)
    assert {g.column: (g.field, g.source) for g in guess.columns} == {
        "No": (None, "none"),
        "Company": ("name_en", "header"),  # 'company' fits either name; its values are in Latin letters
        "회사 이름": ("name_ko", "header"),
        "Reg. No": ("business_number", "values"),  # every value passes the business number's check digit
        "Web": ("homepage", "header"),
        "Est.": ("founded_year", "header"),
        "Staff": ("employees", "header"),
        "Memo": (None, "none"),
    }
    reg = next(g for g in guess.columns if g.column == "Reg. No")
    assert (reg.reason, reg.reason_ko) == ("2 of 2 values pass its check", "값 2개 중 2개가 형식에 맞음")
    assert reg.samples == ("220-81-62517", "410-86-12347")
    assert guess.missing_required() == []


def test_the_suggested_mapping_loads_the_file(tmp_path: Path, pipeline: LoadPipeline) -> None:
    path = tmp_path / "firms.csv"
    path.write_text(FIRMS, encoding="utf-8")
    mapping_path = tmp_path / "firms.yaml"
    mapping_path.write_text(guess_file_mapping("organizations", path).yaml_text(), encoding="utf-8")
    summary = pipeline.load("organizations", path, mapping=mapping_path)
    assert (summary.created, summary.rejected, summary.unread_columns) == (2, 0, ["No", "Memo"])
    org = pipeline.store.get("org:brn-2208162517")
    assert isinstance(org, Organization)
    assert (org.name_ko, org.name_en, org.homepage, org.founded_year, org.employees) == (
        "(주)한빛광학", "Hanbit Optics Co. Ltd.", "www.hanbit.co.kr", 2011, 35)


def test_the_templates_headers_keep_their_fields_and_the_rest_is_guessed() -> None:
    rows = [{"성명": "김민수", "E-mail": "minsu@gist.ac.kr", "소속": "GIST", "Research interests": "라이다; 광학"}]
    guess = guess_mapping("people", list(rows[0]), rows)
    assert {g.column: (g.field, g.source) for g in guess.columns} == {
        "성명": ("name_ko", "template"), "E-mail": ("email", "template"), "소속": ("organization", "template"),
        "Research interests": ("skills", "header")}
    assert guess.mapping().lists["skills"] == load_mapping("people").lists["skills"]  # split as the template splits


def test_values_that_fail_a_fields_check_overrule_a_header_naming_it() -> None:
    rows = [{"Reg. No": "12-345"}, {"Reg. No": "미정"}]
    assert guess_mapping("organizations", ["Reg. No"], rows).columns[0].field is None
    rows = [{"Reg. No": "220-81-62517"}, {"Reg. No": "410-86-12347"}]
    assert guess_mapping("organizations", ["Reg. No"], rows).columns[0].field == "business_number"
    rows = [{"사업자번호": "12-345"}]  # the template's own header: the load then names each bad value
    assert guess_mapping("organizations", ["사업자번호"], rows).columns[0].field == "business_number"


def test_a_header_for_a_korean_field_whose_values_are_in_latin_letters_feeds_the_english_twin() -> None:
    rows = [{"corp_name": "Hanbit Optics"}, {"corp_name": "Solar Link Inc."}]  # the template's header for name_ko
    column = guess_mapping("organizations", ["corp_name"], rows).columns[0]
    assert column.field == "name_en"
    assert column.reason == "its header is like 'corp_name' (name_ko), and its values are in Latin letters"


def test_a_header_naming_a_field_exactly_beats_values_another_fields_check_accepts() -> None:
    rows = [{"Name": "김민수", "Position": "교수"}]  # 교수 is also read as a role
    guess = guess_mapping("people", list(rows[0]), rows)
    assert {g.column: g.field for g in guess.columns} == {"Name": "name_ko", "Position": "title"}


def test_each_field_goes_to_one_column_the_best_supported() -> None:
    rows = [{"홈페이지": "https://a.kr", "Website": "https://b.kr"}]
    guess = guess_mapping("organizations", list(rows[0]), rows)
    assert {g.column: g.field for g in guess.columns} == {"홈페이지": "homepage", "Website": None}


def test_choices_change_the_mapping_and_bad_ones_are_refused() -> None:
    rows = [{"Company": "Hanbit Optics", "Memo": "광주"}]
    guess = guess_mapping("organizations", list(rows[0]), rows)
    mapping = guess.mapping({"Memo": "region", "Company": None})
    assert mapping.columns == {"region": ["Memo"]}
    with pytest.raises(ValueError, match="name_en is chosen for two columns"):
        guess.mapping({"Memo": "name_en"})
    with pytest.raises(ValueError, match="'salary' is not a field of organizations"):
        guess.mapping({"Memo": "salary"})
    with pytest.raises(ValueError, match="no such column in the file: Other"):
        guess.mapping({"Other": "region"})


def test_a_required_field_without_a_column_is_named() -> None:
    rows = [{"Journal": "Optics Letters", "PY": "2021"}]
    guess = guess_mapping("publications", list(rows[0]), rows)
    assert guess.chosen == {"venue": "Journal", "year": "PY"}
    assert guess.missing_required() == ["title"]


def test_a_workbook_sheet_and_an_unknown_kind(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Patent No", "Invention title", "Applicant", "Filing date"])
    sheet.append(["10-2021-0012345", "라이다 센서", "(주)한빛광학", "2021-02-01"])
    path = tmp_path / "patents.xlsx"
    book.save(path)
    guess = guess_file_mapping("patents", path)
    assert guess.chosen == {"registration_number": "Patent No", "title_ko": "Invention title",
                            "applicants": "Applicant", "application_date": "Filing date"}
    with pytest.raises(MappingError, match="kind must be one of"):
        guess_file_mapping("widgets", path)


def test_bare_numbers_do_not_feed_a_field_of_names_and_list_cells_show_their_items(tmp_path: Path) -> None:
    path = tmp_path / "patents.jsonl"
    path.write_text('{"inventor_sequence": 0, "inventor_names": ["김민수", "이서연"], "출원번호": "10-2021-0012345"}\n'
                    '{"inventor_sequence": 1, "inventor_names": ["박지훈"], "출원번호": "10-2021-0012346"}\n',
                    encoding="utf-8")
    guess = guess_file_mapping("patents", path)
    assert guess.chosen == {"inventors": "inventor_names", "application_number": "출원번호"}
    assert next(g for g in guess.columns if g.column == "inventor_names").samples == ("김민수; 이서연", "박지훈")
    alone = guess_mapping("patents", ["inventor_sequence"], [{"inventor_sequence": "0"}, {"inventor_sequence": "1"}])
    assert alone.chosen == {}


def test_the_bundled_samples_files_keep_every_column_their_template_reads() -> None:
    entries = [e for e in yaml.safe_load((SAMPLE / "manifest.yaml").read_text(encoding="utf-8")) if e["kind"] in KINDS]
    assert len(entries) == 10
    for entry in entries:
        guess = guess_file_mapping(entry["kind"], SAMPLE / entry["file"])
        header = [g.column for g in guess.columns]
        assert guess.chosen == load_mapping(entry["kind"]).matched_columns(header), entry["file"]


def test_a_column_of_one_part_of_a_name_does_not_feed_a_field_of_whole_names() -> None:
    rows = [{"inventor_name_first": "Minsu", "inventor_name_last": "Kim", "Inventors": "Kim, Minsu"}]
    assert guess_mapping("patents", list(rows[0]), rows).chosen == {"inventors": "Inventors"}
    rows = [{"First name": "Minsu", "Surname": "Kim"}]
    guess = guess_mapping("people", list(rows[0]), rows)
    assert guess.chosen == {} and guess.joined == {"name_en": ("First name", "Surname")}  # whole when joined


GOOGLE_PATENTS = """search URL:,https://patents.google.com/?q=lidar&assignee=Gwangju
id,title,assignee,inventor/author,priority date,filing/creation date,publication date,grant date,result link,\
representative figure link
US-10692631-B2,Lidar sensor for vehicle,Gwangju Institute Of Science And Technology,"Jae Hyun Kim, Seo Yeon Lee",\
2018-03-05,2019-03-04,2020-06-23,2020-06-23,https://patents.google.com/patent/US10692631B2/en,
""".replace("\\\n", "")

LENS = """#,Jurisdiction,Kind,Display Key,Lens ID,Publication Date,Application Number,Application Date,Title,Abstract,\
Applicants,Inventors,Owners,URL,Document Type,CPC Classifications,IPCR Classifications
0,KR,B1,KR 102345678 B1,001-234-567-890-123,2021-12-01,KR 20200012345 A,2020-02-01,LIDAR SENSOR FOR VEHICLE,\
A lidar sensor comprising a light source.,GWANGJU INST SCI & TECH,KIM JAE HYUN;;LEE SEO YEON,GWANGJU INST SCI & TECH,\
https://lens.org/001-234-567-890-123,Granted Patent,G01S7/481;;G01S17/93,G01S7/481;;G01S17/93
""".replace("\\\n", "")


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("google.csv", GOOGLE_PATENTS, {"title_en": "title", "applicants": "assignee", "inventors": "inventor/author",
                                    "application_date": "filing/creation date", "registration_date": "grant date"}),
    ("lens.csv", LENS, {"office": "Jurisdiction", "application_number": "Application Number",
                        "application_date": "Application Date", "title_en": "Title", "abstract_en": "Abstract",
                        "applicants": "Applicants", "inventors": "Inventors", "ipc_codes": "IPCR Classifications"}),
])
def test_patent_search_exports_get_their_dates_by_header_not_by_values(tmp_path: Path, name: str, text: str,
                                                                       expected: dict[str, str]) -> None:
    """A date passes both dates' checks, so only its header says which date it is: a publication or priority
    date is left unread instead of taken for the filing or grant date. A file naming no patent number is told so
    before it loads (every row would be refused)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    guess = guess_file_mapping("patents", path)
    assert guess.chosen == expected
    assert guess.missing_required() == ([] if name == "lens.csv" else ["application_number or registration_number"])
    assert guess.missing_required({**expected, "registration_number": "id"}) == []  # Google's id, chosen by hand
