"""Public formats: the PatentsView inventor resolver, and PatentsView / PATSTAT files through the pipeline."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from graph.errors import UnsupportedFormat
from graph.schema import Organization
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.evaluation import source_clusters
from loaders.public import load_patentsview, load_patstat, patstat_name
from loaders.public.patentsview import InventorResolver, mention_features, read_mentions, records
from tests.loaders.conftest import SAMPLE

PATENTSVIEW_SLICE = SAMPLE / "patentsview_gwangju.parquet"


KOREAN_SURNAMES = {"lee", "kim", "park"}


def features(rows: list[tuple[str, str, str, list[str], list[str], str]]) -> pd.DataFrame:
    """Mention features: (id, family, given (words space-separated), co-inventors, assignees, city)."""
    return pd.DataFrame([{"unique_id": i, "family": fam, "given": given.replace(" ", ""),
                          "given_tokens": tuple(given.split()), "korean_surname": fam in KOREAN_SURNAMES,
                          "coinventors": co, "assignees": asg, "cpc": [], "city": city}
                         for i, fam, given, co, asg, city in rows])


def test_same_name_with_shared_evidence_is_one_inventor() -> None:
    clusters = InventorResolver().resolve(features([
        ("a", "lee", "seungyun", ["hkim"], ["etri"], "daejeon"),
        ("b", "lee", "seungyun", ["hkim"], ["etri"], "daejeon"),
        ("c", "park", "jiwon", [], [], "gwangju"),
    ]))
    assert clusters["a"] == clusters["b"] != clusters["c"]


def test_common_name_without_evidence_stays_apart() -> None:
    rows = [(f"m{i}", "kim", "jihoon", [f"x{i}"], [f"org{i}"], f"city{i}") for i in range(30)]
    clusters = InventorResolver().resolve(features(rows))
    assert len(set(clusters.values())) == 30


def test_variant_spellings_do_not_chain_through_a_dense_block() -> None:
    shared = (["hkim", "jpark"], ["etri"], "daejeon")
    rows = [(f"{given}{i}", "smith", given, *shared) for given in ("johnathan", "jonathan", "jonathon", "jonothan")
            for i in range(2)]
    clusters = InventorResolver().resolve(features(rows))
    spellings_per_person: dict[str, set[str]] = {}
    for mention, cluster in clusters.items():
        spellings_per_person.setdefault(cluster, set()).add(mention.rstrip("0123456789"))
    assert max(len(s) for s in spellings_per_person.values()) == 3


def test_korean_given_names_a_syllable_apart_are_different_people() -> None:
    shared = (["hkim", "jpark"], ["samsungelectronics"], "suwon")
    rows = [(f"{given}{i}", "lee", given, *shared) for given in ("seungbeom", "seungbok", "seunghoon", "seunghun")
            for i in range(2)]
    clusters = InventorResolver().resolve(features(rows))
    assert clusters["seungbeom0"] != clusters["seungbok0"]  # Jaro-Winkler 0.95, but another name
    assert clusters["seunghoon0"] == clusters["seunghun1"]  # one name, two romanisations


def test_middle_name_or_initial_joins_the_same_first_name() -> None:
    shared = (["akim"], ["stanford"], "paloalto")
    clusters = InventorResolver().resolve(features([
        ("a", "horowitz", "mark", *shared), ("b", "horowitz", "mark alan", *shared),
        ("c", "horowitz", "mark a", *shared), ("d", "horowitz", "marko", [], ["other"], "berlin"),
    ]))
    assert clusters["a"] == clusters["b"] == clusters["c"] != clusters["d"]


def test_patentsview_slice_loads_resolved_and_idempotent(pipeline: LoadPipeline, graph: GraphStore) -> None:
    mentions = read_mentions(PATENTSVIEW_SLICE)
    people, patents = load_patentsview(pipeline, PATENTSVIEW_SLICE)
    assert patents.rejected == people.rejected == 0
    assert patents.created == mentions["patent_id"].nunique() == graph.count("Patent")
    assert 40 <= people.created < len(mentions)  # inventors with many patents became one person each
    assert graph.count_edges()["INVENTED"] == len(mentions)
    etri = [o for o in graph.list_nodes("Organization", limit=500)
            if o.name_en and "telecommunications research" in o.name_en.lower()]
    # case, 'Inst.', 'Institue' and 'Instutute' resolve to one applicant, and so does 'Research and Instittute'
    # ('and' is a noise word as '&' is; what is left is a long name one typo apart)
    assert len(etri) == 1
    again = load_patentsview(pipeline, PATENTSVIEW_SLICE)
    assert [s.unchanged for s in again] == [people.created, patents.created]
    exported = source_clusters(graph, ("Person",))  # what `innolink resolve --export` writes
    mention_of = {f"{PATENTSVIEW_SLICE.name}:{m}": m for m in mentions["mention_id"]}
    assert set(mention_of) <= set(exported)  # every mention, not only each person's first
    clusters = InventorResolver().resolve(mention_features(records(mentions), pipeline.normalizer))
    same_person = {(clusters[mention_of[a]] == clusters[mention_of[b]], exported[a] == exported[b])
                   for a in mention_of for b in list(mention_of)[:40]}
    assert same_person == {(True, True), (False, False)}


def test_a_patentsview_slice_with_only_the_core_columns_loads(pipeline: LoadPipeline, graph: GraphStore,
                                                               tmp_path: Path) -> None:
    """Exported without co-inventors, CPC, assignees or dates: the patents and their inventors still load."""
    from loaders.public.patentsview import REQUIRED

    bare = tmp_path / "bare.parquet"
    pd.read_parquet(PATENTSVIEW_SLICE, columns=REQUIRED).head(60).to_parquet(bare)
    people, patents = load_patentsview(pipeline, bare)
    assert people.rejected == patents.rejected == 0
    assert patents.created == pd.read_parquet(bare)["patent_id"].nunique() == graph.count("Patent")
    assert people.created > 0 and graph.count_edges()["INVENTED"] == 60


def test_patstat_applicant_spellings_resolve_to_one_organization(pipeline: LoadPipeline, graph: GraphStore,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "patstat.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person_id", "Name", "Coauthor", "Class", "Lat", "Lng"])
        writer.writerow(["1", "KONINKLIJKE PHILIPS ELECTRONICS N.V.", "", "H01L**G02B", "0", "0"])
        writer.writerow(["2", "Koninklijke Philips Electronics NV", "", "H01L", "0", "0"])
        writer.writerow(["3", "AKZO NOBEL N.V.", "", "C08G", "0", "0"])
        # the file's cleaned names come with their words sorted: N.V. / B.V. leave a 'V' (and a 'B') anywhere
        writer.writerow(["4", "AKZO NOBEL V", "", "", "0", "0"])
        writer.writerow(["5", "B GLOBAL HITACHI NETHERLANDS STORAGE TECHNOLOGIES V", "", "", "0", "0"])
        writer.writerow(["6", "GLOBAL HITACHI NETHERLANDS STORAGE TECHNOLOGIES", "", "", "0", "0"])
        writer.writerow(["7", "TECHNISCHE UNIVERSITEIT DELFT", "", "G01N", "0", "0"])
    [summary] = load_patstat(pipeline, path)
    assert summary.read == 7 and summary.rejected == 0
    assert graph.count("Organization") == 4
    kinds = {o.display_name(): o.kind for o in graph.list_nodes("Organization") if isinstance(o, Organization)}
    assert kinds["TECHNISCHE UNIVERSITEIT DELFT"] == "university" and kinds["AKZO NOBEL"] == "company"


def test_patstat_names_lose_their_legal_form_remnants_wherever_they_are() -> None:
    assert patstat_name("B GLOBAL HITACHI NETHERLANDS STORAGE TECHNOLOGIES V") == (
        "GLOBAL HITACHI NETHERLANDS STORAGE TECHNOLOGIES")
    assert patstat_name("DSM NV") == patstat_name("DSM V") == "DSM"
    assert patstat_name("ASSETAB DSM IP") == "ASSETAB DSM IP"  # other short words stay (IP, ST, NL)
    assert patstat_name(" V ") == "V"  # nothing else: the name stays as it was


def test_a_patstat_file_saved_with_semicolons_in_cp949_loads_with_its_line_numbers(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """Where ',' is the decimal mark, Excel saves a CSV with ';' between cells; names keep their commas."""
    path = tmp_path / "applicants.csv"
    path.write_bytes("person_id;Name;Class\n7;PHILIPS, N.V. 필립스;H01L\n\n9;;G02B\n".encode("cp949"))
    [summary] = load_patstat(pipeline, path)
    assert (summary.read, summary.created, summary.rejected) == (2, 1, 1)
    [reject] = summary.rejects
    assert reject.line == 4 and "needs name_ko or name_en" in reject.reason
    [node] = graph.list_nodes("Organization")
    assert node.source_record_id == "applicants.csv:7" and node.name_en == "PHILIPS, N.V. 필립스"  # type: ignore[attr-defined]
    assert node.country is None  # type: ignore[attr-defined]  # the file does not say where an applicant is


def test_patstat_classes_are_technologies_that_back_a_misspelt_name(pipeline: LoadPipeline, graph: GraphStore,
                                                                    tmp_path: Path) -> None:
    """'UNILVER' is a fuzzy match of 'UNILEVER' (ratio 93.3): merged when they share an IPC class, even when
    the first spelling was loaded earlier (its classes then come from the store); reviewed when they share none."""
    header = ["person_id", "Name", "Coauthor", "Class", "Lat", "Lng"]
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    for path, rows in ((first, [["1", "UNILEVER", "", "A23L**C11D", "0", "0"]]),
                       (second, [["2", "UNILVER", "", "C11D", "0", "0"],
                                 ["3", "AKZO NOBEL", "", "C08G", "0", "0"],
                                 ["4", "AKZO NOBLE", "", "A61K", "0", "0"]])):
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    load_patstat(pipeline, first)
    assert {n.node.id for n in graph.neighbours("org:unilever", edge_types=["HAS_TECHNOLOGY"])} == {
        "tec:ipc-A23L", "tec:ipc-C11D"}
    [summary] = load_patstat(pipeline, second)
    assert (summary.merged, summary.review, summary.created) == (1, 1, 1)
    [merge] = graph.list_nodes("MergeRecord")
    evidence = json.loads(merge.evidence)  # type: ignore[attr-defined]
    assert merge.kept_id == "org:unilever" and evidence["supporting"] == ["technology"]  # type: ignore[attr-defined]
    assert evidence["shared_technologies"] == ["tec:ipc-C11D"]
    [review] = graph.list_nodes("ReviewItem")
    assert {review.left_id, review.right_id} == {"org:akzonobel", "org:akzonoble"}  # type: ignore[attr-defined]


def test_later_rows_of_a_spelling_back_its_first(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """The first 'UNILVER' row carries no class; the next one does. Both make one node, so the class backs the
    first row's near match too, and the spelling joins UNILEVER instead of waiting in review."""
    header = ["person_id", "Name", "Coauthor", "Class", "Lat", "Lng"]
    path = tmp_path / "applicants.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows([header, ["1", "UNILEVER", "", "C11D", "0", "0"], ["2", "UNILVER", "", "", "0", "0"],
                          ["3", "UNILVER", "", "C11D", "0", "0"]])
    [summary] = load_patstat(pipeline, path)
    assert (summary.created, summary.merged, summary.review) == (1, 2, 0)
    assert [n.id for n in graph.list_nodes("Organization")] == ["org:unilever"]


def test_files_that_are_not_the_public_format_are_named(pipeline: LoadPipeline, tmp_path: Path) -> None:
    other = tmp_path / "mentions.parquet"
    pd.DataFrame({"patent_id": ["1"], "name": ["x"]}).to_parquet(other)
    with pytest.raises(UnsupportedFormat, match=r"mentions.parquet: not a PatentsView .* no columns \['mention_id'"):
        load_patentsview(pipeline, other)
    (tmp_path / "noise.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(UnsupportedFormat, match="noise.parquet: not a readable Parquet file"):
        load_patentsview(pipeline, tmp_path / "noise.parquet")
    (tmp_path / "applicants.csv").write_text("person_id,Applicant\n1,Philips\n", encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match="applicants.csv: not a PATSTAT applicant file: no 'Name' column"):
        load_patstat(pipeline, tmp_path / "applicants.csv")
