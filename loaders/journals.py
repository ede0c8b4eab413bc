"""A load run's undo journal: what it wrote, gathered as it writes, and kept in the graph as one ``JournalPart`` node
per transaction, written in that transaction. A load stopped at any point (an error, Ctrl-C, its process killed)
so leaves exactly what to take back, and any machine writing to the graph can undo or settle the run: a command-line
load on the host and the server's import jobs in their container share one Neo4j, not one disk."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from graph.schema import JOURNAL_IN_GRAPH, JournalPart, LoadRun
from graph.store import GraphReader, GraphStore, as_utc
from loaders.ledger import LoadLedger, SavedEntry

Journal = dict[str, list[Any]]
"""What undoing a load takes: ``created_nodes`` (ids), ``created_edges`` (``edge_key_text``), ``previous_nodes``
(each as ``model_dump`` gave it), ``written_nodes`` ([id, content hash] as the run left each), ``removed_edges``
(``withdrawal``) and ``ledger_before`` (the file's load ledger entry as the run found it,
``ledger.SavedEntry.journal_items``)."""

def new_journal() -> Journal:
    return {"created_nodes": [], "created_edges": [], "previous_nodes": []}


def written(journal: Mapping[str, Sequence[object]]) -> int:
    """How many records and relationships a journal says were written (created, changed or removed)."""
    return sum(len(journal.get(part, [])) for part in ("created_nodes", "created_edges", "previous_nodes",
                                                        "removed_edges"))


def extend(journal: Journal, delta: Mapping[str, Sequence[object]]) -> None:
    """Add what one transaction wrote (once it has committed) to the run's journal."""
    for part, items in delta.items():
        journal.setdefault(part, []).extend(items)


def journal_part(run_id: str, number: int, delta: Mapping[str, Sequence[object]]) -> JournalPart | None:
    """The node recording ``delta`` (what one transaction of the run writes), to be written in that transaction;
    None when it wrote nothing. Compressed fast: at gzip's default level a 10k-record load's journal cost ~0.3 s."""
    kept = {part: list(items) for part, items in delta.items() if items}
    if not kept:
        return None
    body = gzip.compress(json.dumps(kept, ensure_ascii=False).encode(), compresslevel=1)
    return JournalPart(id=f"jnl:{run_id.removeprefix('run:')}:{number:06d}", run_id=run_id, part=number,
                       data=base64.b64encode(body).decode("ascii"))


def journal_parts(store: GraphReader, run_id: str) -> list[JournalPart]:
    return sorted((p for p in store.find("JournalPart", "run_id", [run_id]) if isinstance(p, JournalPart)),
                  key=lambda p: p.part)


def parts_journal(parts: Sequence[JournalPart]) -> Journal:
    """The journal the parts make, in the order they were written."""
    journal = new_journal()
    for part in parts:
        extend(journal, cast(dict[str, list[Any]], json.loads(gzip.decompress(base64.b64decode(part.data)))))
    return journal


def read_journal(store: GraphReader, run: LoadRun) -> Journal:
    """A run's journal: its parts in the graph, or (a run of an older release) its file."""
    path = legacy_file(run)
    if path is None:
        return parts_journal(journal_parts(store, run.id))
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return cast(Journal, json.load(handle))


def older_partial_journal(folder: Path) -> Journal | None:
    """The partial journal an older release appended to a running load's folder (``journal.partial.gz``, a gzip
    member per chunk), or None: what a load killed under that release had written, for settling it after an
    upgrade. A member cut short (the process killed while writing it) is left out."""
    path = folder / "journal.partial.gz"
    if not path.is_file():
        return None
    journal = new_journal()
    lines: list[bytes] = []
    try:
        with gzip.open(path, "rb") as handle:
            lines.extend(handle)
    except (EOFError, OSError):
        pass
    for line in lines:
        try:
            part = json.loads(line) if line.endswith(b"\n") else None
        except ValueError:
            continue
        if isinstance(part, dict):
            extend(journal, part)
    return journal


def first_states(previous_nodes: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Each node changed by a run once, as it was before the run's first change (a node written by two of its
    transactions is journaled twice: what undoing puts back is the state before the first)."""
    first: dict[object, Mapping[str, Any]] = {}
    for node in previous_nodes:
        first.setdefault(node["id"], node)
    return list(first.values())


def close_journal(store: GraphStore, run: LoadRun, journal: Mapping[str, Sequence[Any]]) -> None:
    """Close ``run``'s journal once what it wrote is undone (or it wrote nothing): put back the file's load ledger
    entry as the run found it (unless a later load of the file has one there now), and delete the journal's parts."""
    with store.transaction() as tx:
        if (saved := SavedEntry.from_journal(journal.get("ledger_before", []))) is not None:
            LoadLedger(tx).put_back(saved, run.id)
        tx.delete_nodes([part.id for part in journal_parts(tx, run.id)])


def legacy_file(run: LoadRun) -> Path | None:
    """The journal file of a run of an older release, if any."""
    return Path(run.journal) if run.journal and run.journal != JOURNAL_IN_GRAPH else None


def prune_journals(store: GraphStore, before: datetime, *, dry_run: bool = False) -> list[LoadRun]:
    """Delete the undo journals of the loads that finished before ``before``: each such run can no longer be undone
    and says so. Kept: a failed load's journal (what it wrote awaits undoing) and any run's that finished since.
    Returns the runs pruned (that would be, with ``dry_run``), the oldest first."""
    runs = [r for r in store.list_nodes("LoadRun", where={"status": "done", "journal": JOURNAL_IN_GRAPH},
                                        order_by="started_at", limit=1_000_000)
            if isinstance(r, LoadRun) and r.finished_at is not None and as_utc(r.finished_at) < as_utc(before)]
    if dry_run:
        return runs
    pruned = []
    today = datetime.now(UTC).date().isoformat()
    for run in runs:
        note = f"its undo journal was pruned on {today}: it can no longer be undone"
        kept = (run.message or "")[:2000 - len(note) - 2]  # a run's message holds 2000 characters: the note stays
        done = run.model_copy(update={"journal": None, "message": f"{kept}; {note}" if kept else note})
        with store.transaction() as tx:
            tx.delete_nodes([part.id for part in journal_parts(tx, run.id)])
            tx.upsert_nodes([done])
        pruned.append(done)
    return pruned
