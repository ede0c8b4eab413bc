"""A company's plant or branch named as a company: paired with the company for review, never merged on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.schema import Organization, ReviewItem
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.curation import approve_review
from loaders.evidence_text import EvidenceReader
from loaders.normalize import NameNormalizer
from loaders.org_index import OrganizationIndex
from loaders.sites import split_site
from tests.loaders.test_pipeline import write


@pytest.mark.parametrize(("name", "company", "site", "region"), [
    ("삼성전자 광주사업장", "삼성전자", "광주사업장", "광주"),
    ("삼성전자광주사업장", "삼성전자", "광주사업장", "광주"),  # written without a space
    ("(주)한빛광학 나주공장", "(주)한빛광학", "나주공장", "전남"),
    ("한국전력공사 광주전남본부", "한국전력공사", "광주전남본부", "광주"),  # two places written together
    ("Hanbit Optics Co., Ltd. Gwangju Branch", "Hanbit Optics Co., Ltd.", "Gwangju Branch", "광주"),
])
def test_a_site_name_is_a_company_a_place_and_a_site_word(name: str, company: str, site: str, region: str) -> None:
    found = split_site(name)
    assert found is not None and (found.company, found.site, found.region) == (company, site, region)


@pytest.mark.parametrize("name", ["광주과학기술원", "광주테크노파크", "광주사업장", "빛고을센터", "기아 오토랜드 광주",
                                  "한국광기술원 나노광전연구센터", "Gwangju Branch", "GIST Central Office"])
def test_names_that_are_not_a_company_s_site(name: str) -> None:
    assert split_site(name) is None


def test_a_site_and_its_company_are_paired_whichever_comes_first() -> None:
    normalizer = NameNormalizer()
    index = OrganizationIndex(normalizer)
    index.add("org:삼성전자", ["삼성전자", "Samsung Electronics Co., Ltd."], None, None, None)
    site = index.resolve(Organization(id="org:x", name_ko="삼성전자(주) 광주사업장"))
    assert (site.node_id, site.review_with, site.review_evidence) == (
        "org:삼성전자광주사업장", "org:삼성전자", {"site": "광주사업장", "company": "org:삼성전자"})
    later = OrganizationIndex(normalizer)
    later.add("org:site", ["금호타이어 광주공장"], None, None, None)
    company = later.resolve(Organization(id="org:y", name_ko="금호타이어(주)"))
    assert (company.review_with, company.review_keeps_record) == ("org:site", True)
    other = later.resolve(Organization(id="org:z", name_ko="금호석유화학"))
    assert other.review_with is None


def test_approving_a_site_keeps_the_company(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    header = ["name_ko", "region"]
    pipeline.load("organizations", write(tmp_path / "a.csv", header, [["금호타이어 광주공장", "광주"]]))
    summary = pipeline.load("organizations", write(tmp_path / "b.csv", header, [["금호타이어", "광주"]]))
    assert summary.review == 1 and graph.count("Organization") == 2
    [item] = [i for i in graph.list_nodes("ReviewItem") if isinstance(i, ReviewItem)]
    assert (item.left_id, item.right_id) == ("org:금호타이어", "org:금호타이어광주공장")  # the company is kept
    names = {"org:금호타이어": "금호타이어"}
    assert EvidenceReader("en", names).lines(item.evidence) == ["'광주공장' looks like a site or branch of 금호타이어"]
    approve_review(graph, item.id)
    kept = graph.get("org:금호타이어")
    assert isinstance(kept, Organization) and "금호타이어 광주공장" in kept.names()
    assert json.loads(item.evidence)["site"] == "광주공장"


def test_a_site_s_place_is_its_region_when_the_record_gives_none(pipeline: LoadPipeline, graph: GraphStore,
                                                                 tmp_path: Path) -> None:
    """금호타이어 광주공장 is in 광주 and Hanbit Optics Naju Plant in 전남, whether a company row or a person's
    organisation names it; a region the row gives is kept."""
    header = ["name_ko", "name_en", "region"]
    pipeline.load("organizations", write(tmp_path / "a.csv", header, [["금호타이어 광주공장", "", ""],
                                                                    ["", "Hanbit Optics Naju Plant", ""],
                                                                    ["한빛광학 서울지점", "", "경기"]]))
    people = write(tmp_path / "p.csv", ["name_ko", "organization"], [["김민수", "삼성전자 광주사업장"]])
    pipeline.load("people", people)
    regions = {o.display_name(): o.region for chunk in graph.stream_nodes("Organization") for o in chunk
               if isinstance(o, Organization)}
    assert regions == {"금호타이어 광주공장": "광주", "Hanbit Optics Naju Plant": "전남", "한빛광학 서울지점": "경기",
                       "삼성전자 광주사업장": "광주"}
