"""What each file's last load left in the graph, so that re-loading an unchanged file can skip the work.

Re-loading a file whose rows, mapping, vocabulary and loader code are all as they were changes nothing
(every upsert reports "unchanged"), yet it costs as much as the first load. The ledger remembers, per
file, a fingerprint of all of that and the content hash of every node and relationship the load wrote.
A re-load with the same fingerprint is skipped when the graph still holds exactly those hashes: at once
when the graph version has not moved since, else after looking every hash up. A changed file whose last
load's result the graph still holds has only its changed and new rows processed: the ledger also keeps a
digest of every row that load built (its reference, cells and the technologies extraction kept for it), and a
row with the same digest would change nothing. Anything else (a node edited or deleted since, a deletion by hand
restored since for which the load left rows out, another mapping, a new version of innolink) and the file is
processed in full.

Each file has a small header (``<key>.json``: fingerprint, graph version, rejects), its footprint
(``<key>.footprint.json.gz``, column lists per relationship type), read only when the graph version has moved, and
what each record its rows made gave (``<key>.owned.json.gz``: relationships, and digests of field values), read only by
a load that processes rows: what such a record no longer gives is withdrawn (``loaders.withdrawal``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.files import write_atomically
from graph.schema import DeletionRecord
from graph.store import EdgeKey, GraphStore
from loaders.readers import SourceRow

LEDGER_FORMAT = "3"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the loader's code, mappings and vocabulary files and of the graph schema (with its table of
    regions, which decides the region a node stores).

    Any change to how rows become nodes makes every ledger entry stale, so an upgrade re-processes files.
    """
    digest = hashlib.sha256()
    loaders = PACKAGE_ROOT / "loaders"
    files = sorted(p for p in loaders.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".yml", ".json",
                                                                                   ".csv", ".tsv", ".txt"))
    graph = PACKAGE_ROOT / "graph"
    for path in [*files, graph / "schema.py", graph / "regions.py", graph / "municipalities.csv"]:
        digest.update(str(path.relative_to(PACKAGE_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def context_digest(context: str) -> str:
    """A digest of ``context`` (kind, file name, mapping, settings that shape the result) and of the code: rows
    of two loads compare only when theirs are equal."""
    return hashlib.sha256(f"{LEDGER_FORMAT}\x00{code_fingerprint()}\x00{context}".encode()).hexdigest()[:32]


def rows_fingerprint(rows: Sequence[SourceRow], context: str) -> str:
    """A digest of ``context`` and of every row."""
    digest = hashlib.sha256(f"{context_digest(context)}\x00rows".encode())
    for row in rows:
        digest.update(repr((row.file, row.line, row.ref, row.error, tuple(row.data.items()))).encode())
    return digest.hexdigest()[:32]


def file_fingerprint(path: Path, context: str) -> str:
    """The same for a file taken as its bytes (no parsing: any change to the file counts)."""
    with path.open("rb") as handle:
        content = hashlib.file_digest(handle, "sha256").hexdigest()
    return hashlib.sha256(f"{context_digest(context)}\x00{content}".encode()).hexdigest()[:32]


def row_digest(row: SourceRow, technologies: Sequence[tuple[str, float, str]]) -> str:
    """What decides a row's result besides the context and the graph: its reference, cells and the technologies
    (id, weight, extractor) extraction kept for it (a keyphrase is kept when enough rows of the file share it)."""
    text = repr((row.file, row.line, row.ref, row.also, tuple(row.data.items()), tuple(technologies)))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


@dataclass
class Footprint:
    """Content hashes of what one load wrote: nodes by id, relationships by (type, src, dst)."""

    nodes: dict[str, str] = field(default_factory=dict)
    edges: dict[EdgeKey, str] = field(default_factory=dict)
    rows: dict[str, str] = field(default_factory=dict)
    """``row_digest`` of every row of the file the load built (not those it rejected) -> what it made: its node's
    id, or a link record's relationship (``edge_key_text``)."""
    deletions_kept: list[str] = field(default_factory=list)
    """The DeletionRecords for which the load left out what its rows made (``HandCorrections.left_out``)."""
    owned: dict[str, set[EdgeKey]] = field(default_factory=dict)
    """Node id -> the relationships the rows that made it gave: what such a row, loaded again, no longer gives is
    removed (``loaders.withdrawal``)."""
    said: dict[str, dict[str, str]] = field(default_factory=dict)
    """Node id -> field (or ``field[item digest]`` for each item of a list) -> a digest of the value the rows that
    made it gave (``withdrawal.given_values``): a value or item such a row, loaded again, no longer gives is cleared
    where the node still holds it."""

    def take_given(self, now: Footprint, kept: Collection[str] | None = None) -> None:
        """Take in what ``now``'s records were given by their rows: for a record in ``kept`` (made by rows not
        processed again too; every record when None) on top of what it had, for any other instead of it."""
        for node_id, keys in now.owned.items():
            self.owned[node_id] = keys | self.owned.get(node_id, set()) if kept is None or node_id in kept else keys
        for node_id, values in now.said.items():
            self.said[node_id] = ({**self.said.get(node_id, {}), **values} if kept is None or node_id in kept
                                  else values)

    def still_stored(self, store: GraphStore) -> bool:
        """True if every node and relationship is in ``store`` with the same content hash, and every deletion the
        load kept still stands (one restored since: the rows it left out are to be loaded now)."""
        if store.stored_hashes(list(self.nodes)) != self.nodes:
            return False
        if self.deletions_kept:
            deletions = store.get_many(self.deletions_kept)
            if any(not isinstance(d, DeletionRecord) or d.restored for d in
                   (deletions.get(i) for i in self.deletions_kept)):
                return False
        return store.edges_hold(self.edges)


@dataclass
class LedgerEntry:
    fingerprint: str
    graph_version: str
    run_id: str
    read: int
    processed: int
    """Records that load built (each reported "unchanged" when the file is skipped)."""
    encoding: str | None
    rejects: list[list[object]]
    """[file, line, field, value, reason] of each reject of that load (reported again when it is skipped)."""
    context: str = ""
    """``context_digest`` of that load: its row digests count only for a load with the same."""


class LoadLedger:
    """Ledger entries in a folder, one per (kind, file name)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _key(self, kind: str, name: str) -> str:
        return hashlib.sha256(f"{kind}\x00{name}".encode()).hexdigest()[:24]

    def _paths(self, kind: str, name: str) -> tuple[Path, Path, Path]:
        """The header, the footprint and what each record's rows gave (read only by a load that processes rows)."""
        key = self._key(kind, name)
        folder = self.folder
        return folder / f"{key}.json", folder / f"{key}.footprint.json.gz", folder / f"{key}.owned.json.gz"

    def entry(self, kind: str, name: str) -> LedgerEntry | None:
        header = self._paths(kind, name)[0]
        try:
            return LedgerEntry(**json.loads(header.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None  # no entry, or one from an older format: the file is simply processed in full

    def footprint(self, kind: str, name: str) -> Footprint | None:
        """The footprint of the file's last load (without what each record's rows gave: ``given``)."""
        _, body, _ = self._paths(kind, name)
        try:
            with gzip.open(body, "rt", encoding="utf-8") as handle:
                data = json.load(handle)
            ids, node_hashes = data["nodes"]
            edges = {(label, src, dst): digest for label, (srcs, dsts, hashes) in data["edges"].items()
                     for src, dst, digest in zip(srcs, dsts, hashes, strict=True)}
            return Footprint(dict(zip(ids, node_hashes, strict=True)), edges, dict(data["rows"]),
                             list(data.get("deletions_kept", [])))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def given(self, kind: str, name: str) -> Footprint | None:
        """What each record the file's last load made was given by its rows (``Footprint.owned`` and ``said``
        only), read apart from the footprint: a load that processes rows needs it, the unchanged-file check not."""
        try:
            with gzip.open(self._paths(kind, name)[2], "rt", encoding="utf-8") as handle:
                data = json.load(handle)
            owned: dict[str, set[EdgeKey]] = {}
            for label, (owners, srcs, dsts) in data["edges"].items():
                for owner, src, dst in zip(owners, srcs, dsts, strict=True):
                    owned.setdefault(owner, set()).add((label, src, dst))
            return Footprint(owned=owned, said={str(k): dict(v) for k, v in data["said"].items()})
        except (OSError, ValueError, KeyError, TypeError):
            return None  # none kept (a first load, or an older ledger): this load withdraws nothing

    def unchanged_since(self, kind: str, name: str, fingerprint: str, store: GraphStore) -> LedgerEntry | None:
        """The entry of the last load if this one would change nothing, else None."""
        entry = self.entry(kind, name)
        if entry is None or entry.fingerprint != fingerprint:
            return None
        if entry.graph_version == store.version():  # nothing moved: no need to read the footprint
            return entry
        return entry if self._held(kind, name, entry, store) is not None else None

    def held_result(self, kind: str, name: str, context: str, store: GraphStore,
                    footprint: Footprint | None = None) -> Footprint | None:
        """The footprint of the last load of this file (``footprint``, when already read) if it had the same
        context and the graph still holds all it wrote (its rows, where unchanged, need no processing); None
        otherwise."""
        entry = self.entry(kind, name)
        if entry is None or entry.context != context:
            return None
        return self._held(kind, name, entry, store, footprint)

    def _held(self, kind: str, name: str, entry: LedgerEntry, store: GraphStore,
              footprint: Footprint | None = None) -> Footprint | None:
        """The footprint of ``entry``'s load if the graph still holds everything it wrote: at once if the graph
        has not moved since, else after looking every hash up."""
        footprint = footprint or self.footprint(kind, name)
        if footprint is None or not (entry.graph_version == store.version() or footprint.still_stored(store)):
            return None
        return footprint

    def edges_given_elsewhere(self, kind: str, name: str, keys: set[EdgeKey], moved: Mapping[str, str]
                              ) -> set[EdgeKey]:
        """Those of ``keys`` that the last load of another file wrote (read only when there are keys to ask of);
        ``moved`` maps the id of a node merged away since to the one that took it in."""
        found: set[EdgeKey] = set()
        for edges in self._others(kind, name, 1, "edges") if keys else ():
            for label, (srcs, dsts, _) in edges.items():
                found.update(k for src, dst in zip(srcs, dsts, strict=True)
                             if (k := (label, moved.get(src, src), moved.get(dst, dst))) in keys)
        return found

    def values_given_elsewhere(self, kind: str, name: str, wanted: Mapping[str, Mapping[str, str]],
                               moved: Mapping[str, str]) -> set[tuple[str, str]]:
        """(node id, field) of ``wanted`` (node id -> field -> digest, as ``Footprint.said`` keeps them) that the last
        load of another file gave with the same digest, to the node or to one merged into it since (``moved``)."""
        found: set[tuple[str, str]] = set()
        if not any(wanted.values()):
            return found
        named = {node_id: [node_id] for node_id in wanted}
        for old, now in moved.items():
            if now in named:
                named[now].append(old)
        for said in self._others(kind, name, 2, "said"):
            for node_id, values in wanted.items():
                for theirs in (said.get(i) or {} for i in named[node_id]):
                    found.update((node_id, k) for k, digest in values.items() if theirs.get(k) == digest)
        return found

    def _others(self, kind: str, name: str, part: int, section: str) -> Iterator[dict[str, Any]]:
        """``section`` of every other file's footprint (``part`` 1) or of what its records were given (2)."""
        own = self._paths(kind, name)[part]
        for path in sorted(self.folder.glob(f"*.{own.name.partition('.')[2]}")):
            if path == own:
                continue
            try:
                with gzip.open(path, "rt", encoding="utf-8") as handle:
                    data = json.load(handle)[section]
            except (OSError, ValueError, KeyError, TypeError):
                continue  # one another process is replacing, or an older format: it names nothing here
            if isinstance(data, dict):
                yield data

    def saved(self, kind: str, name: str) -> dict[Path, bytes]:
        """The files of a file's entry as they are now, for ``restore``."""
        return {path: path.read_bytes() for path in self._paths(kind, name) if path.exists()}

    def restore(self, saved: dict[Path, bytes]) -> None:
        """Put back an entry as ``saved`` had it (a load that stopped half-way and was taken back)."""
        for path, data in saved.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)

    def forget(self, kind: str, name: str) -> None:
        for path in self._paths(kind, name):
            path.unlink(missing_ok=True)

    def record(self, kind: str, name: str, entry: LedgerEntry, footprint: Footprint | None = None) -> None:
        """Write the header (and the footprint, when given), each by an atomic rename."""
        self.folder.mkdir(parents=True, exist_ok=True)
        header, body, owned_path = self._paths(kind, name)
        if footprint is not None:
            edges: dict[str, tuple[list[str], list[str], list[str]]] = {}
            for (label, src, dst), digest in footprint.edges.items():
                srcs, dsts, hashes = edges.setdefault(label, ([], [], []))
                srcs.append(src)
                dsts.append(dst)
                hashes.append(digest)
            owned: dict[str, tuple[list[str], list[str], list[str]]] = {}
            for owner, keys in footprint.owned.items():
                for label, src, dst in sorted(keys):
                    owners, srcs, dsts = owned.setdefault(label, ([], [], []))
                    owners.append(owner)
                    srcs.append(src)
                    dsts.append(dst)
            nodes = [list(footprint.nodes), list(footprint.nodes.values())]
            body_data = {"nodes": nodes, "edges": edges, "rows": footprint.rows,
                         "deletions_kept": footprint.deletions_kept}
            given = {"edges": owned, "said": footprint.said}
            write_atomically(owned_path, gzip.compress(json.dumps(given, ensure_ascii=False).encode(), compresslevel=1))
            write_atomically(body, gzip.compress(json.dumps(body_data, ensure_ascii=False).encode(), compresslevel=1))
        write_atomically(header, json.dumps(entry.__dict__, ensure_ascii=False).encode())

