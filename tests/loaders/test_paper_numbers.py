"""A paper's numbers in the services that export it: Web of Science's accession number (UT), Scopus's record id
(EID) and PubMed's id. Each finds the paper again, so a re-export whose title was corrected lands on the paper
instead of making a second one, and the exports of one paper from two services leave one paper with both numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import Publication
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.ris import ris_records
from loaders.validators import kci_id, pmid, scopus_eid, wos_id
from tests.loaders.test_pipeline import write

WOS = ["TI", "PY", "SO", "UT", "PM"]
SCOPUS = ["Title", "Year", "Source title", "EID", "PubMed ID"]


@pytest.mark.parametrize(("check", "value", "expected"), [
    (wos_id, "WOS:000412345600001", "WOS:000412345600001"), (wos_id, "000412345600001", "WOS:000412345600001"),
    (wos_id, "wos:A1994NN12300012", "WOS:A1994NN12300012"), (wos_id, "KJD:ART002345678", "KJD:ART002345678"),
    (scopus_eid, " 2-s2.0-85012345678 ", "2-s2.0-85012345678"),
    (scopus_eid, "https://www.scopus.com/inward/record.uri?eid=2-s2.0-85012345678&partnerID=40", "2-s2.0-85012345678"),
    (pmid, "31452104", "31452104"), (pmid, "PMID: 31452104", "31452104"),
    (pmid, "https://pubmed.ncbi.nlm.nih.gov/31452104/", "31452104"),
    (kci_id, "ART002345678", "ART002345678"), (kci_id, "art002345678", "ART002345678"),
    (kci_id, "KJD:ART002345678", "ART002345678"),
    (kci_id, "https://www.kci.go.kr/kciportal/ci/sereArticleSearch/ciSereArtiView.kci?sereArticleSearchBean.artiId="
             "ART002345678", "ART002345678"),
])
def test_paper_numbers_are_read_from_the_forms_the_services_write(check, value: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert check(value) == expected


@pytest.mark.parametrize(("check", "value"), [
    (wos_id, "12345"), (wos_id, "ABC12"), (wos_id, "not a number"), (scopus_eid, "85012345678"),
    (scopus_eid, "2-s2.0-123"), (pmid, "PMC1234567"), (pmid, "1234567890"), (kci_id, "ART12345"),
    (kci_id, "002345678"),
])
def test_what_is_not_a_paper_number_is_refused(check, value: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="looks like|digits like"):
        check(value)


def test_ris_gives_the_numbers_its_accession_number_and_links_hold() -> None:
    text = ("TY  - JOUR\nTI  - Solid-state LiDAR\nAN  - WOS:000412345600001\n"
            "UR  - https://www.scopus.com/inward/record.uri?eid=2-s2.0-85012345678&doi=10.1364%2fOE&partnerID=40\n"
            "UR  - https://pubmed.ncbi.nlm.nih.gov/31452104/\nER  - \n"
            "TY  - JOUR\nTI  - A KCI paper\nAN  - 002345678\n"
            "UR  - https://www.kci.go.kr/kciportal/ci/sereArticleSearch/ciSereArtiView.kci?sereArticleSearchBean.artiId"
            "=ART002345678\nER  - \n")
    (_, first, _), (_, second, _) = ris_records(text)
    assert (first["wos_id"], first["scopus_eid"], first["pmid"]) == (
        "WOS:000412345600001", "2-s2.0-85012345678", "31452104")
    assert not {"wos_id", "scopus_eid", "pmid"} & second.keys()  # a bare accession number's database is unsaid
    assert second["kci_id"] == "ART002345678"


def _papers(graph: GraphStore) -> list[Publication]:
    return [p for p in graph.list_nodes("Publication") if isinstance(p, Publication)]


def test_the_exports_of_one_paper_from_two_services_leave_one_paper_with_both_numbers(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("publications", write(tmp_path / "savedrecs.txt", WOS, [
        ["Solid-state LiDAR on silicon", 2023, "OPTICS EXPRESS", "WOS:001000000000001", ""]]))
    summary = pipeline.load("publications", write(tmp_path / "scopus.csv", SCOPUS, [
        ["Solid-state LiDAR on silicon", 2023, "Optics Express", "2-s2.0-85012345678", "31452104"]]))
    assert (summary.created, summary.updated) == (0, 1)
    (paper,) = _papers(graph)
    assert (paper.wos_id, paper.scopus_eid, paper.pmid) == ("WOS:001000000000001", "2-s2.0-85012345678", "31452104")


def test_a_re_export_with_a_corrected_title_finds_the_paper_by_its_number(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("publications", write(tmp_path / "savedrecs.txt", WOS, [
        ["Solid-state LiDAR on silcon", 2023, "OPTICS EXPRESS", "WOS:001000000000001", ""],
        ["Perovskite tandem cells", 2022, "NATURE ENERGY", "", ""]]))
    summary = pipeline.load("publications", write(tmp_path / "savedrecs-2024.txt", WOS, [
        ["Solid-state LiDAR on silicon", 2023, "OPTICS EXPRESS", "001000000000001", ""],  # the typo corrected
        ["Perovskite tandem solar cells", 2022, "NATURE ENERGY", "", ""]]))  # no number: only its title finds it
    assert (summary.created, summary.merged) == (1, 1)
    (numbered,) = [p for p in _papers(graph) if p.wos_id]
    assert numbered.sources == ["savedrecs-2024.txt:2", "savedrecs.txt:2"]
    assert sorted(p.title for p in _papers(graph) if not p.wos_id) == ["Perovskite tandem cells",
                                                                       "Perovskite tandem solar cells"]


def test_a_malformed_number_rejects_its_row_naming_the_field_and_writes_nothing_of_it(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    summary = pipeline.load("publications", write(tmp_path / "scopus.csv", SCOPUS, [
        ["Solid-state LiDAR on silicon", 2023, "Optics Express", "85012345678", ""],
        ["Perovskite tandem cells", 2022, "Nature Energy", "2-s2.0-85000000001", ""]]))
    (reject,) = summary.rejects
    assert (reject.line, reject.field) == (2, "scopus_eid (column EID)") and "2-s2.0-" in reject.reason
    assert [p.title for p in _papers(graph)] == ["Perovskite tandem cells"]


@pytest.mark.parametrize("kci_first", [True, False])
def test_a_kci_paper_and_its_korean_journal_database_record_in_web_of_science_are_one_paper(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path, kci_first: bool) -> None:
    kci = write(tmp_path / "kci.csv", ["논문ID", "논문명", "발행년도", "학술지명"], [
        ["ART002345678", "실리콘 포토닉스 기반 고체형 라이다", 2023, "한국광학회지"]])
    wos = write(tmp_path / "savedrecs.txt", WOS, [
        ["Solid-state LiDAR based on silicon photonics", 2023, "KOREAN JOURNAL OF OPTICS", "KJD:ART002345678", ""]])
    pipeline.load("publications", kci if kci_first else wos)
    summary = pipeline.load("publications", wos if kci_first else kci)
    assert (summary.created, summary.merged) == (0, 1)  # titles in two languages: the KCI article id joins them
    (paper,) = _papers(graph)
    assert (paper.kci_id, paper.wos_id) == ("ART002345678", "KJD:ART002345678")


def test_a_ris_files_paper_numbers_reach_the_paper(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "dbpia.ris"
    path.write_text("TY  - JOUR\nTI  - Solid-state LiDAR\nPY  - 2020\nAN  - WOS:000412345600001\n"
                    "UR  - https://pubmed.ncbi.nlm.nih.gov/31452104/\nER  - \n", encoding="utf-8")
    summary = pipeline.load("publications", path)
    assert (summary.created, summary.rejected, summary.unread_columns) == (1, 0, [])
    (paper,) = _papers(graph)
    assert (paper.wos_id, paper.pmid) == ("WOS:000412345600001", "31452104")
