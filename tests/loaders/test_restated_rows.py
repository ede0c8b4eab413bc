"""A row loaded again speaks for its record's relationships: what it no longer says is removed, on both backends."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from graph.config import Settings
from graph.errors import Conflict
from graph.schema import Organization, Patent, Person
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.curation import files_loaded_since, undo_merge, undo_run
from loaders.editing import edit_node, merge_by_hand
from loaders.journals import journal_parts
from loaders.reasons_ko import note_in_korean
from loaders.run_summary import reading_note
from tests.loaders.test_pipeline import write

PATENTS = ["application_number", "title_ko", "ipc_codes", "applicants", "inventors"]
ONE, TWO = "pat:KR-10-2021-0000001", "pat:KR-10-2021-0000002"


def patents(tmp_path: Path, rows: list[list[object]], name: str = "patents.csv") -> Path:
    return write(tmp_path / name, PATENTS, rows)


def linked(graph: GraphStore, node_id: str, label: str) -> list[str]:
    return sorted(n.node.display_name() for n in graph.neighbours(node_id, edge_types=[label]))


def test_a_row_that_names_another_applicant_moves_the_link_and_the_run_can_put_it_back(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("patents", patents(tmp_path, [
        ["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "(주)한빛광학", "이승훈"],
        ["10-2021-0000002", "이차전지 관리 장치", "H01M 10/44", "빛고을에너지", "김민수"]]))
    corrected = patents(tmp_path, [
        ["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "무등로보틱스", "이승훈"],  # the applicant corrected
        ["10-2021-0000002", "이차전지 관리 장치", "H01M 10/44", "빛고을에너지", "김민수"]])
    tried = pipeline.load("patents", corrected, dry_run=True)
    assert linked(graph, ONE, "APPLICANT_OF") == ["(주)한빛광학"]  # a dry run says, and writes nothing
    tried_note = reading_note(tried)
    assert tried_note is not None and "2 relationships the rows restating their records no longer give would be " \
        "removed" in tried_note and "2 records only those relationships named and only this file made would be " \
        "removed with them" in tried_note and "지워집니다" in note_in_korean(tried_note)
    fixed = pipeline.load("patents", corrected)
    assert (fixed.unlinked, fixed.unlinked_records) == (tried.unlinked, tried.unlinked_records)
    assert linked(graph, ONE, "APPLICANT_OF") == ["무등로보틱스"]  # not both
    assert linked(graph, TWO, "APPLICANT_OF") == ["빛고을에너지"]
    inventor_before = "per:lee-seunghun.한빛광학"  # placed at the applicant the row named: now at 무등로보틱스
    assert fixed.updated == 1 and fixed.unlinked == [f"APPLICANT_OF:org:한빛광학->{ONE}",
                                                     f"INVENTED:{inventor_before}->{ONE}"]
    assert fixed.unlinked_records == ["org:한빛광학", inventor_before]  # made by that row alone, named by no other
    assert graph.get(inventor_before) is None and graph.get("org:한빛광학") is None
    people = sorted(p.id for p in graph.list_nodes("Person"))
    assert people == ["per:kim-minsu.빛고을에너지", "per:lee-seunghun.무등로보틱스"]
    note = reading_note(fixed)
    assert note is not None and "2 relationships the rows restating their records no longer give were removed" in note
    assert "2 records only those relationships named and only this file made were removed" in note
    korean = note_in_korean(note)
    assert "관계 2개는 그 레코드를 다시 적은 행이 더 이상 말하지 않아 지웠습니다" in korean and "레코드 2개도" in korean
    pipeline.load("organizations", write(tmp_path / "other.csv", ["name_ko"], [["광주포토닉스"]]))  # the graph moves
    assert pipeline.load("patents", corrected).skipped  # the ledger knows what it removed: nothing left to do
    undo_run(graph, fixed.run_id)
    assert linked(graph, ONE, "APPLICANT_OF") == ["(주)한빛광학"] and linked(graph, ONE, "INVENTED") == ["이승훈"]
    assert graph.get(inventor_before) is not None and graph.get("org:한빛광학") is not None


def test_undoing_a_correction_puts_back_the_files_ledger_entry_so_the_correction_loaded_again_withdraws_again(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    first = pipeline.load("patents", patents(tmp_path, [
        ["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "(주)한빛광학", "이승훈"]]))
    corrected = patents(tmp_path, [["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "무등로보틱스", "이승훈"]])
    fixed = pipeline.load("patents", corrected)
    with pytest.raises(Conflict, match=f"the load ledger's entry of patents.csv.*{fixed.run_id}") as refused:
        undo_run(graph, first.run_id)  # the file's next load would read the correction's entry
    assert note_in_korean(refused.value.message) == (
        f"실행 {first.run_id}은(는) 되돌릴 수 없습니다: 나중의 불러오기가 이 실행이 쓴 것을 바꾸었거나 이어 썼습니다"
        f"(org:한빛광학, {ONE}, per:lee-seunghun.한빛광학, patents.csv의 불러오기 장부 항목); 그것들을 최근 것부터 "
        f"먼저 되돌리세요: {fixed.run_id}")
    undo_run(graph, fixed.run_id)
    assert linked(graph, ONE, "APPLICANT_OF") == ["(주)한빛광학"]
    again = pipeline.load("patents", corrected)  # the entry of the first load is back: what it said is withdrawn
    assert again.unlinked == fixed.unlinked and linked(graph, ONE, "APPLICANT_OF") == ["무등로보틱스"]
    undo_run(graph, again.run_id)
    patents(tmp_path, [["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "(주)한빛광학", "이승훈"]])
    assert pipeline.load("patents", tmp_path / "patents.csv").skipped  # the graph holds the first load's result
    pipeline.skip_unchanged = False
    nothing = pipeline.load("patents", tmp_path / "patents.csv")  # processed again: it writes nothing
    assert nothing.created == nothing.updated == 0 and journal_parts(graph, nothing.run_id) == []
    undo_run(graph, first.run_id)  # the entry stays the first load's: nothing later to undo first
    assert graph.count("Patent") == 0 and graph.count("LedgerHeader") == 0


def test_a_technology_the_corrected_text_no_longer_names_leaves_the_record(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    header = ["name_ko", "business_number", "description"]
    path = write(tmp_path / "companies.csv", header,
                 [["(주)한빛광학", "220-81-62517", "라이다 센서와 태양광 발전 개발"]])
    pipeline.load("organizations", path)
    before = linked(graph, "org:brn-2208162517", "HAS_TECHNOLOGY")
    pipeline.load("organizations", write(path, header, [["(주)한빛광학", "220-81-62517", "라이다 센서 개발"]]))
    after = linked(graph, "org:brn-2208162517", "HAS_TECHNOLOGY")
    assert len(after) < len(before) and set(after) < set(before)
    pipeline.skip_unchanged = False
    again = pipeline.load("organizations", path)  # every row processed again: nothing more to remove
    assert again.unlinked == [] and linked(graph, "org:brn-2208162517", "HAS_TECHNOLOGY") == after


def test_a_row_left_out_of_the_file_keeps_what_it_said(pipeline: LoadPipeline, graph: GraphStore,
                                                       tmp_path: Path) -> None:
    """A file may hold only this month's records: a record it no longer lists is not taken as withdrawn."""
    pipeline.load("patents", patents(tmp_path, [
        ["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "(주)한빛광학", "이승훈"],
        ["10-2021-0000002", "이차전지 관리 장치", "H01M 10/44", "빛고을에너지", "김민수"]]))
    summary = pipeline.load("patents", patents(tmp_path, [
        ["10-2021-0000002", "이차전지 관리 장치", "H01M 10/44", "빛고을에너지", "김민수;박지현"]]))
    assert summary.unlinked == []
    assert linked(graph, ONE, "APPLICANT_OF") == ["(주)한빛광학"] and linked(graph, ONE, "INVENTED") == ["이승훈"]
    assert linked(graph, TWO, "INVENTED") == ["김민수", "박지현"]
    bad = pipeline.load("patents", patents(tmp_path, [  # nor does a row rejected now
        ["10-2021-0000001", "라이다 센서 장치", "XYZ", "무등로보틱스", ""]]))
    assert bad.rejected == 1 and bad.unlinked == [] and linked(graph, ONE, "APPLICANT_OF") == ["(주)한빛광학"]


def test_a_relationship_another_file_also_gives_stays(pipeline: LoadPipeline, graph: GraphStore,
                                                      tmp_path: Path) -> None:
    people = ["name_ko", "email", "organization"]
    pipeline.load("people", write(tmp_path / "people.csv", people, [["이승훈", "shlee@gist.ac.kr", "광주과학기술원"]]))
    pipeline.load("affiliations", write(tmp_path / "affiliations.csv", ["person", "organization", "start_year"],
                                        [["shlee@gist.ac.kr", "광주과학기술원", "2015"]]))
    moved = pipeline.load("people", write(tmp_path / "people.csv", people,
                                          [["이승훈", "shlee@gist.ac.kr", "전남대학교"]]))
    person = moved.made["people.csv:2"]
    assert moved.unlinked == [] and linked(graph, person, "AFFILIATED_WITH") == ["광주과학기술원", "전남대학교"]


def test_after_a_merge_is_undone_a_file_processed_again_places_its_rows_apart(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "companies.csv", ["name_ko", "business_number"],
                                         [["(주)한빛광학", "220-81-62517"], ["무등로보틱스", "103-84-60971"]]))
    kept, dropped = graph.get("org:brn-2208162517"), graph.get("org:brn-1038460971")
    assert kept is not None and dropped is not None
    merge = merge_by_hand(graph, kept, dropped, by="admin-kim", source="web")  # a mistake
    path = patents(tmp_path, [["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "무등로보틱스", ""]])
    pipeline.load("patents", path)
    assert linked(graph, ONE, "APPLICANT_OF") == ["(주)한빛광학"]  # the name lands on the company that took it in
    undo_merge(graph, merge.id)
    assert files_loaded_since(graph, merge.created_at) == ["patents.csv"]  # its rows may need placing again
    pipeline.skip_unchanged = False
    again = pipeline.load("patents", path)  # innolink load patents … --reprocess
    assert linked(graph, ONE, "APPLICANT_OF") == ["무등로보틱스"] and again.unlinked == [
        f"APPLICANT_OF:{kept.id}->{ONE}"]


def test_a_cell_emptied_clears_the_value_the_file_gave_but_not_one_another_gave_or_an_edit(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    header = ["name_ko", "business_number", "employees", "homepage", "founded_year"]
    path = write(tmp_path / "companies.csv", header, [
        ["(주)한빛광학", "220-81-62517", "10", "https://wrong.example", "2015"],
        ["무등로보틱스", "103-84-60971", "5", "https://mudeung.example", "2018"]])
    pipeline.load("organizations", path)
    pipeline.load("organizations", write(tmp_path / "registry.csv", ["name_ko", "business_number", "homepage"],
                                         [["무등로보틱스", "103-84-60971", "https://mudeung-robotics.example"]]))
    mudeung = graph.get("org:brn-1038460971")
    assert mudeung is not None
    edit_node(graph, mudeung, {"founded_year": 2017}, by="admin-kim")  # corrected by hand
    emptied = pipeline.load("organizations", write(path, header, [
        ["(주)한빛광학", "220-81-62517", "10", "", "2015"],  # the wrong homepage taken out
        ["무등로보틱스", "103-84-60971", "5", "", ""]]))
    hanbit, mudeung = graph.get("org:brn-2208162517"), graph.get("org:brn-1038460971")
    assert isinstance(hanbit, Organization) and isinstance(mudeung, Organization)
    assert (hanbit.homepage, hanbit.employees, hanbit.founded_year) == (None, 10, 2015)
    assert (mudeung.homepage, mudeung.founded_year) == ("https://mudeung-robotics.example", 2017)  # not this file's
    assert emptied.cleared == ["org:brn-2208162517 homepage"]
    assert (emptied.updated, emptied.unchanged) == (1, 1)  # the row whose cell was emptied, not found unchanged
    note = reading_note(emptied)
    assert note is not None and "1 value the rows restating their records no longer give was cleared: " \
        "org:brn-2208162517 homepage" in note and "값 1개는" in note_in_korean(note)
    undo_run(graph, emptied.run_id)
    back = graph.get("org:brn-2208162517")
    assert isinstance(back, Organization) and back.homepage == "https://wrong.example"


def test_an_item_taken_out_of_a_list_cell_leaves_the_list_and_the_run_can_put_it_back(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    path = patents(tmp_path, [["10-2021-0000001", "라이다 센서 장치", "G01S 7/48;G02B 6/00", "(주)한빛광학", ""]])
    pipeline.load("patents", path)
    people = ["name_ko", "email", "organization", "skills"]
    staff = write(tmp_path / "people.csv", people, [["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다;파이썬"]])
    person = pipeline.load("people", staff).made["people.csv:2"]
    corrected = pipeline.load("patents", patents(tmp_path, [  # a code entered by mistake taken out
        ["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "(주)한빛광학", ""]]))
    patent = graph.get(ONE)
    assert isinstance(patent, Patent) and patent.ipc_codes == ["G01S 7/48"]
    assert corrected.cleared == [f"{ONE} ipc_codes 'G02B 6/00'"] and corrected.updated == 1
    fewer = pipeline.load("people", write(staff, people, [["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다"]]))
    researcher = graph.get(person)
    assert isinstance(researcher, Person) and researcher.skills == ["라이다"]
    assert (fewer.updated, fewer.unchanged) == (1, 0)  # not found unchanged: the row lost an item
    undo_run(graph, fewer.run_id)
    researcher = graph.get(person)
    assert isinstance(researcher, Person) and researcher.skills == ["라이다", "파이썬"]


def test_an_item_or_value_another_file_also_gives_stays_and_so_does_one_the_same_file_gives_twice(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    people = ["name_ko", "email", "organization", "skills", "title"]
    staff = write(tmp_path / "people.csv", people, [
        ["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다;파이썬", "교수"],
        ["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "광학", ""]])  # the same person twice: both rows speak
    person = pipeline.load("people", staff).made["people.csv:2"]
    pipeline.load("people", write(tmp_path / "directory.csv", people,
                                  [["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "파이썬", "교수"]]))
    pipeline.skip_unchanged = False
    assert pipeline.load("people", staff).cleared == []  # every row again: what either row gives stays
    emptied = pipeline.load("people", write(staff, people, [["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "", ""]]))
    researcher = graph.get(person)
    assert isinstance(researcher, Person) and sorted(researcher.skills) == ["파이썬"] and researcher.title == "교수"
    assert sorted(emptied.cleared) == [f"{person} skills '광학'", f"{person} skills '라이다'"]


def test_a_list_corrected_by_hand_keeps_its_items(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    people = ["name_ko", "email", "organization", "skills"]
    staff = write(tmp_path / "people.csv", people, [["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다;파이썬"]])
    person = pipeline.load("people", staff).made["people.csv:2"]
    researcher = graph.get(person)
    assert researcher is not None
    edit_node(graph, researcher, {"skills": ["라이다", "파이썬", "광학"]}, by="admin-kim")
    fewer = pipeline.load("people", write(staff, people, [["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다"]]))
    researcher = graph.get(person)
    assert isinstance(researcher, Person) and researcher.skills == ["라이다", "파이썬", "광학"] and fewer.cleared == []


def test_what_a_record_merged_in_since_was_given_by_another_file_stays(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """Two files' records found to be one person after both loads (a review approved, a merge by hand): what the
    other file gave the record merged away is still given, though its ledger names the old id."""
    people = ["name_ko", "email", "organization", "skills"]
    staff = write(tmp_path / "people.csv", people, [["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다;파이썬"]])
    kept_id = pipeline.load("people", staff).made["people.csv:2"]
    other_id = pipeline.load("people", write(tmp_path / "directory.csv", ["name_en", *people[1:]], [
        ["S. H. Lee", "sh@gist.ac.kr", "광주과학기술원", "파이썬"]])).made["directory.csv:2"]
    kept, other = graph.get(kept_id), graph.get(other_id)
    assert kept is not None and other is not None and kept_id != other_id
    merge_by_hand(graph, kept, other, by="admin-kim", source="web")
    moved = pipeline.load("people", write(staff, people, [["이승훈", "shlee@gist.ac.kr", "전남대학교", "라이다"]]))
    person = graph.get(kept_id)
    assert isinstance(person, Person) and sorted(person.skills) == ["라이다", "파이썬"] and moved.cleared == []
    assert linked(graph, kept_id, "AFFILIATED_WITH") == ["광주과학기술원", "전남대학교"] and moved.unlinked == []


def test_a_ledger_that_said_a_whole_list_at_once_takes_nothing_out_of_it(
        pipeline: LoadPipeline, graph: GraphStore, settings: Settings, tmp_path: Path) -> None:
    """Ledgers written before lists were said item by item kept one digest per list: such a list is left alone."""
    people = ["name_ko", "email", "organization", "skills"]
    staff = write(tmp_path / "people.csv", people, [["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다;파이썬"]])
    person = pipeline.load("people", staff).made["people.csv:2"]
    entry = pipeline.ledger.saved("people", "people.csv")
    data = json.loads(gzip.decompress(entry.sections["given"]))
    said = data["said"][person]
    assert sorted(k for k in said if k.startswith("skills[")) and "skills" not in said  # item by item now
    whole = hashlib.blake2b(repr(["라이다", "파이썬"]).encode(), digest_size=6).hexdigest()  # as it was kept
    data["said"][person] = {**{k: v for k, v in said.items() if not k.startswith("skills[")}, "skills": whole}
    entry.sections["given"] = gzip.compress(json.dumps(data).encode())
    pipeline.ledger.restore(entry)
    fewer = pipeline.load("people", write(staff, people, [["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다"]]))
    researcher = graph.get(person)
    assert isinstance(researcher, Person) and researcher.skills == ["라이다", "파이썬"] and fewer.cleared == []


def test_a_corrected_link_row_withdraws_the_relationship_it_gave(pipeline: LoadPipeline, graph: GraphStore,
                                                                 tmp_path: Path) -> None:
    """A link file's row (an affiliation, a licence) speaks for its subject's relationships in that file: the
    person's other rows are read again with it, and a row the file no longer has, or one left unchanged, stays."""
    people = ["name_ko", "email", "organization"]
    pipeline.load("people", write(tmp_path / "people.csv", people, [["이영희", "yh@jnu.ac.kr", "전남대학교"],
                                                                    ["김민수", "minsu@gist.ac.kr", "광주과학기술원"]]))
    header = ["person", "organization", "title"]
    rows = [["yh@jnu.ac.kr", "조선대학교", "연구원"], ["minsu@gist.ac.kr", "광주과학기술원", "교수"],
            ["yh@jnu.ac.kr", "광주테크노파크", "자문위원"]]
    pipeline.load("affiliations", write(tmp_path / "affiliations.csv", header, rows))
    person = "per:email-yh@jnu.ac.kr"
    assert linked(graph, person, "AFFILIATED_WITH") == ["광주테크노파크", "전남대학교", "조선대학교"]
    rows[0][1] = "광주과학기술원"  # the wrong organisation corrected; the person's third row is unchanged
    fixed = pipeline.load("affiliations", write(tmp_path / "affiliations.csv", header, rows))
    assert fixed.unlinked == [f"AFFILIATED_WITH:{person}->org:조선대학교"], fixed.unlinked
    assert fixed.unlinked_records == ["org:조선대학교"]  # only that row named it
    after = linked(graph, person, "AFFILIATED_WITH")
    assert after == ["광주과학기술원", "광주테크노파크", "전남대학교"]  # people.csv's stays
    left_out = pipeline.load("affiliations", write(tmp_path / "affiliations.csv", header, rows[:2]))
    assert left_out.unlinked == [] and "광주테크노파크" in linked(graph, person, "AFFILIATED_WITH")  # a month's file
    licenses = ["patent", "licensee", "year"]
    pipeline.load("patents", patents(tmp_path, [["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "GIST", ""]]))
    pipeline.load("licenses", write(tmp_path / "licenses.csv", licenses, [["10-2021-0000001", "(주)한빛광학", "2023"]]))
    moved = pipeline.load("licenses", write(tmp_path / "licenses.csv", licenses,
                                            [["10-2021-0000001", "무등로보틱스", "2023"]]))
    assert linked(graph, ONE, "LICENSED_TO") == ["무등로보틱스"] and len(moved.unlinked) == 1
    undo_run(graph, moved.run_id)
    assert linked(graph, ONE, "LICENSED_TO") == ["(주)한빛광학"]
