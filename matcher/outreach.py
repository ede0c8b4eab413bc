"""Following up recommendations: where an office stands with each recommended candidate of a query (a patent's
possible licensee, a company's possible partner, a person's possible co-founder).

One ``Outreach`` record per (recommender, query, candidate), shared by everyone with the ``tto`` role, keeps the
current status with its note and every earlier one. Recommendations show each candidate's status, and leave out
those marked declined or not a fit unless asked to show them (``HIDDEN_BY_DEFAULT``). Marks are bookkeeping: they
move the graph's version but not its knowledge version, so marking never makes the matcher rebuild.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Literal

from graph.errors import InvalidRecord, NotFound, SchemaViolation
from graph.schema import DeletionRecord, MergeRecord, Outreach, OutreachStatus, node_type_for_id
from graph.store import GraphStore, as_utc
from loaders.curation import holders, neutralise

KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "partners": (("Organization", "SavedNeed"), "Person"),
    "licensees": (("Patent",), "Organization"),
    "cofounders": (("Person",), "Person"),
}
"""Recommender -> (what its query may be, what its candidates are)."""

NOTE_LIMIT = 2000

HIDDEN_BY_DEFAULT = frozenset({OutreachStatus.DECLINED, OutreachStatus.NOT_A_FIT})
"""Candidates with these statuses are left out of a query's recommendations unless asked for."""


def outreach_id(kind: str, query_id: str, candidate_id: str) -> str:
    return "out:" + hashlib.sha256("\x1f".join((kind, query_id, candidate_id)).encode()).hexdigest()[:16]


Outcome = Literal["created", "updated", "unchanged"]


def mark(store: GraphStore, kind: str, query_id: str, candidate_id: str, status: str, *, note: str | None = None,
         by: str = "api", dry_run: bool = False) -> tuple[Outreach, Outcome]:
    """Set where the office stands with ``candidate_id`` for ``query_id``; returns the record and what happened.
    The status it replaces joins the history; the same status and note again changes nothing. A query or candidate
    the graph does not hold, or of the wrong type for ``kind``, is refused naming the field. ``dry_run``: checked
    and told what would happen, nothing written."""
    _check(store, kind, query_id, candidate_id)
    try:
        state = OutreachStatus(status)
    except ValueError:
        raise InvalidRecord(f"status must be one of {', '.join(s.value for s in OutreachStatus)}", field="status",
                            value=status) from None
    note = (note or "").strip() or None
    if note and len(note) > NOTE_LIMIT:
        raise InvalidRecord(f"a note holds at most {NOTE_LIMIT} characters, this one {len(note)}", field="note",
                            value=note[:40] + "…")
    now = datetime.now(UTC)
    record_id = outreach_id(kind, query_id, candidate_id)
    current = store.get(record_id)
    if isinstance(current, Outreach):
        if current.status == state and current.note == note:
            return current, "unchanged"
        history = [*json.loads(current.history), _entry(current)]
        updated = current.model_copy(update={"status": state, "note": note, "by": by, "updated_at": now,
                                             "history": json.dumps(history, ensure_ascii=False)})
        if not dry_run:
            store.upsert_nodes([updated])
        return updated, "updated"
    record = Outreach.model_validate({"id": record_id, "kind": kind, "query_id": query_id, "candidate_id": candidate_id,
                                      "status": state, "note": note, "by": by, "created_at": now, "updated_at": now,
                                      "source": "outreach", "source_record_id": by})
    if not dry_run:
        store.upsert_nodes([record])
    return record, "created"


def unmark(store: GraphStore, record_id: str) -> Outreach:
    """Forget a candidate's follow-up (its whole history)."""
    record = store.get(record_id) if record_id.startswith("out:") else None
    if not isinstance(record, Outreach):
        raise NotFound("outreach", record_id)
    store.delete_nodes([record_id])
    return record


def marks_for(store: GraphStore, kind: str, query_id: str) -> dict[str, Outreach]:
    """Candidate id -> its follow-up, for one query of one recommender (``marks_for_many``)."""
    return marks_for_many(store, kind, [query_id])[query_id]


def marks_for_many(store: GraphStore, kind: str, query_ids: Iterable[str]) -> dict[str, dict[str, Outreach]]:
    """For each query, candidate id -> its latest follow-up. A follow-up follows merges made since it was set: one
    set for a record merged into the query since counts for the query, and one whose candidate was merged away is
    keyed by the node that holds it now (its records keep the ids they were set with)."""
    asked = list(dict.fromkeys(query_ids))
    folded = _merged_into(store, asked)
    records = sorted((r for r in store.find("Outreach", "query_id", [*asked, *folded])
                      if isinstance(r, Outreach) and r.kind == kind), key=_changed)
    holder = {c: node.id for c, node in holders(store, {r.candidate_id for r in records}).items()}
    out: dict[str, dict[str, Outreach]] = {q: {} for q in asked}
    for r in records:  # oldest first: the latest follow-up of a candidate wins
        out[folded.get(r.query_id, r.query_id)][holder.get(r.candidate_id, r.candidate_id)] = r
    return out


def _merged_into(store: GraphStore, ids: list[str]) -> dict[str, str]:
    """Ids of records merged (directly or through others) into one of ``ids`` -> that one; merges undone since left
    out."""
    found: dict[str, str] = {}
    frontier = ids
    while frontier:
        merges = [m for m in store.find("MergeRecord", "kept_id", frontier) if isinstance(m, MergeRecord)
                  and not m.undone]
        frontier = []
        for m in merges:
            if m.merged_id not in found and m.merged_id not in ids:
                found[m.merged_id] = found.get(m.kept_id, m.kept_id)
                frontier.append(m.merged_id)
    return found


def hidden_candidates(marks: dict[str, Outreach]) -> frozenset[str]:
    """The candidates a query's recommendations leave out by default."""
    return frozenset(c for c, r in marks.items() if r.status in HIDDEN_BY_DEFAULT)


def follow_up(store: GraphStore, kind: str, query_id: str, *, include_declined: bool = False
              ) -> tuple[dict[str, Outreach], frozenset[str]]:
    """A query's follow-ups and the candidates its recommendations leave out (none when ``include_declined``)."""
    marks = marks_for(store, kind, query_id)
    return marks, frozenset() if include_declined else hidden_candidates(marks)


def list_marks(store: GraphStore, *, kind: str | None = None, query_id: str | None = None,
               candidate_id: str | None = None, status: str | None = None, offset: int = 0, limit: int = 50
               ) -> tuple[list[Outreach], int]:
    """Follow-ups, most recently changed first, with how many match."""
    where = {k: v for k, v in (("kind", kind), ("query_id", query_id), ("candidate_id", candidate_id),
                               ("status", status)) if v}
    records = store.list_nodes("Outreach", where=where or None, order_by="updated_at", descending=True,
                               offset=offset, limit=limit)
    return [r for r in records if isinstance(r, Outreach)], store.count("Outreach", where=where or None)


def involving(store: GraphStore, node_id: str) -> list[Outreach]:
    """Follow-ups whose query or candidate is ``node_id`` (a company's, as a possible licensee of several patents
    and as the company partners were found for), most recently changed first."""
    found = {r.id: r for field in ("query_id", "candidate_id") for r in store.find("Outreach", field, [node_id])
             if isinstance(r, Outreach)}
    return sorted(found.values(), key=_changed, reverse=True)


def names_of(store: GraphStore, records: Iterable[Outreach]) -> dict[str, str]:
    """Display names of the queries and candidates of ``records``: a record merged away since is named by the
    node that holds it now; one deleted is left out."""
    ids = {i for r in records for i in (r.query_id, r.candidate_id)}
    return {node_id: node.display_name() for node_id, node in holders(store, ids).items()}


def deleted_names(store: GraphStore, records: Iterable[Outreach], names: Mapping[str, str]) -> dict[str, str]:
    """The names the queries and candidates of ``records`` that ``names`` lacks had when they were deleted."""
    gone = sorted({i for r in records for i in (r.query_id, r.candidate_id)} - set(names))
    deletions = store.find("DeletionRecord", "deleted_id", gone) if gone else []
    return {d.deleted_id: d.name for d in deletions if isinstance(d, DeletionRecord) and d.name}


CSV_COLUMNS = ["kind", "query_id", "query", "candidate_id", "candidate", "status", "note", "by", "updated_at",
               "history"]


def marks_csv(store: GraphStore, records: list[Outreach]) -> str:
    """The follow-ups as a CSV an office opens in Excel (UTF-8 with BOM); a record deleted since by the name it had."""
    names = names_of(store, records)
    names |= deleted_names(store, records, names)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in records:
        earlier = "; ".join(f"{e['at'][:10]} {e['status']}" for e in json.loads(r.history))
        writer.writerow([r.kind, r.query_id, names.get(r.query_id, ""), r.candidate_id, names.get(r.candidate_id, ""),
                         r.status.value, neutralise(r.note or ""), r.by or "",
                         r.updated_at.isoformat() if r.updated_at else "", earlier])
    return out.getvalue()


def _check(store: GraphStore, kind: str, query_id: str, candidate_id: str) -> None:
    if kind not in KINDS:
        raise InvalidRecord(f"kind must be one of {', '.join(KINDS)}", field="kind", value=kind)
    queries, candidates = KINDS[kind]
    labels: dict[str, str] = {}
    for field, node_id, allowed in (("query_id", query_id, queries), ("candidate_id", candidate_id, (candidates,))):
        try:
            label = labels[node_id] = node_type_for_id(node_id).label
        except SchemaViolation as exc:
            raise InvalidRecord(exc.message, field=field, value=node_id) from None
        if label not in allowed:
            raise InvalidRecord(f"{field} of {kind} must be a {' or '.join(allowed)}, not a {label}",
                                field=field, value=node_id)
    found = store.get_many([query_id, candidate_id])  # both looked up at once
    for node_id in (query_id, candidate_id):
        if node_id not in found:
            raise NotFound(labels[node_id], node_id)
    if query_id == candidate_id:
        raise InvalidRecord("a person is not their own co-founder", field="candidate_id", value=candidate_id)


def _changed(record: Outreach) -> tuple[datetime, str]:
    """When a follow-up last changed (then its id): the order they are listed and the latest of a candidate's."""
    return as_utc(record.updated_at or record.created_at), record.id


def _entry(record: Outreach) -> dict[str, object]:
    at = record.updated_at or record.created_at
    return {"status": record.status.value, "note": record.note, "by": record.by, "at": at.isoformat() if at else ""}
