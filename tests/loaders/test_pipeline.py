"""The load pipeline on both backends: idempotent loads, rejects, dry runs, undo."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graph.errors import Conflict, MappingError
from graph.schema import LedgerPart, LoadRun, Organization, Patent
from graph.store import GraphStore
from loaders import LoadPipeline, directory_plan, load_directory
from loaders.curation import approve_review, reject_review, undo_merge, undo_run
from loaders.editing import edit_node
from loaders.reasons_ko import note_in_korean
from loaders.run_summary import reading_note
from tests.loaders.conftest import SAMPLE


def write(path: Path, header: list[str], rows: list[list[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.slow
def test_sample_loads_twice_with_identical_graph(pipeline: LoadPipeline, graph: GraphStore) -> None:
    first = load_directory(pipeline, SAMPLE)
    counts = (graph.count_nodes(), graph.count_edges())
    pipeline.skip_unchanged = False
    second = load_directory(pipeline, SAMPLE)  # every row processed again
    pipeline.skip_unchanged = True
    third = load_directory(pipeline, SAMPLE)  # each file skipped once its result is found intact in the graph
    nodes, edges = graph.count_nodes(), graph.count_edges()
    assert nodes.pop("LoadRun") == counts[0].pop("LoadRun") + 2 * len(first) == 3 * len(first)
    reports = [s.rejects_path for s in [*first, *second, *third]] + [s.review_path for s in first]
    assert nodes.pop("RunReport") == sum(map(bool, reports)) > counts[0].pop("RunReport")  # each run keeps its own
    assert (nodes, edges) == counts
    assert sum(s.created for s in first) > 5000
    assert not any(s.skipped for s in second) and all(s.skipped for s in third)
    for again in (second, third):
        assert all(s.created == s.updated == s.merged == 0 for s in again)
        for a, b in zip(first, again, strict=True):
            assert b.unchanged == a.read - a.rejected == b.read - b.rejected, b.file
            assert [(r.line, r.reason) for r in a.rejects] == [(r.line, r.reason) for r in b.rejects]
    assert sum(s.rejected for s in first) == 15  # the planted bad rows, and only those
    assert graph.count("ReviewItem") > 0 and graph.count("MergeRecord") > 60


def test_another_file_restating_what_the_graph_holds_counts_unchanged_and_is_recorded_as_a_source(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    header = ["name_ko", "name_en", "business_number", "region"]
    rows: list[list[object]] = [["(주)한빛광학", "Hanbit Optics", "220-81-62517", "광주"],
                                ["무등로보틱스", "Mudeung Robotics", "103-84-60971", "광주"]]
    pipeline.load("organizations", write(tmp_path / "companies.csv", header, rows))
    rows[1][3] = "전남"
    summary = pipeline.load("organizations", write(tmp_path / "from-the-registry.csv", header, rows))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert summary.outcomes == {"from-the-registry.csv:2": "unchanged", "from-the-registry.csv:3": "updated"}
    restated = graph.get("org:brn-2208162517")
    assert restated is not None and restated.sources == ["companies.csv:2", "from-the-registry.csv:2"]


def test_bad_rows_are_reported_and_leave_nothing_behind(pipeline: LoadPipeline, graph: GraphStore,
                                                        tmp_path: Path) -> None:
    header = ["application_number", "title_ko", "ipc_codes", "application_date", "applicants", "inventors"]
    path = write(tmp_path / "patents.csv", header, [
        ["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "2021-01-05", "(주)한빛광학", "이승훈"],
        ["10-2021-0000002", "유령 특허", "XYZ", "2021-01-06", "유령기업", "유령발명자"],
        ["10-2021-0000003", "태양전지 모듈", "H02S 40/38", "2021-13-01", "유령기업2", "유령발명자2"],
        ["", "번호 없음", "", "", "유령기업3", ""],
        ["10-2021-0000004", "이차전지 관리 장치", "H01M 10/44", "2021.02.03", "빛고을에너지", "김민수;박지현"],
    ])
    summary = pipeline.load("patents", path)
    assert summary.created == 2 and summary.rejected == 3
    assert [(r.line, r.field) for r in summary.rejects] == [(3, "ipc_codes"), (4, "application_date"), (5, "")]
    assert "IPC code" in summary.rejects[0].reason and "2021-13-01" in summary.rejects[1].value
    assert summary.rejects_path and Path(summary.rejects_path).read_text(encoding="utf-8-sig").count("\n") == 4
    names = {n.display_name() for chunk in graph.stream_nodes("Organization") for n in chunk}
    assert names == {"(주)한빛광학", "빛고을에너지"}  # no stub from any rejected row
    people = {n.display_name() for chunk in graph.stream_nodes("Person") for n in chunk}
    assert people == {"이승훈", "김민수", "박지현"}
    assert graph.count("Patent") == 2 and graph.count_edges()["INVENTED"] == 3


def test_dry_run_writes_nothing(pipeline: LoadPipeline, graph: GraphStore) -> None:
    before = graph.count_nodes(), graph.count_edges()
    summary = pipeline.load("organizations", SAMPLE / "companies.csv", dry_run=True)
    assert summary.dry_run and summary.rejected == 6 and summary.created > 300
    assert (graph.count_nodes(), graph.count_edges()) == before


def test_changed_row_updates_only_that_record(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    header = ["name_ko", "business_number", "description"]
    rows = [["(주)한빛광학", "220-81-62517", "라이다 센서"], ["빛고을에너지", "", "태양광 발전"],
            ["무등로보틱스", "", "로봇"]]
    pipeline.load("organizations", write(tmp_path / "companies.csv", header, rows))
    untouched = graph.get("org:무등로보틱스")
    rows[1][2] = "태양광 발전과 에너지저장장치"
    summary = pipeline.load("organizations", write(tmp_path / "companies.csv", header, rows))
    assert (summary.updated, summary.unchanged, summary.created) == (1, 2, 0)
    changed = graph.get("org:빛고을에너지")
    assert isinstance(changed, Organization) and changed.description == "태양광 발전과 에너지저장장치"
    assert graph.get("org:무등로보틱스") == untouched


def test_unchanged_file_is_skipped_only_while_the_graph_holds_its_result(pipeline: LoadPipeline, graph: GraphStore,
                                                                         tmp_path: Path) -> None:
    header = ["name_ko", "business_number", "description"]
    rows = [["(주)한빛광학", "220-81-62517", "자율주행 라이다 센서"], ["빛고을에너지", "", "태양광 발전"],
            ["무등로보틱스", "", "로봇"], ["", "", "이름 없는 행"]]
    path = write(tmp_path / "companies.csv", header, rows)
    first = pipeline.load("organizations", path)
    assert (first.created, first.rejected, first.skipped) == (3, 1, False)
    entry = pipeline.ledger.entry("organizations", "companies.csv")
    assert entry is not None and entry.graph_version == graph.version()  # writing the ledger left the version
    counts = graph.count_nodes(), graph.count_edges()

    def reload() -> tuple[bool, int, int, list[int]]:
        summary = pipeline.load("organizations", path)
        return summary.skipped, summary.updated, summary.unchanged, [r.line for r in summary.rejects]

    assert reload() == (True, 0, 3, [5])  # nothing moved since: skipped at once
    graph.upsert_nodes([Organization(id="org:다른회사", name_ko="다른회사")])  # the graph moves elsewhere
    assert reload() == (True, 0, 3, [5])  # every hash looked up and found as left
    company = graph.get("org:빛고을에너지")
    assert isinstance(company, Organization)
    graph.upsert_nodes([company.model_copy(update={"description": "edited by hand"})])
    assert reload() == (False, 1, 2, [5])  # an edited node: the file is processed again and restores it
    restored = graph.get("org:빛고을에너지")
    assert isinstance(restored, Organization) and restored.description == "태양광 발전"
    edge = next(n.edge for org_node in graph.list_nodes("Organization")
                for n in graph.neighbours(org_node.id, direction="out"))
    graph.delete_edges([edge.key])
    assert reload() == (False, 1, 2, [5]) and graph.get_edge(*edge.key) is not None  # a deleted relationship
    pipeline.skip_unchanged = False
    assert reload() == (False, 0, 3, [5])
    pipeline.skip_unchanged = True
    rows[2][2] = "협동 로봇"
    write(tmp_path / "companies.csv", header, rows)
    assert reload() == (False, 1, 2, [5])  # a changed row
    assert reload()[0] is True
    parts = [*graph.list_nodes("LedgerHeader"), *graph.list_nodes("LedgerPart", limit=100)]
    assert {p.section if isinstance(p, LedgerPart) else p.label for p in parts} == {"LedgerHeader", "footprint",
                                                                                    "given"}
    graph.upsert_nodes([p.model_copy(update={"data": "not json"}) for p in parts])
    assert reload() == (False, 0, 3, [5])  # an unreadable ledger is no ledger
    nodes, edges = graph.count_nodes(), graph.count_edges()
    assert nodes["Organization"] == counts[0]["Organization"] + 1 and edges == counts[1]


def test_changed_file_processes_only_its_changed_and_new_rows(pipeline: LoadPipeline, graph: GraphStore,
                                                              tmp_path: Path) -> None:
    header = ["name_ko", "business_number", "description", "employees"]
    rows = [["(주)한빛광학", "220-81-62517", "자율주행 라이다 센서", "30"], ["빛고을에너지", "", "태양광 발전", "12"],
            ["무등로보틱스", "", "협동 로봇", "8"], ["", "", "이름 없는 행", ""]]
    path = tmp_path / "companies.csv"

    def load() -> tuple[int, int, int, int, list[int]]:
        summary = pipeline.load("organizations", write(path, header, rows))
        assert not summary.skipped
        return (summary.rows_skipped, summary.created, summary.updated, summary.unchanged,
                [r.line for r in summary.rejects])

    def employees(org_id: str) -> int | None:
        node = graph.get(org_id)
        assert isinstance(node, Organization)
        return node.employees

    assert load() == (0, 3, 0, 0, [5])
    untouched = graph.get("org:무등로보틱스")
    rows[1][3] = "15"
    rows.append(["광주포토닉스", "", "광통신 부품", "20"])
    assert load() == (2, 1, 1, 2, [5])  # the bad row is read and reported again; the two unchanged are not processed
    assert employees("org:빛고을에너지") == 15 and employees("org:광주포토닉스") == 20
    assert graph.get("org:무등로보틱스") == untouched
    rows[1][3] = "12"  # the edit taken back: that row is processed again, not taken for the row first loaded
    assert load() == (3, 0, 1, 3, [5])
    assert employees("org:빛고을에너지") == 12
    company = graph.get("org:광주포토닉스")
    assert isinstance(company, Organization)
    graph.upsert_nodes([company.model_copy(update={"employees": 99})])  # edited by hand since
    rows[0][3] = "31"
    assert load() == (0, 0, 2, 2, [5])  # the graph no longer holds the last load's result: every row processed
    assert employees("org:광주포토닉스") == 20
    pipeline.skip_unchanged = False
    summary = pipeline.load("organizations", path)  # processing every row finds nothing to change
    assert (summary.rows_skipped, summary.created, summary.updated, summary.unchanged) == (0, 0, 0, 4)


def test_an_unchanged_row_below_a_changed_one_of_the_same_company_still_speaks_last(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """Two rows of one company (one business number): the later row's values win in a full pass, so when only
    the earlier row changed, the later one is processed again after it; undoing that load puts back the
    company as it was before the load, not as the first pass left it."""
    header = ["name_ko", "business_number", "employees"]
    rows = [["(주)한빛광학", "220-81-62517", "30"], ["무등로보틱스", "", "8"], ["한빛광학", "220-81-62517", "35"]]
    path = tmp_path / "companies.csv"
    pipeline.load("organizations", write(path, header, rows))
    before = graph.get("org:brn-2208162517")
    assert isinstance(before, Organization) and before.employees == 35
    rows[0][2] = "40"
    summary = pipeline.load("organizations", write(path, header, rows))
    assert summary.rows_skipped == 1  # 무등로보틱스 only: the later 한빛광학 row was processed again
    after = graph.get("org:brn-2208162517")
    assert isinstance(after, Organization) and after.employees == 35
    assert after.model_dump(exclude={"loaded_at"}) == before.model_dump(exclude={"loaded_at"})
    undo_run(graph, summary.run_id)  # undone to the state before that load, not to the 40 between its passes
    undone = graph.get("org:brn-2208162517")
    assert isinstance(undone, Organization) and undone.employees == 35
    pipeline.skip_unchanged = False
    again = pipeline.load("organizations", path)  # a full pass agrees: nothing to change
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_korean_excel_export_in_cp949_with_korean_headers(pipeline: LoadPipeline, graph: GraphStore,
                                                          tmp_path: Path) -> None:
    path = write(tmp_path / "기업목록.csv", ["기업명", "영문명", "사업자등록번호", "소재지", "사업내용"],
                 [["(주)한빛광학", "Hanbit Optics Co., Ltd.", "220-81-62517", "광주", "자율주행 라이다 센서 개발"]],
                 encoding="cp949")
    summary = pipeline.load("organizations", path)
    assert summary.encoding == "cp949" and summary.created == 1
    org = graph.get("org:brn-2208162517")
    assert isinstance(org, Organization) and org.name_ko == "(주)한빛광학" and org.region == "광주"
    techs = {n.node.id for n in graph.neighbours(org.id, edge_types=["HAS_TECHNOLOGY"])}
    assert {"tec:lidar", "tec:autonomous-driving"} <= techs


def test_a_title_above_the_header_is_skipped_and_said(pipeline: LoadPipeline, graph: GraphStore,
                                                       tmp_path: Path) -> None:
    """Offices' spreadsheets open with a title and a unit line; before, the title was taken for the header and
    every row was rejected as having no name."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["2024년 광주 지역 기업 현황"])
    sheet.append([])
    sheet.append(["(단위: 명)"])
    sheet.append(["기업명", "영문명", "사업자등록번호", "종업원수"])
    sheet.append(["(주)한빛광학", "Hanbit Optics Co., Ltd.", "220-81-62517", 12])
    sheet.append(["빛고을에너지", None, "220-81-1234", 3])  # a bad business number: rejected on its own row
    book.save(tmp_path / "기업현황.xlsx")
    summary = pipeline.load("organizations", tmp_path / "기업현황.xlsx")
    assert (summary.created, summary.header_line) == (1, 4)
    assert [(r.line, r.field) for r in summary.rejects] == [(6, "business_number (column 사업자등록번호)")]
    org = graph.get("org:brn-2208162517")
    assert isinstance(org, Organization) and org.employees == 12
    run = graph.get(summary.run_id)
    assert isinstance(run, LoadRun)
    assert run.message == "header found on line 4: lines 1-3 were skipped (a title, notes or blank rows)"


def test_one_region_written_two_ways_backs_a_near_name(pipeline: LoadPipeline, graph: GraphStore,
                                                       tmp_path: Path) -> None:
    """An address in 소재지 and an English region name are both 광주: the same region backs the near name."""
    summary = pipeline.load("organizations", write(tmp_path / "orgs.csv", ["name_en", "소재지"], [
        ["Hanbit Photonics Research", "광주광역시 북구 첨단과기로 123"], ["Hanbit Fotonics Research", "Gwangju"]]))
    assert (summary.created, summary.merged, summary.review) == (1, 1, 0)
    (org,) = [n for chunk in graph.stream_nodes("Organization") for n in chunk]
    assert isinstance(org, Organization) and org.region == "광주"


def test_columns_nothing_reads_are_named(pipeline: LoadPipeline, tmp_path: Path) -> None:
    path = write(tmp_path / "기업.csv", ["기업명", "사업자 번호", "대표자", "주소"],
                 [["(주)한빛광학", "220-81-62517", "홍길동", "광주 북구"]])
    summary = pipeline.load("organizations", path, dry_run=True)
    assert summary.unread_columns == ["대표자", "주소"]  # '사업자 번호' is read: business_number
    assert reading_note(summary) == ("columns not read (no field of the organizations mapping names them): "
                                     "대표자, 주소")


def test_lines_that_hold_no_record_are_said(pipeline: LoadPipeline, tmp_path: Path) -> None:
    path = write(tmp_path / "기업.csv", ["기업명", "종업원수"], [
        ["(주)한빛광학", "12"], ["기업명", "종업원수"], ["빛고을에너지", "3"], ["합계", "15"]])
    summary = pipeline.load("organizations", path, dry_run=True)
    assert (summary.read, summary.rejected, summary.skipped_lines) == (2, 0, {3: "a repeated header",
                                                                             5: "a total row"})
    assert reading_note(summary) == "line 3 skipped (a repeated header); line 5 skipped (a total row)"


def test_a_column_named_twice_and_a_file_with_no_rows_are_said(pipeline: LoadPipeline, graph: GraphStore,
                                                                tmp_path: Path) -> None:
    path = write(tmp_path / "기업.csv", ["기업명", "기업명", "사업자등록번호"],
                 [["(주)한빛광학", "Hanbit Optics", "220-81-62517"]])
    summary = pipeline.load("organizations", path, dry_run=True)
    assert summary.rejected == 0 and summary.renamed_columns == summary.unread_columns == ["기업명_2"]
    note = reading_note(summary)
    assert note == ("the header names columns more than once: the later ones are renamed 기업명_2 (a list field "
                    "reads them all, any other field the first); columns not read (no field of the organizations "
                    "mapping names them): 기업명_2")
    assert note_in_korean(note).startswith("머리글에 같은 이름의 열이 여럿 있습니다: 뒤의 열은 기업명_2(으)로 "
                                           "이름을 바꿨습니다(목록 항목은 모두 읽고, 다른 항목은 첫째 열만 "
                                           "읽습니다); 읽지 않은 열")
    assert graph.get("org:brn-2208162517") is None  # a dry run
    patents = pipeline.load("patents", write(tmp_path / "특허.csv", ["출원번호", "발명의명칭", "IPC", "IPC"],
                                             [["10-2021-0000001", "라이다 센서 장치", "G01S 7/48", "H01L 31/00"]]))
    patent = graph.get(patents.made["특허.csv:2"])
    assert isinstance(patent, Patent) and patent.ipc_codes == ["G01S 7/48", "H01L 31/00"]  # both read
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    headed = write(tmp_path / "headed.csv", ["기업명", "사업자등록번호"], [])
    said = [reading_note(pipeline.load("organizations", p)) for p in (empty, headed)]
    assert said == ["the file is empty: nothing to load",
                    "the file has a header but no rows below it: nothing to load"]
    assert [note_in_korean(n or "") for n in said] == [
        "파일이 비어 있습니다: 불러올 것이 없습니다",
        "파일에 머리글만 있고 그 아래 행이 없습니다: 불러올 것이 없습니다"]


def test_missing_required_column_names_the_field(pipeline: LoadPipeline, tmp_path: Path) -> None:
    path = write(tmp_path / "affiliations.csv", ["who", "organization"], [["이승훈", "GIST"]])
    with pytest.raises(MappingError, match="'person'"):
        pipeline.load("affiliations", path)


def test_licence_for_unknown_patent_is_rejected_without_side_effects(pipeline: LoadPipeline, graph: GraphStore,
                                                                     tmp_path: Path) -> None:
    path = write(tmp_path / "licenses.csv", ["patent", "licensee"], [["10-2099-0000001", "새로운기업"]])
    summary = pipeline.load("licenses", path)
    assert summary.rejected == 1 and "no patent" in summary.rejects[0].reason
    assert graph.count("Organization") == 0


def test_merge_is_recorded_and_can_be_undone(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "a.csv", ["name_ko", "business_number", "technologies"],
                                         [["(주)한빛광학", "220-81-62517", "라이다"]]))
    summary = pipeline.load("organizations", write(tmp_path / "b.csv", ["name_en", "technologies"],
                                                   [["Hanbit Optics Co., Ltd.", "레이저"]]))
    assert summary.merged == 1 and graph.count("Organization") == 1
    merge = graph.list_nodes("MergeRecord")[0]
    kept = graph.get(merge.kept_id)  # type: ignore[attr-defined]
    assert isinstance(kept, Organization) and "Hanbit Optics Co., Ltd." in kept.names()
    assert {n.node.id for n in graph.neighbours(kept.id, edge_types=["HAS_TECHNOLOGY"])} == {"tec:lidar", "tec:laser"}
    undo_merge(graph, merge.id)
    assert graph.count("Organization") == 2
    split = graph.get(merge.merged_id)  # type: ignore[attr-defined]
    assert split is not None and split.names() == ["Hanbit Optics Co., Ltd."]
    assert [n.node.id for n in graph.neighbours(split.id, edge_types=["HAS_TECHNOLOGY"])] == ["tec:laser"]
    restored = graph.get(kept.id)
    assert restored is not None and restored.names() == ["(주)한빛광학"]


def test_review_items_approve_and_reject(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    header = ["name_ko", "name_en", "email", "organization", "skills"]
    colleagues = [[f"연구자{i}", "", f"r{i}@gist.ac.kr", "광주과학기술원", "경영;마케팅"] for i in range(30)]
    pipeline.load("people", write(tmp_path / "a.csv", header, [
        ["이승훈", "", "shlee@gist.ac.kr", "광주과학기술원", "라이다 센서;광검출기"],
        ["김민수", "", "mskim@gist.ac.kr", "광주과학기술원", "딥러닝;컴퓨터 비전"],
        *colleagues,
    ]))
    summary = pipeline.load("people", write(tmp_path / "b.csv", header, [
        ["", "Seunghoon Lee", "", "Chonnam National University", "라이다 센서;광검출기"],  # moved: a review
        ["", "Minsu Kim", "", "Chosun University", "딥러닝;컴퓨터 비전"],
        ["", "Daeho Park", "", "Chosun University", "경영;마케팅"],  # nobody's namesake: simply new
    ]))
    assert summary.review == 2 and graph.count("Person") == 35
    assert summary.review_path is not None  # the review report: each pair with both names
    with open(summary.review_path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    report = {(r["left_name"], r["right_name"], r["source_record"]) for r in rows}
    assert report == {("이승훈", "Seunghoon Lee", "b.csv:2"), ("김민수", "Minsu Kim", "b.csv:3")}
    assert all("공통 역량:" in r["reasons_ko"] and "Shared skills:" in r["reasons_en"] for r in rows)  # why, in words
    first, second = graph.list_nodes("ReviewItem", order_by="left_id")
    record = approve_review(graph, first.id)
    assert graph.count("Person") == 34 and graph.get(record.merged_id) is None
    reject_review(graph, second.id)
    assert graph.count("Person") == 34
    merges = graph.count("MergeRecord")
    again = pipeline.load("people", tmp_path / "b.csv")
    assert again.review == 0 and graph.count("ReviewItem") == 2  # decided pairs are not raised again
    assert again.review_path is None
    # the approved merge already took in Seunghoon Lee's node: the re-load finds it recorded, nothing new
    assert (again.merged, again.unchanged, graph.count("MergeRecord")) == (0, 3, merges)


def test_a_load_run_can_be_undone(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "a.csv", ["name_ko", "description"],
                                         [["빛고을에너지", "태양광 발전"]]))
    before = graph.count_nodes(), graph.count_edges(), graph.get("org:빛고을에너지")
    rows = [["빛고을에너지", "태양광 발전과 풍력 발전"], ["무등로보틱스", "로봇"]]
    summary = pipeline.load("organizations", write(tmp_path / "b.csv", ["name_ko", "description"], rows))
    assert summary.created == 1 and summary.updated == 1
    undo_run(graph, summary.run_id)
    nodes, edges, node = graph.count_nodes(), graph.count_edges(), graph.get("org:빛고을에너지")
    assert nodes.pop("LoadRun") == before[0].pop("LoadRun") + 1  # the undone run stays on record
    assert nodes == before[0] and edges == before[1]  # b.csv's ledger entry gone with the rest
    assert node is not None and before[2] is not None
    assert node.model_dump(exclude={"loaded_at"}) == before[2].model_dump(exclude={"loaded_at"})


def test_a_load_run_is_not_undone_over_what_later_loads_or_edits_changed(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    header = ["name_ko", "business_number", "employees", "homepage"]
    first = pipeline.load("organizations", write(tmp_path / "a.csv", header,
                                                 [["(주)한빛광학", "220-81-62517", "10", ""]]))
    later = pipeline.load("organizations", write(tmp_path / "b.csv", header,
                                                 [["(주)한빛광학", "220-81-62517", "10", "https://hanbit.example.kr"]]))
    assert later.updated == 1
    with pytest.raises(Conflict, match=f"{later.run_id}") as refused:  # it would delete what b.csv added
        undo_run(graph, first.run_id)
    assert "org:brn-2208162517" in str(refused.value) and "undo those first" in str(refused.value)
    stored = graph.get("org:brn-2208162517")
    assert stored is not None and stored.homepage == "https://hanbit.example.kr"  # type: ignore[attr-defined]
    assert graph.get(first.run_id).status == "done"  # type: ignore[union-attr]
    undo_run(graph, later.run_id)  # the latest first
    undo_run(graph, first.run_id)
    assert graph.count("Organization") == 0
    patents = write(tmp_path / "patents.csv", ["application_number", "title_ko", "applicants"],
                    [["10-2021-0000001", "라이다 센서 장치", "(주)무등광학"]])
    made = pipeline.load("patents", patents)
    people = pipeline.load("people", write(tmp_path / "people.csv", ["name_ko", "email", "organization"],
                                           [["이승훈", "shlee@gist.ac.kr", "(주)무등광학"]]))
    with pytest.raises(Conflict, match=people.run_id):  # its stub company has a researcher since
        undo_run(graph, made.run_id)
    patent = graph.get(made.made["patents.csv:2"])
    assert patent is not None
    edit_node(graph, patent, {"title_en": "Lidar sensor"}, by="admin-kim")
    undo_run(graph, people.run_id)
    with pytest.raises(Conflict, match="changed by hand since"):  # the patent was corrected by hand
        undo_run(graph, made.run_id)


def test_patent_citations_within_one_file_resolve_on_first_load(pipeline: LoadPipeline, graph: GraphStore,
                                                                tmp_path: Path) -> None:
    header = ["application_number", "title_ko", "cites"]
    summary = pipeline.load("patents", write(tmp_path / "p.csv", header, [
        ["10-2021-0000002", "개량 발명", "10-2020-0000001"], ["10-2020-0000001", "원 발명", ""]]))
    assert summary.created == 2
    assert graph.get_edge("CITES", "pat:KR-10-2021-0000002", "pat:KR-10-2020-0000001") is not None
    assert isinstance(graph.get("pat:KR-10-2020-0000001"), Patent)


def test_ipc_classes_named_by_text_link_only_where_no_office_or_declaration_gives_them(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """'반도체 장치' is the title of IPC H01L: a paper saying so links to H01L; a patent keeps the classes its office
    gave it; a company's classes are those it declares and those of the patents it holds."""
    text = "반도체 장치 및 연료전지 스택"
    pipeline.load("patents", write(tmp_path / "p.csv", ["application_number", "title_ko", "ipc_codes"], [
        ["10-2021-0000001", text, "B25J 9/16"], ["10-2021-0000002", text, ""]]))
    pipeline.load("publications", write(tmp_path / "pub.csv", ["title", "year"], [[text, "2021"]]))
    pipeline.load("organizations", write(tmp_path / "o.csv", ["name_ko", "description"], [["한빛광학", text]]))

    def classes(node_id: str) -> set[str]:
        return {n.node.id for n in graph.neighbours(node_id, edge_types=["HAS_TECHNOLOGY"], direction="out")
                if n.node.id.startswith("tec:ipc-")}

    [publication] = graph.list_nodes("Publication")
    assert classes(publication.id) == {"tec:ipc-H01L", "tec:ipc-H01M"}
    assert classes("pat:KR-10-2021-0000001") == {"tec:ipc-B25J"}
    assert classes("pat:KR-10-2021-0000002") == {"tec:ipc-H01L", "tec:ipc-H01M"}
    assert classes("org:한빛광학") == set()
    concepts = {n.node.id for n in graph.neighbours("org:한빛광학", edge_types=["HAS_TECHNOLOGY"], direction="out")}
    assert {"tec:semiconductor", "tec:fuel-cell"} <= concepts


def test_a_rejected_row_leaves_no_stub_for_later_rows_to_link_to(pipeline: LoadPipeline, graph: GraphStore,
                                                                  tmp_path: Path) -> None:
    """The first row names a new company and an unknown person, so it is rejected; the next row names the same
    company. Before, the rejected row's company stayed in the resolver unwritten and the load failed with a
    dangling relationship."""
    summary = pipeline.load("founders", write(tmp_path / "founders.csv", ["person", "organization", "year"], [
        ["email:nobody@example.kr", "(주)새로운광학", "2020"], ["김철수", "새로운광학 주식회사", "2021"]]))
    assert [(r.line, r.field) for r in summary.rejects] == [(2, "person")]
    assert summary.created == 1
    (org,) = [n for chunk in graph.stream_nodes("Organization") for n in chunk]
    assert isinstance(org, Organization) and org.name_ko == "새로운광학 주식회사" and org.sources == ["founders.csv:3"]
    founders = graph.neighbours(org.id, edge_types=["FOUNDED"])
    assert [n.node.id for n in founders] == ["per:kim-cheolsu.새로운광학"]


def test_a_rejected_row_teaches_a_known_person_no_organisation(pipeline: LoadPipeline, graph: GraphStore,
                                                                tmp_path: Path) -> None:
    """The rejected row first finds 김철수 through 한빛광학 and names a second applicant; the next row names
    김철수 at that second company only. Nothing written ties the known 김철수 to it, so that row's inventor is a
    new person. Before, the rejected row left the company among the known person's organisations."""
    pipeline.load("people", write(tmp_path / "people.csv", ["name_ko", "organization"], [["김철수", "(주)한빛광학"]]))
    (known,) = [n.id for chunk in graph.stream_nodes("Person") for n in chunk]
    header = ["application_number", "title_ko", "applicants", "inventors"]
    patents = pipeline.load("patents", write(tmp_path / "p.csv", header, [
        ["10-2020-0000001", "원 발명", "(주)한빛광학;(주)새로운광학", "김철수;email:nobody@example.kr"],
        ["10-2021-0000002", "개량 발명", "(주)새로운광학", "김철수"]]))
    assert [(r.line, r.field) for r in patents.rejects] == [(2, "inventors")]
    (inventor,) = [n.node.id for n in graph.neighbours("pat:KR-10-2021-0000002", edge_types=["INVENTED"])]
    assert inventor != known and graph.count("Person") == 2


def test_a_rejected_patent_is_not_found_by_later_rows(pipeline: LoadPipeline, graph: GraphStore,
                                                      tmp_path: Path) -> None:
    """A patent rejected for an unknown inventor (after its number and its applicant were indexed) is neither
    cited by a later patent nor licensed: those rows are told the patent is missing instead."""
    header = ["application_number", "title_ko", "applicants", "inventors", "cites"]
    patents = pipeline.load("patents", write(tmp_path / "p.csv", header, [
        ["10-2020-0000001", "원 발명", "(주)새로운광학", "email:nobody@example.kr", ""],
        ["10-2021-0000002", "개량 발명", "", "", "10-2020-0000001"]]))
    assert [(r.line, r.field) for r in patents.rejects] == [(2, "inventors")]
    assert graph.count("Patent") == 1 and graph.count("Organization") == 0
    assert graph.count_edges().get("CITES", 0) == 0
    licences = pipeline.load("licenses", write(tmp_path / "l.csv", ["patent", "licensee"],
                                               [["10-2020-0000001", "새로운기업"]]))
    assert licences.rejected == 1 and "no patent" in licences.rejects[0].reason


def test_odd_cells_are_rejected_or_loaded_never_crash_the_load(pipeline: LoadPipeline, graph: GraphStore,
                                                               tmp_path: Path) -> None:
    """Cells a fuzzer found crashing a load: a homepage urllib cannot parse, a name far longer than an id may
    be, and a name korean_romanizer cannot take whole."""
    long_name = "가나다라마바사" * 150
    summary = pipeline.load("organizations", write(tmp_path / "orgs.csv", ["name_ko", "homepage"], [
        ["(주)한빛광학", "http://[x"], [long_name, "-"], ["(주)뚆쿟", "www.ttuk.co.kr"]]))
    assert [(r.line, r.field) for r in summary.rejects] == [(2, "homepage")]
    assert "homepage must be a web address" in summary.rejects[0].reason
    ids = sorted(n.id for chunk in graph.stream_nodes("Organization") for n in chunk)
    assert len(ids) == 2 and all(len(i) <= 300 for i in ids)
    (long_org,) = [graph.get(i) for i in ids if len(i) > 100]
    assert isinstance(long_org, Organization) and long_org.name_ko == long_name and long_org.homepage is None


def test_a_year_the_graph_cannot_hold_is_a_reject_of_its_record(pipeline: LoadPipeline, graph: GraphStore,
                                                                tmp_path: Path) -> None:
    """Records once took years from 1800 while the graph holds publications from 1900 (projects from 1950): a
    publication of 1899 stopped the whole load when its node was made. The record check now agrees."""
    summary = pipeline.load("publications", write(tmp_path / "pubs.csv", ["title", "year"], [
        ["An old paper on optics", "1899"], ["라이다 센서 연구", "2021년"]]))
    assert [(r.line, r.field) for r in summary.rejects] == [(2, "year")] and summary.created == 1
    projects = pipeline.load("projects", write(tmp_path / "projects.csv", ["title", "start_year"], [
        ["광주 광산업 육성 사업", "1949"]]))
    assert [(r.line, r.field) for r in projects.rejects] == [(2, "start_year")]


def test_a_node_the_schema_refuses_while_planning_is_a_reject_not_a_failed_load(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety net under the record checks: should one be looser than the schema again, the schema's error
    rejects that record (naming the field) and takes back what planning it added; the other rows load."""
    from loaders import handlers

    real = handlers.Publication

    def stricter(**fields: object) -> object:  # the graph holding only this century's papers, say
        if isinstance(fields.get("year"), int) and int(fields["year"]) < 2000:  # type: ignore[call-overload]
            real.model_validate({**fields, "id": "pub:x", "year": -1})  # the schema's own ValidationError
        return real(**fields)

    monkeypatch.setattr(handlers, "Publication", stricter)
    summary = pipeline.load("publications", write(tmp_path / "pubs.csv", ["title", "year", "authors"], [
        ["Old lidar paper", "1999", "김옛날"], ["New lidar paper", "2021", "이새로"]]))
    assert [(r.line, r.field) for r in summary.rejects] == [(2, "year")] and summary.created == 1
    assert "Publication" in summary.rejects[0].reason
    people = {n.display_name() for chunk in graph.stream_nodes("Person") for n in chunk}
    assert people == {"이새로"}  # the rejected row's author stub was taken back, not written


@pytest.mark.parametrize("manifest,problem", [
    ("- {file: companies.csv}\n", "entry 1 needs 'file' and 'kind'"),
    ("- {file: companies.csv, kind: widgets}\n", "entry 1: unknown kind 'widgets'"),
    ("- {file: companies.csv, kind: organizations}\n- {file: gone.csv, kind: people}\n",
     "entry 2: no file 'gone.csv'"),
    ("file: companies.csv\n", "expected a list of entries"),
    ("- {file: companies.csv, kind: organizations, sheet: 기업}\n", "entry 1: a sheet can be named only for a"),
    ("- {file: companies.csv, kind: organizations, mapping: firms.yaml}\n", "entry 1: no mapping file 'firms.yaml'"),
    ("- [\n", "not valid YAML"),
])
def test_a_manifest_that_cannot_be_followed_says_which_entry(tmp_path: Path, manifest: str, problem: str) -> None:
    (tmp_path / "companies.csv").write_text("name_ko\n(주)한빛광학\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(manifest, encoding="utf-8")
    with pytest.raises(MappingError, match=re.escape(problem)):
        directory_plan(tmp_path)


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_whose_first_sheet_is_instructions_is_read_from_the_sheet_with_the_columns(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "현황.xlsx", {
        "작성요령": [["기업명 칸에는 법인 등기상의 이름을 적으십시오."], ["사업자등록번호는 10자리입니다."]],
        "기업": [["기업명", "사업자등록번호"], ["(주)한빛광학", "220-81-62517"], ["빛고을에너지", "220-81-1234"]],
    })
    summary = pipeline.load("organizations", path)
    assert (summary.created, summary.sheet) == (1, "기업")
    assert [(r.file, r.line) for r in summary.rejects] == [("현황.xlsx#기업", 3)]
    run = graph.get(summary.run_id)
    assert isinstance(run, LoadRun) and run.message == "read sheet '기업'"


def test_an_excel_97_workbook_loads_from_its_sheet_of_companies(pipeline: LoadPipeline, graph: GraphStore) -> None:
    summary = pipeline.load("organizations", Path(__file__).parent / "data" / "companies.xls")
    assert (summary.created, summary.rejected, summary.sheet) == (2, 0, "기업")
    org = graph.get("org:brn-2208162517")
    assert isinstance(org, Organization) and (org.founded_year, org.employees) == (2019, 12)


def test_a_manifest_loads_two_sheets_of_one_workbook_as_two_kinds(pipeline: LoadPipeline, graph: GraphStore,
                                                                  tmp_path: Path) -> None:
    _workbook(tmp_path / "현황.xlsx", {
        "기업": [["상호", "사업자등록번호"], ["(주)한빛광학", "220-81-62517"]],
        "인력": [["성명", "소속"], ["이승훈", "(주)한빛광학"]],
    })
    (tmp_path / "firms.yaml").write_text("kind: organizations\ncolumns:\n  name_ko: 상호\n"
                                         "  business_number: 사업자등록번호\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "- {file: 현황.xlsx, kind: organizations, sheet: 기업, mapping: firms.yaml}\n"
        "- {file: 현황.xlsx, kind: people, sheet: 인력}\n", encoding="utf-8")
    companies, people = load_directory(pipeline, tmp_path)
    assert (companies.file, companies.created, people.file, people.created) == (
        "현황.xlsx#기업", 1, "현황.xlsx#인력", 1)
    (person,) = [n.node for n in graph.neighbours("org:brn-2208162517", edge_types=["AFFILIATED_WITH"])]
    assert person.name_ko == "이승훈"  # type: ignore[attr-defined]
    again = load_directory(pipeline, tmp_path)  # each sheet is remembered apart: both are skipped as unchanged
    assert [(s.skipped, s.unchanged) for s in again] == [(True, 1), (True, 1)]


def test_a_folders_bibliographic_exports_load_as_papers_after_the_people(tmp_path: Path) -> None:
    for name in ("savedrecs.txt", "dbpia.ris", "people.csv", "scopus.csv", "notes.txt", "pubmed-lidar.nbib"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [(p.path.name, p.kind) for p in directory_plan(tmp_path)] == [
        ("people.csv", "people"), ("dbpia.ris", "publications"), ("pubmed-lidar.nbib", "publications"),
        ("savedrecs.txt", "publications"), ("scopus.csv", "publications")]


def test_a_folder_with_nothing_to_load_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(MappingError, match="no file has a known name"):
        directory_plan(tmp_path)


def test_a_reference_nothing_matches_is_rejected_under_its_own_field(pipeline: LoadPipeline, tmp_path: Path) -> None:
    header = ["left", "left_type", "right", "right_type", "collaboration"]
    summary = pipeline.load("collaborations", write(tmp_path / "c.csv", header, [
        ["(주)한빛광학", "organization", "org:nowhere", "organization", "joint_research"],
        ["per:nobody", "person", "GIST", "organization", "joint_research"]]))
    assert [(r.line, r.field, r.value) for r in summary.rejects] == [(2, "right", "org:nowhere"),
                                                                    (3, "left", "per:nobody")]


def _loaded_graph(graph: GraphStore) -> dict[str, object]:
    """What a load leaves, without what differs between two runs (load times, run ids)."""
    nodes = {n.id: n.model_dump(exclude={"loaded_at"}) for label in ("Organization", "Person", "Patent", "Technology")
             for chunk in graph.stream_nodes(label) for n in chunk}
    edges = {label: [row for chunk in graph.stream_edges(label, ["content_hash"]) for row in chunk]
             for label in ("AFFILIATED_WITH", "HAS_TECHNOLOGY", "IN_INDUSTRY", "INVENTED", "APPLICANT_OF")}
    merges = sorted((m.kept_id, m.merged_id) for chunk in graph.stream_nodes("MergeRecord") for m in chunk)
    reviews = sorted((r.left_id, r.right_id) for chunk in graph.stream_nodes("ReviewItem") for r in chunk)
    return {"nodes": nodes, "edges": edges, "merges": merges, "reviews": reviews}


@pytest.mark.slow
def test_small_chunks_give_the_graph_one_chunk_gives(pipeline: LoadPipeline, graph: GraphStore,
                                                     tmp_path: Path) -> None:
    """The result must not depend on where chunks end (a name, a keyword technology or an organisation met in
    one chunk and again in the next)."""
    with (SAMPLE / "patents.csv").open(encoding="utf-8") as handle:
        patents = tmp_path / "patents.csv"
        patents.write_text("".join(handle.readlines()[:700]), encoding="utf-8")
    files = [("organizations", SAMPLE / "institutions.csv"), ("organizations", SAMPLE / "companies.csv"),
             ("people", SAMPLE / "people.csv"), ("patents", patents)]
    results = []
    for chunk_size in (10**6, 53):
        graph.clear()
        pipeline.chunk_size = chunk_size
        summaries = [pipeline.load(kind, path) for kind, path in files]
        assert not any(s.skipped for s in summaries)
        results.append(([(s.created, s.updated, s.unchanged, s.merged, s.review, s.rejected) for s in summaries],
                        _loaded_graph(graph)))
    (one_counts, one_graph), (small_counts, small_graph) = results
    assert one_counts == small_counts
    for key in one_graph:
        assert one_graph[key] == small_graph[key], key
    assert len(one_graph["nodes"]) > 2000 and one_graph["merges"]  # type: ignore[arg-type]


def test_a_misspelt_applicant_joins_the_organisation_its_inventor_patented_for(pipeline: LoadPipeline,
                                                                               graph: GraphStore,
                                                                               tmp_path: Path) -> None:
    """A later file names the stored company's inventor (by id, as PatentsView's rows do) on a patent whose
    applicant is misspelt: the graph's patents of the company show that inventor, so the names join; the same
    misspelling with an inventor of no patent of the company stays apart."""
    header = ["application_number", "title_en", "application_date", "applicants", "inventors"]
    pipeline.load("patents", write(tmp_path / "a.csv", header, [
        ["10-2020-0000001", "Antibody", "2020-01-02", "Genentech, Inc.", "Minsu Kim"]]))
    [inventor] = [p.id for p in graph.list_nodes("Person")]
    pipeline.load("people", write(tmp_path / "p.csv", ["name_en"], [["Jiwon Park"]]))
    stranger = next(p.id for p in graph.list_nodes("Person") if p.id != inventor)
    pipeline.load("patents", write(tmp_path / "b.csv", header, [
        ["10-2020-0000002", "Antibody 2", "2020-02-02", "Genentec, Inc.", inventor],
        ["10-2020-0000003", "Antibody 3", "2020-03-02", "Genentek, Inc.", stranger]]))
    applicants = {str(p): str(o) for chunk in graph.stream_edges("APPLICANT_OF") for o, p in chunk}
    genentech = applicants["pat:KR-10-2020-0000001"]
    assert applicants["pat:KR-10-2020-0000002"] == genentech
    assert applicants["pat:KR-10-2020-0000003"] != genentech
