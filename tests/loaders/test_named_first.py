"""An organisation first met as a mere name (a people file's 'GIST', made from that reference before the
institutions file was loaded) becomes what its own row says when that row is loaded: its kind, names and the rest,
the earlier name kept as an alias. A row that says only a name never takes over a node that knows more."""

from __future__ import annotations

from pathlib import Path

from graph.schema import Organization, OrgKind
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.curation import approve_review, undo_run
from tests.loaders.test_pipeline import write

GIST_ROW = ["광주과학기술원", "Gwangju Institute of Science and Technology", "GIST", "university",
            "https://www.gist.ac.kr"]
ORG_HEADER = ["name_ko", "name_en", "aliases", "kind", "homepage"]
PEOPLE_HEADER = ["name_ko", "email", "organization"]


def _affiliated(graph: GraphStore, org_id: str) -> list[str]:
    return sorted(n.node.display_name() for n in graph.neighbours(org_id, edge_types=["AFFILIATED_WITH"]))


def test_an_organisation_named_by_a_reference_becomes_what_its_own_row_says(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("people", write(tmp_path / "people.csv", PEOPLE_HEADER, [["이승훈", "shlee@gist.ac.kr", "GIST"]]))
    stub = graph.list_nodes("Organization")[0]
    assert isinstance(stub, Organization) and stub.kind is OrgKind.COMPANY  # a reference says no more
    institutions = write(tmp_path / "institutions.csv", ORG_HEADER, [GIST_ROW])
    summary = pipeline.load("organizations", institutions)
    assert summary.merged == 1 and graph.count("Organization") == 1
    node = graph.get(stub.id)
    assert isinstance(node, Organization)
    assert (node.kind, node.name_ko, node.name_en, node.aliases, node.homepage) == (
        OrgKind.UNIVERSITY, "광주과학기술원", "Gwangju Institute of Science and Technology", ["GIST"],
        "https://www.gist.ac.kr")
    assert _affiliated(graph, stub.id) == ["이승훈"]
    pipeline.skip_unchanged = False
    again = pipeline.load("organizations", institutions)
    assert (again.created, again.updated, again.merged, again.unchanged) == (0, 0, 0, 1)
    undo_run(graph, summary.run_id)
    back = graph.get(stub.id)
    assert isinstance(back, Organization) and (back.kind, back.name_en, back.aliases) == (OrgKind.COMPANY, "GIST", [])


def test_two_organisations_each_named_by_another_name_of_one_row_land_on_one_and_the_other_goes_to_review(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("people", write(tmp_path / "people.csv", PEOPLE_HEADER, [
        ["최영호", "yh@jnu.ac.kr", "전남대"], ["정하늘", "hn@jnu.ac.kr", "Chonnam National University"]]))
    assert graph.count("Organization") == 2
    summary = pipeline.load("organizations", write(tmp_path / "institutions.csv", ORG_HEADER, [
        ["전남대학교", "Chonnam National University", "전남대;JNU", "university", ""]]))
    assert summary.created == 0 and graph.count("Organization") == 2
    (review,) = summary.review_items
    assert review.score == 0.9 and "named_by_one_record" in review.evidence
    kept = graph.get(review.left_id)
    assert isinstance(kept, Organization) and (kept.kind, kept.name_ko) == (OrgKind.UNIVERSITY, "전남대학교")
    assert _affiliated(graph, review.left_id) == ["정하늘"]
    approve_review(graph, review.id)
    (university,) = graph.list_nodes("Organization")
    assert isinstance(university, Organization) and university.id == review.left_id
    assert (university.kind, university.name_ko, university.name_en) == (
        OrgKind.UNIVERSITY, "전남대학교", "Chonnam National University")
    assert _affiliated(graph, university.id) == ["정하늘", "최영호"]


def test_one_name_naming_two_known_organisations_is_still_for_a_person_to_decide(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "known.csv", ["name_ko", "business_number"], [
        ["(주)한빛", "220-81-62517"], ["한빛 주식회사", "130-81-12349"]]))
    summary = pipeline.load("organizations", write(tmp_path / "new.csv", ["name_ko", "name_en"], [
        ["한빛", "Hanbit"]]))
    assert summary.merged == 0 and graph.count("Organization") == 3  # two companies apart (their numbers), and it
    assert "same_name_as" in summary.review_items[0].evidence


def test_a_row_of_one_name_above_a_fuller_row_of_one_company_is_unchanged_when_loaded_again(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    header = ["name_ko", "name_en", "region", "business_number", "kind"]
    bare = ["(주) 나노모 빌리티", "", "광주", "", ""]
    full = ["나노모빌리티 주식회사", "Nano Mobility Co., Ltd.", "광주", "733-87-31808", "company"]
    first = pipeline.load("organizations", write(tmp_path / "companies.csv", header, [bare]))
    grown = pipeline.load("organizations", write(tmp_path / "companies.csv", header, [bare, full]))
    assert (first.created, grown.merged, grown.unchanged) == (1, 1, 1)
    (node,) = graph.list_nodes("Organization")
    assert isinstance(node, Organization)
    assert (node.name_ko, node.business_number, node.aliases) == (
        "나노모빌리티 주식회사", "7338731808", ["(주) 나노모 빌리티"])
    pipeline.skip_unchanged = False  # every row processed again: the one-name row only fills
    again = pipeline.load("organizations", tmp_path / "companies.csv")
    assert (again.updated, again.merged, again.unchanged) == (0, 0, 2)
    after = graph.get(node.id)
    assert after is not None and after.model_dump(exclude={"loaded_at"}) == node.model_dump(exclude={"loaded_at"})


def _gist_researchers(tmp_path: Path) -> Path:
    """A people file of the two GIST researchers the patents and papers below name (이승훈, and Kim Minsu)."""
    return write(tmp_path / "people.csv", ["name_ko", "name_en", "email", "organization", "title"], [
        ["이승훈", "Seunghoon Lee", "shlee@gist.ac.kr", "광주과학기술원", "교수"],
        ["김민수", "Minsu Kim", "mskim@gist.ac.kr", "광주과학기술원", "박사과정"]])


def test_an_inventor_a_patents_file_named_is_the_person_a_later_people_file_describes(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("patents", write(tmp_path / "patents.csv", ["application_number", "title_ko", "applicants",
                                                             "inventors"],
                                   [["10-2021-0000001", "라이다 센서 장치", "광주과학기술원", "이승훈;Kim Minsu"]]))
    people = _gist_researchers(tmp_path)
    summary = pipeline.load("people", people)
    assert (summary.created, summary.merged) == (0, 2) and graph.count("Person") == 2
    for person in graph.list_nodes("Person"):
        inventions = graph.neighbours(person.id, edge_types=["INVENTED"])
        assert person.email and person.title and [n.node.display_name() for n in inventions] == ["라이다 센서 장치"]
    pipeline.skip_unchanged = False
    again = pipeline.load("people", people)
    assert (again.created, again.updated, again.merged, again.unchanged) == (0, 0, 0, 2)


def test_an_author_a_publications_file_named_is_the_person_a_later_people_file_describes(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("publications", write(tmp_path / "publications.csv", ["doi", "title", "authors", "organizations"],
                                        [["10.1234/lidar.2021", "Solid-state LiDAR for vehicles", "이승훈;Kim Minsu",
                                          "광주과학기술원"]]))
    (institute,) = graph.list_nodes("Organization")
    papers = graph.neighbours(institute.id, edge_types=["AUTHORED"], direction="out")
    assert [n.node.display_name() for n in papers] == ["Solid-state LiDAR for vehicles"]
    people = _gist_researchers(tmp_path)
    summary = pipeline.load("people", people)
    assert (summary.created, summary.merged) == (0, 2) and graph.count("Person") == 2
    for person in graph.list_nodes("Person"):
        written = graph.neighbours(person.id, edge_types=["AUTHORED"])
        assert person.email and [n.node.display_name() for n in written] == ["Solid-state LiDAR for vehicles"]


def test_a_paper_of_two_institutes_does_not_make_its_author_a_member_of_both(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """Two researchers named 강규진, at GIST and at Chosun: a paper of both institutes goes to one of them (a guess
    among namesakes), and must not then pull Chosun's patents onto the GIST researcher's record."""
    pipeline.load("people", write(tmp_path / "people.csv", ["name_ko", "email", "organization"], [
        ["강규진", "gkang@gist.ac.kr", "광주과학기술원"], ["강규진", "kang.gj@chosun.ac.kr", "조선대학교"]]))
    pipeline.load("publications", write(tmp_path / "publications.csv", ["doi", "title", "authors", "organizations"],
                                        [["10.1234/edge.2020", "Edge computing for lidar", "강규진",
                                          "광주과학기술원;조선대학교"]]))
    pipeline.load("patents", write(tmp_path / "patents.csv", ["application_number", "title_ko", "applicants",
                                                             "inventors"],
                                   [["10-2021-0000002", "엣지 컴퓨팅 장치", "조선대학교", "강규진"]]))
    (inventor,) = graph.neighbours("pat:KR-10-2021-0000002", edge_types=["INVENTED"])
    assert inventor.node.id == "per:email-kang.gj@chosun.ac.kr"


def test_a_company_found_by_its_number_is_paired_with_the_applicant_its_row_names(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """A patents file made an applicant '(주)제이파워' before the companies file was loaded, whose first row for the
    company gives its English name and business number, the second its Hangul name and the same number: the second
    lands on the company by its number, and the applicant its name names goes to review with it (approving it
    brings the patents over); left alone, the company's patents stayed on a node of its name."""
    pipeline.load("patents", write(tmp_path / "patents.csv", ["application_number", "title_ko", "applicants"],
                                   [["10-2021-0000003", "수전해 장치", "(주)제이파워"]]))
    (applicant,) = graph.list_nodes("Organization")
    summary = pipeline.load("organizations", write(tmp_path / "companies.csv", ["name_ko", "name_en",
                                                                               "business_number"], [
        ["", "Gwangju Electrolysis, Inc.", "524-81-61759"], ["(주)제이파워", "J Power Co., Ltd.", "524-81-61759"]]))
    (review,) = summary.review_items
    assert (review.left_id, review.right_id) == ("org:brn-5248161759", applicant.id)
    assert "number_row_names" in review.evidence
    approve_review(graph, review.id)
    (company,) = graph.list_nodes("Organization")
    assert company.id == "org:brn-5248161759"
    assert [n.node.id for n in graph.neighbours(company.id, edge_types=["APPLICANT_OF"])] == ["pat:KR-10-2021-0000003"]
