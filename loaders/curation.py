"""What administrators do after a load: decide review items, undo merges, undo a whole load run."""

from __future__ import annotations

import csv
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

from graph.errors import Conflict, NotFound
from graph.schema import LoadRun, MergeRecord, ReviewItem, node_from_props
from graph.store import GraphStore, MergeOutcome
from loaders.evidence_text import EvidenceReader, named_ids


def _get(store: GraphStore, node_id: str, cls: type) -> object:
    node = store.get(node_id)
    if not isinstance(node, cls):
        raise NotFound(cls.__name__, node_id)
    return node


def approve_review(store: GraphStore, review_id: str, *, decided_by: str | None = None) -> MergeRecord:
    """Merge the pair of a review item (the right node into the left) and record the merge."""
    item = _get(store, review_id, ReviewItem)
    assert isinstance(item, ReviewItem)
    if item.status != "open":
        raise Conflict(f"review item {review_id} is already {item.status}", id=review_id)
    now = datetime.now(UTC)
    with store.transaction() as tx:
        outcome = tx.merge_into(item.left_id, item.right_id)
        record = MergeRecord(
            id=f"mrg:review-{review_id.partition(':')[2]}", kept_id=item.left_id, merged_id=item.right_id,
            node_label=item.node_label, method="review", score=item.score,
            evidence=json.dumps({**json.loads(item.evidence), "approved_by": decided_by}, ensure_ascii=False),
            snapshot=outcome.model_dump_json(), run_id=item.run_id, created_at=now, source="review",
            source_record_id=review_id,
        )
        tx.upsert_nodes([record, item.model_copy(update={"status": "approved", "decided_at": now})])
    return record


def reject_review(store: GraphStore, review_id: str) -> ReviewItem:
    """Keep the pair apart; later loads will not raise it again."""
    item = _get(store, review_id, ReviewItem)
    assert isinstance(item, ReviewItem)
    if item.status != "open":
        raise Conflict(f"review item {review_id} is already {item.status}", id=review_id)
    decided = item.model_copy(update={"status": "rejected", "decided_at": datetime.now(UTC)})
    store.upsert_nodes([decided])
    return decided


def undo_merge(store: GraphStore, merge_id: str) -> MergeRecord:
    """Split a merged node back into the two it was made of (relationships restored as they were)."""
    record = _get(store, merge_id, MergeRecord)
    assert isinstance(record, MergeRecord)
    if record.undone:
        raise Conflict(f"merge {merge_id} was already undone", id=merge_id)
    outcome = MergeOutcome.model_validate_json(record.snapshot)
    with store.transaction() as tx:
        tx.undo_merge(outcome)
        done = record.model_copy(update={"undone": True})
        tx.upsert_nodes([done])
    return done


def undo_run(store: GraphStore, run_id: str) -> LoadRun:
    """Remove what a load created and put back the nodes it changed, as they were before it."""
    run = _get(store, run_id, LoadRun)
    assert isinstance(run, LoadRun)
    if run.status == "undone":
        raise Conflict(f"run {run_id} was already undone", id=run_id)
    if not run.journal or not Path(run.journal).exists():
        raise Conflict(f"run {run_id} has no journal to undo it with", id=run_id)
    with gzip.open(run.journal, "rt", encoding="utf-8") as handle:
        journal = json.load(handle)
    with store.transaction() as tx:
        edges = [tuple(_edge_key(k)) for k in journal["created_edges"]]
        tx.delete_edges(edges)  # type: ignore[arg-type]
        tx.delete_nodes(journal["created_nodes"])
        previous = [node_from_props(props) for props in journal["previous_nodes"]]
        if previous:
            tx.upsert_nodes(previous)
        for merge in tx.list_nodes("MergeRecord", where={"run_id": run_id}, limit=1_000_000):
            tx.delete_nodes([merge.id])
        for review in tx.list_nodes("ReviewItem", where={"run_id": run_id, "status": "open"}, limit=1_000_000):
            tx.delete_nodes([review.id])
        undone = run.model_copy(update={"status": "undone"})
        tx.upsert_nodes([undone])
    return undone


def _edge_key(text: str) -> tuple[str, str, str]:
    """'LABEL:src->dst' back into (label, src, dst)."""
    label, _, rest = text.partition(":")
    src, _, dst = rest.partition("->")
    return label, src, dst


def neutralise(value: str) -> str:
    """Spreadsheet-safe cell text: a leading = + - @ (a formula) is prefixed with an apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def review_report_of(run: LoadRun) -> Path | None:
    """The review report a load run wrote (next to its journal), if it raised any pair."""
    journal = run.journal or run.rejects_path
    path = Path(journal).parent / "review.csv" if journal else None
    return path if path is not None and path.exists() else None


REVIEW_REPORT_COLUMNS = ["review_id", "status", "type", "score", "left_id", "left_name", "right_id", "right_name",
                         "source_record", "reasons_ko", "reasons_en", "evidence"]


def write_review_report(store: GraphStore, items: list[ReviewItem], path: Path) -> Path:
    """A CSV (UTF-8 with BOM, opens in Excel) of review items with both nodes' names and why they were paired (in
    Korean and English, and as the evidence JSON), best score first."""
    nodes = store.get_many({i for item in items for i in (item.left_id, item.right_id)} |
                           named_ids(item.evidence for item in items))
    names = {node_id: node.display_name() for node_id, node in nodes.items()}
    readers = [EvidenceReader(lang, names) for lang in ("ko", "en")]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REVIEW_REPORT_COLUMNS)
        for item in sorted(items, key=lambda i: (-i.score, i.id)):
            left, right = nodes.get(item.left_id), nodes.get(item.right_id)
            writer.writerow([item.id, item.status, item.node_label, f"{item.score:.3f}", item.left_id,
                             neutralise(_names(left)), item.right_id, neutralise(_names(right)), item.source_record_id,
                             *(neutralise("; ".join(r.lines(item.evidence))) for r in readers), item.evidence])
    return path


def _names(node: object) -> str:
    return " / ".join(node.names()) if node is not None else ""  # type: ignore[attr-defined]
