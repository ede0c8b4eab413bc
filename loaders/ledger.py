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

Each file's entry is kept in the graph, written in one transaction without moving the graph version: a small header
(``LedgerHeader``: fingerprint, graph version, rejects) and, in ``LedgerPart`` pieces, its footprint (column lists per
relationship type), read only when the graph version has moved, and what each record its rows made gave
(relationships, and digests of field values), read only by a load that processes rows: what such a record no longer
gives is withdrawn (``loaders.withdrawal``). Every machine loading into the graph shares them. An older release kept
them as files of the machine that loaded (``Settings.ledger_dir``): those are read until the file's next load moves
its entry into the graph.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from graph.schema import DeletionRecord, LedgerHeader, LedgerPart
from graph.store import EdgeKey, GraphStore
from loaders.readers import SourceRow

LEDGER_FORMAT = "3"
PART_CHARS = 4_000_000
"""The longest piece of a section one ``LedgerPart`` holds (base64 characters)."""
MAX_ENTRIES = 1_000_000
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
    """The load whose result the entry describes: undoing it puts back the entry before (a load that wrote nothing
    leaves the entry the last one's; ``loaders.journals.close_journal``)."""
    read: int
    processed: int
    """Records that load built (each reported "unchanged" when the file is skipped)."""
    encoding: str | None
    rejects: list[list[object]]
    """[file, line, field, value, reason] of each reject of that load (reported again when it is skipped)."""
    context: str = ""
    """``context_digest`` of that load: its row digests count only for a load with the same."""
    parts: dict[str, int] = field(default_factory=dict)
    """How many ``LedgerPart`` pieces each section of the entry has in the graph."""


class LoadLedger:
    """Ledger entries in the graph (a ``LedgerHeader`` and its ``LedgerPart`` pieces), one per (kind, file name), so
    that every machine loading into one graph (a command line on the host, the server's import jobs in their
    container) shares them. An entry an older release kept as files in ``legacy_folder`` is read until the file's next
    load replaces it."""

    def __init__(self, store: GraphStore, legacy_folder: Path | None = None) -> None:
        self.store = store
        self.legacy_folder = legacy_folder

    def _key(self, kind: str, name: str) -> str:
        return hashlib.sha256(f"{kind}\x00{name}".encode()).hexdigest()[:24]

    def _legacy_paths(self, key: str) -> dict[str, Path]:
        """An older release's files of an entry: its header, footprint and what each record's rows gave."""
        if self.legacy_folder is None:
            return {}
        folder = self.legacy_folder
        return {"header": folder / f"{key}.json", "footprint": folder / f"{key}.footprint.json.gz",
                "given": folder / f"{key}.owned.json.gz"}

    def _header(self, key: str) -> tuple[dict[str, Any], bool] | None:
        """An entry's header as stored, and whether it is in the graph (else an older release's file)."""
        node = self.store.get(_part_id(key, "header", 0))
        path = self._legacy_paths(key).get("header")
        try:
            if isinstance(node, LedgerHeader):
                data, in_graph = json.loads(node.data), True
            elif path is not None:
                data, in_graph = json.loads(path.read_text(encoding="utf-8")), False
            else:
                return None
        except (OSError, ValueError):
            return None  # unreadable: as if there were none
        return (data, in_graph) if isinstance(data, dict) else None

    def _section(self, key: str, section: str) -> bytes | None:
        """The gzip-compressed JSON of an entry's ``footprint`` or ``given``: its pieces in the graph, or an older
        release's file."""
        header = self._header(key)
        if header is None:
            return None
        data, in_graph = header
        if not in_graph:
            try:
                return self._legacy_paths(key)[section].read_bytes()
            except OSError:
                return None
        count = int((data.get("parts") or {}).get(section, 0))
        ids = [_part_id(key, section, i) for i in range(count)]
        pieces = self.store.get_many(ids) if ids else {}
        if not ids or len(pieces) != count:
            return None
        try:
            return b"".join(base64.b64decode(cast(LedgerPart, pieces[i]).data, validate=True) for i in ids)
        except ValueError:
            return None

    def entry(self, kind: str, name: str) -> LedgerEntry | None:
        header = self._header(self._key(kind, name))
        try:
            return LedgerEntry(**header[0]) if header is not None else None
        except TypeError:
            return None  # an entry of an older format: the file is simply processed in full

    def footprint(self, kind: str, name: str) -> Footprint | None:
        """The footprint of the file's last load (without what each record's rows gave: ``given``)."""
        return _footprint_of(self._section(self._key(kind, name), "footprint"))

    def given(self, kind: str, name: str) -> Footprint | None:
        """What each record the file's last load made was given by its rows (``Footprint.owned`` and ``said``
        only), read apart from the footprint: a load that processes rows needs it, the unchanged-file check not."""
        return _given_of(self._section(self._key(kind, name), "given"))

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
        for edges in self._others(kind, name, "footprint", "edges") if keys else ():
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
        for said in self._others(kind, name, "given", "said"):
            for node_id, values in wanted.items():
                for theirs in (said.get(i) or {} for i in named[node_id]):
                    found.update((node_id, k) for k, digest in values.items() if theirs.get(k) == digest)
        return found

    def _others(self, kind: str, name: str, section: str, part: str) -> Iterator[dict[str, Any]]:
        """``part`` of every other file's ``section`` (``footprint`` or ``given``), one file at a time."""
        own = self._key(kind, name)
        keys = {cast(LedgerHeader, n).entry for n in self.store.list_nodes("LedgerHeader", limit=MAX_ENTRIES)}
        if self.legacy_folder is not None:
            keys.update(p.name.partition(".")[0] for p in self.legacy_folder.glob("*.json"))
        for key in sorted(keys - {own}):
            data = _decoded(self._section(key, section))
            if data is not None and isinstance(data.get(part), dict):
                yield data[part]

    def saved(self, kind: str, name: str) -> SavedEntry:
        """A file's entry as it is now, for ``restore``."""
        key = self._key(kind, name)
        header = self._header(key)
        if header is None:
            return SavedEntry(kind, name, None, {})
        sections = {s: body for s in ("footprint", "given") if (body := self._section(key, s)) is not None}
        return SavedEntry(kind, name, header[0], sections)

    def restore(self, saved: SavedEntry) -> None:
        """Put back an entry as ``saved`` had it (a load that stopped half-way and was taken back)."""
        if saved.header is None:
            self.forget(saved.kind, saved.name)
            return
        try:
            entry = LedgerEntry(**saved.header)
        except TypeError:
            return  # an entry of an older format: none is as good
        self._write(saved.kind, saved.name, entry, saved.sections)

    def put_back(self, saved: SavedEntry, run_id: str) -> None:
        """Put back the entry ``saved`` holds (as a run found it, from its journal) when the run ``run_id`` is undone
        or taken back: unless the entry there now is another load's (a later one of the file, not undone)."""
        current = self.entry(saved.kind, saved.name)
        if current is None or current.run_id == run_id:
            self.restore(saved)

    def forget(self, kind: str, name: str) -> None:
        key = self._key(kind, name)
        self.store.delete_nodes(self._stored_ids(self._header(key), key))
        for path in self._legacy_paths(key).values():
            path.unlink(missing_ok=True)

    def record(self, kind: str, name: str, entry: LedgerEntry, footprint: Footprint | None = None) -> None:
        """Write the header (and the footprint and what each record's rows gave, when given), in one transaction."""
        self._write(kind, name, entry, _sections(footprint) if footprint is not None else None)

    @staticmethod
    def _stored_ids(header: tuple[dict[str, Any], bool] | None, key: str,
                    sections: Collection[str] = ("header", "footprint", "given")) -> list[str]:
        """The ids of the parts (of ``sections``) of the entry ``key`` whose stored header is ``header``."""
        if header is None or not header[1]:
            return []
        parts = header[0].get("parts") or {}
        return [_part_id(key, s, i) for s in sections for i in range(1 if s == "header" else int(parts.get(s, 0)))]

    def _write(self, kind: str, name: str, entry: LedgerEntry, sections: Mapping[str, bytes] | None) -> None:
        """Write an entry: its header, and its ``sections`` in pieces when given (else the stored ones stay)."""
        key = self._key(kind, name)
        stored = self._header(key)
        if sections is None and stored is not None and not stored[1]:  # an older release's files: moved in whole
            sections = {s: body for s in ("footprint", "given") if (body := self._section(key, s)) is not None}
        old_ids = self._stored_ids(stored, key, ["header", *sections] if sections is not None else ["header"])
        parts: dict[str, int] = dict((stored[0].get("parts") or {}) if stored is not None and stored[1] else {})
        nodes: list[LedgerHeader | LedgerPart] = []
        if sections is not None:
            parts = {}
            for section, body in sections.items():
                pieces = _pieces(body)
                parts[section] = len(pieces)
                nodes.extend(LedgerPart(id=_part_id(key, section, i), entry=key, kind=kind, file=name,
                                        section=section, part=i, data=piece) for i, piece in enumerate(pieces))
        header = {**entry.__dict__, "parts": parts}
        nodes.append(LedgerHeader(id=_part_id(key, "header", 0), entry=key, kind=kind, file=name,
                                  data=json.dumps(header, ensure_ascii=False)))
        with self.store.transaction():
            self.store.delete_nodes(sorted(set(old_ids) - {n.id for n in nodes}))
            self.store.upsert_nodes(nodes)
        for path in self._legacy_paths(key).values():
            path.unlink(missing_ok=True)  # the entry is in the graph now


@dataclass
class SavedEntry:
    """A file's ledger entry as it was before a load (``LoadLedger.saved``): its header (None: it had none) and the
    gzip-compressed JSON of its sections, read once for the load to use and to put back if it stops half-way."""

    kind: str
    name: str
    header: dict[str, Any] | None
    sections: dict[str, bytes]

    def footprint(self) -> Footprint | None:
        """As ``LoadLedger.footprint`` reads it."""
        return _footprint_of(self.sections.get("footprint"))

    def given(self) -> Footprint | None:
        """As ``LoadLedger.given`` reads it."""
        return _given_of(self.sections.get("given"))

    def journal_items(self) -> list[dict[str, Any]]:
        """The entry as items of a run's undo journal (``journal["ledger_before"]``), for undoing the run to put it
        back: a head naming the file, with the header, then each section's pieces (``PART_CHARS`` base64 characters
        at most, so that each can be a journal part of its own)."""
        head: dict[str, Any] = {"kind": self.kind, "name": self.name, "header": self.header}
        return [head, *({"section": section, "data": piece} for section, body in self.sections.items()
                        for piece in _pieces(body))]

    @classmethod
    def from_journal(cls, items: Sequence[Mapping[str, Any]]) -> SavedEntry | None:
        """The entry ``journal_items`` made; None if the journal holds none (a run of an earlier release, a dry run,
        a load kept out of the ledger) or it cannot be read."""
        if not items or not isinstance(items[0], Mapping) or "kind" not in items[0]:
            return None
        head = items[0]
        pieces: dict[str, list[str]] = {}
        for item in items[1:]:
            pieces.setdefault(str(item["section"]), []).append(str(item["data"]))
        try:
            sections = {section: base64.b64decode("".join(text), validate=True) for section, text in pieces.items()}
        except ValueError:
            return None
        header = head.get("header")
        return cls(str(head["kind"]), str(head["name"]), header if isinstance(header, dict) else None, sections)


def _decoded(body: bytes | None) -> dict[str, Any] | None:
    """A section's JSON object; None if there is none or it cannot be read (as if there were none)."""
    try:
        data = json.loads(gzip.decompress(body)) if body is not None else None
    except (OSError, ValueError, EOFError):
        return None
    return data if isinstance(data, dict) else None


def _footprint_of(body: bytes | None) -> Footprint | None:
    """The footprint a ``footprint`` section holds (without what each record's rows gave)."""
    data = _decoded(body)
    if data is None:
        return None
    try:
        ids, node_hashes = data["nodes"]
        edges = {(label, src, dst): digest for label, (srcs, dsts, hashes) in data["edges"].items()
                 for src, dst, digest in zip(srcs, dsts, hashes, strict=True)}
        return Footprint(dict(zip(ids, node_hashes, strict=True)), edges, dict(data["rows"]),
                         list(data.get("deletions_kept", [])))
    except (ValueError, KeyError, TypeError):
        return None


def _given_of(body: bytes | None) -> Footprint | None:
    """What each record was given by its rows, as a ``given`` section holds it (``Footprint.owned`` and ``said``)."""
    data = _decoded(body)
    if data is None:
        return None
    try:
        owned: dict[str, set[EdgeKey]] = {}
        for label, (owners, srcs, dsts) in data["edges"].items():
            for owner, src, dst in zip(owners, srcs, dsts, strict=True):
                owned.setdefault(owner, set()).add((label, src, dst))
        return Footprint(owned=owned, said={str(k): dict(v) for k, v in data["said"].items()})
    except (ValueError, KeyError, TypeError):
        return None  # none kept (a first load, or an older ledger): this load withdraws nothing


def _pieces(body: bytes) -> list[str]:
    """A section in base64, cut in pieces of ``PART_CHARS`` characters (one piece, maybe empty, at least)."""
    text = base64.b64encode(body).decode("ascii")
    return [text[i:i + PART_CHARS] for i in range(0, len(text), PART_CHARS)] or [""]


def _part_id(key: str, section: str, number: int) -> str:
    """The id of an entry's header (``section`` "header"), or of a piece of another section."""
    return f"ldh:{key}" if section == "header" else f"ldg:{key}:{section}:{number}"


def _sections(footprint: Footprint) -> dict[str, bytes]:
    """A footprint as the ledger keeps it: ``footprint`` (content hashes, row digests) and ``given`` (what each
    record's rows gave), each gzip-compressed JSON."""
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
    body = {"nodes": nodes, "edges": edges, "rows": footprint.rows, "deletions_kept": footprint.deletions_kept}
    given = {"edges": owned, "said": footprint.said}
    return {"footprint": gzip.compress(json.dumps(body, ensure_ascii=False).encode(), compresslevel=1),
            "given": gzip.compress(json.dumps(given, ensure_ascii=False).encode(), compresslevel=1)}
