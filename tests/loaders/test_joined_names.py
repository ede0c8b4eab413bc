"""A name written in two columns (성 / 이름, First name / Last name): a mapping's ``joined`` reads it whole, a load
makes one person of it, and the column check suggests the join. A list written in several columns (키워드1,
키워드2, …) is read as one list."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.errors import MappingError
from graph.schema import Person
from loaders import LoadPipeline
from loaders.mapping import ColumnMapping, join_parts, load_mapping
from loaders.mapping_guess import guess_file_mapping, guess_mapping


@pytest.mark.parametrize("parts,whole", [(["김", "민수"], "김민수"), (["Minsu", "Kim"], "Minsu Kim"),
                                         ([" 남궁 ", "민수"], "남궁민수"), (["Kim", "민수"], "Kim 민수"),
                                         (["", "Kim"], "Kim"), ([None, " "], ""), (["Jean", "de", "La"], "Jean de La")])
def test_parts_are_joined_with_a_space_except_between_hangul(parts: list[object], whole: str) -> None:
    assert join_parts(parts) == whole


def test_a_join_is_read_when_the_file_has_all_its_columns_and_no_whole_name_column() -> None:
    people = load_mapping("people")
    assert people.joined_columns(["성", "이름", "이메일"]) == {"name_ko": ("성", "이름")}
    assert people.matched_columns(["성", "이름", "이메일"]) == {"email": "이메일"}  # 이름 is the given name here
    assert people.matched_columns(["이름", "이메일"]) == {"name_ko": "이름", "email": "이메일"}  # here the whole name
    assert people.joined_columns(["성명", "성", "이름"]) == {}  # a whole name beats its parts
    assert people.matched_columns(["성명", "성", "이름"]) == {"name_ko": "성명"}
    assert people.joined_columns(["First Name", "Last Name"]) == {"name_en": ("First Name", "Last Name")}
    assert people.joined_columns(["성(한글)", "이름(한글)", "성(영문)", "이름(영문)"]) == {
        "name_ko": ("성(한글)", "이름(한글)"), "name_en": ("이름(영문)", "성(영문)")}
    middle = people.joined_columns(["First name", "Middle name", "Last name"])
    assert middle == {"name_en": ("First name", "Middle name", "Last name")}
    assert people.apply({"First name": "Minsu", "Middle name": "", "Last name": "Kim"}, {}, middle) == {
        "name_en": "Minsu Kim"}
    assert load_mapping("founders").joined_columns(["Given name", "Surname", "Company"]) == {
        "person": ("Given name", "Surname")}


def test_a_mapping_file_writes_a_join_as_one_list_or_several_and_a_join_needs_two_columns(tmp_path: Path) -> None:
    path = tmp_path / "staff.yaml"
    path.write_text("kind: people\njoined:\n  name_en: [Vorname, Nachname]\n", encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.joined == {"name_en": [["Vorname", "Nachname"]]}
    assert mapping.apply({"Vorname": "Minsu", "Nachname": "Kim"}, {}, mapping.joined_columns(["Vorname", "Nachname"])
                         ) == {"name_en": "Minsu Kim"}
    path.write_text("kind: people\njoined:\n  name_en: [[Vorname]]\n", encoding="utf-8")
    with pytest.raises(MappingError, match="name_en: a joined field needs two columns or more"):
        load_mapping(path)


STAFF = """성,이름,이메일,소속
김,민수,minsu@gist.ac.kr,GIST
남궁,서연,seoyeon@jnu.ac.kr,전남대학교
,,nobody@example.kr,GIST
"""


def test_a_load_reads_a_name_in_two_columns_whole(tmp_path: Path, pipeline: LoadPipeline) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8")
    summary = pipeline.load("people", path)
    assert summary.unread_columns == []
    names = {p.name_ko for chunk in pipeline.store.stream_nodes("Person") for p in chunk if isinstance(p, Person)}
    assert {"김민수", "남궁서연"} <= names and not names & {"민수", "서연"}
    assert [(r.line, r.reason) for r in summary.rejects] == [(4, "needs name_ko or name_en")]


def test_the_column_check_suggests_the_templates_join_and_its_yaml_loads(tmp_path: Path,
                                                                        pipeline: LoadPipeline) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8")
    guess = guess_file_mapping("people", path)
    assert guess.joined == {"name_ko": ("성", "이름")}
    assert guess.chosen == {"email": "이메일", "organization": "소속"}
    assert guess.missing_required() == []
    assert next(g for g in guess.columns if g.column == "이름").reason_ko == "이름의 일부: 성 + 이름를 이어 읽음"
    text = guess.yaml_text()
    assert yaml.safe_load(text)["joined"] == {"name_ko": ["성", "이름"]}
    mapping_path = tmp_path / "staff.yaml"
    mapping_path.write_text(text, encoding="utf-8")
    pipeline.load("people", path, mapping=mapping_path)
    assert pipeline.store.find("Person", "name_ko", ["남궁서연"])


def test_columns_naming_the_given_and_the_family_name_are_paired_by_the_rest_of_their_headers() -> None:
    rows = [{"mention_id": "US1-0", "raw_inventor_name_first": "Minsu", "raw_inventor_name_last": "Kim",
             "coinventor_name_first": ["Seoyeon"], "coinventor_name_last": ["Lee"], "raw_country": "KR"}]
    guess = guess_mapping("people", list(rows[0]), rows)
    assert guess.joined == {"name_en": ("raw_inventor_name_first", "raw_inventor_name_last")}  # not the lists
    assert guess.missing_required() == []
    whole = [{"Full name": "Minsu Kim", "Legal first name": "Minsu", "Legal last name": "Kim"}]
    guess = guess_mapping("people", list(whole[0]), whole)  # the whole name's column wins
    assert guess.chosen == {"name_en": "Full name"} and guess.joined == {}
    plural = [{"Given names": "Minsu", "Surname": "Kim"}]
    assert guess_mapping("people", list(plural[0]), plural).joined == {"name_en": ("Given names", "Surname")}
    hangul = [{"First name": "민수", "Last name": "김"}]
    assert guess_mapping("people", list(hangul[0]), hangul).joined == {"name_ko": ("Last name", "First name")}
    two_pairs = [{"Inventor first name": "Minsu", "Inventor last name": "Kim", "Contact first name": "Jiwon",
                  "Contact last name": "Park"}]
    assert guess_mapping("people", list(two_pairs[0]), two_pairs).joined == {}  # which is the person's? neither
    managed = [{"Inventor first name": "Minsu", "Inventor last name": "Kim", "Manager first name": "Jiwon",
                "Manager last name": "Park", "Manager e-mail": "park@example.kr", "Patent title": "Lidar"}]
    guess = guess_mapping("people", list(managed[0]), managed)  # the manager's columns are about someone else
    assert guess.joined == {"name_en": ("Inventor first name", "Inventor last name")} and guess.chosen == {}
    firms = [{"Company": "Hanbit Optics", "CEO first name": "Minsu", "CEO last name": "Kim"}]
    assert guess_mapping("organizations", list(firms[0]), firms).joined == {}  # a company's name is never joined


def test_a_column_of_bare_numbers_is_not_taken_for_a_scopus_id_by_its_values_alone() -> None:
    rows = [{"No": str(10_000_000 + i), "Scopus": str(57_193_812_345 + i)} for i in range(20)]
    assert guess_mapping("people", list(rows[0]), rows).chosen == {"scopus_id": "Scopus"}  # named by its header
    assert guess_mapping("people", ["No"], rows).chosen == {}


def test_two_columns_chosen_for_one_name_are_joined_and_for_another_field_refused() -> None:
    rows = [{"Vorname": "Minsu", "Nachname": "Kim", "Notiz": "x"}]
    guess = guess_mapping("people", list(rows[0]), rows)
    mapping = guess.mapping({"Vorname": "name_en", "Nachname": "name_en"})
    assert mapping.joined == {"name_en": [["Vorname", "Nachname"]]} and "name_en" not in mapping.columns
    assert guess.missing_required({"name_en": "Vorname"}) == []
    with pytest.raises(ValueError, match=r"bio is chosen for two columns: 'Vorname' and 'Notiz' \(only a name "
                                         r"written in parts or a list may take several: name_en, name_ko, roles, "):
        guess.mapping({"Vorname": "bio", "Notiz": "bio"})
    again = guess_mapping("people", ["First name", "Surname"], [{"First name": "Minsu", "Surname": "Kim"}])
    kept = again.mapping({"First name": "name_en", "Surname": "name_en"})  # as suggested: its order kept
    assert kept.joined == {"name_en": [["First name", "Surname"]]}
    assert isinstance(ColumnMapping.model_validate(yaml.safe_load(again.yaml_text())), ColumnMapping)


def test_a_templates_list_field_reads_its_numbered_columns(tmp_path: Path, pipeline: LoadPipeline) -> None:
    patents = load_mapping("patents")
    header = ["출원번호", "발명의명칭", "IPC2", "IPC1", "IPC 3", "출원인"]
    assert patents.joined_columns(header) == {"ipc_codes": ("IPC1", "IPC2", "IPC 3")}
    assert "ipc_codes" not in patents.matched_columns(header)
    assert patents.joined_columns(["IPC", "IPC2"]) == {"ipc_codes": ("IPC", "IPC2")}  # its own column first
    assert patents.matched_columns(["IPC1"]) == {"ipc_codes": "IPC1"} and patents.joined_columns(["IPC1"]) == {}
    assert load_mapping("organizations").joined_columns(["회사명", "주소1", "주소2"]) == {}  # no list field
    path = tmp_path / "patents.csv"
    path.write_text("출원번호,발명의명칭,IPC1,IPC2\n10-2020-0012345,라이다 센서,G01S 7/48,\n"
                    "10-2020-0012346,광센서,H01L 31/00,미정\n", encoding="utf-8")
    summary = pipeline.load("patents", path)
    assert summary.created == 1 and summary.unread_columns == []
    assert [(r.line, r.field, r.value) for r in summary.rejects] == [
        (3, "ipc_codes (columns IPC1 + IPC2)", '["H01L 31/00", "미정"]')]


def test_a_list_written_in_several_columns_is_read_as_one_list(tmp_path: Path, pipeline: LoadPipeline) -> None:
    mapping = ColumnMapping(kind="organizations", columns={"name_ko": ["회사명"]}, lists={"technologies": [";", ","]},
                            joined={"technologies": [["기술1", "기술2", "기술3"]]})
    row = {"회사명": "(주)한빛광학", "기술1": "라이다; 광센서", "기술2": "", "기술3": "'=레이저"}
    assert mapping.apply(row, mapping.matched_columns(list(row)), mapping.joined_columns(list(row))) == {
        "name_ko": "(주)한빛광학", "technologies": ["라이다", "광센서", "=레이저"]}
    assert mapping.apply({"기술1": ["라이다"], "기술2": "광센서", "기술3": None}, {},
                         {"technologies": ("기술1", "기술2", "기술3")}) == {"technologies": ["라이다", "광센서"]}
    rows = [{"회사명": "(주)한빛광학", "키워드1": "라이다", "키워드2": "광센서"}]
    guess = guess_mapping("organizations", list(rows[0]), rows)
    chosen = guess.mapping({"키워드1": "technologies", "키워드2": "technologies"})
    assert chosen.joined == {"technologies": [["키워드1", "키워드2"]]} and "technologies" in chosen.lists
    path = tmp_path / "firms.csv"
    path.write_text("회사명,키워드1,키워드2\n(주)한빛광학,라이다,광센서\n", encoding="utf-8")
    mapping_path = tmp_path / "firms.yaml"
    mapping_path.write_text(guess.yaml_text({"키워드1": "technologies", "키워드2": "technologies"}), encoding="utf-8")
    summary = pipeline.load("organizations", path, mapping=mapping_path)
    assert summary.created == 1 and summary.unread_columns == []
    org = pipeline.store.find("Organization", "name_ko", ["(주)한빛광학"])[0]
    technologies = {n.node.id for n in pipeline.store.neighbours(org.id, edge_types=["HAS_TECHNOLOGY"])}
    assert technologies == {"tec:lidar", "tec:optical-sensor"}  # from both columns


def test_the_column_check_reads_a_lists_numbered_columns_together() -> None:
    rows = [{"회사명": "(주)한빛광학", "기술2": "광센서", "기술1": "라이다", "기술3": "", "주소1": "광주",
             "주소2": "북구"}]
    guess = guess_mapping("organizations", list(rows[0]), rows)
    assert guess.joined == {"technologies": ("기술1", "기술2", "기술3")}  # in their numbers' order
    assert guess.chosen == {"name_ko": "회사명", "region": "주소1"}  # a region is no list: 주소2 stays unread
    assert next(g for g in guess.columns if g.column == "기술3").reason == (
        "one of the columns of a list, read together: 기술1 + 기술2 + 기술3")
    papers = [{"논문명": "A study", "Keyword 1": "lidar", "Keyword 2": "laser"}]
    assert guess_mapping("publications", list(papers[0]), papers).joined == {"keywords": ("Keyword 1", "Keyword 2")}
    classes = [{"출원번호": "10-2020-0012345", "발명의명칭": "라이다", "Class 1": "G01S 7/48", "Class 2": "미정"}]
    guess = guess_mapping("patents", list(classes[0]), classes)
    assert guess.joined == {} and guess.chosen["ipc_codes"] == "Class 1"  # Class 2's values are no IPC codes
    ipc = [{"출원번호": "10-2020-0012345", "IPC1": "G01S 7/48", "IPC2": "H01L 31/00"}]
    guess = guess_mapping("patents", list(ipc[0]), ipc)  # the template reads IPC's numbered columns
    assert guess.joined == {"ipc_codes": ("IPC1", "IPC2")} and {g.source for g in guess.columns} == {"template"}
    people = [{"성명": "김민수", "전문분야": "라이다", "전문분야2": "광학"}]
    assert guess_mapping("people", list(people[0]), people).joined == {"skills": ("전문분야", "전문분야2")}


def test_a_projects_lead_and_its_other_participants_in_columns_of_their_own_are_read_together(
        tmp_path: Path, pipeline: LoadPipeline) -> None:
    projects = load_mapping("projects")
    header = ["과제명", "주관기관", "참여기관", "연구책임자", "참여연구원"]
    assert projects.joined_columns(header) == {"organizations": ("주관기관", "참여기관"),
                                               "people": ("연구책임자", "참여연구원")}
    assert projects.matched_columns(["과제명", "참여기관"]) == {"title": "과제명", "organizations": "참여기관"}
    path = tmp_path / "projects.csv"
    path.write_text("과제명,주관기관,참여기관,연구책임자,참여연구원\n"
                    "라이다 센서 개발,광주과학기술원,한국광기술원; (주)한빛광학,김민수,이서연; 박지훈\n",
                    encoding="utf-8")
    summary = pipeline.load("projects", path)
    assert summary.created >= 1 and summary.unread_columns == []
    (project,) = pipeline.store.find("Project", "title", ["라이다 센서 개발"])
    linked = {n.node.display_name() for n in pipeline.store.neighbours(project.id)}
    assert {"광주과학기술원", "한국광기술원", "(주)한빛광학", "김민수", "이서연", "박지훈"} <= linked, linked
