"""Corrections by hand (administrators, from the API, the web UI or the CLI): change a record's properties, fold a
duplicate into it. Each is checked before anything is stored and recorded with who made it and what it replaced
(an ``EditRecord``, a ``MergeRecord``), so it can be undone (``undo_edit``, ``loaders.curation.undo_merge``).
Deleting a record or one relationship is in ``loaders.deletions``."""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from pydantic import ValidationError

from graph.errors import BadRequest, Conflict, InvalidRecord, NotFound
from graph.schema import PROVENANCE_FIELDS, EditRecord, MergeRecord, Node
from graph.store import GraphStore, as_utc
from loaders.curation import merged_away_name

NOT_EDITABLE = frozenset({"id", "sources", *PROVENANCE_FIELDS})


def edit_node(store: GraphStore, node: Node, properties: Mapping[str, object], *, by: str = "api",
              source: str = "api") -> Node:
    """``node`` with ``properties`` changed, stored once the whole node passes the schema, with an ``EditRecord`` of
    the fields it changed (none when nothing changed); a property it does not have, or one that is not to be edited
    (its id, provenance), is refused naming it."""
    refused = sorted((NOT_EDITABLE & set(properties)) | (set(properties) - set(type(node).model_fields)))
    if refused:
        raise BadRequest(f"cannot set {', '.join(refused)}: not an editable property of {node.label}",
                         fields=refused)
    now = datetime.now(UTC)
    record_id = f"edt:{now:%Y%m%d%H%M%S%f}"
    changed = _validated(node, {**properties, "source": f"{source}-edit", "source_record_id": record_id})
    before, after = node.model_dump(mode="json"), changed.model_dump(mode="json")
    fields = [f for f in type(node).model_fields if f not in NOT_EDITABLE and before[f] != after[f]]
    if fields:
        record = EditRecord(
            id=record_id, node_id=node.id, node_label=node.label, name=changed.display_name(), fields=fields,
            before=json.dumps({f: before[f] for f in fields}, ensure_ascii=False),
            after=json.dumps({f: after[f] for f in fields}, ensure_ascii=False), created_at=now, source=source,
            source_record_id=by)
        with store.transaction() as tx:
            tx.upsert_nodes([changed, record])
    stored = store.get(node.id)
    if stored is None:
        raise NotFound(node.label, node.id)
    return stored


def undo_edit(store: GraphStore, edit_id: str) -> EditRecord:
    """Put the fields an edit changed back as they were; refused when one of them has changed since (a later edit or
    load: undo that first) or the record is gone."""
    record = store.get(edit_id) if edit_id.startswith("edt:") else None
    if not isinstance(record, EditRecord):
        raise NotFound("edit", edit_id)
    if record.undone:
        raise Conflict(f"edit {edit_id} was already undone", id=edit_id)
    node = store.get(record.node_id)
    if node is None:
        raise Conflict(f"{record.node_id} is no longer in the graph (deleted or merged away since the edit)",
                       id=edit_id)
    now_json, after = node.model_dump(mode="json"), json.loads(record.after)
    moved = [f for f in record.fields if now_json.get(f) != after.get(f)]
    if moved:
        raise Conflict(f"{', '.join(moved)} of {record.node_id} changed since the edit: undo that change first",
                       id=edit_id, fields=moved)
    restored = _validated(node, {**json.loads(record.before), "source": "undo-edit", "source_record_id": edit_id})
    undone = record.model_copy(update={"undone": True, "undone_at": datetime.now(UTC)})
    with store.transaction() as tx:
        tx.upsert_nodes([restored, undone])
    return undone


@dataclass
class Correction:
    """One change made to a record after it was loaded: an edit of its fields or a record merged into it."""

    kind: str
    """edits / merges (as the admin page's undo addresses name them)."""
    id: str
    when: datetime | None
    by: str
    what: list[str]
    """The fields an edit changed, or the name of the record a merge folded in."""
    undone: bool


def corrections_of(store: GraphStore, node_id: str, limit: int = 20) -> list[Correction]:
    """The latest edits of a record and merges into it (by load or by hand), newest first."""
    found = []
    for edit in store.find("EditRecord", "node_id", [node_id]):
        if isinstance(edit, EditRecord):
            found.append(Correction("edits", edit.id, edit.created_at, edit.source_record_id, edit.fields,
                                    edit.undone))
    for merge in store.find("MergeRecord", "kept_id", [node_id]):
        if isinstance(merge, MergeRecord):
            name = merged_away_name(merge)
            by = merge.source_record_id if merge.method == "manual" else merge.run_id or merge.source
            found.append(Correction("merges", merge.id, merge.created_at, by or "", [name], merge.undone))
    found.sort(key=lambda c: as_utc(c.when), reverse=True)
    return found[:limit]


def _validated(node: Node, changes: Mapping[str, object]) -> Node:
    """``node`` with ``changes``, checked whole by its schema; the first problem raised naming its field."""
    data = node.model_dump()
    data.update(changes)
    try:
        return type(node).model_validate(data)
    except ValidationError as exc:
        raise InvalidRecord.from_validation(exc) from exc


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


def form_fields(node: Node) -> list[tuple[str, str, list[str]]]:
    """The editable properties of ``node`` as a form shows them: (name, how it is written, its choices). A list
    is written with ';' between its values; a coded value is one of its choices ('' for none)."""
    out = []
    for name, spec in type(node).model_fields.items():
        if name in NOT_EDITABLE:
            continue
        out.append((name, written(getattr(node, name)), choices_of(spec.annotation)))
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


def written(value: object) -> str:
    """A property's value as a form (or a file to fill in) writes it: a list with '; ' between, a coded value as
    its code, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(written(v) for v in value)
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
