"""OpenDART's company register (corpCode.xml, its zip, or a table of it): one organisation per DART code, codes
joining records across files and languages, and the register's rows joining companies loaded without codes.
The rows are real entries of the register (public data of the Korean FSS)."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from graph.errors import UnsupportedFormat
from graph.schema import Organization
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.public import load_dart
from loaders.public.dart import dart_rows

REGISTER = [  # corp_code, corp_name, corp_eng_name, stock_code
    ("00461690", "세화피앤씨", "SEWHA P&C INC.", "085980"),
    ("01169267", "세화피앤씨", "SEWHA P&C INC.", "252500"),  # one name, two companies
    ("00260985", "한빛네트", "HanbitNet, Inc.", "036720"),
    ("00434003", "다코", "", " "),  # unlisted, no English name: as the register writes it
]


def register_zip(folder: Path, rows: list[tuple[str, str, str, str]] = REGISTER) -> Path:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<result>"]
    for code, name, english, stock in rows:
        lines += ["    <list>", f"        <corp_code>{code}</corp_code>", f"        <corp_name>{name}</corp_name>",
                  f"        <corp_eng_name>{english.replace('&', '&amp;')}</corp_eng_name>",
                  f"        <stock_code>{stock}</stock_code>", "        <modify_date>20230221</modify_date>",
                  "    </list>"]
    lines.append("</result>")
    path = folder / "corpCode.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("CORPCODE.xml", "\n".join(lines))
    return path


def organization(graph: GraphStore, node_id: str) -> Organization:
    node = graph.get(node_id)
    assert isinstance(node, Organization), node_id
    return node


def test_register_zip_loads_one_organization_per_code(pipeline: LoadPipeline, graph: GraphStore,
                                                      tmp_path: Path) -> None:
    path = register_zip(tmp_path)
    [summary] = load_dart(pipeline, path)
    assert (summary.read, summary.rejected) == (4, 0)
    assert graph.count("Organization") == 4
    sewha = organization(graph, "org:dart-01169267")
    assert (sewha.name_ko, sewha.name_en, sewha.stock_code, sewha.country) == (
        "세화피앤씨", "SEWHA P&C INC.", "252500", "KR")
    unlisted = organization(graph, "org:dart-00434003")
    assert (unlisted.name_en, unlisted.stock_code) == (None, None)
    [review] = graph.list_nodes("ReviewItem")  # the namesakes are asked about, not merged
    assert {review.left_id, review.right_id} == {"org:dart-00461690", "org:dart-01169267"}  # type: ignore[attr-defined]
    [again] = load_dart(pipeline, path)
    assert again.unchanged == 4 and graph.count("Organization") == 4


def test_codes_join_a_hangul_record_and_an_english_one_and_a_known_company(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """A company loaded earlier without codes takes the register's row by its name (and keeps its id); a later
    English-only table with the same DART code, whatever its name says, lands on the same node."""
    companies = tmp_path / "companies.csv"
    companies.write_text("name_ko,region\n(주)한빛네트,광주\n", encoding="utf-8")
    pipeline.load("organizations", companies)
    [known] = graph.list_nodes("Organization")
    load_dart(pipeline, register_zip(tmp_path))
    hanbit = organization(graph, known.id)
    assert (hanbit.dart_code, hanbit.stock_code, hanbit.name_en, hanbit.region) == (
        "00260985", "036720", "HanbitNet, Inc.", "광주")
    english = tmp_path / "listed_en.csv"
    with english.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["corp_code", "corp_name_en", "stock_code"],
                                      ["260985", "Hanbit Network Corporation", "36720"]])  # Excel dropped zeros
    summary = pipeline.load("organizations", english)
    assert summary.rejected == 0 and summary.merged == 1
    assert graph.count("Organization") == 4
    [merge] = [m for m in graph.list_nodes("MergeRecord") if m.method == "dart_code"]  # type: ignore[attr-defined]
    assert merge.kept_id == known.id  # type: ignore[attr-defined]
    assert "Hanbit Network Corporation" in organization(graph, known.id).names()


def test_two_codes_of_one_registry_never_merge_however_alike_the_names(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["corp_code", "corp_name_ko", "corp_name_en"],
                                      ["00116356", "동성화학", "DONGSUNG CHEMICAL CO.,LTD"],
                                      ["00679314", "동성케미컬", "DONGSUNG CHEMICAL Co., Ltd."]])
    summary = pipeline.load("organizations", path)
    assert (summary.created, summary.merged, summary.review, summary.rejected) == (1, 0, 1, 0)
    assert graph.count("Organization") == 2


def test_register_rows_keep_their_lines_and_bad_codes_are_rejected_by_line(pipeline: LoadPipeline,
                                                                            tmp_path: Path) -> None:
    path = register_zip(tmp_path, [*REGISTER[:2], ("0046169X", "오류기업", "", "")])
    rows = dart_rows(path)
    assert [r.line for r in rows] == [3, 10, 17]
    assert rows[0].record_id == "corpCode.zip:00461690"
    [summary] = load_dart(pipeline, path, dry_run=True)
    [reject] = summary.rejects
    assert (reject.line, reject.field, reject.value) == (17, "dart_code", "0046169X")


def test_files_that_are_not_the_register_are_named(tmp_path: Path) -> None:
    (tmp_path / "other.xml").write_text("<result><item><name>x</name></item></result>", encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match=r"other.xml: not an OpenDART company register: no <list>"):
        dart_rows(tmp_path / "other.xml")
    (tmp_path / "broken.xml").write_text("<result><list>", encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match="broken.xml: not well-formed XML"):
        dart_rows(tmp_path / "broken.xml")
    (tmp_path / "fake.zip").write_bytes(b"not a zip")
    with pytest.raises(UnsupportedFormat, match="fake.zip: not a zip file"):
        dart_rows(tmp_path / "fake.zip")
    with zipfile.ZipFile(tmp_path / "empty.zip", "w") as archive:
        archive.writestr("readme.txt", "nothing")
    with pytest.raises(UnsupportedFormat, match=r"empty.zip: expected one XML file \(CORPCODE.xml\)"):
        dart_rows(tmp_path / "empty.zip")


def test_records_name_a_company_by_its_register_codes(pipeline: LoadPipeline, graph: GraphStore,
                                                      tmp_path: Path) -> None:
    load_dart(pipeline, register_zip(tmp_path))
    people = tmp_path / "people.csv"
    people.write_text("name_ko,organization\n김하늘,krx:036720\n이바다,dart:00434003\n박구름,dart:99999999\n",
                      encoding="utf-8")
    summary = pipeline.load("people", people)
    [reject] = summary.rejects
    assert (reject.line, reject.field, reject.reason) == (4, "organization", "no organization has dart code 99999999")
    employers = {n.node.id for p in graph.list_nodes("Person")
                 for n in graph.neighbours(p.id, edge_types=["AFFILIATED_WITH"], direction="out")}
    assert employers == {"org:dart-00260985", "org:dart-00434003"}
    assert graph.count("Organization") == 4  # no stub named 'dart:99999999'
