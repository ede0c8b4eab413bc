"""Organisations named in one script only, paired with the other script's by their names' letters
(loaders.script_pairs, OrganizationIndex.letter_pairs, the pass after a load)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.schema import LoadRun, ReviewItem
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.curation import undo_run
from loaders.evidence_text import EvidenceReader
from loaders.run_summary import reading_note
from loaders.script_pairs import closest_across_scripts
from tests.loaders.test_pipeline import write


def test_a_pair_is_each_the_other_s_closest_and_clear_of_the_next() -> None:
    candidates = {"org:cm": ["cmerchantmarine"], "org:qm": ["quantamatrix"], "org:ho": ["hanbitoptics"]}
    found = closest_across_scripts({"org:a": ["ssiaensangseon", "cnmerchantmarine"]}, candidates)
    assert [(p.record, p.candidate, p.key, p.candidate_key) for p in found] == [
        ("org:a", "org:cm", "cnmerchantmarine", "cmerchantmarine")]
    assert 0.3 <= found[0].score < 1
    # a closer query takes the candidate: the other is not paired with it
    two = {"org:a": ["cnmerchantmarine"], "org:b": ["cmerchantmarine"]}
    assert [(p.record, p.candidate) for p in closest_across_scripts(two, candidates)] == [("org:b", "org:cm")]
    # two candidates alike: neither is clear of the other
    alike = {"org:x": ["hanbitoptics"], "org:y": ["hanbitoptic"]}
    assert closest_across_scripts({"org:a": ["hanbitoptiks"]}, alike) == []
    assert closest_across_scripts({"org:a": ["hanbitoptiks"]}, alike, margin=0.0) != []


def test_short_or_missing_keys_pair_nothing() -> None:
    assert closest_across_scripts({"org:a": ["sbs"]}, {"org:b": ["sbs"]}) == []  # three letters: too many names
    assert closest_across_scripts({"org:a": []}, {"org:b": ["hanbit"]}) == []
    assert closest_across_scripts({}, {"org:b": ["hanbit"]}) == closest_across_scripts({"org:a": ["x"]}, {}) == []


def test_a_load_sends_names_closest_across_scripts_to_review(pipeline: LoadPipeline, graph: GraphStore,
                                                            tmp_path: Path) -> None:
    """Hangul names, then English names (DART's): 씨앤상선 and C&MERCHANT MARINE share letters, not sounds, and go to
    review once the English file is loaded; 한빛광학 meets Hanbit Optics by name (merged, not paired); nothing is
    paired twice on a re-load, and undoing the load takes its pairs back."""
    hangul = write(tmp_path / "names_ko.csv", ["name_ko"], [["씨앤상선"], ["퀀타매트릭스"], ["한빛광학"]])
    english = write(tmp_path / "names_en.csv", ["name_en"], [["C&MERCHANT MARINE CO.,LTD"], ["Hanbit Optics Co., Ltd."],
                                                             ["QuantaMatrix Incorporated"], ["Zeta Holdings"]])
    assert pipeline.load("organizations", hangul).review_items == []
    summary = pipeline.load("organizations", english)
    reviews = [r for chunk in graph.stream_nodes("ReviewItem") for r in chunk if isinstance(r, ReviewItem)]
    pairs = {frozenset((r.left_id, r.right_id)): r for r in reviews}
    assert set(pairs) == {frozenset(("org:씨앤상선", "org:cmerchantmarine")),
                          frozenset(("org:퀀타매트릭스", "org:quantamatrix"))}, pairs
    assert {r.id for r in summary.review_items} == {r.id for r in reviews}
    item = pairs[frozenset(("org:씨앤상선", "org:cmerchantmarine"))]
    assert (item.left_id, item.source, item.source_record_id) == ("org:씨앤상선", "names_en.csv", "names_en.csv:2")
    evidence = json.loads(item.evidence)
    assert evidence["closest_across_scripts"] and evidence["candidate_key"] != evidence["name_key"]
    assert "closest name in the other script" in " ".join(EvidenceReader("en").lines(evidence))
    pipeline.skip_unchanged = False
    again = pipeline.load("organizations", english)
    assert again.review_items == [] and graph.count("ReviewItem") == 2
    undo_run(graph, again.run_id)
    undo_run(graph, summary.run_id)
    assert graph.count("ReviewItem") == 0


def test_names_numbered_otherwise_or_registered_otherwise_are_not_paired() -> None:
    from loaders.normalize import NameNormalizer
    from loaders.resolution import OrganizationIndex

    index = OrganizationIndex(NameNormalizer())
    index.add("org:spac13", ["디비금융제13호스팩"], None, None, None)
    index.add("org:spac23", ["DB Finance No.23 Special Purpose Acquisition Co., Ltd."], None, None, None)
    index.add("org:cm-ko", ["씨앤상선"], "1234567891", None, None)
    index.add("org:cm-en", ["C&MERCHANT MARINE CO.,LTD"], "2208162517", None, None)
    assert index.letter_pairs(["org:spac23", "org:cm-en"], set()) == []
    index.add("org:spac23b", ["DB Finance No.13 Special Purpose Acquisition Co., Ltd."], None, None, None)
    [pair] = index.letter_pairs(["org:spac23b"], set())
    assert (pair.node_id, pair.review_with) == ("org:spac23b", "org:spac13")
    assert index.letter_pairs(["org:spac23b"], {frozenset(("org:spac23b", "org:x"))}) == []  # in review already


def test_a_load_with_too_many_names_to_compare_says_so(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("loaders.org_index.NGRAM_BUDGET", 3)
    pipeline.load("organizations", write(tmp_path / "ko.csv", ["name_ko"], [["씨앤상선"], ["퀀타매트릭스"]]))
    summary = pipeline.load("organizations", write(tmp_path / "en.csv", ["name_en"], [["C&MERCHANT MARINE CO.,LTD"]]))
    assert summary.review_items == [] and graph.count("ReviewItem") == 0
    assert "not paired across scripts by their letters" in (reading_note(summary) or "")
    run = graph.get(summary.run_id)
    assert isinstance(run, LoadRun) and "too many names" in (run.message or "")
