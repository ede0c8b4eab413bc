"""Corrections by hand (administrators, from the API, the web UI or the CLI): change a record's properties, fold a
duplicate into it, delete it. Each is checked before anything is stored; a merge and a deletion are recorded with a
snapshot, so they can be undone (``loaders.curation.undo_merge``, ``restore_deleted``)."""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import Enum

from pydantic import ValidationError

from graph.errors import BadRequest, Conflict, InvalidRecord, NotFound
from graph.schema import EDGE_TYPES, PROVENANCE_FIELDS, DeletionRecord, Edge, MergeRecord, Node
from graph.store import DeletionOutcome, GraphStore, edge_key_of, edge_key_text
from loaders.curation import holders

NOT_EDITABLE = frozenset({"id", "sources", *PROVENANCE_FIELDS})


def edit_node(store: GraphStore, node: Node, properties: Mapping[str, object]) -> Node:
    """``node`` with ``properties`` changed, stored once the whole node passes the schema; a property it does not
    have, or one that is not to be edited (its id, provenance), is refused naming it."""
    refused = sorted((NOT_EDITABLE & set(properties)) | (set(properties) - set(type(node).model_fields)))
    if refused:
        raise BadRequest(f"cannot set {', '.join(refused)}: not an editable property of {node.label}",
                         fields=refused)
    data = node.model_dump()
    data.update(properties)
    data.update(source="api-edit", source_record_id=f"edit:{datetime.now(UTC):%Y-%m-%dT%H:%M:%S}")
    try:
        changed = type(node).model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidRecord(str(first["msg"]).removeprefix("Value error, "),
                            field=".".join(map(str, first["loc"])) or None, value=first.get("input")) from exc
    store.upsert_nodes([changed])
    stored = store.get(node.id)
    if stored is None:  # pragma: no cover - written just above
        raise NotFound(node.label, node.id)
    return stored


def merge_by_hand(store: GraphStore, kept: Node, dropped: Node, *, by: str, source: str) -> MergeRecord:
    """Fold ``dropped`` into ``kept`` (two records of one type), recorded with who did it."""
    if type(kept) is not type(dropped) or kept.id == dropped.id:
        raise BadRequest(f"cannot merge {dropped.id} into {kept.id}: two different records of one type are needed",
                         fields=["drop_id"])
    now = datetime.now(UTC)
    with store.transaction() as tx:
        outcome = tx.merge_into(kept.id, dropped.id)
        record = MergeRecord(
            id=f"mrg:manual-{now:%Y%m%d%H%M%S%f}", kept_id=kept.id, merged_id=dropped.id, node_label=kept.label,
            method="manual", score=1.0, evidence=json.dumps({"merged_by": by}, ensure_ascii=False),
            snapshot=outcome.model_dump_json(), created_at=now, source=source, source_record_id=by)
        tx.upsert_nodes([record])
    return record


def delete_by_hand(store: GraphStore, node: Node, *, by: str, source: str) -> DeletionRecord:
    """Delete a record and its relationships, keeping them in a DeletionRecord (who, when, what) to restore.

    A file that carries the record brings it back when it is loaded again: the file is the source."""
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
    DeletionRecord to restore; its ``deleted_id`` is the relationship as ``edge_key_text`` writes it."""
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


def form_fields(node: Node) -> list[tuple[str, str, list[str]]]:
    """The editable properties of ``node`` as a form shows them: (name, how it is written, its choices). A list
    is written with ';' between its values; a coded value is one of its choices ('' for none)."""
    out = []
    for name, spec in type(node).model_fields.items():
        if name in NOT_EDITABLE:
            continue
        out.append((name, _written(getattr(node, name)), choices_of(spec.annotation)))
    return out


def parse_form(node: Node, form: Mapping[str, str]) -> dict[str, object]:
    """The properties a submitted form changes: each field's text as the schema takes it (a list split at ';', a
    blank as none), only the fields that differ from how the node writes them now."""
    changed: dict[str, object] = {}
    for name, written, _ in form_fields(node):
        if name not in form or form[name].strip() == written:
            continue
        text = form[name].strip()
        if is_list_type(type(node).model_fields[name].annotation):
            changed[name] = [part.strip() for part in text.split(";") if part.strip()]
        else:
            changed[name] = text or None
    return changed


def _written(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(_written(v) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def choices_of(annotation: object) -> list[str]:
    """The values a coded type allows as a form writes them ('' first when it may be none); [] for free text."""
    parts = _parts(annotation)
    blank = [""] if type(None) in parts else []
    for part in parts:
        if isinstance(part, type) and issubclass(part, Enum):
            return [*blank, *(str(m.value) for m in part)]
        if part is bool:
            return [*blank, "true", "false"]
        if typing.get_origin(part) is typing.Literal:
            return [*blank, *map(str, typing.get_args(part))]
    return []


def is_list_type(annotation: object) -> bool:
    """Whether a type holds several values (a form writes them with ';' between)."""
    return any(typing.get_origin(part) in (list, tuple, set) or part in (list, tuple, set)
               for part in _parts(annotation))


def _parts(annotation: object) -> list[object]:
    """The types an annotation allows (``X | None`` and ``Annotated[X, …]`` opened)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _parts(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [p for arg in typing.get_args(annotation) for p in _parts(arg)]
    return [annotation]


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
