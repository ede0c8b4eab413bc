"""A gap's records as a file to fill in, imported back onto the same records (both backends)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from graph.errors import NotFound
from graph.schema import Organization, Patent, Person
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.completeness import find_gaps
from loaders.gap_files import gap_csv
from tests.loaders.test_pipeline import write


def _filled(store: GraphStore, check: str, folder: Path, fill: dict[str, dict[str, str]]) -> tuple[str, Path]:
    """The gap's file with the cells ``fill`` names (record id -> column -> value) filled in, as a spreadsheet
    saves it."""
    kind, text = gap_csv(store, check)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    key = {"organizations": "org_id", "people": "person_id"}.get(kind)
    for row in rows:
        row.update(fill.get(row[key] if key else row["application_number"], {}))
    path = folder / f"{check}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return kind, path


def _counts(store: GraphStore) -> dict[str, int]:
    return {g.check.key: g.count for g in find_gaps(store)}


def test_a_gap_filled_in_a_spreadsheet_lands_on_its_records(pipeline: LoadPipeline, graph: GraphStore,
                                                             tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "companies.csv", ["name_ko", "name_en", "business_number"], [
        ["(주)한빛광학", "Hanbit Optics", "220-81-62517"], ["무등로보틱스", "", ""], ["빛고을에너지", "", ""]]))
    pipeline.load("people", write(tmp_path / "people.csv", ["name_ko", "email", "phone", "skills"], [
        ["이승훈", "shlee@example.kr", "+82-62-715-2114", "라이다"]]))
    before = graph.count_nodes()
    kind, text = gap_csv(graph, "company_without_business_number")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert kind == "organizations" and [(r["org_id"], r["name_ko"]) for r in rows] == [
        ("org:무등로보틱스", "무등로보틱스"), ("org:빛고을에너지", "빛고을에너지")]

    kind, filled = _filled(graph, "company_without_business_number", tmp_path, {
        "org:무등로보틱스": {"business_number": "103-84-60971", "name_en": "Mudeung Robotics", "region": "광주"}})
    summary = pipeline.load(kind, filled)
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (0, 1, 1, 0)  # one left blank
    robotics, blank = graph.get("org:무등로보틱스"), graph.get("org:빛고을에너지")
    assert isinstance(robotics, Organization) and (robotics.business_number, robotics.name_en) == (
        "1038460971", "Mudeung Robotics")
    assert blank is not None and any(s.startswith(filled.name) for s in blank.sources)  # restated: still a source
    assert _counts(graph)["company_without_business_number"] == 1

    kind, filled = _filled(graph, "person_without_affiliation", tmp_path, {
        "per:email-shlee@example.kr": {"organization": "광주과학기술원"}})
    assert pipeline.load(kind, filled).rejected == 0
    person = graph.get("per:email-shlee@example.kr")
    assert isinstance(person, Person) and person.phone == "+82-62-715-2114"  # read back as it was written
    assert [n.node.display_name() for n in graph.neighbours(person.id, edge_types=["AFFILIATED_WITH"])] == [
        "광주과학기술원"]
    after = graph.count_nodes()
    assert after["Organization"] == before["Organization"] + 1  # the institute named, nothing else new
    assert after["Person"] == before["Person"]


def test_a_patent_without_an_abstract_takes_one_from_its_file(pipeline: LoadPipeline, graph: GraphStore,
                                                              tmp_path: Path) -> None:
    pipeline.load("patents", write(tmp_path / "patents.csv", ["application_number", "title_ko", "ipc_codes"], [
        ["10-2020-0012345", "라이다 센서", "G01S 7/48; H01L 31/02"]]))
    kind, filled = _filled(graph, "patent_without_abstract", tmp_path, {
        "10-2020-0012345": {"abstract_ko": "자율주행 차량용 라이다 센서의 수광 소자"}})
    summary = pipeline.load(kind, filled)
    assert (summary.created, summary.updated, summary.rejected) == (0, 1, 0)
    (stored,) = graph.list_nodes("Patent")
    assert isinstance(stored, Patent) and stored.abstract_ko == "자율주행 차량용 라이다 센서의 수광 소자"
    assert _counts(graph)["patent_without_abstract"] == 0


def test_a_row_naming_an_organisation_by_id_must_name_one_in_the_graph(pipeline: LoadPipeline, graph: GraphStore,
                                                                      tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "companies.csv", ["name_ko", "business_number"], [
        ["(주)한빛광학", "220-81-62517"], ["무등로보틱스", ""]]))
    summary = pipeline.load("organizations", write(tmp_path / "filled.csv", ["org_id", "name_ko", "business_number"], [
        ["org:없는기업", "없는기업", ""],
        ["org:무등로보틱스", "무등로보틱스", "220-81-62517"],  # the other company's number
        ["org:무등로보틱스", "무등 로보틱스 (주)", ""],  # its name written otherwise: still that record
        ["무등로보틱스", "무등로보틱스", ""]]))  # not an id
    rejects = {r.line: r for r in summary.rejects}
    assert {line: r.field for line, r in rejects.items()} == {2: "org_id", 3: "business_number", 5: "org_id"}
    assert "no organization has this id" in rejects[2].reason and "org:brn-2208162517" in rejects[3].reason
    assert summary.made == {"filled.csv:4": "org:무등로보틱스"} and graph.count("Organization") == 2


def test_an_unknown_gap_is_not_found(graph: GraphStore) -> None:
    with pytest.raises(NotFound):
        gap_csv(graph, "no_such_check")
