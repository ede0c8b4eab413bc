"""Web of Science exports load as publications files: the tab-delimited layout by its field tags, the plain-text
layout turned into the same rows; C1's addresses place each author at their institute (WoS's abbreviations spelt
out), OI gives their ORCID iDs."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import Person, Publication
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.mentions import PersonMention
from loaders.readers import read_rows
from loaders.wos import Address, addresses, organization_of, spelt_out, tagged_records, wos_authors
from tests.loaders.test_pipeline import write

GIST_ADDRESS = "Gwangju Inst Sci & Technol, Sch Mech Engn, Gwangju 61005, South Korea"
JNU_ADDRESS = "Chonnam Natl Univ, Dept Phys, Gwangju 61186, South Korea"
KOPTI_ADDRESS = "Korea Photon Technol Inst, Gwangju 61007, South Korea"
C1 = f"[Kim, Jae Hyun; Lee, Sang] {GIST_ADDRESS}; [Park, Ji Min] {JNU_ADDRESS}; [Kim, Jae Hyun] {KOPTI_ADDRESS}"
OI = "Kim, Jae Hyun/0000-0002-1825-0097; Park, Ji Min/0000-0001-5109-3700"
TAGS = ["PT", "AU", "AF", "TI", "SO", "DE", "AB", "C1", "OI", "PY", "DI", "UT"]
ROW = ["J", "Kim, JH; Lee, S; Park, JM", "Kim, Jae Hyun; Lee, Sang; Park, Ji Min", "Solid-state LiDAR on silicon",
       "OPTICS EXPRESS", "LiDAR; silicon photonics", "A solid-state LiDAR.", C1, OI, "2023", "10.1364/OE.2023.0002",
       "WOS:001000000000001"]
PLAIN = f"""\ufeffFN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Kim, JH
   Lee, S
   Park, JM
AF Kim, Jae Hyun
   Lee, Sang
   Park, Ji Min
TI Solid-state LiDAR on
   silicon
SO OPTICS EXPRESS
DE LiDAR; silicon photonics
AB A solid-state LiDAR.
C1 [Kim, Jae Hyun; Lee, Sang] {GIST_ADDRESS}
   [Park, Ji Min] {JNU_ADDRESS}
   [Kim, Jae Hyun] {KOPTI_ADDRESS}
OI Kim, Jae Hyun/0000-0002-1825-0097; Park, Ji Min/0000-0001-5109-3700
PY 2023
DI 10.1364/OE.2023.0002
UT WOS:001000000000001
ER

PT J
AU Choi, Y
TI A second paper
C1 Chosun Univ, Dept Photon Engn, Gwangju, South Korea
PY 2022
ER

EF
"""
KNOWN = {"Gwangju Institute of Science & Technology", "Chonnam National University",
         "Korea Research Institute of Standards & Science"}


def test_a_plain_text_export_gives_the_rows_of_the_tab_delimited_one() -> None:
    (first_line, first), (second_line, second) = tagged_records(PLAIN)
    assert (first_line, second_line) == (3, 24)
    assert first == dict(zip(TAGS, [*ROW[:3], "Solid-state LiDAR on silicon", *ROW[4:]], strict=True))
    assert second == {"PT": "J", "AU": "Choi, Y", "TI": "A second paper", "PY": "2022",
                      "C1": "Chosun Univ, Dept Photon Engn, Gwangju, South Korea"}


def test_an_address_names_its_authors_and_its_organisation_with_abbreviations_spelt_out() -> None:
    assert addresses(C1)[:2] == [
        Address(("Kim, Jae Hyun", "Lee, Sang"), "Gwangju Institute Science & Technology", "Gwangju Inst Sci & Technol"),
        Address(("Park, Ji Min",), "Chonnam National University", "Chonnam Natl Univ")]
    assert spelt_out("Elect & Telecommun Res Inst") == "Electronics & Telecommunications Research Institute"
    assert spelt_out("Korea Photon Technol Inst") == "Korea Photonics Technology Institute"
    assert spelt_out("Korea Res Inst Stand & Sci") == "Korea Research Institute Standards & Science"


@pytest.mark.parametrize(("written", "found"), [
    ("Gwangju Inst Sci & Technol", "Gwangju Institute of Science & Technology"),  # WoS drops 'of'
    ("Chonnam Natl Univ", "Chonnam National University"),
    ("Chonnam Natl Univ Hosp", "Chonnam National University Hospital"),  # unknown: spelt out, no 'of' added
    ("Korea Res Inst Stand & Sci", "Korea Research Institute of Standards & Science"),
])
def test_an_address_finds_the_organisation_the_graph_knows(written: str, found: str) -> None:
    address = addresses(f"[Kim, Jae Hyun] {written}, Gwangju, South Korea")[0]
    assert organization_of(address, KNOWN.__contains__) == found


def test_each_author_is_at_the_first_address_naming_them_with_their_orcid() -> None:
    mentions, papers = wos_authors(["Kim, Jae Hyun", "Lee, Sang", "Park, Ji Min", "Choi, Young"], [], C1, OI,
                                   KNOWN.__contains__)
    assert mentions == [
        PersonMention("Kim, Jae Hyun", affiliation="Gwangju Institute of Science & Technology",
                      orcid="0000-0002-1825-0097"),
        PersonMention("Lee, Sang", affiliation="Gwangju Institute of Science & Technology"),
        PersonMention("Park, Ji Min", affiliation="Chonnam National University", orcid="0000-0001-5109-3700"),
        PersonMention("Choi, Young")]
    assert papers == []
    assert wos_authors([], ["Choi, Y"], "Chosun Univ, Dept Photon Engn, Gwangju, South Korea", None,
                       KNOWN.__contains__) == ([PersonMention("Choi, Y")], ["Chosun University"])
    older = wos_authors([], ["Kim, JH", "Lee, S"], f"[Kim, JH] {GIST_ADDRESS}", None, KNOWN.__contains__)[0]
    assert [m.affiliation for m in older] == ["Gwangju Institute of Science & Technology", None]


def _institutes(pipeline: LoadPipeline, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "institutions.csv", ["name_ko", "name_en", "aliases", "kind"], [
        ["광주과학기술원", "Gwangju Institute of Science and Technology", "GIST", "university"],
        ["전남대학교", "Chonnam National University", "", "university"]]))


def _where_authors_are(graph: GraphStore, paper: str) -> dict[str, tuple[str | None, str | None]]:
    out = {}
    for person in graph.list_nodes("Person"):
        assert isinstance(person, Person)
        edge = graph.get_edge("AUTHORED", person.id, paper)
        if edge is not None:
            org = graph.get(str(edge.organization)) if edge.organization else None
            out[person.display_name()] = (org.display_name() if org else None, person.orcid)
    return out


def test_a_tab_delimited_export_loads_each_author_at_their_institute_with_their_orcid(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    path = tmp_path / "savedrecs.txt"
    path.write_text("\t".join(TAGS) + "\n" + "\t".join(ROW) + "\n", encoding="utf-8-sig")
    summary = pipeline.load("publications", path)
    assert summary.rejected == 0 and summary.unread_columns == ["PT"]
    assert _where_authors_are(graph, "pub:doi-10.1364/oe.2023.0002") == {
        "Kim, Jae Hyun": ("광주과학기술원", "0000-0002-1825-0097"), "Lee, Sang": ("광주과학기술원", None),
        "Park, Ji Min": ("전남대학교", "0000-0001-5109-3700")}
    paper = graph.get("pub:doi-10.1364/oe.2023.0002")
    assert paper is not None and paper.venue == "OPTICS EXPRESS" and paper.year == 2023
    assert isinstance(paper, Publication) and paper.wos_id == "WOS:001000000000001"
    assert "Korea Photonics Technology Institute" not in {o.display_name() for o in graph.list_nodes("Organization")}


def test_a_tab_delimited_exports_quotes_are_part_of_its_text(tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.txt"
    titles = ['"Smart" photonic sensors', '"Green" hydrogen; "blue" hydrogen', "Plain title"]
    path.write_text("PT\tTI\tPY\n" + "".join(f"J\t{title}\t2023\n" for title in titles), encoding="utf-8")
    assert [row.data["TI"] for row in read_rows(path)] == titles


def test_a_plain_text_export_loads_as_the_tab_delimited_one_does(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    path = tmp_path / "savedrecs.txt"
    path.write_text(PLAIN, encoding="utf-8")
    assert [row.line for row in read_rows(path)] == [3, 24]
    summary = pipeline.load("publications", path)
    assert (summary.created, summary.rejected) == (2, 0)
    assert _where_authors_are(graph, "pub:doi-10.1364/oe.2023.0002")["Park, Ji Min"] == (
        "전남대학교", "0000-0001-5109-3700")
    second = [p for p in graph.list_nodes("Publication") if p.display_name() == "A second paper"][0]
    linked = {n.node.display_name() for n in graph.neighbours(second.id, edge_types=["AUTHORED"], direction="in")}
    assert linked == {"Choi, Y", "Chosun University"}  # an address naming no author: the paper's institute


def test_an_orcid_that_fails_its_check_rejects_the_paper_naming_the_field(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    bad = [*ROW[:8], "Kim, Jae Hyun/0000-0002-1825-0098", *ROW[9:]]
    good = [*ROW[:8], "", "2023", "10.1364/OE.2023.0003", "WOS:001000000000002"]
    path = tmp_path / "savedrecs.txt"
    path.write_text("\n".join("\t".join(r) for r in (TAGS, bad, good)) + "\n", encoding="utf-8")
    summary = pipeline.load("publications", path)
    (reject,) = summary.rejects
    assert reject.line == 2 and reject.field.startswith("author_orcids") and "check digit" in reject.reason
    assert graph.get("pub:doi-10.1364/oe.2023.0002") is None and graph.get("pub:doi-10.1364/oe.2023.0003")
