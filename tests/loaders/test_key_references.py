"""A person or organisation named by a bare key (an e-mail, an ORCID iD, a business registration number) is the
record with that key, found like an ``email:``/``orcid:``/``brn:`` reference, never a new stub named by the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore
from loaders import LoadPipeline
from tests.loaders.test_pipeline import write

Table = tuple[str, list[str], list[list[object]]]

KNOWN: dict[str, Table] = {
    "person": ("people", ["name_ko", "email", "orcid", "organization"], [
        ["이승훈", "shlee@gist.ac.kr", "", "광주과학기술원"], ["김민수", "", "0000-0002-1825-0097", "전남대학교"]]),
    "organisation": ("organizations", ["name_ko", "business_number"], [["(주)한빛광학", "220-81-62517"]]),
}
NAMING: dict[str, Table] = {  # the last row's key fails its check digit: said, not taken as a name
    "person": ("affiliations", ["person", "organization", "start_year"], [
        ["SHLee@gist.ac.kr", "전남대학교", "2020"], ["https://orcid.org/0000-0002-1825-0097", "광주과학기술원", "2019"],
        ["0000-0002-1825-0098", "광주과학기술원", "2019"]]),
    "organisation": ("patents", ["application_number", "title_ko", "applicants"], [
        ["10-2021-0000001", "라이다 센서 장치", "220-81-62517"], ["10-2021-0000002", "광학 렌즈", "2208162517"],
        ["10-2021-0000003", "광학 필터", "220-81-62518"]]),
}
FOUND = {  # what the key's record is then linked to, and how many records of its type there are
    "person": ("per:email-shlee@gist.ac.kr", "AFFILIATED_WITH", ["광주과학기술원", "전남대학교"], "Person", 2),
    "organisation": ("org:brn-2208162517", "APPLICANT_OF", ["광학 렌즈", "라이다 센서 장치"], "Organization", 1),
}


@pytest.mark.parametrize("named", ["person", "organisation"])
def test_a_record_named_by_a_bare_key_is_the_one_with_that_key(
        named: str, pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    kind, header, rows = KNOWN[named]
    pipeline.load(kind, write(tmp_path / f"{kind}.csv", header, rows))
    kind, header, rows = NAMING[named]
    summary = pipeline.load(kind, write(tmp_path / f"{kind}.csv", header, rows))
    node_id, label, linked, node_label, count = FOUND[named]
    assert (summary.created, summary.rejected) == (2, 1) and len(graph.list_nodes(node_label)) == count
    assert sorted(n.node.display_name() for n in graph.neighbours(node_id, edge_types=[label])) == linked
    assert "check digit" in summary.rejects[0].reason and summary.rejects[0].line == 4
