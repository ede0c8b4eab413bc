"""The ``GraphStore`` contract that every layer above ``graph/`` uses, and ``open_store`` to get one.

Both backends (embedded LadybugDB, Neo4j over Bolt) implement it with the same observable behaviour;
the contract test suite in ``tests/graph`` runs against each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Literal, Protocol

from pydantic import BaseModel, PlainSerializer, PlainValidator

from graph.config import Settings
from graph.schema import EDGE_TYPES, Edge, Node, edge_type, node_from_props

Direction = Literal["out", "in", "both"]
EdgeKey = tuple[str, str, str]
"""(relationship type, source id, target id)"""
Scalar = str | int | float | bool | None


@dataclass
class UpsertResult:
    """What an upsert did: ids (or edge keys) created and updated, and how many were already identical."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    hashes: dict[str, str] = field(default_factory=dict)
    """Content hash now stored for every id (or edge key text) written: created, updated or unchanged."""

    def __iadd__(self, other: UpsertResult) -> UpsertResult:
        self.created.extend(other.created)
        self.updated.extend(other.updated)
        self.unchanged += other.unchanged
        self.hashes.update(other.hashes)
        return self


def as_utc(moment: object) -> datetime:
    """A stored time as an aware UTC time (a store may give it back naive, or as ISO text); none is the
    earliest."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if not isinstance(moment, datetime):
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def edge_key_text(label: str, src: object, dst: object) -> str:
    """How an upsert result names a relationship: ``TYPE:src->dst``."""
    return f"{label}:{src}->{dst}"


def edge_key_of(text: str) -> EdgeKey | None:
    """The (type, src, dst) that ``edge_key_text`` wrote as ``text``; None for anything else (a node id)."""
    label, colon, ends = text.partition(":")
    src, arrow, dst = ends.partition("->")
    return (label, src, dst) if colon and arrow and label.isupper() and src and dst else None


@dataclass(frozen=True)
class Neighbour:
    """A node next to another, with the relationship between them and its direction seen from the first."""

    edge: Edge
    node: Node
    direction: Literal["out", "in"]


class GraphPath(BaseModel):
    """A walk through the graph: ``nodes[i]`` and ``nodes[i+1]`` are joined by ``edges[i]``."""

    nodes: list[Node]
    edges: list[Edge]

    @property
    def node_ids(self) -> list[str]:
        return [n.id for n in self.nodes]


def _any_node(value: object) -> Node:
    if isinstance(value, Node):
        return value
    if isinstance(value, dict):
        return node_from_props(value)
    raise ValueError(f"not a node: {value!r}")


def _any_edge(value: object) -> Edge:
    if isinstance(value, Edge):
        return value
    if isinstance(value, dict) and value.get("label") in EDGE_TYPES:
        fields = {k: v for k, v in value.items() if k != "label"}
        return edge_type(str(value["label"])).model_validate(fields)
    raise ValueError(f"not a relationship: {value!r}")


AnyNode = Annotated[Node, PlainValidator(_any_node), PlainSerializer(lambda n: n.model_dump(mode="json"))]
"""A node of any type: serialised with all its fields, rebuilt as its own type (from the id prefix)."""
AnyEdge = Annotated[Edge, PlainValidator(_any_edge),
                    PlainSerializer(lambda e: {"label": e.label, **e.model_dump(mode="json")})]
"""A relationship of any type, serialised with its label."""


class MergeOutcome(BaseModel):
    """Everything needed to show a merge and to undo it (round-trips through JSON)."""

    kept_before: AnyNode
    kept_after: AnyNode
    dropped: AnyNode
    dropped_edges: list[AnyEdge]
    moved: list[AnyEdge]
    """Relationships created on the kept node by the merge."""

    @classmethod
    def of(cls, snapshot: str) -> MergeOutcome | None:
        """A merge record's snapshot read back; None for a merge recorded without one."""
        try:
            return cls.model_validate_json(snapshot)
        except ValueError:
            return None


class DeletionOutcome(BaseModel):
    """A deleted node and every relationship it had, as they were (round-trips through JSON); or, with no node, one
    relationship removed by itself."""

    node: AnyNode | None
    edges: list[AnyEdge]


class GraphWriter(Protocol):
    """Write verbs; available on the store and on the object a transaction yields."""

    def upsert_nodes(self, nodes: Sequence[Node], *, keep_loaded_at: bool = False) -> UpsertResult:
        """Create missing nodes, update changed ones (by content hash), leave identical ones untouched; each written
        one stamped ``loaded_at`` now (``keep_loaded_at``: with the time it carries, as a restored dump does)."""
        ...

    def upsert_edges(self, edges: Sequence[Edge], *, keep_loaded_at: bool = False) -> UpsertResult:
        """Same for relationships, keyed by (type, src, dst). Both endpoints must exist."""
        ...

    def delete_nodes(self, ids: Sequence[str]) -> int:
        """Delete nodes and their relationships; returns how many nodes existed."""
        ...

    def delete_edges(self, keys: Sequence[EdgeKey]) -> int: ...

    def merge_into(self, keep_id: str, drop_id: str) -> MergeOutcome:
        """Fold ``drop`` into ``keep``: properties completed, relationships moved, ``drop`` deleted."""
        ...

    def undo_merge(self, outcome: MergeOutcome) -> None:
        """Restore both nodes and the relationships as they were before ``merge_into``; what changed on the kept node
        since the merge stays (``schema.unmerged_node``)."""
        ...


class GraphReader(Protocol):
    def get(self, node_id: str) -> Node | None: ...

    def get_many(self, ids: Iterable[str]) -> dict[str, Node]: ...

    def get_edge(self, label: str, src: str, dst: str) -> Edge | None: ...

    def find(self, label: str, field: str, values: Sequence[Scalar]) -> list[Node]:
        """Nodes of one type whose scalar ``field`` equals one of ``values`` (ordered by id)."""
        ...

    def list_nodes(
        self, label: str, *, where: Mapping[str, Scalar] | None = None, order_by: str = "id",
        descending: bool = False, limit: int = 50, offset: int = 0,
    ) -> list[Node]: ...

    def count(self, label: str, *, where: Mapping[str, Scalar] | None = None) -> int: ...

    def neighbours(
        self, node_id: str, *, edge_types: Sequence[str] | None = None, direction: Direction = "both",
        limit: int = 100,
    ) -> list[Neighbour]:
        """Adjacent nodes ordered by (relationship type, direction, neighbour id)."""
        ...

    def paths(self, src_id: str, dst_id: str, *, max_hops: int = 3, limit: int = 3) -> list[GraphPath]:
        """Shortest paths (any direction) of at most ``max_hops``, ordered by the ids along them."""
        ...

    def stream_rows(
        self, label: str, fields: Sequence[str], *, chunk_size: int = 10_000
    ) -> Iterator[list[tuple[Scalar | list[str], ...]]]:
        """Chosen properties of every node of a type, in chunks, ordered by id."""
        ...

    def stream_nodes(self, label: str, *, chunk_size: int = 10_000) -> Iterator[list[Node]]: ...

    def stream_edges(
        self, label: str, fields: Sequence[str] = (), *, chunk_size: int = 10_000
    ) -> Iterator[list[tuple[Scalar | list[str], ...]]]:
        """(src id, dst id, *fields) of every relationship of a type, in chunks, ordered by (src, dst)."""
        ...

    def count_nodes(self) -> dict[str, int]: ...

    def count_edges(self) -> dict[str, int]: ...

    def version(self) -> str:
        """A token that changes with every committed write that changed the graph (and after ``clear``)."""
        ...

    def knowledge_version(self) -> str:
        """A token that changes with every committed write that changed a domain record or relationship (and
        after ``clear``), not with bookkeeping alone (runs, keys, saved needs, reviews, edit records)."""
        ...

    def stored_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """id -> content hash for those of ``ids`` that exist."""
        ...

    def stored_edge_hashes(self, keys: Sequence[EdgeKey]) -> dict[EdgeKey, str]:
        """(type, src, dst) -> content hash for those of ``keys`` that exist."""
        ...

    def edges_hold(self, expected: Mapping[EdgeKey, str]) -> bool:
        """Whether every relationship of ``expected`` is stored with that content hash (what a re-load of an
        unchanged file checks: ``stored_edge_hashes(keys) == expected``, answered without returning them)."""
        ...


class GraphStore(GraphWriter, GraphReader, Protocol):
    """A graph database holding the innolink schema."""

    backend: str

    def ensure_schema(self) -> None: ...

    def transaction(self) -> AbstractContextManager[GraphStore]:
        """All writes inside commit together or not at all; nested calls join the outer transaction."""
        ...

    def clear(self) -> None:
        """Delete every node and relationship (tests, demo resets)."""
        ...

    def close(self) -> None: ...


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """Open the backend named by ``settings.store`` and make sure its schema exists."""
    store: GraphStore
    if settings.store == "neo4j":
        from graph.backends.neo4j import Neo4jStore

        store = Neo4jStore(settings.neo4j, batch_size=settings.batch_size)
    else:
        from graph.backends.embedded import EmbeddedStore

        store = EmbeddedStore(settings.embedded, read_only=read_only)
    if not read_only:
        store.ensure_schema()
    return store
