"""Dump and restore a whole graph as JSON lines (gzip-compressed when the file name ends in ``.gz``): to back it up,
or to move it between backends (the embedded default on one machine, Neo4j in production) without loading the
source files again. Every node keeps its id, properties and provenance; bookkeeping records (load runs and their
undo journals, the load ledger, merges, edits, deletions, reviews, API keys, saved needs) go too, so undo, review and
keys work after a move and an unchanged file is skipped on the machine the dump is restored on. So do the files of the
loads' bookkeeping kept beside the graph (``Settings.bookkeeping_dirs``: each run's rejects and review reports, and an
older release's ledger files).

    {"innolink_dump": 1, "created_at": "…", "nodes": {"Organization": 412, …}, "relationships": {…}}
    {"node": "Organization", "id": "org:gist", "name_ko": "광주과학기술원", …}
    {"relationship": "AFFILIATED_WITH", "src": "per:…", "dst": "org:gist", "title": "교수", …}
    {"file": "runs", "path": "run_20261129T…/rejects.csv", "data": "<base64>"}

A restore reads the whole file once to check every line (a bad one is named by its line and field, and nothing is
written), then writes nodes and relationships in chunks, each with the ``loaded_at`` it had. Restoring the same dump
twice changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO

from pydantic import ValidationError

from graph.errors import Conflict, InvalidRecord, StoreError
from graph.files import write_atomically
from graph.schema import DOMAIN_NODE_TYPES, EDGE_TYPES, NODE_TYPES, Edge, Node, edge_type, node_type
from graph.store import GraphStore

DUMP_FORMAT = 1
SKIPPED_TYPES = frozenset({"GraphMeta"})
"""The graph's version counter is the store's own, not content."""
ProgressFn = Callable[[str, int, int], None]


SKIPPED_FILES = (".part", ".partial.gz")
"""Files an older release was writing (a restored file half-written, a running load's partial journal): not carried,
nor hidden ones (``graph.files.write_atomically``'s scratch files, ``.<name>.<pid>``: a file being
replaced)."""


@dataclass
class DumpCounts:
    nodes: Counter[str] = field(default_factory=Counter)
    relationships: Counter[str] = field(default_factory=Counter)
    files: int = 0

    def line(self) -> str:
        kept = f" (and {self.files:,} files of the loads' reports and ledger)" if self.files else ""
        return f"{sum(self.nodes.values()):,} nodes and {sum(self.relationships.values()):,} relationships{kept}"


@dataclass(frozen=True)
class KeptFile:
    """A file of the loads' bookkeeping carried in a dump: ``path`` under its ``folder`` (a key of
    ``Settings.bookkeeping_dirs``)."""

    folder: str
    path: str
    data: bytes


@contextmanager
def _open(path: Path, mode: str, *, compressed: bool | None = None) -> Iterator[IO[str]]:
    """The file as text; gzip-compressed when ``compressed`` (by default: when its name ends in .gz)."""
    if path.name.endswith(".gz") if compressed is None else compressed:
        with gzip.open(path, mode + "t", encoding="utf-8", newline="\n") as handle:
            yield handle  # type: ignore[misc]  # a text-mode gzip file is an IO[str]
    else:
        with path.open(mode, encoding="utf-8", newline="\n") as handle:
            yield handle


def dump(store: GraphStore, path: Path, *, folders: Mapping[str, Path] | None = None,
         progress: ProgressFn | None = None) -> DumpCounts:
    """Write every node and relationship of ``store`` to ``path``, and the files under ``folders``
    (``Settings.bookkeeping_dirs``); the counts written."""
    progress = progress or (lambda stage, done, total: None)
    counts = DumpCounts()
    node_totals = _node_counts(store)
    edge_totals = store.count_edges()
    tmp = path.with_name(path.name + ".part")
    with _open(tmp, "w", compressed=path.name.endswith(".gz")) as out:
        out.write(json.dumps({"innolink_dump": DUMP_FORMAT, "created_at": datetime.now(UTC).isoformat(),
                              "nodes": node_totals, "relationships": edge_totals}, ensure_ascii=False) + "\n")
        for label in (label for label, total in node_totals.items() if total):
            for chunk in store.stream_nodes(label):
                for node in chunk:
                    out.write(json.dumps({"node": label, **node.model_dump(mode="json")}, ensure_ascii=False) + "\n")
                counts.nodes[label] += len(chunk)
                progress(f"nodes {label}", counts.nodes[label], node_totals[label])
        for label in edge_totals:
            fields = [f for f in edge_type(label).model_fields if f not in ("src", "dst")]
            for rows in store.stream_edges(label, fields):
                for src, dst, *values in rows:
                    record: dict[str, object] = {"relationship": label, "src": src, "dst": dst}
                    record.update({f: _plain(v) for f, v in zip(fields, values, strict=True) if v is not None})
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts.relationships[label] += len(rows)
                progress(f"relationships {label}", counts.relationships[label], edge_totals[label])
        for name, folder in (folders or {}).items():
            for file in sorted(folder.rglob("*")) if folder.is_dir() else []:
                if file.is_file() and not file.name.endswith(SKIPPED_FILES) and not file.name.startswith("."):
                    out.write(json.dumps({"file": name, "path": file.relative_to(folder).as_posix(),
                                          "data": base64.b64encode(file.read_bytes()).decode()}) + "\n")
                    counts.files += 1
            progress(f"files {name}", counts.files, counts.files)
    tmp.replace(path)
    return counts


def _node_counts(store: GraphStore) -> dict[str, int]:
    """Nodes per type; a type an older graph has no table for yet (opened read-only, before an upgrade made it)
    holds none."""
    counts = {}
    for label in NODE_TYPES:
        if label in SKIPPED_TYPES:
            continue
        try:
            counts[label] = store.count(label)
        except StoreError:
            counts[label] = 0
    return counts


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def read_dump(path: Path) -> Iterator[tuple[int, Node | Edge | KeptFile]]:
    """(line number, node, relationship or bookkeeping file) for every record of a dump, each checked by its schema;
    the first bad line raises ``InvalidRecord`` naming it."""
    name = path.name
    with _open(path, "r") as handle:
        first = handle.readline()
        try:
            header = json.loads(first) if first.strip() else {}
        except json.JSONDecodeError:
            header = {}
        if not isinstance(header, dict) or header.get("innolink_dump") != DUMP_FORMAT:
            raise InvalidRecord(f"not an innolink dump (format {DUMP_FORMAT}): its first line should say so",
                                file=name, line=1)
        for number, text in enumerate(handle, start=2):
            if text.strip():
                yield number, _record(text, name, number)


def _record(text: str, name: str, number: int) -> Node | Edge | KeptFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecord(f"not JSON: {exc.msg}", file=name, line=number) from exc
    if not isinstance(data, dict):
        raise InvalidRecord("not a JSON object", file=name, line=number)
    try:
        if "node" in data:
            label = str(data.pop("node"))
            if label in SKIPPED_TYPES or label not in NODE_TYPES:
                raise InvalidRecord(f"unknown node type {label!r}", file=name, line=number, field="node")
            return node_type(label).model_validate(data)
        if "relationship" in data:
            label = str(data.pop("relationship"))
            if label not in EDGE_TYPES:
                raise InvalidRecord(f"unknown relationship type {label!r}", file=name, line=number,
                                    field="relationship")
            return edge_type(label).model_validate(data)
    except ValidationError as exc:
        raise InvalidRecord.from_validation(exc, file=name, line=number) from exc
    if "file" in data:
        return _kept_file(data, name, number)
    raise InvalidRecord("neither a node, a relationship nor a file", file=name, line=number)


def _kept_file(data: dict[str, object], name: str, number: int) -> KeptFile:
    folder, relative = (str(data.get(key) or "") for key in ("file", "path"))
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise InvalidRecord(f"a file's path must lie inside its folder, got {relative!r}", file=name, line=number,
                            field="path")
    try:
        body = base64.b64decode(str(data.get("data") or ""), validate=True)
    except binascii.Error as exc:
        raise InvalidRecord(f"a file's data must be base64: {exc}", file=name, line=number, field="data") from exc
    return KeptFile(folder, relative, body)


def restore(store: GraphStore, path: Path, *, into_nonempty: bool = False, chunk_size: int = 5_000,
            folders: Mapping[str, Path] | None = None, progress: ProgressFn | None = None) -> DumpCounts:
    """Write a dump's nodes and relationships into ``store``, once every line has passed its check, and its files
    into ``folders`` (``Settings.bookkeeping_dirs``: a run's record then names its reports where they now are).
    Refused into a graph that holds records (organisations, people, patents, …) already unless ``into_nonempty``
    (the dump's then overwrite theirs)."""
    progress = progress or (lambda stage, done, total: None)
    if not into_nonempty:  # its keys or runs alone do not count: a server may have made its first key already
        held = {label: n for label in DOMAIN_NODE_TYPES if (n := store.count(label))}
        if held:
            raise Conflict(f"the graph is not empty ({', '.join(f'{n:,} {label}' for label, n in held.items())}): "
                           "restore into an empty one, or say to restore over it", held=held)
    total = 0
    moved: dict[str, str] = {}  # a carried file's path in its folder -> where it is now
    for _, record in read_dump(path):  # every line checked before anything is written
        total += 1
        if isinstance(record, KeptFile) and folders and record.folder in folders:
            moved[f"{record.folder}/{record.path}"] = str(folders[record.folder] / record.path)
    counts = DumpCounts()
    nodes: list[Node] = []
    edges: list[Edge] = []
    done = 0

    def flush() -> None:
        if nodes:
            store.upsert_nodes(nodes, keep_loaded_at=True)
            nodes.clear()
        if edges:
            store.upsert_edges(edges, keep_loaded_at=True)
            edges.clear()

    for _, record in read_dump(path):
        if isinstance(record, KeptFile):
            if folders and record.folder in folders:
                write_atomically(folders[record.folder] / record.path, record.data)
                counts.files += 1
            continue
        if isinstance(record, Node):
            record = _with_moved_paths(record, moved)
            if edges:  # a relationship needs its ends written first
                flush()
            nodes.append(record)
            counts.nodes[record.label] += 1
        else:
            if nodes:
                flush()
            edges.append(record)
            counts.relationships[record.label] += 1
        done += 1
        if len(nodes) + len(edges) >= chunk_size:
            flush()
            progress("restore", done, total)
    flush()
    progress("restore", done, total)
    return counts


def _with_moved_paths(node: Node, moved: Mapping[str, str]) -> Node:
    """A node whose fields name a carried file (a run's reports; an older release's journal file), by the path they
    had where the dump was written ('…/runs/run_…/rejects.csv'), naming it where it now is."""
    if not moved or node.label != "LoadRun":
        return node
    update = {}
    for name, value in node:
        if isinstance(value, str) and "/" in value.replace("\\", "/"):
            parts = PurePosixPath(value.replace("\\", "/")).parts
            tails = ("/".join(parts[-k:]) for k in range(2, min(len(parts), 4) + 1))
            found = next((moved[tail] for tail in tails if tail in moved), None)
            if found:
                update[name] = found
    return node.model_copy(update=update) if update else node
