"""Identifier checks: each accepts the real forms and rejects near misses with a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from pydantic import ValidationError

from graph.schema import CompanySize, OrgKind, PatentStatus, PersonRole
from loaders import validators as v
from loaders.records import OrganizationRecord, PatentRecord, PersonRecord, Record


@pytest.mark.parametrize("good", ["220-81-62517", "2208162517", "220 81 62517"])
def test_business_number_accepts_valid_check_digit(good: str) -> None:
    assert v.business_number(good) == "2208162517"


@pytest.mark.parametrize("bad", ["220-81-62510", "220-81-6251", "22O-81-62517", ""])
def test_business_number_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        v.business_number(bad)


def test_business_number_check_digit_completes_nine_digits() -> None:
    number = "123456789" + str(v.business_number_check_digit("123456789"))
    assert v.business_number(number) == number


@pytest.mark.parametrize("good,canonical", [
    ("0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
    ("0000-0002-1694-233x", "0000-0002-1694-233X"),
    ("0000000218250097", "0000-0002-1825-0097"),
])
def test_orcid(good: str, canonical: str) -> None:
    assert v.orcid(good) == canonical


@pytest.mark.parametrize("bad", ["0000-0002-1825-0098", "0000-0002-1825", "abcd-0002-1825-0097"])
def test_orcid_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        v.orcid(bad)


def test_doi() -> None:
    assert v.doi("https://doi.org/10.1038/NATURE12373") == "10.1038/nature12373"
    assert v.doi("doi: 10.1364/OE.27.000001") == "10.1364/oe.27.000001"
    with pytest.raises(ValueError):
        v.doi("11.1038/x")


@pytest.mark.parametrize("raw,canonical", [
    ("1020200012345", "10-2020-0012345"), ("10-2020-0012345", "10-2020-0012345"), ("10-1234567", "10-1234567"),
    ("US 10,692,631 B2", "US10692631"), ("D624006", "D624006"), ("EP 1234567 A1", "EP1234567"),
    ("KR1020000043108A", "10-2000-0043108"), ("KR 10-0729779 B1", "10-0729779"), ("1007297790000", "10-0729779"),
    ("KR20020009730A", "KR20020009730"),  # a publication number: not the application 10-2002-0009730
    ("제10-2020-0012345호", "10-2020-0012345"), ("특허 제10-1234567호", "10-1234567"),
    ("출원번호: 제10-2020-0012345호", "10-2020-0012345"), ("실용신안등록 제20-0123456호", "20-0123456"),
    ("10-2020-12345", "10-2020-0012345"),  # as Korean documents write them; a serial's leading zeros left out
])
def test_patent_numbers(raw: str, canonical: str) -> None:
    assert v.patent_number(raw) == canonical


@pytest.mark.parametrize("bad", ["10-2020-12", "abc", "10-20x0-0012345"])
def test_patent_numbers_reject(bad: str) -> None:
    with pytest.raises(ValueError):
        v.patent_number(bad)


@pytest.mark.parametrize("raw,canonical", [("g01s7/48", "G01S 7/48"), ("H01L 21/02", "H01L 21/02"),
                                           ("G01S", "G01S"), ("Ｇ０１Ｓ", "G01S"), ("Y02E 10/50", "Y02E 10/50")])
def test_ipc_codes(raw: str, canonical: str) -> None:
    assert v.ipc_code(raw) == canonical


@pytest.mark.parametrize("bad", ["XYZ", "G1S", "Z01S 7/48", "G01S 7"])
def test_ipc_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        v.ipc_code(bad)


@pytest.mark.parametrize("raw", ["2021-03-05", "2021.03.05", "20210305", "2021/03/05", "2021년 3월 5일",
                                 "2021년03월05일", "2021-03-05 00:00:00", "2021-03-05T09:30:00", "2021.03.05 14:20",
                                 "2021-03-05T09:30:00+09:00", "Mar 5, 2021", "March 5, 2021", "Mar. 5, 2021",
                                 "5 Mar 2021", "05-MAR-2021", "2021 Mar 5", "44260", "44260.0",
                                 "2021. 3. 5.", "2021.3.5.", "2021-03-05 오후 3:20:00", "2021. 3. 5. 오전 9:05:00",
                                 "2021. 3. 5 오후 3:20:00"])  # Korean notation; Korean Windows and Google Sheets
def test_dates(raw: str) -> None:
    assert v.parse_date(raw) == date(2021, 3, 5)


@pytest.mark.parametrize("bad", ["2020-13-45", "05/03/2021", "1850-01-01", "어제", "2021년 2월 30일", "Feb 30, 2021",
                                 "12345", "99999", "2021-03-05 25:00 PM later", "2021. 2. 30.", "2021-03-05 오후"])
def test_dates_reject(bad: str) -> None:
    with pytest.raises(ValueError):
        v.parse_date(bad)


@pytest.mark.parametrize("bad", ["2021. 2. 30.", "2020-13-45", "2021/02/29", "2021년 2월 30일"])
def test_a_date_written_right_that_no_calendar_has_is_said_so(bad: str) -> None:
    with pytest.raises(ValueError, match="not a calendar date"):
        v.parse_date(bad)


@pytest.mark.parametrize("good", ["https://www.hanbitoptics.co.kr", "www.gist.ac.kr", "gist.ac.kr/lab/optics",
                                  "http://127.0.0.1:8080"])
def test_web_address(good: str) -> None:
    assert v.web_address(f" {good} ") == good


@pytest.mark.parametrize("placeholder", ["-", "--", " . ", "없음", "해당 없음", "N/A"])
def test_web_address_placeholder_means_none(placeholder: str) -> None:
    assert v.web_address(placeholder) is None


@pytest.mark.parametrize("bad", ["{x}[]", "http://[x", "홈페이지", "hanbit optics.co.kr", "localhost"])
def test_web_address_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="homepage must be a web address"):
        v.web_address(bad)


@pytest.mark.parametrize(("record", "field", "raw", "expected"), [
    (OrganizationRecord, "org_kind", "기업", OrgKind.COMPANY),
    (OrganizationRecord, "org_kind", "연구 기관", OrgKind.RESEARCH_INSTITUTE),
    (OrganizationRecord, "org_kind", "University", OrgKind.UNIVERSITY),
    (OrganizationRecord, "org_kind", "", OrgKind.COMPANY),
    (OrganizationRecord, "size", "중견기업", CompanySize.MEDIUM),
    (OrganizationRecord, "size", "STARTUP", CompanySize.STARTUP),
    (PatentRecord, "status", "등록", PatentStatus.REGISTERED),
    (PatentRecord, "status", "소멸", PatentStatus.EXPIRED),
    (PatentRecord, "status", "Filed", PatentStatus.FILED),
    (PatentRecord, "status", "", PatentStatus.UNKNOWN),
    (PersonRecord, "roles", "연구자;Researcher;발명자", [PersonRole.RESEARCHER, PersonRole.INVENTOR]),
])
def test_coded_values_in_korean_or_any_case(record: type[Record], field: str, raw: str, expected: object) -> None:
    base = {OrganizationRecord: {"name_ko": "한빛광학"}, PersonRecord: {"name_ko": "이승훈"},
            PatentRecord: {"application_number": "10-2020-0012345", "title_ko": "라이다"}}[record]
    assert getattr(record.model_validate({**base, field: raw}), field) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("1,200", 1200), ("12명", 12), ("5,000원", 5000), ("5천", 5000), ("1만 2천", 12_000), ("1.5억", 150_000_000),
    ("12억 5,000만원", 1_250_000_000), ("1억2천만원", 120_000_000), ("5천5백만원", 55_000_000), ("0", 0),
])
def test_counts_and_amounts_as_korean_sheets_write_them(raw: str, expected: int) -> None:
    assert v.whole_number(raw) == expected


@pytest.mark.parametrize("bad", ["2만 1억", "3.5", "여러 명", "천안", "억", "1.23456만", "12 34"])
def test_what_is_not_a_whole_number_is_left_for_the_integer_check_to_refuse(bad: str) -> None:
    assert v.whole_number(bad) == bad
    with pytest.raises(ValidationError, match="employees"):
        OrganizationRecord.model_validate({"name_ko": "한빛광학", "employees": bad})


@pytest.mark.parametrize(("raw", "expected"), [("2019", 2019), ("2019년", 2019), ("2019년 3월", 2019),
                                               ("2019-03-15", 2019), ("2019.03", 2019), ("2019.03.15.", 2019),
                                               ("2019-03-15T09:00:00", 2019), ("Mar 15, 2019", 2019),
                                               ("43539", 2019)])
def test_a_year_alone_or_leading_a_date(raw: str, expected: int) -> None:
    assert v.year(raw) == expected
    record = OrganizationRecord.model_validate({"name_ko": "한빛광학", "founded_year": raw, "employees": "12명"})
    assert (record.founded_year, record.employees) == (expected, 12)


@pytest.mark.parametrize("bad", ["19", "이천십구년", "2019 3 15", "1700"])
def test_years_reject(bad: str) -> None:
    with pytest.raises(ValueError):
        v.year(bad)


def test_an_unknown_coded_value_is_rejected_naming_the_allowed_ones() -> None:
    with pytest.raises(ValidationError, match="'company', 'university'"):
        OrganizationRecord.model_validate({"name_ko": "한빛광학", "org_kind": "협회사"})


@pytest.mark.parametrize(("raw", "canonical"), [("00126380", "00126380"), ("126380", "00126380"),
                                                ("126380.0", "00126380"), (" 0126-380 ", "00126380")])
def test_dart_code_is_eight_digits_padded_back_from_a_number_cell(raw: str, canonical: str) -> None:
    assert v.dart_code(raw) == canonical


@pytest.mark.parametrize("bad", ["001263801", "0012638O", "DART"])
def test_dart_code_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="DART company code must have 8 digits"):
        v.dart_code(bad)


@pytest.mark.parametrize(("raw", "canonical"), [("005930", "005930"), ("5930", "005930"), ("A005930", "005930"),
                                                ("0126z0", "0126Z0"), (" ", None)])
def test_stock_code_reads_tickers_as_registers_and_terminals_write_them(raw: str, canonical: str | None) -> None:
    assert v.stock_code(raw) == canonical


@pytest.mark.parametrize("bad", ["0059301", "59-30-1234", "삼성전자"])
def test_stock_code_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="stock code must have 6 digits or capitals"):
        v.stock_code(bad)


@pytest.mark.parametrize(("text", "reference"), [
    ("SHLee@gist.ac.kr", "email:shlee@gist.ac.kr"),
    ("https://orcid.org/0000-0002-1825-0097", "orcid:0000-0002-1825-0097"),
    ("0000000218250097", "orcid:0000-0002-1825-0097"),
    ("per:email-cs@example.kr", "per:email-cs@example.kr"),
    ("email:cs@example.kr", "email:cs@example.kr"), ("이승훈", "이승훈"), ("Lee @ GIST", "Lee @ GIST")])
def test_a_bare_email_or_orcid_naming_a_person_becomes_its_key(text: str, reference: str) -> None:
    assert v.person_reference(text) == reference


@pytest.mark.parametrize(("text", "reference"), [
    ("220-81-62517", "brn:2208162517"), ("2208162517", "brn:2208162517"), ("brn:2208162517", "brn:2208162517"),
    ("(주)한빛광학", "(주)한빛광학"), ("3M", "3M"), ("220-81-6251", "220-81-6251")])
def test_a_bare_business_number_naming_an_organisation_becomes_its_key(text: str, reference: str) -> None:
    assert v.organization_reference(text) == reference


def test_a_bare_business_number_failing_its_check_digit_is_refused() -> None:
    with pytest.raises(ValueError, match="check digit"):
        v.organization_reference("220-81-62518")


@pytest.mark.parametrize("raw", ["hong@gist.ac.kr", " HONG@GIST.AC.KR ", "홍길동 <hong@gist.ac.kr>",
                                 '"Hong, Gildong" <Hong@gist.ac.kr>', "mailto:hong@gist.ac.kr", "hong@gist.ac.kr.",
                                 "홍길동(hong@gist.ac.kr)", "연락처: hong@gist.ac.kr (연구실)",
                                 "ｈｏｎｇ＠ｇｉｓｔ．ａｃ．ｋｒ"])
def test_an_email_as_mail_programs_links_and_notes_write_it(raw: str) -> None:
    assert v.email(raw) == "hong@gist.ac.kr"


@pytest.mark.parametrize("bad,reason", [("hong@gist.ac.kr; kim@jnu.ac.kr", "more than one e-mail address"),
                                        ("hong@gist.ac.kr, kim@jnu.ac.kr", "more than one e-mail address"),
                                        ("hong(at)gist.ac.kr", "not an e-mail address"),
                                        ("a@b.c@d.kr", "not an e-mail address"), ("hong@gist", "not an e-mail")])
def test_an_email_cell_that_is_not_one_address(bad: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        v.email(bad)


def test_a_business_number_written_with_dots() -> None:
    assert v.business_number("220.81.62517") == v.business_number("220-81-62517") == "2208162517"


@pytest.mark.parametrize("raw", ["G01S 7/481", "G01S7/481", "G01S-007/481", "G01S 7/481(2006.01)",
                                 "G01S 7/481 (2006.01)", "g01s 007/481"])
def test_an_ipc_code_as_patent_offices_write_it(raw: str) -> None:
    assert v.ipc_code(raw) == "G01S 7/481"


def test_ipc_codes_with_their_versions_in_one_cell() -> None:
    from loaders.records import RECORD_TYPES

    record = RECORD_TYPES["patents"].model_validate({
        "application_number": "10-2020-0012345", "title_ko": "라이다",
        "ipc_codes": "G01S 7/481(2006.01); H01L 31/0232(2014.01)"})
    assert record.ipc_codes == ["G01S 7/481", "H01L 31/0232"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("raw,number", [("약 50명", 50), ("50여 명", 50), ("50여명", 50), ("50명 내외", 50),
                                        ("50명 이상", 50), ("50명(2023년 기준)", 50), ("about 50", 50), ("50+", 50),
                                        ("1만여 명", 10_000), ("약 5억원", 500_000_000), ("1,200", 1200)])
def test_an_approximate_count_is_read_as_its_number(raw: str, number: int) -> None:
    assert v.whole_number(raw) == number


@pytest.mark.parametrize("raw", ["-", "–", "없음", "미상", "N/A", "해당 없음"])
def test_a_placeholder_for_a_count_means_none(raw: str) -> None:
    assert v.whole_number(raw) is None


@pytest.mark.parametrize("raw", ["50~100", "50 ~ 100명", "약 50–100명"])
def test_a_range_is_refused_as_one(raw: str) -> None:
    with pytest.raises(ValueError, match=r"a range \(.*\): give one number"):
        v.whole_number(raw)


@pytest.mark.parametrize("raw,employees", [("  ", None), ("-", None), ("약 30명", 30)])
def test_a_count_field_reads_blank_placeholder_and_approximate_cells(raw: str, employees: int | None) -> None:
    from loaders.records import RECORD_TYPES

    record = RECORD_TYPES["organizations"].model_validate({"name_ko": "한빛", "employees": raw})
    assert record.employees == employees  # type: ignore[attr-defined]


@pytest.mark.parametrize("check,written,plain", [
    (v.business_number, "２２０-８１-６２５１７", "2208162517"), (v.business_number, "220–81–62517", "2208162517"),
    (v.corporate_number, "110111–2487050", "1101112487050"), (v.dart_code, "００１２６３８０", "00126380"),
    (v.stock_code, "００５９３０", "005930"), (v.orcid, "0000–0002–1825–0097", "0000-0002-1825-0097"),
    (v.patent_number, "10–2020–0012345", "10-2020-0012345"), (v.ipc_code, "Ｇ０１Ｓ　７／４８", "G01S 7/48"),
    (v.researcher_id, "A–1234–2008", "A-1234-2008"), (v.organization_reference, "220–81–62517", "brn:2208162517"),
])
def test_an_identifier_typed_full_width_or_with_a_word_processors_dashes_is_stored_plain(
        check: Callable[[str], object], written: str, plain: str) -> None:
    assert check(written) == plain  # the same key as the plain writing: one organisation, not two
