"""What administrators do after a load: decide review items, undo merges, undo a whole load run."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import TypeAdapter

from graph.errors import Conflict, NotFound
from graph.schema import LoadRun, MergeRecord, Node, ReviewItem, node_from_props
from graph.store import AnyEdge, GraphStore, MergeOutcome, as_utc, edge_key_of
from loaders.evidence_text import EvidenceReader, named_ids
from loaders.journals import close_journal, first_states, legacy_file, read_journal
from loaders.ledger import LoadLedger

_ANY_EDGE: TypeAdapter[AnyEdge] = TypeAdapter(AnyEdge)


def _get(store: GraphStore, node_id: str, cls: type) -> object:
    node = store.get(node_id)
    if not isinstance(node, cls):
        raise NotFound(cls.__name__, node_id)
    return node


def current_id(store: GraphStore, node_id: str) -> tuple[str, list[MergeRecord]]:
    """The node that holds ``node_id`` now, and the merges that took it there: a node merged away (an approved
    review, a manual merge) is deleted, and its latest MergeRecord not undone names the node it went into."""
    followed: list[MergeRecord] = []
    seen = {node_id}
    while store.get(node_id) is None:
        merges = [m for m in store.find("MergeRecord", "merged_id", [node_id])
                  if isinstance(m, MergeRecord) and not m.undone]
        if not merges:
            break
        latest = max(merges, key=_when)
        if latest.kept_id in seen:
            break
        followed.append(latest)
        node_id = latest.kept_id
        seen.add(node_id)
    return node_id, followed


def holders(store: GraphStore, ids: Iterable[str]) -> dict[str, Node]:
    """Each id's node, or for one merged away since (an approved review, a manual merge) the node that holds it
    now; ids of nothing are left out."""
    wanted = set(ids)
    found = store.get_many(wanted)
    for gone in wanted - found.keys():
        holder = current_id(store, gone)[0]
        if holder != gone and (node := store.get(holder)) is not None:
            found[gone] = node
    return found


def merged_away_name(merge: MergeRecord) -> str:
    """The name of the record a merge folded in (from its snapshot: it is no longer in the graph), else its id."""
    outcome = MergeOutcome.of(merge.snapshot)
    return outcome.dropped.display_name() if outcome is not None else merge.merged_id


def _when(record: MergeRecord) -> datetime:
    return as_utc(record.created_at)


def approve_review(store: GraphStore, review_id: str, *, decided_by: str | None = None) -> MergeRecord:
    """Merge the pair of a review item (the right node into the left) and record the merge.

    A side merged away since the pair was raised (another approved pair took it) stands for the node that holds it
    now; when both sides are one node already, the item is closed as approved and the merge that joined them is
    returned."""
    item = _get(store, review_id, ReviewItem)
    assert isinstance(item, ReviewItem)
    if item.status != "open":
        raise Conflict(f"review item {review_id} is already {item.status}", id=review_id)
    now = datetime.now(UTC)
    (left, left_merges), (right, right_merges) = current_id(store, item.left_id), current_id(store, item.right_id)
    if left == right and (left_merges or right_merges):
        joined = max(left_merges + right_merges, key=_when)
        store.upsert_nodes([item.model_copy(update={"status": "approved", "decided_at": now})])
        return joined
    with store.transaction() as tx:
        outcome = tx.merge_into(left, right)
        evidence = {**json.loads(item.evidence), "approved_by": decided_by}
        if (left, right) != (item.left_id, item.right_id):
            evidence["merged_since"] = {i: now_id for i, now_id in ((item.left_id, left), (item.right_id, right))
                                        if i != now_id}
        record = MergeRecord(
            id=f"mrg:review-{review_id.partition(':')[2]}", kept_id=left, merged_id=right,
            node_label=item.node_label, method="review", score=item.score,
            evidence=json.dumps(evidence, ensure_ascii=False),
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
    """Split a merged node back into the two it was made of (relationships restored as they were; what loads or
    edits changed on the kept node since the merge stays)."""
    record = _get(store, merge_id, MergeRecord)
    assert isinstance(record, MergeRecord)
    if record.undone:
        raise Conflict(f"merge {merge_id} was already undone", id=merge_id)
    later = sorted(m.id for m in store.find("MergeRecord", "kept_id", [record.kept_id])
                   if isinstance(m, MergeRecord) and not m.undone and m.id != record.id and _when(m) > _when(record))
    if later:  # undoing this one would put the node back as it was before them, losing what they brought
        raise Conflict(f"merge {merge_id} cannot be undone while later merges into {record.kept_id} stand: undo "
                       f"{', '.join(later[:5])} first", id=merge_id)
    if store.get(record.kept_id) is None:  # it would come back as it was before this merge, beside what holds it
        raise Conflict(f"merge {merge_id} cannot be undone: {record.kept_id} is no longer in the graph (deleted, or "
                       "merged into another since); restore it or undo that first", id=merge_id)
    outcome = MergeOutcome.model_validate_json(record.snapshot)
    with store.transaction() as tx:
        tx.undo_merge(outcome)
        done = record.model_copy(update={"undone": True})
        tx.upsert_nodes([done])
    return done


def files_loaded_since(store: GraphStore, when: datetime | None) -> list[str]:
    """The files whose loads changed the graph after ``when`` (latest first, each once; records added by hand left
    out). After a merge made at ``when`` is undone, rows of theirs that named the record merged away stay on the
    record that took it in until the file is loaded again with every row processed (``--reprocess``)."""
    from loaders.adding import added_by_hand  # adding loads through the pipeline, which imports this module

    if when is None:
        return []
    since = as_utc(when)
    fields = ["file", "kind", "started_at", "status", "dry_run", "created", "updated", "merged", "review"]
    runs = [(as_utc(started), file) for chunk in store.stream_rows("LoadRun", fields)
            for file, kind, started, status, dry_run, *counts in chunk
            if status == "done" and not dry_run and started and as_utc(started) > since
            and any(counts) and not added_by_hand(str(kind), str(file))]
    return list(dict.fromkeys(str(file) for _, file in sorted(runs, reverse=True)))


def undo_run(store: GraphStore, run_id: str) -> LoadRun:
    """Remove what a load created and put back the nodes it changed, as they were before it, and the relationships
    it removed (those its rows no longer gave)."""
    run = _get(store, run_id, LoadRun)
    assert isinstance(run, LoadRun)
    if run.status == "undone":
        raise Conflict(f"run {run_id} was already undone", id=run_id)
    if not run.journal:
        raise Conflict(f"run {run_id} has no journal to undo it with", id=run_id)
    if not run.journal_here():  # a run of an older release kept its journal in a file where it ran
        raise Conflict(f"run {run_id}'s journal is not on this machine ({run.journal}): undo it on the machine that "
                       f"loaded it (innolink runs undo {run_id})", id=run_id)
    journal = read_journal(store, run)
    check_undo_allowed(store, run, journal)
    return take_back(store, run, journal, status="undone")


def take_back(store: GraphStore, run: LoadRun, journal: Mapping[str, Any], *, status: str,
              message: str | None = None) -> LoadRun:
    """Undo what ``journal`` says ``run`` wrote, in one transaction with the run's record set to ``status`` (and
    ``message``): what it created removed, the nodes it changed and the relationships it removed put back, its
    merges' and open review pairs' records removed, the file's load ledger entry put back as the run found it, and its
    journal with them. ``undo_run`` for a finished load; the pipeline for a load that stopped half-way."""
    with store.transaction() as tx:
        tx.delete_edges([key for text in journal["created_edges"] if (key := edge_key_of(str(text))) is not None])
        tx.delete_nodes(journal["created_nodes"])
        previous = [node_from_props(props) for props in first_states(journal["previous_nodes"])]
        if previous:
            tx.upsert_nodes(previous)
        removed = [_ANY_EDGE.validate_python(props) for props in journal.get("removed_edges", [])]
        ends = tx.get_many({i for e in removed for i in (e.src, e.dst)}) if removed else {}
        back = [e for e in removed if e.src in ends and e.dst in ends]  # an end deleted since: nothing to join
        if back:
            tx.upsert_edges(back)
        for merge in tx.list_nodes("MergeRecord", where={"run_id": run.id}, limit=1_000_000):
            tx.delete_nodes([merge.id])
        for review in tx.list_nodes("ReviewItem", where={"run_id": run.id, "status": "open"}, limit=1_000_000):
            tx.delete_nodes([review.id])
        close_journal(tx, run, journal)
        update: dict[str, object] = {"status": status}
        if message is not None:
            update.update(message=message, finished_at=datetime.now(UTC))
        done = run.model_copy(update=update)
        tx.upsert_nodes([done])
    return done


def check_undo_allowed(store: GraphStore, run: LoadRun, journal: Mapping[str, Any]) -> None:
    """Refuse to undo ``run`` where that would lose what came after it: a later load that changed a node it wrote
    or joined a node it created, or that loaded the same file again (its ledger entry, which the file's next load
    reads, is then theirs: undone first, the latest first), or a node it wrote changed since by hand (an edit or a
    merge, undone first)."""
    created = {str(i) for i in journal["created_nodes"]}
    written = {str(p["id"]) for p in journal["previous_nodes"] if isinstance(p, dict)} | created
    started = as_utc(run.started_at)
    ledger_entry = LoadLedger(store).entry(run.kind, run.file)
    later: dict[str, list[str]] = {}
    for other in store.list_nodes("LoadRun", where={"status": "done"}, limit=1_000_000):
        assert isinstance(other, LoadRun)
        if other.id == run.id or as_utc(other.started_at) <= started or not other.journal_here():
            continue
        theirs = read_journal(store, other)
        touched = {str(p["id"]) for p in theirs["previous_nodes"] if isinstance(p, dict)} & written
        touched |= {end for text in theirs["created_edges"] if (key := edge_key_of(str(text))) is not None
                    for end in key[1:] if end in created}
        if ledger_entry is not None and ledger_entry.run_id == other.id:
            touched.add(f"the load ledger's entry of {run.file}")
        if touched:
            later[other.id] = sorted(touched)
    if later:
        ids = sorted({i for touched in later.values() for i in touched})
        raise Conflict(f"run {run.id} cannot be undone: later loads changed or joined what it wrote ({_few(ids)}); "
                       f"undo those first, the latest first: {', '.join(sorted(later, reverse=True))}", id=run.id)
    hashes = {str(i): str(digest) for i, digest in journal.get("written_nodes", [])}
    stored = store.stored_hashes(list(hashes)) if hashes else {}
    changed = sorted(i for i, digest in stored.items() if digest != hashes[i])
    if changed:
        raise Conflict(f"run {run.id} cannot be undone: records it wrote were changed by hand since "
                       f"({_few(changed)}); undo those edits or merges first", id=run.id)


def _few(ids: list[str]) -> str:
    return ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters a spreadsheet may take for a formula (OWASP's CSV injection list)."""


def neutralise(value: str) -> str:
    """Spreadsheet-safe cell text: a leading = + - @ tab or carriage return (a formula) is prefixed with an
    apostrophe; a loader reads the cell back as it was (``mapping.ColumnMapping.apply``)."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def review_report_of(run: LoadRun) -> Path | None:
    """The review report a load run wrote, if it raised any pair (a run of an older release wrote it beside its
    journal file)."""
    beside = legacy_file(run) or (Path(run.rejects_path) if run.rejects_path else None)
    path = Path(run.review_path) if run.review_path else beside.parent / "review.csv" if beside else None
    return path if path is not None and path.exists() else None


REVIEW_REPORT_COLUMNS = ["review_id", "decision", "status", "type", "score", "left_id", "left_name", "right_id",
                         "right_name", "source_record", "reasons_ko", "reasons_en", "evidence"]
"""``decision`` is left blank for an administrator to write approve or reject (승인 / 거절) in, and the file applied
with ``innolink reviews apply`` (``loaders.review_decisions``)."""


def write_review_report(store: GraphStore, items: list[ReviewItem], path: Path) -> Path:
    """A CSV (UTF-8 with BOM, opens in Excel) of review items with both nodes' names and why they were paired (in
    Korean and English, and as the evidence JSON), best score first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        write_review_rows(store, items, handle)
    return path


def reviews_with_status(store: GraphStore, status: str) -> list[ReviewItem]:
    """Every review item of a status (open, approved, rejected)."""
    return [i for chunk in store.stream_nodes("ReviewItem") for i in chunk
            if isinstance(i, ReviewItem) and i.status == status]


def review_report_text(store: GraphStore, status: str = "open") -> str:
    """Every review item of a status as the review report (text with a BOM, so Excel reads it as UTF-8)."""
    buffer = io.StringIO()
    write_review_rows(store, reviews_with_status(store, status), buffer)
    return "\ufeff" + buffer.getvalue()


def write_review_rows(store: GraphStore, items: list[ReviewItem], handle: TextIO) -> None:
    """The review report's header and rows, to an open text file (see ``write_review_report``)."""
    nodes = store.get_many({i for item in items for i in (item.left_id, item.right_id)} |
                           named_ids(item.evidence for item in items))
    names = {node_id: node.display_name() for node_id, node in nodes.items()}
    readers = [EvidenceReader(lang, names) for lang in ("ko", "en")]
    writer = csv.writer(handle)
    writer.writerow(REVIEW_REPORT_COLUMNS)
    for item in sorted(items, key=lambda i: (-i.score, i.id)):
        left, right = nodes.get(item.left_id), nodes.get(item.right_id)
        writer.writerow([item.id, "", item.status, item.node_label, f"{item.score:.3f}", item.left_id,
                         neutralise(_names(left)), item.right_id, neutralise(_names(right)), item.source_record_id,
                         *(neutralise("; ".join(r.lines(item.evidence))) for r in readers), item.evidence])


def _names(node: object) -> str:
    return " / ".join(node.names()) if node is not None else ""  # type: ignore[attr-defined]
