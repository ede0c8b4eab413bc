"""Web of Science exports load as publications files: the tab-delimited layout by its field tags, the plain-text
layout turned into the same rows; C1's addresses place each author at their institute (WoS's abbreviations spelt
out), OI gives their ORCID iDs."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import Person, Publication, ReviewItem
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.mentions import PersonMention
from loaders.readers import read_rows
from loaders.validators import researcher_id
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


def test_each_author_is_at_the_addresses_naming_them_with_their_orcid() -> None:
    mentions, papers = wos_authors(["Kim, Jae Hyun", "Lee, Sang", "Park, Ji Min", "Choi, Young"], [], C1, OI,
                                   KNOWN.__contains__)
    assert mentions == [
        PersonMention("Kim, Jae Hyun", affiliation="Gwangju Institute of Science & Technology",
                      also_at=("Korea Photonics Technology Institute",), orcid="0000-0002-1825-0097"),
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
    kopti = [o for o in graph.list_nodes("Organization") if o.display_name() == "Korea Photonics Technology Institute"]
    assert len(kopti) == 1  # Kim's second address: the paper's too, though the first is the one shown beside him
    assert graph.get_edge("AUTHORED", kopti[0].id, paper.id) is not None


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


@pytest.mark.parametrize(("value", "expected"), [
    ("A-1234-2008", "A-1234-2008"), ("aab-1234-2020", "AAB-1234-2020"), ("AAB12342020", "AAB-1234-2020"),
    ("https://www.webofscience.com/wos/author/rid/AAB-1234-2020", "AAB-1234-2020"), ("rid:A-1234-2008", "A-1234-2008"),
])
def test_a_researcher_id_is_read_from_the_forms_wos_writes(value: str, expected: str) -> None:
    assert researcher_id(value) == expected


@pytest.mark.parametrize("value", ["ABCDE-1234-2008", "A-123-2008", "A-1234-1850", "0000-0002-1825-0097"])
def test_what_is_not_a_researcher_id_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="ResearcherID"):
        researcher_id(value)


def test_ri_gives_each_author_their_researcher_id_by_either_name() -> None:
    mentions, _ = wos_authors(["Kim, Jae Hyun", "Lee, Sang"], ["Kim, JH", "Lee, S"], None, None, KNOWN.__contains__,
                              researcher_id_text="Kim, JH/A-1234-2008; Lee, Sang/AAB-5678-2020")
    assert [m.keys for m in mentions] == [{"researcher_id": "A-1234-2008"}, {"researcher_id": "AAB-5678-2020"}]


def _wos_paper(doi: str, name: str, rid: str, address: str) -> list[str]:
    return [name, doi.rsplit(".", 1)[1] + " paper", f"[{name}] {address}", f"{name}/{rid}", "2023", doi]


RI_TAGS = ["AF", "TI", "C1", "RI", "PY", "DI"]


def test_a_researcher_id_finds_a_researcher_who_moved_and_a_second_one_of_their_name_is_paired_for_review(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    rows = [_wos_paper("10.1234/r.1", "Kim, Jae Hyun", "A-1234-2008", GIST_ADDRESS),
            _wos_paper("10.1234/r.2", "Kim, Jae Hyun", "A-1234-2008", JNU_ADDRESS),  # moved: the same researcher
            _wos_paper("10.1234/r.3", "Kim, Jae Hyun", "AAB-5678-2020", JNU_ADDRESS)]  # another id at Chonnam
    path = tmp_path / "savedrecs.txt"
    path.write_text("\n".join("\t".join(r) for r in (RI_TAGS, *rows)) + "\n", encoding="utf-8")
    summary = pipeline.load("publications", path)
    assert summary.rejected == 0 and graph.count("Person") == 2
    kim = graph.get("per:rid-A-1234-2008")
    assert isinstance(kim, Person) and kim.researcher_id == "A-1234-2008"
    papers = graph.neighbours(kim.id, edge_types=["AUTHORED"], direction="out")
    assert sorted(n.node.id for n in papers) == ["pub:doi-10.1234/r.1", "pub:doi-10.1234/r.2"]
    (review,) = [r for r in graph.list_nodes("ReviewItem") if isinstance(r, ReviewItem)]
    assert {review.left_id, review.right_id} == {kim.id, "per:rid-AAB-5678-2020"}
    people = pipeline.load("people", write(tmp_path / "people.csv", ["성명", "영문성명", "ResearcherID", "소속"], [
        ["김재현", "Jae Hyun Kim", "a-1234-2008", "광주과학기술원"]]))
    assert (people.created, people.updated, graph.count("Person")) == (0, 1, 2)
    assert graph.get(kim.id).name_ko == "김재현"  # type: ignore[union-attr]


def test_a_malformed_researcher_id_rejects_the_paper_naming_the_field(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.txt"
    rows = [_wos_paper("10.1234/r.4", "Kim, Jae Hyun", "A-12-2008", GIST_ADDRESS),
            _wos_paper("10.1234/r.5", "Lee, Sang", "B-1111-2011", GIST_ADDRESS)]
    path.write_text("\n".join("\t".join(r) for r in (RI_TAGS, *rows)) + "\n", encoding="utf-8")
    summary = pipeline.load("publications", path)
    (reject,) = summary.rejects
    assert reject.line == 2 and reject.field.startswith("author_researcher_ids") and "ResearcherID" in reject.reason
    assert graph.get("pub:doi-10.1234/r.4") is None and graph.get("pub:doi-10.1234/r.5") is not None
    assert {p.display_name() for p in graph.list_nodes("Person")} == {"Lee, Sang"}


def test_an_author_whose_first_address_is_another_institute_is_found_at_the_one_the_graph_knows_them_at(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """A joint appointment (KOPTI and GIST): the researcher GIST's staff list gave is the paper's author, whichever
    address comes first."""
    _institutes(pipeline, tmp_path)
    pipeline.load("people", write(tmp_path / "people.csv", ["성명", "영문성명", "소속"], [
        ["김재현", "Jae Hyun Kim", "광주과학기술원"]]))
    joint = f"[Kim, Jae Hyun] {KOPTI_ADDRESS}; [Kim, Jae Hyun; Lee, Sang] {GIST_ADDRESS}"
    path = tmp_path / "savedrecs.txt"
    path.write_text("AF\tTI\tC1\tPY\tDI\n" + f"Kim, Jae Hyun; Lee, Sang\tA joint paper\t{joint}\t2024\t10.1234/j.1\n",
                    encoding="utf-8")
    summary = pipeline.load("publications", path)
    assert summary.rejected == 0 and summary.review == 0
    kim = [p for p in graph.list_nodes("Person") if isinstance(p, Person) and p.name_ko == "김재현"]
    assert len(kim) == 1 and graph.count("Person") == 2, [p.display_name() for p in graph.list_nodes("Person")]
    authored = graph.get_edge("AUTHORED", kim[0].id, "pub:doi-10.1234/j.1")
    kopti = graph.get(str(authored.organization)) if authored is not None and authored.organization else None
    assert kopti is not None and kopti.display_name() == "Korea Photonics Technology Institute"  # the first, shown
    papers_of = {n.node.display_name() for n in graph.neighbours("pub:doi-10.1234/j.1", edge_types=["AUTHORED"],
                                                                 direction="in") if n.node.id.startswith("org:")}
    assert papers_of == {"광주과학기술원", "Korea Photonics Technology Institute"}
