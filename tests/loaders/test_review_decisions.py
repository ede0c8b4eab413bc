"""Deciding review pairs: one after another when they share a node, and many at once from a file (both backends)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.errors import Conflict, MappingError
from graph.schema import Organization, ReviewItem
from graph.store import GraphStore
from loaders.curation import approve_review, current_id, undo_merge, write_review_report
from loaders.evidence_text import EvidenceReader
from loaders.review_decisions import apply_decisions, parse_decision, read_decisions


def _three_with_reviews(graph: GraphStore) -> list[ReviewItem]:
    """한빛광학 / Hanbit Optics / Hanbit Optical, and the three pairs among them, as loads raise them."""
    graph.upsert_nodes([Organization(id="org:a", name_ko="한빛광학"), Organization(id="org:b", name_en="Hanbit Optics"),
                        Organization(id="org:c", name_en="Hanbit Optical")])
    items = [ReviewItem(id=f"rev:{left[-1]}{right[-1]}", left_id=left, right_id=right, node_label="Organization",
                        score=score, evidence=json.dumps({"ratio": score * 100}))
             for left, right, score in (("org:a", "org:b", 0.9), ("org:b", "org:c", 0.88), ("org:a", "org:c", 0.86))]
    graph.upsert_nodes(items)
    return items


def test_pairs_sharing_a_node_can_be_approved_one_after_another(graph: GraphStore) -> None:
    ab, bc, ac = _three_with_reviews(graph)
    first = approve_review(graph, ab.id)
    holder, merges = current_id(graph, "org:b")
    assert graph.get("org:b") is None and (holder, [m.id for m in merges]) == ("org:a", [first.id])
    second = approve_review(graph, bc.id)  # org:b is now part of org:a: org:c joins org:a
    assert (second.kept_id, second.merged_id) == ("org:a", "org:c") and graph.count("Organization") == 1
    assert json.loads(second.evidence)["merged_since"] == {"org:b": "org:a"}
    assert any("org:b → " in line for line in EvidenceReader("en", {}).lines(second.evidence))
    third = approve_review(graph, ac.id)  # already one node: closed, and the merge that joined them returned
    assert third.id == second.id and graph.count("MergeRecord") == 2
    assert {r.status for r in graph.list_nodes("ReviewItem")} == {"approved"}
    with pytest.raises(Conflict, match="undo mrg:review-bc first"):
        undo_merge(graph, first.id)  # the node would lose what the later merge brought
    undo_merge(graph, second.id)  # the latest first
    assert graph.get("org:c") is not None and current_id(graph, "org:c")[0] == "org:c"
    undo_merge(graph, first.id)  # then the earlier one
    assert graph.count("Organization") == 3


def _decisions(tmp_path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / "decisions.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["review_id", "decision", "left_name"])
        writer.writerows(rows)
    return path


def test_a_decisions_file_applies_its_good_rows_and_names_every_bad_one(graph: GraphStore, tmp_path: Path) -> None:
    ab, bc, ac = _three_with_reviews(graph)
    path = _decisions(tmp_path, [[ab.id, "승인", "한빛광학"], [bc.id, "", "Hanbit Optics"], [ac.id, "maybe", "x"],
                                 ["rev:nope", "approve", "x"], [ab.id, "reject", "again, otherwise"]], "cp949")
    decisions = read_decisions(path)
    assert [line for line, _, _ in decisions] == [2, 3, 4, 5, 6]
    dry = apply_decisions(graph, decisions, dry_run=True)
    assert (dry.approved, graph.count("Organization"), graph.count("MergeRecord")) == ([ab.id], 3, 0)
    report = apply_decisions(graph, decisions, decided_by="tester")
    assert (report.approved, report.rejected, report.blank, report.unchanged) == ([ab.id], [], 1, 0)
    assert [(p.line, p.field) for p in report.problems] == [(4, "decision"), (5, "review_id"), (6, "decision")]
    assert "line 2" in report.problems[2].reason
    assert graph.count("Organization") == 2 and graph.get(ac.id).status == "open"  # type: ignore[union-attr]
    again = apply_decisions(graph, decisions, decided_by="tester")  # the same file twice changes nothing more
    assert (again.approved, again.unchanged, graph.count("MergeRecord")) == ([], 1, 1)


def test_the_review_report_is_the_decisions_file(graph: GraphStore, tmp_path: Path) -> None:
    items = _three_with_reviews(graph)
    report = write_review_report(graph, items, tmp_path / "review.csv")
    with report.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["decision"] for r in rows] == ["", "", ""]  # blank, for the administrator
    rows[0]["decision"], rows[1]["decision"] = "approve", "reject"
    with report.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    done = apply_decisions(graph, read_decisions(report))
    assert (len(done.approved), len(done.rejected), done.blank, done.problems) == (1, 1, 1, [])


def test_decision_words_and_files_without_the_columns() -> None:
    assert [parse_decision(w) for w in ("Approve", " 병합 ", "y", "거절", "keep  apart", "", None)] == [
        "approve", "approve", "approve", "reject", "reject", None, None]
    with pytest.raises(ValueError):
        parse_decision("perhaps")


def test_a_file_without_a_decision_column_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,name\nrev:x,y\n", encoding="utf-8")
    with pytest.raises(MappingError, match="'decision' column.*\\['id', 'name'\\]"):
        read_decisions(path)
