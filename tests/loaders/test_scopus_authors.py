"""A Scopus export's authors: full names ('Author full names') and Scopus author ids ('Author(s) ID') position by
position with 'Authors with affiliations'; the id finds the same researcher across institutes and keeps namesakes
at one institute apart, and a people file's 'Scopus Author ID' joins the researcher a paper made."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.schema import Person, ReviewItem
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.curation import approve_review
from loaders.evidence_text import EvidenceReader
from loaders.mentions import ListsDisagree, PersonMention, scopus_authors
from loaders.validators import scopus_author_id
from tests.loaders.test_pipeline import write

KNOWN = {"GIST", "Chonnam National University"}
HEADER = ["Authors", "Author full names", "Author(s) ID", "Title", "Year", "DOI", "Authors with affiliations"]
GIST = "School of Mechanical Engineering, Gwangju Institute of Science and Technology (GIST), Gwangju, South Korea"
JNU = "Department of Physics, Chonnam National University, Gwangju, South Korea"


@pytest.mark.parametrize(("value", "expected"), [
    ("57193812345", "57193812345"), (" 7004212771 ", "7004212771"), ("SCOPUS_ID:57193812345", "57193812345"),
    ("https://www.scopus.com/authid/detail.uri?authorId=57193812345", "57193812345"),
])
def test_a_scopus_author_id_is_read_from_the_forms_scopus_writes(value: str, expected: str) -> None:
    assert scopus_author_id(value) == expected


@pytest.mark.parametrize("value", ["5719381234a", "12345", "0000-0002-1825-0097", "1234567890123"])
def test_what_is_not_a_scopus_author_id_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="Scopus author id"):
        scopus_author_id(value)


def test_each_position_pairs_a_full_name_with_its_id_and_its_institute() -> None:
    mentions = scopus_authors(["Kim J.-H.", "Lee S."], ["Kim, Jae-Hyun (57193812345)", "Lee, Sang (57211111111)"],
                              [f"Kim J.-H., {GIST}", f"Lee S., {JNU}"], ["57193812345", "57211111111"],
                              KNOWN.__contains__)
    assert mentions == [
        PersonMention("Kim, Jae-Hyun", affiliation="Gwangju Institute of Science and Technology",
                      scopus_id="57193812345"),
        PersonMention("Lee, Sang", affiliation="Chonnam National University", scopus_id="57211111111")]


def test_the_id_comes_from_the_full_names_bracket_and_names_from_authors_when_the_others_are_missing() -> None:
    assert scopus_authors([], ["Kim, Jae-Hyun (57193812345)"], [], [], KNOWN.__contains__) == [
        PersonMention("Kim, Jae-Hyun", scopus_id="57193812345")]
    assert scopus_authors(["Kim J.-H.", "Lee S."], [], [], ["57193812345", "57211111111"], KNOWN.__contains__) == [
        PersonMention("Kim J.-H.", scopus_id="57193812345"), PersonMention("Lee S.", scopus_id="57211111111")]
    assert scopus_authors(["Kim J.-H., Lee S."], [], [], ["57193812345", "57211111111"], KNOWN.__contains__) == [
        PersonMention("Kim J.-H.", scopus_id="57193812345"),  # older exports separate 'Authors' with commas
        PersonMention("Lee S.", scopus_id="57211111111")]
    assert scopus_authors(["Kim J.-H."], [], [], [], KNOWN.__contains__) == []  # no Scopus list: read as authors


def test_an_author_at_two_institutes_is_at_both_told_apart_by_the_papers_addresses() -> None:
    """Scopus joins an author's addresses with a comma, as it joins an address's parts: its 'Affiliations' column
    (the paper's addresses, separated by ';') tells where one ends."""
    kopti = "Korea Photonics Technology Institute, Gwangju, South Korea"
    both = f"Kim J.-H., {GIST}, {kopti}"
    [kim, lee] = scopus_authors([], [], [both, f"Lee S., {JNU}"], [], KNOWN.__contains__, [GIST, JNU, kopti])
    assert kim == PersonMention("Kim J.-H.", affiliation="Gwangju Institute of Science and Technology",
                                also_at=("Korea Photonics Technology Institute",))
    assert lee == PersonMention("Lee S.", affiliation="Chonnam National University")
    [alone] = scopus_authors([], [], [both], [], KNOWN.__contains__)  # without the addresses: the first, as before
    assert alone == PersonMention("Kim J.-H.", affiliation="Gwangju Institute of Science and Technology")
    [odd] = scopus_authors([], [], [f"Kim J.-H., Lab 3, {GIST}"], [], KNOWN.__contains__, [GIST])  # not made of them
    assert odd == PersonMention("Kim J.-H.", affiliation="Gwangju Institute of Science and Technology")


def test_lists_naming_a_different_number_of_authors_are_refused_naming_the_list_at_fault() -> None:
    with pytest.raises(ListsDisagree, match="lists 1 authors, Author full names lists 2") as problem:
        scopus_authors([], ["Kim, Jae-Hyun (57193812345)", "Lee, Sang (57211111111)"], [], ["57193812345"],
                       KNOWN.__contains__)
    assert problem.value.field == "author_ids"


def _institutes(pipeline: LoadPipeline, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "institutions.csv", ["name_ko", "name_en", "aliases", "kind"], [
        ["광주과학기술원", "Gwangju Institute of Science and Technology", "GIST", "university"],
        ["전남대학교", "Chonnam National University", "", "university"]]))


def _paper(doi: str, *authors: tuple[str, str, str]) -> list[object]:
    """A Scopus row; ``authors``: (full name, id, where)."""
    initials = [f"{name.split(',')[0]} {name.split(', ')[1][0]}." for name, _, _ in authors]
    return ["; ".join(initials), "; ".join(f"{name} ({i})" for name, i, _ in authors),
            ";".join(i for _, i, _ in authors) + ";", f"Paper {doi}", 2023, doi,
            "; ".join(f"{short}, {where}" for short, (_, _, where) in zip(initials, authors, strict=True))]


def _people(graph: GraphStore) -> dict[str, Person]:
    return {str(p.scopus_id): p for p in graph.list_nodes("Person") if isinstance(p, Person)}


def test_a_researcher_who_moved_is_found_by_their_scopus_id_and_namesakes_at_one_institute_stay_apart(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    rows = [_paper("10.1234/a.1", ("Kim, Jae-Hyun", "57193812345", GIST), ("Lee, Sang", "57211111111", JNU)),
            _paper("10.1234/a.2", ("Kim, Jae-Hyun", "57193812345", JNU)),  # moved to Chonnam: the same researcher
            _paper("10.1234/a.3", ("Lee, Sang", "57222222222", JNU))]  # another Lee Sang at Chonnam, or one split
    summary = pipeline.load("publications", write(tmp_path / "scopus.csv", HEADER, rows))
    assert summary.rejected == 0 and graph.count("ReviewItem") == 1  # the two Lee Sangs: for an administrator
    people = _people(graph)
    assert set(people) == {"57193812345", "57211111111", "57222222222"} and graph.count("Person") == 3
    kim = people["57193812345"]
    assert kim.id == "per:scopus-57193812345" and kim.name_en == "Kim, Jae-Hyun"
    papers = graph.neighbours(kim.id, edge_types=["AUTHORED"], direction="out")
    assert sorted(n.node.id for n in papers) == ["pub:doi-10.1234/a.1", "pub:doi-10.1234/a.2"]
    pipeline.skip_unchanged = False
    again = pipeline.load("publications", write(tmp_path / "scopus.csv", HEADER, rows))
    assert (again.created, again.updated, graph.count("Person")) == (0, 0, 3)


def test_a_people_files_scopus_author_id_joins_the_researcher_a_paper_made_and_finds_them_for_later_papers(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    pipeline.load("publications", write(tmp_path / "scopus.csv", HEADER, [
        _paper("10.1234/b.1", ("Kim, Jae-Hyun", "57193812345", GIST))]))
    summary = pipeline.load("people", write(tmp_path / "people.csv", ["성명", "영문성명", "Scopus Author ID", "소속"], [
        ["김재현", "Jae-Hyun Kim", "57193812345", "전남대학교"]]))  # a different institute: only the id joins them
    assert (summary.created, summary.updated, graph.count("Person")) == (0, 1, 1)  # the same id: per:scopus-…
    (person,) = graph.list_nodes("Person")
    assert isinstance(person, Person) and person.name_ko == "김재현" and person.scopus_id == "57193812345"
    pipeline.load("publications", write(tmp_path / "later.csv", ["Authors", "Author(s) ID", "Title", "DOI"], [
        ["Kim J.", "57193812345", "Later paper", "10.1234/b.2"]]))
    authors = graph.neighbours("pub:doi-10.1234/b.2", edge_types=["AUTHORED"], direction="in")
    assert [n.node.id for n in authors] == [person.id] and graph.count("Person") == 1


def test_a_name_found_at_the_institute_with_another_scopus_id_is_someone_else(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    pipeline.load("people", write(tmp_path / "people.csv", ["name_en", "scopus_id", "organization"], [
        ["Jae-Hyun Kim", "57193812345", "GIST"], ["Sang Lee", "", "전남대학교"]]))
    pipeline.load("publications", write(tmp_path / "scopus.csv", HEADER, [
        _paper("10.1234/c.1", ("Kim, Jae-Hyun", "57000000001", GIST), ("Lee, Sang", "57211111111", JNU))]))
    people = _people(graph)
    assert set(people) == {"57193812345", "57000000001", "None"}  # Lee Sang, who had no id, was found by name
    authors = {n.node.id for n in graph.neighbours("pub:doi-10.1234/c.1", edge_types=["AUTHORED"], direction="in")
               if n.node.label == "Person"}
    assert authors == {people["57000000001"].id, people["None"].id}


def test_a_scopus_author_at_two_institutes_is_the_researcher_the_second_ones_staff_list_gave(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    pipeline.load("people", write(tmp_path / "people.csv", ["성명", "영문성명", "소속"], [
        ["김재현", "Jae-Hyun Kim", "전남대학교"]]))
    kopti = "Korea Photonics Technology Institute, Gwangju, South Korea"
    row = ["Kim J.-H.", "Kim, Jae-Hyun", "", "A joint paper", 2024, "10.1234/j.2", f"Kim J.-H., {kopti}, {JNU}",
           f"{kopti}; {JNU}"]
    summary = pipeline.load("publications", write(tmp_path / "scopus.csv", [*HEADER, "Affiliations"], [row]))
    assert summary.rejected == 0 and summary.review == 0
    [kim] = graph.list_nodes("Person")
    assert isinstance(kim, Person) and kim.name_ko == "김재현"  # found at Chonnam, the second address
    places = {n.node.display_name() for n in graph.neighbours("pub:doi-10.1234/j.2", edge_types=["AUTHORED"],
                                                              direction="in") if n.node.id.startswith("org:")}
    assert places == {"전남대학교", "Korea Photonics Technology Institute"}


def test_a_paper_whose_id_list_disagrees_with_its_authors_is_rejected_and_writes_nothing(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    bad = _paper("10.1234/d.1", ("Kim, Jae-Hyun", "57193812345", GIST), ("Lee, Sang", "57211111111", JNU))
    bad[2] = "57193812345"
    good = _paper("10.1234/d.2", ("Park, Ji-Min", "57233333333", JNU))
    summary = pipeline.load("publications", write(tmp_path / "scopus.csv", HEADER, [bad, good]))
    (reject,) = summary.rejects
    assert (reject.line, reject.field) == (2, "author_ids") and "lists 1 authors" in reject.reason
    assert graph.get("pub:doi-10.1234/d.1") is None and set(_people(graph)) == {"57233333333"}


def test_a_link_file_names_a_researcher_by_scopus_id(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    pipeline.load("people", write(tmp_path / "people.csv", ["name_ko", "scopus_id", "organization"], [
        ["김재현", "57193812345", "광주과학기술원"]]))
    summary = pipeline.load("affiliations", write(tmp_path / "affiliations.csv", ["person", "organization"], [
        ["scopus:57193812345", "전남대학교"], ["scopus:57000000009", "전남대학교"]]))
    (reject,) = summary.rejects
    assert reject.line == 3 and "no person has scopus:57000000009" in reject.reason
    moved = graph.neighbours("per:scopus-57193812345", edge_types=["AFFILIATED_WITH"], direction="out")
    assert sorted(n.node.display_name() for n in moved) == ["광주과학기술원", "전남대학교"]


def test_two_scopus_profiles_of_one_name_at_one_institute_are_paired_for_review_and_approving_joins_them(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    pipeline.load("publications", write(tmp_path / "scopus.csv", HEADER, [
        _paper("10.1234/c.1", ("Lee, Sang", "57211111111", JNU)),
        _paper("10.1234/c.2", ("Lee, Sang", "57222222222", JNU)),
        _paper("10.1234/c.3", ("Lee, Sang", "57233333333", GIST))]))  # another institute: not paired
    (review,) = [r for r in graph.list_nodes("ReviewItem") if isinstance(r, ReviewItem)]
    assert {review.left_id, review.right_id} == {"per:scopus-57211111111", "per:scopus-57222222222"}
    evidence = json.loads(review.evidence)
    assert evidence["split_profiles"] == ["57211111111", "57222222222"]
    assert any("split one researcher's papers" in line for line in EvidenceReader("en").lines(evidence))
    approve_review(graph, review.id)
    pipeline.load("publications", write(tmp_path / "scopus-2.csv", HEADER, [
        _paper("10.1234/c.4", ("Lee, Sang", "57222222222", JNU))]))  # the id merged away finds the one kept
    assert graph.count("Person") == 2
    (lee,) = [p for p in _people(graph).values() if p.scopus_id != "57233333333"]
    papers = graph.neighbours(lee.id, edge_types=["AUTHORED"], direction="out")
    assert sorted(n.node.id for n in papers) == [f"pub:doi-10.1234/c.{i}" for i in (1, 2, 4)]


def test_two_profiles_with_different_orcid_ids_are_two_people_and_not_paired(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    _institutes(pipeline, tmp_path)
    pipeline.load("people", write(tmp_path / "people.csv", ["name_en", "ORCID", "Scopus Author ID", "affiliation"], [
        ["Sang Lee", "0000-0002-1825-0097", "57211111111", "Chonnam National University"],
        ["Sang Lee", "0000-0001-5109-3700", "57222222222", "Chonnam National University"]]))
    assert graph.count("Person") == 2 and graph.count("ReviewItem") == 0
