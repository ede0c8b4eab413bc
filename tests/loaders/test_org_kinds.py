"""The kind of organisation a bare name says it is (loaders.org_kinds), for organisations a record only names."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.schema import Organization, OrgKind
from graph.store import GraphStore
from loaders.org_kinds import has_legal_form, org_kind_from_name
from loaders.pipeline import LoadPipeline

COMPANY, UNIVERSITY, INSTITUTE = OrgKind.COMPANY, OrgKind.UNIVERSITY, OrgKind.RESEARCH_INSTITUTE
AGENCY, GOVERNMENT = OrgKind.SUPPORT_AGENCY, OrgKind.GOVERNMENT


@pytest.mark.parametrize(("name", "kind"), [
    ("SEOUL NATIONAL UNIVERSITY R&DB FOUNDATION", UNIVERSITY),
    ("전남대학교 산학협력단", UNIVERSITY),
    ("광주과학기술원", UNIVERSITY),
    ("CALIFORNIA INSTITUTE OF TECHNOLOGY", UNIVERSITY),
    ("Gwangju Institute of Science and Technology", UNIVERSITY),
    ("Korea Advanced Institute of Science and Technology", UNIVERSITY),
    ("KOREA INSTITUTE OF SCIENCE AND TECHNOLOGY", INSTITUTE),  # KIST
    ("Korea Institute of Science & Technology Information", INSTITUTE),  # KISTI
    ("The Board Of Trustees Of The University Of Illinois", UNIVERSITY),
    ("Doowon Technical College", UNIVERSITY),
    ("한국광기술원", INSTITUTE),
    ("한국전자통신연구원", INSTITUTE),
    ("KOREA ELECTRONICS TECHNOLOGY INSTITUTE", INSTITUTE),
    ("Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V.", INSTITUTE),
    ("Korea Testing Laboratory", INSTITUTE),
    ("광주테크노파크", AGENCY),
    ("한국광산업진흥회", AGENCY),
    ("중소벤처기업부", GOVERNMENT),
    ("특허청", GOVERNMENT),
    ("광주광역시", GOVERNMENT),
    ("The United States of America as represented by the Secretary of the Navy", GOVERNMENT),
    ("CHINA ELECTRIC POWER RESEARCH INSTITUTE COMPANY LIMITED", COMPANY),  # a legal form decides
    ("HRL Laboratories, LLC", COMPANY),
    ("Abbott Laboratories", COMPANY),
    ("Universal Display Corporation", COMPANY),
    ("Iowa State University Research Foundation, Inc.", UNIVERSITY),  # a university's arm, incorporated
    ("HoHai Univeristy", UNIVERSITY),
    ("Peking University Founder Group Co., Ltd.", COMPANY),  # a business the university owns
    ("경북대학교 기술지주 주식회사", COMPANY),
    ("NATIONAL APPLIED RESEARCH LABORATORIES", INSTITUTE),
    ("(주)한빛연구소", COMPANY),
    ("산와대부", COMPANY),  # a loan company, not a ministry ('…부')
    ("한빛광학", COMPANY),
    ("SRI International", COMPANY),
])
def test_a_name_says_what_kind_of_organisation_it_is(name: str, kind: OrgKind) -> None:
    assert org_kind_from_name(name) == kind


def test_a_name_that_says_nothing_keeps_the_callers_default() -> None:
    assert org_kind_from_name("한빛광학", OrgKind.UNIVERSITY) == OrgKind.UNIVERSITY
    assert org_kind_from_name("한빛광학 주식회사", OrgKind.UNIVERSITY) == OrgKind.COMPANY
    assert has_legal_form("㈜ 한빛") and has_legal_form("Hanbit Optics Co., Ltd.") and not has_legal_form("Hanbit")


def test_organisations_only_named_by_records_get_the_kind_their_names_say(graph: GraphStore, pipeline: LoadPipeline,
                                                                         tmp_path: Path) -> None:
    patents = tmp_path / "patents.csv"
    patents.write_text("application_number,title_en,ipc_codes,applicants\n"
                       "10-2020-0000001,Optical sensor,G01S,KOREA ELECTRONICS TECHNOLOGY INSTITUTE;Hanbit Co.\n",
                       encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text("name_ko,email,organization\n김연구,kim@hanbit.kr,(주)한빛광학\n이교수,lee@jnu.ac.kr,전남대학교\n",
                      encoding="utf-8")
    pipeline.load("patents", patents)
    pipeline.load("people", people)
    kinds = {o.display_name(): o.kind for o in graph.list_nodes("Organization", limit=20)
             if isinstance(o, Organization)}
    assert kinds["KOREA ELECTRONICS TECHNOLOGY INSTITUTE"] == OrgKind.RESEARCH_INSTITUTE
    assert kinds["Hanbit Co."] == OrgKind.COMPANY
    assert kinds["(주)한빛광학"] == OrgKind.COMPANY  # a researcher's organisation is not always a university
    assert kinds["전남대학교"] == OrgKind.UNIVERSITY
