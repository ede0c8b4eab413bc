"""What both Cypher backends share: transactions, hash-based upserts, merges, ordering of results.

A backend supplies the primitives (run a query, bulk create/update, look up hashes, parse paths);
everything observable is decided here once, so both backends behave the same.
"""

from __future__ import annotations

import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Literal, NoReturn, TypeVar

from graph.errors import DanglingEdge, NotFound, SchemaViolation, StoreError
from graph.merging import merged_node, unmerged_node
from graph.schema import (
    EDGE_TYPES,
    GRAPH_META_ID,
    NODE_TYPES,
    Edge,
    GraphMeta,
    Node,
    edge_from_row,
    edge_type,
    node_from_row,
    node_type,
    node_type_for_id,
)
from graph.store import (
    Direction,
    EdgeKey,
    GraphPath,
    GraphStore,
    MergeOutcome,
    Neighbour,
    Scalar,
    UpsertResult,
    edge_key_text,
)

T = TypeVar("T")
R = TypeVar("R")
Row = dict[str, object]
PairKey = tuple[str, str]
Chunk = list[tuple[Scalar | list[str], ...]]


MAX_SKIP = 1 << 31
"""SKIP/LIMIT are clamped (and list_nodes never skips past the last row): ladybug 0.22 crashes the whole
process on SKIP values near 2**63, and on an ORDER BY … SKIP tens of thousands past the end of the result —
both found by fuzzing the API."""


class TransientStoreError(StoreError):
    """A failure worth retrying (deadlock, leader switch, connection dropped)."""


@dataclass
class _TxState:
    depth: int = 0
    changed: bool = False
    knowledge_changed: bool = False
    """A domain record (not only bookkeeping: runs, keys, saved needs, reviews) changed."""
    failed: bool = False


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def _ahead(items: Sequence[T], prepare: Callable[[T], R]) -> Iterator[Iterator[tuple[T, R]]]:
    """Yield an iterator of ``(item, prepare(item))``, preparing the next item in a helper thread while the caller
    works.

    Hashing and stamping rows is pure Python; writing them mostly waits on the database (which releases
    the GIL), so overlapping the two takes the preparation off the critical path. One item: no thread. The helper
    thread is stopped when the ``with`` block ends, in the caller's thread: left to the garbage collector (a write
    failing half-way), joining it could run inside another thread's start and deadlock both.
    """
    if len(items) < 2:
        yield ((item, prepare(item)) for item in items)
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="innolink-prepare")

    def prepared() -> Iterator[tuple[T, R]]:
        pending = pool.submit(prepare, items[0])
        for index, item in enumerate(items):
            ready = pending.result()
            if index + 1 < len(items):
                pending = pool.submit(prepare, items[index + 1])
            yield item, ready

    try:
        yield prepared()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ids_by_label(ids: Iterable[str]) -> dict[str, list[str]]:
    """Node ids grouped by their type's label (from the id prefix), each once, in order of first appearance."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for node_id in dict.fromkeys(ids):
        by_label[node_type_for_id(node_id).label].append(node_id)
    return by_label


def _pairs_by_type(keys: Iterable[EdgeKey]) -> dict[tuple[str, str, str], list[PairKey]]:
    """(src, dst) pairs grouped by (relationship type, source label, target label), each key once; endpoint
    types are checked once per (type, source prefix, target prefix)."""
    groups: dict[tuple[str, str, str], list[PairKey]] = defaultdict(list)
    endpoint_labels: dict[tuple[str, str, str], tuple[str, str]] = {}
    for label, src, dst in dict.fromkeys(keys):
        kinds = (label, src.partition(":")[0], dst.partition(":")[0])
        pair = endpoint_labels.get(kinds)
        if pair is None:
            pair = endpoint_labels[kinds] = edge_type(label).labels_between(src, dst)
        groups[(label, *pair)].append((src, dst))
    return groups


def check_property(label: str, field: str) -> None:
    """Refuse property names that the schema does not define (they are spliced into Cypher)."""
    cls = NODE_TYPES.get(label) or EDGE_TYPES.get(label)
    if cls is None or field not in cls.storage_columns():
        raise SchemaViolation(f"{label} has no property {field!r}", label=label, field=field)


class CypherStore(ABC):
    """Base of both backends. Subclasses implement the ``_``-prefixed primitives."""

    backend: str = "abstract"
    batch_size: int = 10_000

    def __init__(self) -> None:
        self._local = threading.local()

    # ------------------------------------------------------------------ primitives

    @abstractmethod
    def _run(self, query: str, params: Mapping[str, object] | None = None) -> list[list[object]]:
        """Run a query in the current transaction (or auto-commit) and return all rows."""

    @abstractmethod
    def _iter_chunks(self, query: str, params: Mapping[str, object], chunk_size: int) -> Iterator[Chunk]: ...

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def _props(self, value: object) -> dict[str, object]:
        """Properties of a node or relationship value returned by the driver."""

    def _prepare_rows(self, cls: type[Node] | type[Edge], rows: list[Row]) -> list[Row]:
        """Stamped rows in the form this backend sends them (runs in a helper thread; pure Python only).

        Whatever it returns must keep ``id`` (or ``src``/``dst``) and ``content_hash`` at the top level.
        """
        return rows

    @abstractmethod
    def _lookup_hashes(self, label: str, ids: Sequence[str]) -> dict[str, str]:
        """id -> content_hash for the ids that exist."""

    @abstractmethod
    def _fetch_nodes(self, label: str, ids: Sequence[str]) -> list[dict[str, object]]: ...

    @abstractmethod
    def _create_nodes(self, cls: type[Node], rows: list[Row]) -> None: ...

    @abstractmethod
    def _update_nodes(self, cls: type[Node], rows: list[Row]) -> None: ...

    @abstractmethod
    def _create_edges(self, cls: type[Edge], src_label: str, dst_label: str, rows: list[Row]) -> bool:
        """Create relationships (rows carry ``src``/``dst``); False if an endpoint was missing."""

    @abstractmethod
    def _update_edges(self, cls: type[Edge], src_label: str, dst_label: str, rows: list[Row]) -> None: ...

    def _start_absent_edges(self, cls: type[Edge], src_label: str, dst_label: str,
                            rows: list[Row]) -> Callable[[], dict[PairKey, str]] | None:
        """Optionally, look up and create in one pass: start creating the rows whose relationship is absent and
        return a function that waits for the query and returns the stored hashes of the others (raising
        DanglingEdge for a missing endpoint). None: this backend looks up first, then creates the new rows
        (``_lookup_edge_hashes`` + ``_create_edges``)."""
        return None

    encoded_fields: frozenset[str] = frozenset()
    """Fields this backend stores in another form than the schema's; ``_decode`` turns them back."""

    def _decode(self, field: str, value: object) -> object:
        return value

    def _decoded(self, chunks: Iterator[Chunk], fields: Sequence[str]) -> Iterator[Chunk]:
        positions = [(i, f) for i, f in enumerate(fields) if f in self.encoded_fields]
        if not positions:
            yield from chunks
            return
        for chunk in chunks:
            rows: Chunk = []
            for row in chunk:
                values: list[object] = list(row)
                for i, field in positions:
                    values[i] = self._decode(field, values[i])
                rows.append(tuple(values))  # type: ignore[arg-type]
            yield rows

    @abstractmethod
    def _lookup_edge_hashes(
        self, label: str, src_label: str, dst_label: str, pairs: Sequence[PairKey]
    ) -> dict[PairKey, str]: ...

    @abstractmethod
    def _shortest_paths(self, src: str, dst: str, max_hops: int) -> list[GraphPath]: ...

    @abstractmethod
    def _rel_type_expr(self, var: str) -> str:
        """Cypher expression for a relationship variable's type (``label(e)`` / ``type(e)``)."""

    def _write_lock(self) -> AbstractContextManager[object]:
        return nullcontext()

    # ------------------------------------------------------------------ transactions

    def _state(self) -> _TxState:
        state: _TxState | None = getattr(self._local, "tx", None)
        if state is None:
            state = _TxState()
            self._local.tx = state
        return state

    @contextmanager
    def transaction(self) -> Iterator[GraphStore]:
        state = self._state()
        if state.depth > 0:
            state.depth += 1
            try:
                yield self  # type: ignore[misc]
            except BaseException:
                state.failed = True
                raise
            finally:
                state.depth -= 1
            return
        with self._write_lock():
            self._begin()
            state.depth, state.changed, state.knowledge_changed, state.failed = 1, False, False, False
            try:
                yield self  # type: ignore[misc]
                if state.failed:
                    raise StoreError("a nested write failed; the whole transaction was rolled back")
                if state.changed:
                    self._bump_version(knowledge=state.knowledge_changed)
                self._commit()
            except BaseException:
                try:
                    self._rollback()
                except Exception:  # noqa: BLE001 - the original error matters more
                    pass
                raise
            finally:
                state.depth, state.changed, state.knowledge_changed, state.failed = 0, False, False, False

    def _in_write(self, work: Callable[[], T]) -> T:
        """Run ``work`` in the current transaction, or in a new one retried on transient failures."""
        if self._state().depth > 0:
            return work()
        delay = 0.2
        deadline = time.monotonic() + 15
        while True:
            try:
                with self.transaction():
                    return work()
            except TransientStoreError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 2.0)

    def _mark_changed(self, *, knowledge: bool = True) -> None:
        """Something changed; ``knowledge``: a domain record (what the matcher reads), not only bookkeeping."""
        state = self._state()
        state.changed = True
        state.knowledge_changed = state.knowledge_changed or knowledge

    def _bump_version(self, *, knowledge: bool) -> None:
        current = self.get(GRAPH_META_ID)
        if isinstance(current, GraphMeta):
            meta = current.model_copy(update={"version": current.version + 1, "updated_at": _now(),
                                              "knowledge_version": current.knowledge_version + int(knowledge)})
        else:
            meta = GraphMeta(id=GRAPH_META_ID, version=1, knowledge_version=1, updated_at=_now(),
                             source=uuid.uuid4().hex[:12])
        self._upsert_nodes([meta])

    def stored_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for label, group in _ids_by_label(ids).items():
            for chunk in _chunks(group, self.batch_size):
                found.update(self._lookup_hashes(label, chunk))
        return found

    def stored_edge_hashes(self, keys: Sequence[EdgeKey]) -> dict[EdgeKey, str]:
        found: dict[EdgeKey, str] = {}
        for (label, src_label, dst_label), pairs in _pairs_by_type(keys).items():
            for chunk in _chunks(pairs, self.batch_size):
                hashes = self._lookup_edge_hashes(label, src_label, dst_label, chunk)
                found.update({(label, src, dst): h for (src, dst), h in hashes.items()})
        return found

    def edges_hold(self, expected: Mapping[EdgeKey, str]) -> bool:
        return self.stored_edge_hashes(list(expected)) == dict(expected)

    def version(self) -> str:
        meta = self.get(GRAPH_META_ID)
        if not isinstance(meta, GraphMeta):
            return "empty-0"
        return f"{meta.source}-{meta.version}"

    def knowledge_version(self) -> str:
        meta = self.get(GRAPH_META_ID)
        if not isinstance(meta, GraphMeta):
            return "empty-k0"
        return f"{meta.source}-k{meta.knowledge_version}"

    # ------------------------------------------------------------------ node writes

    def upsert_nodes(self, nodes: Sequence[Node], *, keep_loaded_at: bool = False) -> UpsertResult:
        return self._in_write(lambda: self._upsert_nodes(nodes, keep_loaded_at))

    def _upsert_nodes(self, nodes: Sequence[Node], keep_loaded_at: bool = False) -> UpsertResult:
        result = UpsertResult()
        groups: dict[str, dict[str, Node]] = defaultdict(dict)
        for node in nodes:
            cls = NODE_TYPES.get(getattr(node, "label", ""))
            if cls is None or type(node) is not cls:
                raise SchemaViolation(f"not a node of the schema: {node!r}")
            node_type_for_id(node.id)
            groups[node.label][node.id] = node  # the last version of an id wins
        now = _now().isoformat()
        work = [(NODE_TYPES[label], chunk) for label, by_id in groups.items()
                for chunk in _chunks(list(by_id.values()), self.batch_size)]
        with _ahead(work, lambda item: self._prepare_rows(item[0], _stamped_rows(item[1], now, keep_loaded_at))
                    ) as prepared:
            for (cls, _), rows in prepared:
                result += self._write_node_rows(cls, rows)
        moved = [t for t in map(node_type_for_id, [*result.created, *result.updated]) if t.versioned]
        if moved:
            self._mark_changed(knowledge=any(t.domain for t in moved))
        return result

    def _write_node_rows(self, cls: type[Node], rows: list[Row]) -> UpsertResult:
        """Create or update one chunk of stamped rows; rows whose hash is already stored stay untouched."""
        existing = self._lookup_hashes(cls.label, [str(r["id"]) for r in rows])
        new_rows, changed_rows, unchanged = _partition(rows, existing, lambda r: str(r["id"]))
        if new_rows:
            self._create_nodes(cls, new_rows)
        if changed_rows:
            self._update_nodes(cls, changed_rows)
        return UpsertResult([str(r["id"]) for r in new_rows], [str(r["id"]) for r in changed_rows], unchanged,
                            {str(r["id"]): str(r["content_hash"]) for r in rows})

    def delete_nodes(self, ids: Sequence[str]) -> int:
        return self._in_write(lambda: self._delete_nodes(ids))

    def _delete_nodes(self, ids: Sequence[str]) -> int:
        deleted = 0
        knowledge = moved = False
        for label, group in _ids_by_label(ids).items():
            present = list(self._lookup_hashes(label, group))
            if present:
                self._run(f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) DETACH DELETE n", {"ids": present})
                deleted += len(present)
                knowledge = knowledge or NODE_TYPES[label].domain
                moved = moved or NODE_TYPES[label].versioned
        if moved:
            self._mark_changed(knowledge=knowledge)
        return deleted

    # ------------------------------------------------------------------ edge writes

    def upsert_edges(self, edges: Sequence[Edge], *, keep_loaded_at: bool = False) -> UpsertResult:
        return self._in_write(lambda: self._upsert_edges(edges, keep_loaded_at))

    def _upsert_edges(self, edges: Sequence[Edge], keep_loaded_at: bool = False) -> UpsertResult:
        result = UpsertResult()
        groups: dict[tuple[str, str, str], dict[PairKey, Edge]] = defaultdict(dict)
        for edge in edges:
            cls = EDGE_TYPES.get(getattr(edge, "label", ""))
            if cls is None or type(edge) is not cls:
                raise SchemaViolation(f"not a relationship of the schema: {edge!r}")
            src_label, dst_label = edge.endpoint_labels()
            groups[(edge.label, src_label, dst_label)][(edge.src, edge.dst)] = edge
        now = _now().isoformat()
        work = [(key, chunk) for key, by_pair in groups.items()
                for chunk in _chunks(list(by_pair.values()), self.batch_size)]
        mostly_new: dict[str, bool] = {}  # per type: did its last chunk create most of its rows?
        waiting: tuple[str, Callable[[], UpsertResult]] | None = None
        with _ahead(work, lambda item: self._prepare_rows(EDGE_TYPES[item[0][0]],
                                                          _stamped_rows(item[1], now, keep_loaded_at))) as prepared:
            for ((label, src_label, dst_label), _), rows in prepared:
                started = self._start_edge_rows(EDGE_TYPES[label], src_label, dst_label, rows,
                                                one_pass=mostly_new.get(label, True))
                if waiting is not None:  # the chunk before, finished while this one runs on the server
                    result += _finished(waiting, mostly_new)
                waiting = (label, started)
        if waiting is not None:
            result += _finished(waiting, mostly_new)
        if result.created or result.updated:
            self._mark_changed()
        return result

    def _start_edge_rows(self, cls: type[Edge], src_label: str, dst_label: str, rows: list[Row], *,
                         one_pass: bool) -> Callable[[], UpsertResult]:
        """Write one chunk of relationship rows (with ``src``/``dst``); the returned function finishes it and
        says what happened. A missing endpoint raises DanglingEdge (from either call).

        ``one_pass`` (when most rows are expected to be new): where the backend can, one query creates the
        absent relationships while looking them up, and the caller sends the next chunk before finishing
        this one. Otherwise rows are looked up first, so unchanged ones send only their keys.
        """
        key: Callable[[Row], PairKey] = itemgetter("src", "dst")  # ids: strings in a stamped row

        def written(existing: Mapping[PairKey, str], *, create_new: bool) -> UpsertResult:
            new_rows, changed_rows, unchanged = _partition(rows, existing, key)
            if create_new and new_rows and not self._create_edges(cls, src_label, dst_label, new_rows):
                self._raise_dangling(cls.label, src_label, dst_label, new_rows)
            if changed_rows:
                self._update_edges(cls, src_label, dst_label, changed_rows)
            return _edge_result(cls.label, rows, new_rows, changed_rows, unchanged)

        pending = self._start_absent_edges(cls, src_label, dst_label, rows) if one_pass else None
        if pending is None:
            done = written(self._lookup_edge_hashes(cls.label, src_label, dst_label, [key(r) for r in rows]),
                           create_new=True)
            return lambda: done
        return lambda: written(pending(), create_new=False)  # its new rows are written already

    def _raise_dangling(self, label: str, src_label: str, dst_label: str, rows: list[Row]) -> NoReturn:
        srcs = [str(r["src"]) for r in rows]
        dsts = [str(r["dst"]) for r in rows]
        self._state().failed = True
        have_src = self._lookup_hashes(src_label, list(dict.fromkeys(srcs)))
        have_dst = self._lookup_hashes(dst_label, list(dict.fromkeys(dsts)))
        for src, dst in zip(srcs, dsts, strict=True):
            if src not in have_src:
                raise DanglingEdge(label, src, dst, src)
            if dst not in have_dst:
                raise DanglingEdge(label, src, dst, dst)
        raise StoreError(f"{label}: creating relationships failed")

    def delete_edges(self, keys: Sequence[EdgeKey]) -> int:
        return self._in_write(lambda: self._delete_edges(keys))

    def _delete_edges(self, keys: Sequence[EdgeKey]) -> int:
        deleted = 0
        for (label, src_label, dst_label), pairs in _pairs_by_type(keys).items():
            present = list(self._lookup_edge_hashes(label, src_label, dst_label, pairs))
            if not present:
                continue
            rows = [{"src": s, "dst": d} for s, d in present]
            self._run(
                f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.src}})-[e:{label}]->(b:{dst_label} {{id: r.dst}}) "
                "DELETE e",
                {"rows": rows},
            )
            deleted += len(present)
        if deleted:
            self._mark_changed()
        return deleted

    # ------------------------------------------------------------------ merges

    def merge_into(self, keep_id: str, drop_id: str) -> MergeOutcome:
        return self._in_write(lambda: self._merge_into(keep_id, drop_id))

    def _merge_into(self, keep_id: str, drop_id: str) -> MergeOutcome:
        if keep_id == drop_id:
            raise SchemaViolation(f"cannot merge {keep_id} into itself")
        keep, drop = self.get(keep_id), self.get(drop_id)
        if keep is None:
            raise NotFound("node", keep_id)
        if drop is None:
            raise NotFound("node", drop_id)
        dropped_edges = [n.edge for n in self.neighbours(drop_id, limit=10**9)]
        candidates: dict[EdgeKey, Edge] = {}
        for edge in dropped_edges:
            src = keep_id if edge.src == drop_id else edge.src
            dst = keep_id if edge.dst == drop_id else edge.dst
            if src != dst:
                moved = edge.model_copy(update={"src": src, "dst": dst})
                candidates.setdefault(moved.key, moved)
        already = {
            key for key in candidates if self.get_edge(*key) is not None
        }
        to_create = [e for k, e in candidates.items() if k not in already]
        merged = merged_node(keep, drop)
        self._delete_nodes([drop_id])
        self._upsert_nodes([merged])
        self._upsert_edges(to_create)
        after = self.get(keep_id)
        assert after is not None
        return MergeOutcome(kept_before=keep, kept_after=after, dropped=drop,
                            dropped_edges=dropped_edges, moved=to_create)

    def undo_merge(self, outcome: MergeOutcome) -> None:
        self._in_write(lambda: self._undo_merge(outcome))

    def _undo_merge(self, outcome: MergeOutcome) -> None:
        if self.get(outcome.dropped.id) is not None:
            raise SchemaViolation(f"{outcome.dropped.id} exists again; the merge cannot be undone")
        self._delete_edges([e.key for e in outcome.moved])
        now = self.get(outcome.kept_before.id)
        kept = outcome.kept_before if now is None else unmerged_node(outcome.kept_before, outcome.kept_after, now)
        self._upsert_nodes([kept, outcome.dropped])
        self._upsert_edges(outcome.dropped_edges)

    # ------------------------------------------------------------------ reads

    def get(self, node_id: str) -> Node | None:
        return self.get_many([node_id]).get(node_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for label, group in _ids_by_label(ids).items():
            cls = NODE_TYPES[label]
            for chunk in _chunks(group, self.batch_size):
                for props in self._fetch_nodes(label, chunk):
                    node = node_from_row(cls, props)
                    found[node.id] = node
        return found

    def get_edge(self, label: str, src: str, dst: str) -> Edge | None:
        cls = edge_type(label)
        src_label, dst_label = cls.labels_between(src, dst)
        rows = self._run(
            f"MATCH (a:{src_label} {{id: $src}})-[e:{label}]->(b:{dst_label} {{id: $dst}}) RETURN e",
            {"src": src, "dst": dst},
        )
        return edge_from_row(cls, src, dst, self._props(rows[0][0])) if rows else None

    def find(self, label: str, field: str, values: Sequence[Scalar]) -> list[Node]:
        check_property(label, field)
        if not values:
            return []
        cls = node_type(label)
        rows = self._run(
            f"MATCH (n:{label}) WHERE n.{field} IN $values RETURN n ORDER BY n.id", {"values": list(values)}
        )
        return [node_from_row(cls, self._props(r[0])) for r in rows]

    def _where(self, label: str, where: Mapping[str, Scalar] | None) -> tuple[str, dict[str, object]]:
        clauses: list[str] = []
        params: dict[str, object] = {}
        for i, (field, value) in enumerate((where or {}).items()):
            check_property(label, field)
            if value is None:
                clauses.append(f"n.{field} IS NULL")
            else:
                clauses.append(f"n.{field} = $w{i}")
                params[f"w{i}"] = value
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def list_nodes(
        self, label: str, *, where: Mapping[str, Scalar] | None = None, order_by: str = "id",
        descending: bool = False, limit: int = 50, offset: int = 0,
    ) -> list[Node]:
        cls = node_type(label)
        check_property(label, order_by)
        clause, params = self._where(label, where)
        direction = " DESC" if descending else ""
        if offset > 0:  # ladybug 0.22 crashes on ORDER BY … SKIP far past the last row: never ask it to
            total = self.count(label, where=where)
            if offset >= total:
                return []
            limit = min(limit, total - offset)
        rows = self._run(
            f"MATCH (n:{label}){clause} RETURN n ORDER BY n.{order_by}{direction}, n.id SKIP $offset LIMIT $limit",
            {**params, "offset": min(max(0, offset), MAX_SKIP), "limit": min(max(0, limit), MAX_SKIP)},
        )
        return [node_from_row(cls, self._props(r[0])) for r in rows]

    def count(self, label: str, *, where: Mapping[str, Scalar] | None = None) -> int:
        node_type(label)
        clause, params = self._where(label, where)
        rows = self._run(f"MATCH (n:{label}){clause} RETURN count(n)", params)
        return _as_int(rows[0][0])

    def neighbours(
        self, node_id: str, *, edge_types: Sequence[str] | None = None, direction: Direction = "both",
        limit: int = 100,
    ) -> list[Neighbour]:
        label = node_type_for_id(node_id).label
        types = "|".join(edge_type(t).label for t in edge_types) if edge_types else ""
        rel = f"[e:{types}]" if types else "[e]"
        wanted: tuple[Literal["out", "in"], ...] = ("out", "in") if direction == "both" else (direction,)
        found: list[Neighbour] = []
        for way in wanted:
            pattern = f"(n:{label} {{id: $id}})-{rel}->(m)" if way == "out" else f"(n:{label} {{id: $id}})<-{rel}-(m)"
            rows = self._run(
                f"MATCH {pattern} RETURN {self._rel_type_expr('e')} AS t, m.id AS mid, e, m "
                "ORDER BY t, mid LIMIT $limit",
                {"id": node_id, "limit": min(max(0, limit), MAX_SKIP)},
            )
            for rel_label, other_id, edge_value, node_value in rows:
                other_cls = node_type_for_id(str(other_id))
                src, dst = (node_id, str(other_id)) if way == "out" else (str(other_id), node_id)
                edge = edge_from_row(EDGE_TYPES[str(rel_label)], src, dst, self._props(edge_value))
                found.append(Neighbour(edge, node_from_row(other_cls, self._props(node_value)), way))
        found.sort(key=lambda n: (n.edge.label, n.direction != "out", n.node.id))
        return found[:limit]

    def paths(self, src_id: str, dst_id: str, *, max_hops: int = 3, limit: int = 3) -> list[GraphPath]:
        if not 1 <= max_hops <= 4:
            raise SchemaViolation("max_hops must be between 1 and 4")
        for node_id in (src_id, dst_id):
            if self.get(node_id) is None:
                raise NotFound("node", node_id)
        if src_id == dst_id:
            return []
        found = self._shortest_paths(src_id, dst_id, max_hops)
        unique = {(tuple(p.node_ids), tuple(e.label for e in p.edges)): p for p in found}
        ordered = sorted(unique.items(), key=lambda kv: (len(kv[0][0]), kv[0]))
        return [p for _, p in ordered[:limit]]

    def stream_rows(
        self, label: str, fields: Sequence[str], *, chunk_size: int = 10_000
    ) -> Iterator[Chunk]:
        for f in fields:
            check_property(label, f)
        node_type(label)
        columns = ", ".join(f"n.{f}" for f in fields) or "n.id"
        chunks = self._iter_chunks(f"MATCH (n:{label}) RETURN {columns} ORDER BY n.id", {}, chunk_size)
        return self._decoded(chunks, fields)

    def stream_nodes(self, label: str, *, chunk_size: int = 10_000) -> Iterator[list[Node]]:
        cls = node_type(label)
        fields = list(cls.storage_columns())
        for chunk in self.stream_rows(label, fields, chunk_size=chunk_size):
            yield [node_from_row(cls, dict(zip(fields, row, strict=True))) for row in chunk]

    def stream_edges(
        self, label: str, fields: Sequence[str] = (), *, chunk_size: int = 10_000
    ) -> Iterator[Chunk]:
        edge_type(label)
        for f in fields:
            check_property(label, f)
        extra = "".join(f", e.{f}" for f in fields)
        chunks = self._iter_chunks(
            f"MATCH (a)-[e:{label}]->(b) RETURN a.id AS s, b.id AS d{extra} ORDER BY s, d", {}, chunk_size
        )
        return self._decoded(chunks, ["src", "dst", *fields])

    def count_nodes(self) -> dict[str, int]:
        return {label: self.count(label) for label in NODE_TYPES}

    def count_edges(self) -> dict[str, int]:
        out = {}
        for label in EDGE_TYPES:
            rows = self._run(f"MATCH ()-[e:{label}]->() RETURN count(e)")
            out[label] = _as_int(rows[0][0])
        return out

    def clear(self) -> None:
        def work() -> None:
            for label in NODE_TYPES:
                self._run(f"MATCH (n:{label}) DETACH DELETE n")

        self._in_write(work)


def _now() -> datetime:
    return datetime.now(UTC)


def _stamped_rows(models: Sequence[Node] | Sequence[Edge], loaded_at: str, keep: bool = False) -> list[Row]:
    """Stored rows of ``models`` with their content hash and a ``loaded_at`` (written only if they change): now, or
    (``keep``: a restored dump) the one a model carries."""
    rows = []
    for model in models:
        row: Row = model.model_dump(mode="json")
        row["content_hash"] = model.compute_hash()
        carried = model.loaded_at if keep else None
        row["loaded_at"] = carried.isoformat() if carried else loaded_at  # as a stamp of now is written
        rows.append(row)
    return rows


def _finished(waiting: tuple[str, Callable[[], UpsertResult]], mostly_new: dict[str, bool]) -> UpsertResult:
    """Finish a started chunk and note for its type whether most of its rows were new."""
    label, finish = waiting
    written = finish()
    mostly_new[label] = 2 * len(written.created) >= len(written.hashes)  # hashes: one per row of the chunk
    return written


def _edge_result(label: str, rows: list[Row], new_rows: list[Row], changed_rows: list[Row],
                 unchanged: int) -> UpsertResult:
    return UpsertResult([edge_key_text(label, r["src"], r["dst"]) for r in new_rows],
                        [edge_key_text(label, r["src"], r["dst"]) for r in changed_rows], unchanged,
                        {edge_key_text(label, r["src"], r["dst"]): str(r["content_hash"]) for r in rows})


def _as_int(value: object) -> int:
    if not isinstance(value, int):
        raise StoreError(f"expected a count, got {value!r}")
    return value


K = TypeVar("K")


def _partition(rows: list[Row], existing: Mapping[K, str], key: Callable[[Row], K]) -> tuple[list[Row], list[Row], int]:
    """Split rows into (new, changed, number unchanged) against the stored hashes."""
    new_rows, changed_rows, unchanged = [], [], 0
    for row in rows:
        old = existing.get(key(row))
        if old is None:
            new_rows.append(row)
        elif old != row["content_hash"]:
            changed_rows.append(row)
        else:
            unchanged += 1
    return new_rows, changed_rows, unchanged

