"""Every reason the loader gives for a reject has Korean words (``loaders.reasons_ko``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from loaders import LoadPipeline
from loaders.reasons_ko import in_korean, known, note_in_korean
from loaders.records import RECORD_TYPES, field_problems
from loaders.run_summary import reading_note
from tests.loaders.test_pipeline import write

BAD_RECORDS = [
    ("organizations", {"name_ko": "한빛", "business_number": "123-45-67891x"}),
    ("organizations", {"name_ko": "한빛", "business_number": "220-81-62510"}),
    ("organizations", {"name_ko": "한빛", "dart_code": "123456789"}),
    ("organizations", {"name_ko": "한빛", "stock_code": "12345678"}),
    ("organizations", {"name_ko": "한빛", "homepage": "not a site"}),
    ("organizations", {"name_ko": "한빛", "founded_year": "이천십년"}),
    ("organizations", {"name_ko": "한빛", "founded_year": "1700"}),
    ("organizations", {"name_ko": "한빛", "employees": "-3"}),
    ("organizations", {"name_ko": "한빛", "employees": "10~20명"}),
    ("organizations", {"name_ko": "한빛", "org_kind": "club"}),
    ("organizations", {"description": "이름 없음"}),
    ("organizations", {"name_ko": "한빛", "corporate_number": "110111-248705"}),
    ("organizations", {"name_ko": "한빛", "corporate_number": "110111-2487051"}),
    ("people", {"name_ko": "이승훈", "orcid": "0000-0002-1825-0098"}),
    ("people", {"name_ko": "이승훈", "orcid": "12"}),
    ("people", {"name_ko": "이승훈", "email": "not-an-email"}),
    ("people", {"name_ko": "이승훈", "roles": "wizard"}),
    ("people", {"name_ko": "이승훈", "email": "shlee@gist.ac.kr; lee@jnu.ac.kr"}),
    ("people", {"name_ko": "이승훈", "scopus_id": "12ab"}),
    ("people", {"name_ko": "이승훈", "researcher_id": "1234"}),
    ("patents", {"application_number": "10-2020-12", "title_ko": "센서"}),
    ("patents", {"application_number": "10-2020-0012345", "title_ko": "센서", "application_date": "2020-13-45"}),
    ("patents", {"application_number": "10-2020-0012345", "title_ko": "센서", "application_date": "1850-01-01"}),
    ("patents", {"application_number": "10-2020-0012345", "title_ko": "센서", "application_date": "2020-02-30"}),
    ("patents", {"application_number": "10-2020-0012345", "title_ko": "센서", "ipc_codes": "XYZ"}),
    ("patents", {"application_number": "10-2020-0012345"}),
    ("patents", {"title_ko": "센서"}),
    ("patents", {"application_number": "10-2020-0012345", "title_ko": "센서", "application_date": "2021-01-01",
                 "registration_date": "2020-01-01"}),
    ("publications", {"title": "Lidar", "doi": "doi-less"}),
    ("publications", {"title": "Lidar", "wos_id": "12"}),
    ("publications", {"title": "Lidar", "scopus_eid": "85012345678x"}),
    ("publications", {"title": "Lidar", "pmid": "PM12"}),
    ("publications", {"title": "Lidar", "kci_id": "KCI-1"}),
    ("projects", {"title": "과제", "start_year": "2022", "end_year": "2020"}),
    ("affiliations", {"person": "이승훈"}),
]


@pytest.mark.parametrize(("kind", "data"), BAD_RECORDS)
def test_each_check_of_a_record_gives_a_reason_said_in_korean(kind: str, data: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as refused:
        RECORD_TYPES[kind].model_validate(data)
    for _field, _value, reason in field_problems(refused.value, data):
        assert known(reason), reason
        korean = in_korean(reason)
        assert korean != reason and any("가" <= c <= "힣" for c in korean), (reason, korean)


def test_a_reason_names_the_value_it_refused_in_korean_too() -> None:
    assert in_korean("business registration number '220-81-62510' fails its check digit") == (
        "사업자등록번호 '220-81-62510'의 검증번호가 맞지 않습니다")
    assert in_korean("Input should be 'company', 'university' or 'other'") == (
        "다음 중 하나여야 합니다: 'company', 'university', 'other'")
    assert in_korean("something no check says") == "something no check says"  # left in English


def test_the_rejects_of_references_to_the_graph_are_said_in_korean(pipeline: LoadPipeline, tmp_path: Path) -> None:
    licences = pipeline.load("licenses", write(tmp_path / "licenses.csv", ["patent", "licensee"], [
        ["10-2020-0099999", "(주)한빛광학"], ["10-2020-0099998", "org:brn-2208162517"]]))
    together = pipeline.load("collaborations", write(tmp_path / "collaborations.csv", ["left", "right"], [
        ["광주과학기술원", "광주과학기술원"]]))
    reasons = [r.reason for r in licences.rejects + together.rejects]
    assert len(reasons) == 3 and all(known(r) for r in reasons), reasons
    assert licences.rejects_path is not None
    text = Path(licences.rejects_path).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith(",reason,이유") and "번호가 10-2020-0099999인 특허가 그래프에 없습니다" in text


def test_a_runs_notes_are_said_in_korean_note_by_note(pipeline: LoadPipeline, tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    path.write_text("2024년 기업 목록\n\nname_ko,비고\n한빛광학,메모\n합계,1\n", encoding="utf-8")
    summary = pipeline.load("organizations", path)
    note = reading_note(summary)
    assert note is not None and note.count("; ") == 2, note
    korean = note_in_korean(note)
    assert korean.split("; ") == ["머리글을 3행에서 찾았습니다: 1-2행(제목, 메모 또는 빈 행)은 건너뛰었습니다",
                                  "5행은 건너뛰었습니다(합계 행)",
                                  "읽지 않은 열(organizations 매핑의 어느 항목도 가리키지 않음): 비고"]
    assert note_in_korean("mapping staff.yaml is for people, not organizations") == (
        "매핑 staff.yaml은(는) organizations이(가) 아니라 people용입니다")
    assert note_in_korean("dry run: nothing written; something new") == (
        "시험 실행: 아무것도 쓰지 않았습니다; something new")  # a note it does not know stays in English
