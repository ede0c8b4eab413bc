"""The Neo4j backend: a Neo4j 5 server over Bolt.

Uniqueness constraints on every node id, indexes on exact keys, and a CJK full-text index over names and
titles (for administrators' own Cypher and Neo4j Browser; innolink's search runs in Python so both
backends answer alike). Writes are ``UNWIND $rows`` batches in explicit transactions; a write outside
a transaction is retried on transient errors like a managed transaction. All sessions share the driver's
bookmark manager, so a read always sees the writes before it.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import LiteralString

import neo4j
from neo4j import exceptions as neo4j_errors

from graph.backends.base import (
    Chunk,
    CypherStore,
    PairKey,
    Row,
    TransientStoreError,
    _chunks,
    _pairs_by_type,
    check_property,
)
from graph.config import Neo4jSettings
from graph.errors import StoreError
from graph.schema import (
    DOMAIN_NODE_TYPES,
    EDGE_TYPES,
    NODE_TYPES,
    Edge,
    GraphModel,
    Node,
    edge_from_row,
    node_from_props,
    node_type,
    node_type_for_id,
)
from graph.store import EdgeKey, GraphPath

_TRANSIENT = (neo4j_errors.TransientError, neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired)
FULLTEXT_INDEX = "innolink_names"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _q(text: str) -> LiteralString:
    """Mark a query as safe to send: labels and properties spliced into it were checked against the schema.

    (mypy treats LiteralString as str; the point of this function is that every query passes through it.)
    """
    return text


def _compact(cls: type[GraphModel], row: Row) -> Row:
    """The row as Neo4j stores it: no nulls or empty defaults, ``loaded_at`` as epoch microseconds.

    Measured here: each stored property costs write time, and a long string costs most (it goes to the
    dynamic string store); 200k relationships with an ISO ``loaded_at`` load ~30% slower than with an integer.
    """
    defaulted = cls.defaults_when_absent()
    out = {k: v for k, v in row.items() if v is not None and not (k in defaulted and v in ("", []))}
    stamp = out.get("loaded_at")
    if isinstance(stamp, str):
        moment = datetime.fromisoformat(stamp)
        out["loaded_at"] = (moment - _EPOCH) // timedelta(microseconds=1)
    return out


def _seek(var: str, label: str) -> str:
    """Planner hint: find ``var`` by a seek in its id index.

    Right after a bulk load the index statistics still say the label is nearly empty, and the planner then
    scans the whole index once per row: measured here, one 200k-relationship load spent 50-130 s in the
    look-up of existing relationships instead of 2 s. (A plain ``USING INDEX`` is satisfied by a scan.)
    """
    return f"USING INDEX SEEK {var}:{label}(id)"


def _seek_both(src_label: str, dst_label: str) -> str:
    """Both endpoints by seek, then an Expand(Into) between them that walks the sparser side."""
    return f"{_seek('a', src_label)} {_seek('b', dst_label)}"


def _walk_cap(asked: int) -> int:
    """The most relationships of a source walked to find ``asked`` of them; a source with more (a dense node)
    is looked up pair by pair instead."""
    return 4 * asked + 32


def _decode_loaded_at(value: object) -> object:
    if isinstance(value, int):
        return (_EPOCH + timedelta(microseconds=value)).isoformat()
    return value



class _QuietList(list[object]):
    """A parameter list whose repr is its length: driver 6.4 formats every RUN message for its debug log
    even when that log is off (``_bolt5.py``), ~2 µs per row of a 10k-row batch, on the client's critical path."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} items>"


def _quiet(params: Mapping[str, object] | None) -> dict[str, object]:
    return {k: _QuietList(v) if isinstance(v, list) else v for k, v in (params or {}).items()}


class _Tx(threading.local):
    session: neo4j.Session | None = None
    tx: neo4j.Transaction | None = None


class Neo4jStore(CypherStore):
    """GraphStore on a Neo4j server."""

    backend = "neo4j"

    def __init__(self, settings: Neo4jSettings, *, batch_size: int = 10_000) -> None:
        super().__init__()
        self.batch_size = batch_size
        self._database = settings.database
        try:
            self._driver = neo4j.GraphDatabase.driver(
                settings.uri,
                auth=(settings.user, settings.password.get_secret_value()),
                max_transaction_retry_time=settings.max_retry_seconds,
                notifications_min_severity="OFF",
            )
            self._driver.verify_connectivity()
        except neo4j_errors.AuthError as exc:
            raise StoreError(f"Neo4j at {settings.uri} refused user {settings.user!r}: check "
                             "INNOLINK_NEO4J__USER / INNOLINK_NEO4J__PASSWORD") from exc
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError, ValueError) as exc:
            raise StoreError(f"cannot reach Neo4j at {settings.uri}: {exc}") from exc
        self._bookmarks = self._driver.execute_query_bookmark_manager
        self._txs = _Tx()

    # ------------------------------------------------------------------ plumbing

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self._database, bookmark_manager=self._bookmarks)

    def _translate(self, exc: Exception, query: str) -> StoreError:
        if isinstance(exc, _TRANSIENT):
            return TransientStoreError(f"Neo4j transient failure: {exc}", query=query[:300])
        return StoreError(f"Neo4j query failed: {exc}", query=query[:300])

    def _run(self, query: str, params: Mapping[str, object] | None = None) -> list[list[object]]:
        try:
            if self._txs.tx is not None:
                return [list(r.values()) for r in self._txs.tx.run(_q(query), _quiet(params))]
            with self._session() as session:
                return [list(r.values()) for r in session.run(_q(query), _quiet(params))]
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._translate(exc, query) from exc

    def _start(self, query: str, params: Mapping[str, object]) -> Callable[[], list[list[object]]]:
        """Send a query and return a function that waits for its rows.

        In a transaction the query is left running on the server while the client prepares the next one
        (the driver sends it without waiting, as long as the query RETURNs something: Neo4j runs a query
        without a RETURN before answering its RUN message). A failure surfaces at the next query or at commit,
        which then fails, so nothing of the transaction is kept. Outside a transaction it runs at once.
        """
        tx = self._txs.tx
        if tx is None:
            done = self._run(query, params)
            return lambda: done
        try:
            result = tx.run(_q(query), _quiet(params))
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._translate(exc, query) from exc

        def rows() -> list[list[object]]:
            try:
                return [list(r.values()) for r in result]
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
                raise self._translate(exc, query) from exc
        return rows

    def _iter_chunks(self, query: str, params: Mapping[str, object], chunk_size: int) -> Iterator[Chunk]:
        def chunks(result: neo4j.Result) -> Iterator[Chunk]:
            chunk: Chunk = []
            for record in result:
                chunk.append(tuple(record.values()))
                if len(chunk) >= chunk_size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        try:
            if self._txs.tx is not None:
                yield from chunks(self._txs.tx.run(_q(query), dict(params)))
                return
            with self._session() as session:
                yield from chunks(session.run(_q(query), dict(params), fetch_size=chunk_size))
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._translate(exc, query) from exc

    def _begin(self) -> None:
        try:
            session = self._session()
            self._txs.tx = session.begin_transaction()
            self._txs.session = session
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._translate(exc, "BEGIN") from exc

    def _end(self) -> None:
        if self._txs.session is not None:
            self._txs.session.close()
        self._txs.session, self._txs.tx = None, None

    def _commit(self) -> None:
        try:
            if self._txs.tx is not None:
                self._txs.tx.commit()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise self._translate(exc, "COMMIT") from exc
        finally:
            self._end()

    def _rollback(self) -> None:
        try:
            if self._txs.tx is not None and not self._txs.tx.closed():
                self._txs.tx.rollback()
        finally:
            self._end()

    encoded_fields = frozenset({"loaded_at"})

    def _decode(self, field: str, value: object) -> object:
        return _decode_loaded_at(value) if field == "loaded_at" else value

    def _props(self, value: object) -> dict[str, object]:
        if isinstance(value, neo4j.graph.Entity):
            props = dict(value.items())
        elif isinstance(value, dict):
            props = dict(value)
        else:
            raise StoreError(f"unexpected value from Neo4j: {value!r}")
        if "loaded_at" in props:
            props["loaded_at"] = _decode_loaded_at(props["loaded_at"])
        return props

    def _rel_type_expr(self, var: str) -> str:
        return f"type({var})"

    def close(self) -> None:
        self._driver.close()

    # ------------------------------------------------------------------ schema

    def ensure_schema(self) -> None:
        for label, cls in NODE_TYPES.items():
            self._run(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
            for key in cls.key_fields:
                self._run(f"CREATE INDEX {label.lower()}_{key} IF NOT EXISTS FOR (n:{label}) ON (n.{key})")
        labels = "|".join(DOMAIN_NODE_TYPES)
        fields = sorted({f for cls in DOMAIN_NODE_TYPES.values() for f in cls.name_fields})
        props = ", ".join(f"n.{f}" for f in fields)
        self._run(
            f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) ON EACH [{props}] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}"
        )
        self._run("CALL db.awaitIndexes(300)")

    # ------------------------------------------------------------------ node primitives

    def _lookup_hashes(self, label: str, ids: Sequence[str]) -> dict[str, str]:
        """Returned as one record of lists: record by record, the driver reads one Bolt message each
        (measured here: ~30 µs per row in Python, most of a re-load's look-up time)."""
        if not ids:
            return {}
        ((found, hashes),) = self._run(f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) {_seek('n', label)} "
                                       "RETURN collect(n.id), collect(coalesce(n.content_hash, ''))",
                                       {"ids": list(ids)})
        return dict(zip(found, hashes, strict=True))  # type: ignore[call-overload]

    def _fetch_nodes(self, label: str, ids: Sequence[str]) -> list[dict[str, object]]:
        rows = self._run(f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) {_seek('n', label)} RETURN n",
                         {"ids": list(ids)})
        return [self._props(r[0]) for r in rows]

    def _prepare_rows(self, cls: type[Node] | type[Edge], rows: list[Row]) -> list[Row]:
        """Nodes compacted; relationships as ``{src, dst, content_hash, props}`` so ``SET e = r.props`` fits."""
        if issubclass(cls, Node):
            return [_compact(cls, r) for r in rows]
        return [
            {"src": r["src"], "dst": r["dst"], "content_hash": r["content_hash"],
             "props": _compact(cls, {k: v for k, v in r.items() if k not in ("src", "dst")})}
            for r in rows
        ]

    def _create_nodes(self, cls: type[Node], rows: list[Row]) -> None:
        self._start(f"UNWIND $rows AS r CREATE (n:{cls.label}) SET n = r RETURN count(*)", {"rows": rows})

    def _update_nodes(self, cls: type[Node], rows: list[Row]) -> None:
        self._start(f"UNWIND $rows AS r MATCH (n:{cls.label} {{id: r.id}}) {_seek('n', cls.label)} SET n = r "
                    "RETURN count(*)", {"rows": rows})

    # ------------------------------------------------------------------ edge primitives

    def _lookup_edge_hashes(
        self, label: str, src_label: str, dst_label: str, pairs: Sequence[PairKey]
    ) -> dict[PairKey, str]:
        if not pairs:
            return {}
        wanted: dict[str, int] = {}
        for src, _ in pairs:
            wanted[src] = wanted.get(src, 0) + 1
        if len(pairs) >= 2 * len(wanted):
            return self._lookup_edge_hashes_by_source(label, src_label, dst_label, pairs, wanted)
        return self._lookup_edge_hashes_by_pair(label, src_label, dst_label, pairs)

    def _lookup_edge_hashes_by_source(
        self, label: str, src_label: str, dst_label: str, pairs: Sequence[PairKey], wanted: dict[str, int]
    ) -> dict[PairKey, str]:
        """Several relationships asked from each source: seek each source once and walk its relationships
        of this type, instead of seeking both ends of every pair (a patent with ten technologies: one seek
        instead of twenty). A source with many more relationships than asked for (a dense node) is looked
        up pair by pair instead, so the walk never reads far more than it was asked."""
        ((srcs, walked, found),) = self._run(
            f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.s}}) {_seek('a', src_label)} "
            f"WITH r, a, COUNT {{ (a)-[:{label}]->() }} <= r.cap AS walk "
            f"CALL (a, walk) {{ WITH a, walk WHERE walk MATCH (a)-[e:{label}]->(b:{dst_label}) "
            "RETURN collect([b.id, coalesce(e.content_hash, '')]) AS found } "
            "RETURN collect(r.s), collect(walk), collect(found)",
            {"rows": [{"s": s, "cap": _walk_cap(n)} for s, n in wanted.items()]},
        )
        stored: dict[PairKey, str] = {}
        crowded: set[str] = set()
        for src, walk, rels in zip(srcs, walked, found, strict=True):  # type: ignore[call-overload]
            if not walk:
                crowded.add(src)
            for dst, digest in rels:
                stored[(src, dst)] = digest
        asked = set(pairs)
        result = {pair: digest for pair, digest in stored.items() if pair in asked}
        rest = [pair for pair in pairs if pair[0] in crowded]
        if rest:
            result.update(self._lookup_edge_hashes_by_pair(label, src_label, dst_label, rest))
        return result

    def edges_hold(self, expected: Mapping[EdgeKey, str]) -> bool:
        """Counted on the server: each source is sought once, its relationships of the type walked and those
        whose target and hash are expected counted; only the count comes back. Measured here on 57k
        relationships of 5,000 patents: 0.17-0.34 s, against 0.5-1.1 s for returning every hash to compare."""
        for (label, src_label, dst_label), pairs in _pairs_by_type(expected).items():
            wanted: dict[str, list[str]] = defaultdict(list)
            for src, dst in pairs:
                wanted[src].append(f"{dst}\x00{expected[(label, src, dst)]}")
            sources = list(wanted)
            for chunk in _chunks(sources, self.batch_size):
                rows = [{"s": src, "p": wanted[src], "cap": _walk_cap(len(wanted[src]))} for src in chunk]
                ((matched, crowded),) = self._run(
                    f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.s}}) {_seek('a', src_label)} "
                    f"WITH r, a, COUNT {{ (a)-[:{label}]->() }} <= r.cap AS walk "
                    f"CALL (a, r, walk) {{ WITH a, r, walk WHERE walk MATCH (a)-[e:{label}]->(b:{dst_label}) "
                    "WHERE b.id + '\\u0000' + coalesce(e.content_hash, '') IN r.p RETURN count(e) AS n } "
                    "RETURN sum(n), collect(CASE WHEN walk THEN null ELSE r.s END)", {"rows": rows})
                dense = {str(src) for src in crowded}  # type: ignore[attr-defined]  # far more than asked: by pair
                if matched != sum(len(wanted[src]) for src in chunk if src not in dense):
                    return False  # a source, relationship or hash is missing or differs
                rest = [(src, dst) for src in chunk if src in dense for dst, _, _ in
                        (target.partition("\x00") for target in wanted[src])]
                if rest and self._lookup_edge_hashes_by_pair(label, src_label, dst_label, rest) != {
                        (src, dst): expected[(label, src, dst)] for src, dst in rest}:
                    return False
        return True

    def _lookup_edge_hashes_by_pair(
        self, label: str, src_label: str, dst_label: str, pairs: Sequence[PairKey]
    ) -> dict[PairKey, str]:
        ((srcs, dsts, hashes),) = self._run(
            f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.s}})-[e:{label}]->(b:{dst_label} {{id: r.d}}) "
            f"{_seek_both(src_label, dst_label)} "
            "RETURN collect(r.s), collect(r.d), collect(coalesce(e.content_hash, ''))",
            {"rows": [{"s": s, "d": d} for s, d in pairs]},
        )
        return dict(zip(zip(srcs, dsts, strict=True), hashes, strict=True))  # type: ignore[call-overload]

    @staticmethod
    def _pattern_props(cls: type[Edge], rows: list[Row]) -> str:
        """The rows' properties named in a CREATE pattern (absent ones are null, which Neo4j does not store).

        ``SET e = r.props`` would make the planner put an Eager before it (a map could set the ``id`` the
        look-ups read), buffering every row of the chunk: measured here ~10% slower.
        """
        keys = sorted({k for r in rows for k in r["props"]})  # type: ignore[attr-defined]
        columns = cls.storage_columns()
        unknown = [k for k in keys if k not in columns]
        if unknown:
            raise StoreError(f"{cls.label} has no properties {unknown}")
        return ", ".join(f"{k}: r.props.{k}" for k in keys)

    def _create_edges(self, cls: type[Edge], src_label: str, dst_label: str, rows: list[Row]) -> bool:
        created = self._run(
            f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.src}}), (b:{dst_label} {{id: r.dst}}) "
            f"{_seek_both(src_label, dst_label)} "
            f"CREATE (a)-[e:{cls.label} {{{self._pattern_props(cls, rows)}}}]->(b) RETURN count(e)",
            {"rows": rows},
        )
        return created[0][0] == len(rows)

    def _start_absent_edges(self, cls: type[Edge], src_label: str, dst_label: str,
                            rows: list[Row]) -> Callable[[], dict[PairKey, str]]:
        """One query seeks both endpoints, looks for the relationship between them and creates it if absent.

        Measured here on 200k new relationships: 7.0 s with commit, against 8.8 s for a look-up query then a
        create query (each seeking both endpoints). Rows that exist send their properties for nothing, so a
        chunk that is mostly stored goes the look-up-first way (see ``_start_edge_rows``). The query is sent
        and left running: its answer is read after the next chunk is on its way.
        """
        label = cls.label
        result = self._start(
            f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.src}}), (b:{dst_label} {{id: r.dst}}) "
            f"{_seek_both(src_label, dst_label)} "
            f"WITH r, a, b, head(COLLECT {{ MATCH (a)-[old:{label}]->(b) RETURN coalesce(old.content_hash, '') }}) "
            "AS stored "
            f"CALL (r, a, b, stored) {{ WITH * WHERE stored IS NULL "
            f"CREATE (a)-[e:{label} {{{self._pattern_props(cls, rows)}}}]->(b) }} "
            "RETURN count(*), collect(CASE WHEN stored IS NOT NULL THEN [r.src, r.dst, stored] END)",
            {"rows": rows},
        )

        def stored_hashes() -> dict[PairKey, str]:
            ((matched, stored),) = result()
            if matched != len(rows):
                self._raise_dangling(label, src_label, dst_label, rows)
            return {(src, dst): digest for src, dst, digest in stored}  # type: ignore[attr-defined]
        return stored_hashes

    def _update_edges(self, cls: type[Edge], src_label: str, dst_label: str, rows: list[Row]) -> None:
        self._start(
            f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.src}})-[e:{cls.label}]->(b:{dst_label} {{id: r.dst}}) "
            f"{_seek_both(src_label, dst_label)} SET e = r.props RETURN count(*)",
            {"rows": rows},
        )

    # ------------------------------------------------------------------ streams

    def stream_rows(self, label: str, fields: Sequence[str], *, chunk_size: int = 10_000) -> Iterator[Chunk]:
        """Pages by id (``n.id > last id of the page before``, in the id index's order), each page one record
        of lists: streamed record by record, the driver spent ~40 µs per row reading Bolt messages."""
        for f in fields:
            check_property(label, f)
        node_type(label)
        columns = ", ".join(f"n.{f}" for f in fields) or "n.id"
        query = (f"MATCH (n:{label}) USING INDEX n:{label}(id) WHERE n.id > $after "
                 f"WITH n ORDER BY n.id LIMIT $limit RETURN collect([{columns}]), collect(n.id)[-1]")

        def pages() -> Iterator[Chunk]:
            after = ""
            while True:
                ((rows, last),) = self._run(query, {"after": after, "limit": chunk_size})
                if not isinstance(rows, list) or not rows:
                    return
                yield [tuple(row) for row in rows]
                if len(rows) < chunk_size:
                    return
                after = str(last)

        return self._decoded(pages(), fields)

    # ------------------------------------------------------------------ paths

    def _shortest_paths(self, src: str, dst: str, max_hops: int) -> list[GraphPath]:
        a, b = node_type_for_id(src).label, node_type_for_id(dst).label
        rows = self._run(
            f"MATCH (a:{a} {{id: $src}}), (b:{b} {{id: $dst}}) "
            f"MATCH p = allShortestPaths((a)-[*..{int(max_hops)}]-(b)) RETURN p LIMIT 1000",
            {"src": src, "dst": dst},
        )
        paths = []
        for (path,) in rows:
            assert isinstance(path, neo4j.graph.Path)
            nodes = [node_from_props(self._props(n)) for n in path.nodes]
            edges = []
            for rel in path.relationships:
                assert rel.start_node is not None and rel.end_node is not None
                edges.append(edge_from_row(EDGE_TYPES[rel.type], str(rel.start_node["id"]),
                                           str(rel.end_node["id"]), self._props(rel)))
            paths.append(GraphPath(nodes=nodes, edges=edges))
        return paths
