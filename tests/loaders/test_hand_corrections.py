"""Corrections made by hand survive a file loaded again (``loaders.hand_corrections``), on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import Conflict
from graph.schema import Organization, Person
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.adding import add_record
from loaders.curation import undo_merge
from loaders.deletions import delete_by_hand, restore_deleted, unlink_by_hand
from loaders.editing import edit_node, merge_by_hand, undo_edit
from loaders.hand_corrections import correction_notes
from tests.loaders.test_pipeline import write

COMPANIES = ["name_ko", "name_en", "business_number", "homepage"]
PEOPLE = ["name_ko", "email", "organization", "skills"]


def companies(tmp_path: Path, english: str = "Hanbit Optics Co., Ltd.") -> Path:
    return write(tmp_path / "companies.csv", COMPANIES, [
        ["(주)한빛광학", english, "220-81-62517", "https://hanbit.example.kr"],
        ["무등로보틱스", "Mudeung Robotics", "103-84-60971", ""],
    ])


def test_a_reload_keeps_a_field_corrected_by_hand_until_the_file_says_something_new(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", companies(tmp_path))
    company = graph.get("org:brn-2208162517")
    assert isinstance(company, Organization)
    edit_node(graph, company, {"name_en": "Hanbit Photonics Co., Ltd.", "homepage": "https://hanbitphotonics.kr"},
              by="admin-kim")
    corrected = graph.get(company.id)

    dry = pipeline.load("organizations", tmp_path / "companies.csv", dry_run=True)  # said before it is done
    assert [(c.what, c.fields) for c in dry.corrections] == [("edited", ("name_en", "homepage"))]
    assert graph.get(company.id) == corrected
    again = pipeline.load("organizations", tmp_path / "companies.csv")
    kept = graph.get(company.id)
    assert isinstance(kept, Organization) and kept.name_en == "Hanbit Photonics Co., Ltd."
    assert kept.homepage == "https://hanbitphotonics.kr"
    assert kept == corrected and (again.updated, again.unchanged) == (0, 2)  # written as it was: nothing changed
    assert [(c.record, c.what, c.fields) for c in again.corrections] == [
        (company.id, "edited", ("name_en", "homepage"))]
    assert correction_notes(again.corrections)[0].startswith("1 record keeps fields corrected by hand: ")
    assert not again.notes  # said by the run's list of corrections, not among its reading notes
    assert pipeline.load("organizations", tmp_path / "companies.csv").skipped  # the graph holds what it wrote

    newer = pipeline.load("organizations", companies(tmp_path, english="Hanbit Optics Holdings Co., Ltd."))
    taken = graph.get(company.id)
    assert isinstance(taken, Organization) and taken.name_en == "Hanbit Optics Holdings Co., Ltd."
    assert taken.homepage == "https://hanbitphotonics.kr"  # the file still says what it said before the edit
    assert {(c.what, c.fields) for c in newer.corrections} == {("superseded", ("name_en",)), ("edited", ("homepage",))}
    with pytest.raises(Conflict, match="name_en"):
        undo_edit(graph, graph.find("EditRecord", "node_id", [company.id])[0].id)


def test_an_edit_undone_lets_the_file_speak_again(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", companies(tmp_path))
    company = graph.get("org:brn-2208162517")
    assert company is not None
    edit_node(graph, company, {"name_en": "Wrong Name"}, by="admin-kim")
    undo_edit(graph, graph.find("EditRecord", "node_id", [company.id])[0].id)
    changed = companies(tmp_path, english="Hanbit Optics Holdings Co., Ltd.")
    summary = pipeline.load("organizations", changed)
    assert summary.corrections == []
    assert getattr(graph.get(company.id), "name_en", None) == "Hanbit Optics Holdings Co., Ltd."


def test_a_reload_does_not_bring_back_a_deleted_record_or_a_removed_relationship(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    people = write(tmp_path / "people.csv", PEOPLE, [
        ["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다 센서"],
        ["김민수", "mskim@gist.ac.kr", "광주과학기술원", "딥러닝"],
        ["박지영", "jypark@jnu.ac.kr", "전남대학교", "배터리"],
    ])
    pipeline.load("people", people)
    by_email = {p.email: p for p in graph.list_nodes("Person") if isinstance(p, Person)}
    deleted, moved = by_email["shlee@gist.ac.kr"], by_email["mskim@gist.ac.kr"]
    (affiliation,) = graph.neighbours(moved.id, edge_types=["AFFILIATED_WITH"])
    deletion = delete_by_hand(graph, deleted, by="admin-kim", source="web")
    removal = unlink_by_hand(graph, "AFFILIATED_WITH", moved.id, affiliation.node.id, by="admin-kim", source="web")
    before = graph.count_nodes()["Person"], graph.count_edges()

    again = pipeline.load("people", people)
    assert graph.get(deleted.id) is None and graph.get_edge("AFFILIATED_WITH", moved.id, affiliation.node.id) is None
    assert (graph.count_nodes()["Person"], graph.count_edges()) == before
    assert graph.get(moved.id) == moved  # the row of the person left without the affiliation changed nothing else
    assert {(c.record, c.what, c.correction_id) for c in again.corrections} == {
        (deleted.id, "deleted", deletion.id),
        (f"AFFILIATED_WITH:{moved.id}->{affiliation.node.id}", "removed", removal.id)}

    restore_deleted(graph, deletion.id)  # undone: the record is back, and a load may write it again
    assert graph.get(deleted.id) is not None
    pipeline.skip_unchanged = False
    last = pipeline.load("people", people)
    assert [c.what for c in last.corrections] == ["removed"] and graph.get(deleted.id) is not None
    assert last.unchanged == 3 and graph.count("Person") == 3


def test_a_record_added_by_hand_may_bring_back_a_deleted_one(pipeline: LoadPipeline, graph: GraphStore,
                                                             tmp_path: Path) -> None:
    pipeline.load("organizations", companies(tmp_path))
    company = graph.get("org:brn-2208162517")
    assert company is not None
    delete_by_hand(graph, company, by="admin-kim", source="web")
    add_record(pipeline, "organizations", {"name_ko": "(주)한빛광학", "business_number": "220-81-62517"},
               by="admin-kim")
    assert graph.get(company.id) is not None
    pipeline.load("people", write(tmp_path / "people.csv", PEOPLE, [
        ["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다"]]))
    (person,) = graph.list_nodes("Person")
    delete_by_hand(graph, person, by="admin-kim", source="web")
    added = add_record(pipeline, "people", {"name_ko": "이승훈", "organization": "광주과학기술원"}, by="admin-kim")
    assert added.outcome == "created" and graph.get(person.id) is None  # made anew, not the deleted one's node
    assert [p.display_name() for p in graph.list_nodes("Person")] == ["이승훈"]


def test_a_merge_by_hand_stands_and_an_undone_merge_is_not_made_again_by_a_reload(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", companies(tmp_path))
    kept, dropped = graph.get("org:brn-2208162517"), graph.get("org:brn-1038460971")
    assert kept is not None and dropped is not None
    merge = merge_by_hand(graph, kept, dropped, by="admin-kim", source="web")  # its own number: no name finds it
    again = pipeline.load("organizations", tmp_path / "companies.csv")
    assert graph.get(dropped.id) is None and graph.count("Organization") == 1
    assert again.made == {"companies.csv:2": kept.id, "companies.csv:3": kept.id}
    assert graph.count("MergeRecord") == 1  # the administrator's merge is the record of it: nothing new

    undo_merge(graph, merge.id)
    loaded = write(tmp_path / "more.csv", COMPANIES, [["", "Hanbit Optics Co., Ltd.", "", ""]])
    summary = pipeline.load("organizations", loaded)
    assert summary.merged == 1 and graph.count("Organization") == 2  # a load's own merge of a third record
    load_merge = next(m for m in graph.list_nodes("MergeRecord") if m.id != merge.id)
    undo_merge(graph, load_merge.id)
    after = pipeline.load("organizations", loaded)
    assert graph.count("Organization") == 3 and after.merged == 0  # undone: the two stay apart
    assert after.made == {"more.csv:2": load_merge.merged_id}  # type: ignore[attr-defined]


def test_a_name_the_index_cannot_place_leaves_the_stored_record_of_that_id_whole(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    papers = ["title", "year", "authors", "organizations"]
    pipeline.load("people", write(tmp_path / "people.csv", PEOPLE, [
        ["최혜승", "", "전남대학교", "자동차 부품;3D 프린팅"],  # known by name and organisation only
        ["최혜승", "hs.choi@mudeung.example.kr", "무등로보틱스", "로봇"]]))  # a namesake elsewhere
    person = next(p for p in graph.list_nodes("Person") if isinstance(p, Person) and p.email is None)
    (affiliation,) = graph.neighbours(person.id, edge_types=["AFFILIATED_WITH"])
    unlink_by_hand(graph, "AFFILIATED_WITH", person.id, affiliation.node.id, by="admin-kim", source="web")
    summary = pipeline.load("publications", write(tmp_path / "b.csv", papers, [
        ["3D printing for car parts", "2024", "최혜승", "전남대학교"]]))
    stored = graph.get(person.id)
    assert stored == person  # not overwritten by the paper's author, whose name alone makes the same id
    paper = summary.made["b.csv:2"]
    assert person.id in {n.node.id for n in graph.neighbours(paper, edge_types=["AUTHORED"])}


def test_a_load_keeps_what_was_corrected_in_the_vocabulary(pipeline: LoadPipeline, graph: GraphStore,
                                                          tmp_path: Path) -> None:
    path = write(tmp_path / "companies.csv", ["name_ko", "description"], [["한빛광학", "라이다 센서와 레이저 모듈"]])
    pipeline.load("organizations", path)
    lidar, laser = graph.get("tec:lidar"), graph.get("tec:laser")
    assert lidar is not None and laser is not None
    edit_node(graph, lidar, {"label_ko": "라이다(LiDAR)"}, by="admin-kim")
    delete_by_hand(graph, laser, by="admin-kim", source="web")
    pipeline.skip_unchanged = False  # every row again, and the vocabulary written as every load writes it
    summary = pipeline.load("organizations", path)
    assert graph.get("tec:laser") is None and getattr(graph.get("tec:lidar"), "label_ko", None) == "라이다(LiDAR)"
    (company,) = graph.list_nodes("Organization")
    technologies = {n.node.id for n in graph.neighbours(company.id, edge_types=["HAS_TECHNOLOGY"])}
    assert "tec:lidar" in technologies and "tec:laser" not in technologies
    assert {(c.record, c.what) for c in summary.corrections} == {("tec:lidar", "edited"), ("tec:laser", "deleted")}

    again = pipeline.load("organizations", path)  # said once: now only where its records meet a correction
    assert {(c.record, c.what) for c in again.corrections} == {("tec:laser", "deleted")}
    other = write(tmp_path / "robots.csv", ["name_ko", "description"], [["무등로보틱스", "협동 로봇 제어기"]])
    assert pipeline.load("organizations", other).corrections == []
    assert getattr(graph.get("tec:lidar"), "label_ko", None) == "라이다(LiDAR)" and graph.get("tec:laser") is None


def test_a_patent_merged_by_hand_stays_merged_when_its_file_is_loaded_again(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    path = write(tmp_path / "patents.csv", ["application_number", "title_ko"], [
        ["10-2020-0012345", "라이다 센서"], ["10-2020-0012346", "라이다 센서 (중복 출원 기록)"]])
    pipeline.load("patents", path)
    kept, dropped = sorted(graph.list_nodes("Patent"), key=lambda n: n.id)
    merge_by_hand(graph, kept, dropped, by="admin-kim", source="web")
    pipeline.skip_unchanged = False
    again = pipeline.load("patents", path)
    assert graph.count("Patent") == 1 and graph.get(dropped.id) is None
    assert set(again.made.values()) == {kept.id}


def test_a_licence_naming_a_patent_merged_away_lands_on_the_patent_that_took_it_in(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    path = write(tmp_path / "patents.csv", ["application_number", "registration_number", "title_ko"], [
        ["10-2020-0012345", "10-2345678", "라이다 센서"], ["10-2020-0012346", "10-2345679", "라이다 센서 (중복)"]])
    pipeline.load("patents", path)
    kept, dropped = sorted(graph.list_nodes("Patent"), key=lambda n: n.id)
    merge_by_hand(graph, kept, dropped, by="admin-kim", source="web")
    licences = write(tmp_path / "licenses.csv", ["patent", "licensee", "year"], [
        ["10-2020-0012346", "(주)한빛광학", "2023"], ["10-2345679", "무등로보틱스", "2024"]])
    summary = pipeline.load("licenses", licences)
    assert summary.rejected == 0, summary.rejects
    licensees = graph.neighbours(kept.id, edge_types=["LICENSED_TO"], direction="out")
    assert len(licensees) == 2
    assert graph.get(dropped.id) is None


def test_a_citation_of_a_paper_merged_away_points_at_the_paper_that_took_it_in(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("publications", write(tmp_path / "papers.csv", ["doi", "title", "year"], [
        ["10.1000/lidar.1", "Solid-state lidar for vehicles", "2021"],
        ["10.1000/lidar.1b", "Solid-state lidar for vehicles (preprint)", "2021"]]))
    kept, dropped = sorted(graph.list_nodes("Publication"), key=lambda n: n.id)
    merge_by_hand(graph, kept, dropped, by="admin-kim", source="web")
    citing = write(tmp_path / "citing.csv", ["doi", "title", "year", "cites"], [
        ["10.1000/survey.9", "A survey of automotive lidar", "2023", "10.1000/lidar.1b"]])
    pipeline.load("publications", citing)
    cited = graph.neighbours("pub:doi-10.1000/survey.9", edge_types=["CITES"], direction="out")
    assert [n.node.id for n in cited] == [kept.id]


def test_a_list_corrected_by_hand_keeps_what_was_removed_and_added_when_the_file_adds_a_value(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    row = ["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다;레이저"]
    pipeline.load("people", write(tmp_path / "people.csv", PEOPLE, [row]))
    (person,) = graph.list_nodes("Person")
    edit_node(graph, person, {"skills": ["라이다", "광센서"]}, by="admin-kim")  # 레이저 was wrong
    (edit,) = graph.list_nodes("EditRecord")
    pipeline.skip_unchanged = False
    same = pipeline.load("people", tmp_path / "people.csv")
    assert getattr(graph.get(person.id), "skills", None) == ["라이다", "광센서"]
    assert [(c.what, c.fields) for c in same.corrections] == [("edited", ("skills",))]

    row[3] = "라이다;레이저;SLAM"  # the source learnt something new since the edit
    grown = pipeline.load("people", write(tmp_path / "people.csv", PEOPLE, [row]))
    assert getattr(graph.get(person.id), "skills", None) == ["라이다", "SLAM", "광센서"]
    assert [(c.what, c.correction_id) for c in grown.corrections] == [("edited", edit.id)]
    again = pipeline.load("people", tmp_path / "people.csv")  # still in force on the next load
    assert getattr(graph.get(person.id), "skills", None) == ["라이다", "SLAM", "광센서"]
    assert [c.what for c in again.corrections] == ["edited"]

    row[3] = "라이다;SLAM"  # the source dropped the wrong skill itself: nothing of the edit to keep from it
    dropped = pipeline.load("people", write(tmp_path / "people.csv", PEOPLE, [row]))
    assert getattr(graph.get(person.id), "skills", None) == ["라이다", "SLAM", "광센서"]
    assert dropped.corrections == []


def test_a_licence_naming_a_patent_deleted_by_hand_keeps_the_deletion_instead_of_being_rejected(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    columns = ["application_number", "registration_number", "title_ko"]
    pipeline.load("patents", write(tmp_path / "patents.csv", columns, [
        ["10-2020-0012345", "10-2345678", "라이다 센서"], ["10-2020-0012346", "10-2345679", "레이저 모듈"]]))
    wrong = graph.find("Patent", "application_number", ["10-2020-0012346"])[0]
    deletion = delete_by_hand(graph, wrong, by="admin-kim", source="web")
    licences = write(tmp_path / "licenses.csv", ["patent", "licensee", "year"], [
        ["10-2020-0012346", "(주)한빛광학", "2023"], ["10-2345679", "무등로보틱스", "2024"],
        ["10-2020-0012345", "무등로보틱스", "2024"]])
    summary = pipeline.load("licenses", licences)
    assert summary.rejected == 0, summary.rejects
    assert [(c.record, c.what, c.correction_id) for c in summary.corrections] == [
        (wrong.id, "deleted", deletion.id)]
    assert graph.get(wrong.id) is None
    assert graph.count_edges()["LICENSED_TO"] == 1

    restore_deleted(graph, deletion.id)
    again = pipeline.load("licenses", licences)  # not skipped as unchanged: it left rows out for the deletion
    assert again.rejected == 0 and again.corrections == []
    assert len(graph.neighbours(wrong.id, edge_types=["LICENSED_TO"], direction="out")) == 2


def test_a_citation_of_a_paper_deleted_by_hand_is_reported_as_kept_out(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("publications", write(tmp_path / "papers.csv", ["doi", "title", "year"], [
        ["10.1000/lidar.1", "Solid-state lidar for vehicles", "2021"]]))
    (paper,) = graph.list_nodes("Publication")
    deletion = delete_by_hand(graph, paper, by="admin-kim", source="web")
    summary = pipeline.load("publications", write(tmp_path / "citing.csv", ["doi", "title", "year", "cites"], [
        ["10.1000/survey.9", "A survey of automotive lidar", "2023", "10.1000/lidar.1"]]))
    assert [(c.record, c.what, c.correction_id) for c in summary.corrections] == [(paper.id, "deleted", deletion.id)]
    assert graph.neighbours("pub:doi-10.1000/survey.9", edge_types=["CITES"], direction="out") == []


def test_a_person_deleted_by_hand_is_not_brought_back_by_a_file_naming_them_another_way(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """A researcher asked to be removed: the papers and staff lists loaded later name them by name, not by the
    e-mail their record was made from, and must not make them again."""
    pipeline.load("people", write(tmp_path / "people.csv", PEOPLE, [
        ["이승훈", "shlee@gist.ac.kr", "광주과학기술원", "라이다"],
        ["김민수", "mskim@gist.ac.kr", "광주과학기술원", ""]]))
    person = graph.find("Person", "email", ["shlee@gist.ac.kr"])[0]
    deletion = delete_by_hand(graph, person, by="admin-kim", source="web")
    papers = write(tmp_path / "papers.csv", ["doi", "title", "year", "authors", "organizations"], [
        ["10.1000/lidar.7", "Lidar sensing", "2023", "이승훈;김민수", "광주과학기술원"]])
    summary = pipeline.load("publications", papers)
    staff = pipeline.load("people", write(tmp_path / "staff.csv", ["name_ko", "organization", "title"], [
        ["이승훈", "광주과학기술원", "교수"], ["이승훈", "(주)한빛광학", "연구원"]]))
    names = sorted((p.display_name(), p.id) for p in graph.list_nodes("Person"))
    assert [n for n, _ in names] == ["김민수", "이승훈"] and names[1][1].endswith("한빛광학")  # another 이승훈
    assert [(c.record, c.what, c.correction_id) for c in summary.corrections] == [(person.id, "deleted", deletion.id)]
    assert [(c.record, c.what) for c in staff.corrections] == [(person.id, "deleted")]
    (paper,) = graph.list_nodes("Publication")
    assert [n.node.display_name() for n in graph.neighbours(paper.id, edge_types=["AUTHORED"])] == [
        "광주과학기술원", "김민수"]  # the organisation the paper names, and the author not deleted

    restore_deleted(graph, deletion.id)
    again = pipeline.load("publications", papers)  # not skipped as unchanged: it left a row's author out
    assert not again.skipped and again.corrections == [] and graph.count("Person") == 3
    assert person.id in {n.node.id for n in graph.neighbours(paper.id, edge_types=["AUTHORED"])}
    assert pipeline.load("publications", papers).skipped  # and now the graph holds all the file says


def test_a_company_deleted_by_hand_is_not_brought_back_by_a_file_naming_it_without_its_number(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", companies(tmp_path))
    company = graph.get("org:brn-2208162517")
    assert company is not None
    deletion = delete_by_hand(graph, company, by="admin-kim", source="web")
    columns = ["application_number", "title_ko", "applicants"]
    patents = pipeline.load("patents", write(tmp_path / "patents.csv", columns, [
        ["10-2020-0012345", "라이다 센서", "㈜ 한빛광학"], ["10-2020-0012346", "협동 로봇", "무등로보틱스"]]))
    listed = pipeline.load("organizations", write(tmp_path / "list.csv", ["name_ko", "name_en"], [
        ["한빛광학 주식회사", ""], ["", "Hanbit Optics Co., Ltd."]]))
    registered = pipeline.load("organizations", write(tmp_path / "other.csv", ["name_ko", "business_number"], [
        ["한빛광학", "123-45-67891"]]))  # another business number: another company of that name
    assert sorted(o.id for o in graph.list_nodes("Organization")) == ["org:brn-1038460971", "org:brn-1234567891"]
    assert [(c.record, c.what, c.correction_id) for c in patents.corrections] == [(company.id, "deleted", deletion.id)]
    assert (listed.created, [(c.record, c.what) for c in listed.corrections]) == (0, [(company.id, "deleted")])
    assert registered.created == 1 and registered.corrections == []


def test_a_name_corrected_by_hand_still_finds_its_record_under_the_name_the_files_use(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """The source systems keep their misspelling: each later file naming the old name must not make the duplicate
    the administrator's correction did away with."""
    pipeline.load("people", write(tmp_path / "people.csv", PEOPLE, [
        ["이승운", "shlee@gist.ac.kr", "광주과학기술원", "라이다"]]))
    pipeline.load("organizations", companies(tmp_path, english="Hanbit Optcis Co., Ltd."))
    (person,) = graph.find("Person", "email", ["shlee@gist.ac.kr"])
    company = graph.get("org:brn-2208162517")
    assert company is not None
    edit_node(graph, person, {"name_ko": "이승훈"}, by="admin-kim")
    edit_node(graph, company, {"name_ko": "(주)한빛광학기술", "name_en": "Hanbit Optics Co., Ltd."}, by="admin-kim")
    pipeline.load("publications", write(tmp_path / "papers.csv", ["doi", "title", "year", "authors", "organizations"], [
        ["10.1000/lidar.7", "Lidar sensing", "2023", "이승운", "광주과학기술원"]]))
    pipeline.load("patents", write(tmp_path / "patents.csv", ["application_number", "title_ko", "applicants"], [
        ["10-2020-0012345", "라이다 센서", "(주)한빛광학"],
        ["10-2020-0012346", "레이저 모듈", "Hanbit Optcis Co., Ltd."]]))
    staff = pipeline.load("people", write(tmp_path / "staff.csv", ["name_ko", "organization"], [
        ["이승운", "광주과학기술원"]]))
    assert [p.id for p in graph.list_nodes("Person")] == [person.id] and staff.created == 0
    assert {o.id for o in graph.list_nodes("Organization")} == {company.id, "org:brn-1038460971", "org:광주과학기술원"}
    assert graph.count("ReviewItem") == 0
    (paper,) = graph.list_nodes("Publication")
    assert [n.node.id for n in graph.neighbours(paper.id, edge_types=["AUTHORED"]) if n.node.id.startswith("per:")
            ] == [person.id]
    assert len(graph.neighbours(company.id, edge_types=["APPLICANT_OF"], direction="out")) == 2
    assert getattr(graph.get(person.id), "name_ko", None) == "이승훈"
    assert getattr(graph.get(company.id), "name_en", None) == "Hanbit Optics Co., Ltd."


def test_a_reference_by_the_number_of_a_company_or_person_merged_away_lands_on_the_one_that_took_it_in(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", companies(tmp_path))
    pipeline.load("people", write(tmp_path / "people.csv", PEOPLE, [
        ["이승훈", "shlee@gist.ac.kr", "광주과학기술원", ""],
        ["이승훈", "seunghoon.lee@hanbit.kr", "(주)한빛광학", ""]]))
    kept, dropped = graph.get("org:brn-2208162517"), graph.get("org:brn-1038460971")
    assert kept is not None and dropped is not None
    merge_by_hand(graph, kept, dropped, by="admin-kim", source="web")
    people = {getattr(p, "email", ""): p for p in graph.list_nodes("Person")}
    researcher, duplicate = people["shlee@gist.ac.kr"], people["seunghoon.lee@hanbit.kr"]
    merge_by_hand(graph, researcher, duplicate, by="admin-kim", source="web")
    summary = pipeline.load("affiliations", write(tmp_path / "affiliations.csv", ["person", "organization", "title"], [
        [f"email:{duplicate.email}", "brn:103-84-60971", "연구원"]]))
    assert summary.rejected == 0, summary.rejects
    titles = {n.node.id: getattr(n.edge, "title", None)
              for n in graph.neighbours(researcher.id, edge_types=["AFFILIATED_WITH"], direction="out")}
    assert titles[kept.id] == "연구원"
    assert graph.get(dropped.id) is None and graph.get(duplicate.id) is None


def test_a_number_corrected_by_hand_still_finds_its_record_when_other_files_use_the_old_one(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """A typo in a patent's application number or a company's business number, corrected on the record's page: the
    licences and affiliations exported from the same system keep the typo."""
    pipeline.load("organizations", companies(tmp_path))
    pipeline.load("patents", write(tmp_path / "patents.csv", ["application_number", "title_ko"], [
        ["10-2020-0012354", "라이다 센서"]]))
    (patent,) = graph.list_nodes("Patent")
    company = graph.get("org:brn-2208162517")
    assert company is not None
    edit_node(graph, patent, {"application_number": "10-2020-0012345"}, by="admin-kim")
    edit_node(graph, company, {"business_number": "1234567891"}, by="admin-kim")
    licences = pipeline.load("licenses", write(tmp_path / "licenses.csv", ["patent", "licensee", "year"], [
        ["10-2020-0012354", "brn:220-81-62517", "2024"], ["10-2020-0012345", "brn:123-45-67891", "2025"]]))
    assert licences.rejected == 0, licences.rejects
    licensees = graph.neighbours(patent.id, edge_types=["LICENSED_TO"], direction="out")
    assert [n.node.id for n in licensees] == [company.id] and graph.count("Patent") == 1
    assert getattr(graph.get(patent.id), "application_number", None) == "10-2020-0012345"
