"""The corporate registration number (법인등록번호): checked, an exact key for organisations like the business
number, read from DART's company overview (jurir_no), found by search."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.schema import MergeRecord, Organization
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders import validators as v
from matcher.search import SearchIndex


@pytest.mark.parametrize(("raw", "expected"), [("110111-2487050", "1101112487050"), ("130111-0006246", "1301110006246"),
                                               ("1101112487050", "1101112487050"), ("110111 2487050", "1101112487050")])
def test_corporate_numbers(raw: str, expected: str) -> None:
    assert v.corporate_number(raw) == expected


@pytest.mark.parametrize(("bad", "reason"), [("110111-2487051", "fails its check digit"),
                                             ("110111-248705", "must have 13 digits"),
                                             ("110111-24870a0", "must have 13 digits")])
def test_corporate_numbers_refused(bad: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        v.corporate_number(bad)


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_the_number_joins_a_hangul_row_and_an_english_one(pipeline: LoadPipeline, graph: GraphStore,
                                                           tmp_path: Path) -> None:
    hangul = _write(tmp_path / "기업.csv", [["기업명", "법인등록번호", "소재지"],
                                          ["엘지전자(주)", "110111-2487050", "서울"],
                                          ["새빛전자", "110111-2487051", "광주"]])
    first = pipeline.load("organizations", hangul)
    assert (first.created, first.rejected) == (1, 1)
    [reject] = first.rejects
    assert (reject.line, reject.field) == (3, "corporate_number (column 법인등록번호)")
    assert reject.reason == "corporate registration number '110111-2487051' fails its check digit"
    overview = _write(tmp_path / "company.csv", [  # a table of OpenDART's company overviews (기업개황)
        ["corp_code", "corp_name_eng", "jurir_no", "bizr_no", "adres", "hm_url", "est_dt", "induty_code"],
        ["00401731", "LG ELECTRONICS INC.", "1101112487050", "1078614075", "서울특별시 영등포구 여의대로 128",
         "www.lge.co.kr", "20020401", "264"]])
    second = pipeline.load("organizations", overview)
    assert (second.created, second.merged, second.rejected) == (0, 1, 0)
    [org] = graph.list_nodes("Organization")
    assert isinstance(org, Organization)
    assert org.id == "org:crn-1101112487050"
    assert (org.name_ko, org.name_en, org.corporate_number, org.business_number, org.dart_code, org.founded_year,
            org.homepage, org.ksic_code) == ("엘지전자(주)", "LG ELECTRONICS INC.", "1101112487050", "1078614075",
                                             "00401731", 2002, "www.lge.co.kr", "264")
    [merge] = graph.list_nodes("MergeRecord")
    assert isinstance(merge, MergeRecord) and merge.method == "corporate_number"
    index = SearchIndex.build(graph)
    for number in ("110111-2487050", "00401731", "107-86-14075"):  # its corporate and business numbers, DART code
        assert index.search(number).hits[0][0].id == org.id, number


def test_two_corporate_numbers_keep_two_companies_of_one_name_apart(pipeline: LoadPipeline, graph: GraphStore,
                                                                    tmp_path: Path) -> None:
    path = _write(tmp_path / "two.csv", [["기업명", "법인등록번호"], ["(주)동성", "110111-2487050"],
                                         ["(주)동성", "130111-0006246"]])
    summary = pipeline.load("organizations", path)
    assert (summary.created, summary.merged, summary.review) == (1, 0, 1)  # the second made, and paired for review
    assert graph.count("Organization") == 2


def test_a_link_file_names_a_company_by_its_corporate_number(pipeline: LoadPipeline, graph: GraphStore,
                                                              tmp_path: Path) -> None:
    pipeline.load("organizations", _write(tmp_path / "기업.csv", [["기업명", "법인등록번호"],
                                                                  ["엘지전자(주)", "110111-2487050"]]))
    affiliations = _write(tmp_path / "affiliations.csv", [["person", "organization", "title"],
                                                          ["김민수", "110111-2487050", "책임연구원"],
                                                          ["이서연", "1101112487051", "선임연구원"]])
    summary = pipeline.load("affiliations", affiliations)
    assert (summary.rejected, summary.rejects[0].line, summary.rejects[0].field) == (1, 3, "organization")
    assert "fails its check digit" in summary.rejects[0].reason
    [(_, organization)] = [row for chunk in graph.stream_edges("AFFILIATED_WITH") for row in chunk]
    assert organization == "org:crn-1101112487050"
