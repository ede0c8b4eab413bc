"""Deletions by hand (administrators, from the API, the web UI or the CLI): a record deleted with every relationship
it had, or one relationship removed by itself, each kept in a ``DeletionRecord`` (who, when, what) and restored
from it: between the nodes that hold the ends now when a node was merged away since."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.errors import BadRequest, Conflict, NotFound
from graph.schema import EDGE_TYPES, DeletionRecord, Edge, Node
from graph.store import DeletionOutcome, GraphStore, edge_key_of, edge_key_text
from loaders.curation import holders


def delete_by_hand(store: GraphStore, node: Node, *, by: str, source: str) -> DeletionRecord:
    """Delete a record and its relationships, keeping them in a DeletionRecord (who, when, what) to restore.

    A file loaded again does not bring the record back while the deletion stands (``hand_corrections``)."""
    if not node.domain:
        raise BadRequest(f"{node.id} is not a record of the graph", fields=["id"])
    now = datetime.now(UTC)
    with store.transaction() as tx:
        edges = [n.edge for n in tx.neighbours(node.id, limit=10**9)]
        record = DeletionRecord(
            id=f"del:{now:%Y%m%d%H%M%S%f}", deleted_id=node.id, node_label=node.label, name=node.display_name(),
            relationships=len(edges), snapshot=DeletionOutcome(node=node, edges=edges).model_dump_json(),
            created_at=now, source=source, source_record_id=by)
        tx.delete_nodes([node.id])
        tx.upsert_nodes([record])
    return record


def unlink_by_hand(store: GraphStore, label: str, src: str, dst: str, *, by: str, source: str) -> DeletionRecord:
    """Remove one relationship (a wrong affiliation, a licence recorded on the wrong company), keeping it in a
    DeletionRecord to restore; its ``deleted_id`` is the relationship as ``edge_key_text`` writes it. As with a deleted
    record, a file loaded again does not bring it back while the removal stands."""
    if label not in EDGE_TYPES:
        raise BadRequest(f"{label!r} is not a type of relationship: one of {', '.join(sorted(EDGE_TYPES))}",
                         fields=["type"])
    edge = store.get_edge(label, src, dst)
    if edge is None:
        raise NotFound("relationship", edge_key_text(label, src, dst))
    ends = store.get_many([src, dst])
    now = datetime.now(UTC)
    record = DeletionRecord(
        id=f"del:{now:%Y%m%d%H%M%S%f}", deleted_id=edge_key_text(label, src, dst), node_label=label,
        name=" → ".join(ends[i].display_name() if i in ends else i for i in (src, dst)), relationships=1,
        snapshot=DeletionOutcome(node=None, edges=[edge]).model_dump_json(), created_at=now, source=source,
        source_record_id=by)
    with store.transaction() as tx:
        tx.delete_edges([(label, src, dst)])
        tx.upsert_nodes([record])
    return record


def page_of_deleted(record: DeletionRecord) -> str:
    """The node whose page shows what a deletion took: the record itself, or a relationship's source."""
    key = edge_key_of(record.deleted_id)
    return key[1] if key else record.deleted_id


def deletion(store: GraphStore, deletion_id: str) -> DeletionRecord:
    """The deletion with this id; NotFound for anything else (another type's id too)."""
    record = store.get(deletion_id) if deletion_id.startswith("del:") else None
    if not isinstance(record, DeletionRecord):
        raise NotFound("deletion", deletion_id)
    return record


def restore_deleted(store: GraphStore, deletion_id: str) -> tuple[DeletionRecord, int]:
    """Put a deleted record back with its relationships; returns the deletion (now restored) and how many
    relationships could not come back because the node at their other end is gone. A relationship whose other
    end was merged away since goes to the node that holds it now."""
    record = deletion(store, deletion_id)
    if record.restored:
        raise Conflict(f"deletion {deletion_id} was already restored", id=deletion_id)
    outcome = DeletionOutcome.model_validate_json(record.snapshot)
    if outcome.node is None:
        return _restore_relationship(store, record, outcome.edges[0]), 0
    if store.get(record.deleted_id) is not None:
        raise Conflict(f"{record.deleted_id} exists again (loaded or created since it was deleted); it cannot be "
                       "restored over it", id=deletion_id)
    deleted = outcome.node.id
    others = holders(store, {end for e in outcome.edges for end in (e.src, e.dst) if end != deleted})
    edges = [e.model_copy(update={"src": others[e.src].id if e.src != deleted else deleted,
                                  "dst": others[e.dst].id if e.dst != deleted else deleted})
             for e in outcome.edges if all(end == deleted or end in others for end in (e.src, e.dst))]
    restored = record.model_copy(update={"restored": True, "restored_at": datetime.now(UTC)})
    with store.transaction() as tx:
        tx.upsert_nodes([outcome.node])
        tx.upsert_edges(edges)
        tx.upsert_nodes([restored])
    return restored, len(outcome.edges) - len(edges)


def _restore_relationship(store: GraphStore, record: DeletionRecord, edge: Edge) -> DeletionRecord:
    """Put back a relationship removed by itself, between the nodes that hold its ends now (merges followed)."""
    ends = holders(store, {edge.src, edge.dst})
    if edge.src not in ends or edge.dst not in ends:
        gone = edge.src if edge.src not in ends else edge.dst
        raise Conflict(f"{gone}, at one end of the relationship, is no longer in the graph: it cannot be restored",
                       id=record.id)
    again = edge.model_copy(update={"src": ends[edge.src].id, "dst": ends[edge.dst].id})
    if store.get_edge(again.label, again.src, again.dst) is not None:
        raise Conflict(f"{edge_key_text(again.label, again.src, again.dst)} exists again (loaded or added since it "
                       "was removed); it cannot be restored over it", id=record.id)
    restored = record.model_copy(update={"restored": True, "restored_at": datetime.now(UTC)})
    with store.transaction() as tx:
        tx.upsert_edges([again])
        tx.upsert_nodes([restored])
    return restored
