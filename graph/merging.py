"""Two nodes found to be one entity, made one (``merged_node``) and made two again (``unmerged_node``). A load
merging a record into a known node and an administrator approving a review pair both merge so."""

from __future__ import annotations

from graph.errors import SchemaViolation
from graph.schema import PROVENANCE_FIELDS, Node

_STAMPS = Node.hash_excluded
"""When a node was written and the hash of what it says: no part of what it says."""


def named_only(node: Node) -> bool:
    """A node that knows one name and nothing else (but what its ``guessed_fields`` guess from it): what a reference
    to an organisation or person not known yet made, or a row that gave only a name."""
    if sum(1 for name in node.name_fields if getattr(node, name)) != 1:
        return False
    fields = type(node).model_fields
    said = set(fields) - {"id", "sources", *PROVENANCE_FIELDS, *node.name_fields, *node.guessed_fields}
    return all(getattr(node, name) == fields[name].get_default(call_default_factory=True) for name in said)


def merged_node(keep: Node, drop: Node) -> Node:
    """``keep`` completed with what ``drop`` knows: empty fields filled, lists united, other names kept as aliases.
    A ``keep`` that knows only its name (``named_only``) takes what a fuller ``drop`` says instead, its own name
    kept as an alias: the company a supplier file named 'GIST' is the university the institutions file describes."""
    if type(keep) is not type(drop):
        raise SchemaViolation(f"cannot merge {drop.label} {drop.id} into {keep.label} {keep.id}")
    if named_only(keep) and not named_only(drop):
        stays = {name: getattr(keep, name) for name in ("id", *PROVENANCE_FIELDS)}
        return _completed(drop.model_copy(update=stays), keep)
    return _completed(keep, drop)


def _completed(keep: Node, drop: Node) -> Node:
    data = keep.model_dump()
    other = drop.model_dump()
    for name, value in other.items():
        if name in ("id", *PROVENANCE_FIELDS):
            continue
        mine = data.get(name)
        if isinstance(mine, list) and isinstance(value, list):
            data[name] = list(dict.fromkeys([*mine, *value]))
        elif mine in (None, "") and value not in (None, ""):
            data[name] = value
    if keep.alias_field:
        own = {str(data[f]) for f in keep.name_fields if data.get(f)}
        extra = [n for n in drop.names() if n not in own]
        data[keep.alias_field] = [a for a in dict.fromkeys([*data[keep.alias_field], *extra]) if a not in own]
    return type(keep).model_validate(data)


def unmerged_node(before: Node, after: Node, now: Node) -> Node:
    """The kept node of a merge being undone: as it was ``before`` the merge, but with what changed since the merge
    left it (``after``) kept as it is ``now``. A field changed since keeps its new value; a list keeps what was
    added to it since and loses what the merge brought."""
    data, merged, current = before.model_dump(), after.model_dump(), now.model_dump()
    for name, value in current.items():
        if name in ("id", *_STAMPS) or value == merged.get(name):
            continue  # untouched since the merge: back to what it was before
        was = merged.get(name)
        if isinstance(value, list) and isinstance(was, list):
            brought = set(was) - set(data.get(name) or [])  # lists hold text (STRING[]): hashable
            data[name] = [v for v in value if v not in brought]
        else:
            data[name] = value
    return type(before).model_validate(data)
