"""The records that have one gap (``loaders.completeness``), as a file to fill in: the kind's canonical template
(docs/TEMPLATES.md) with each record's id and what the graph holds now. An administrator fills in what is missing
(business numbers, regions, descriptions, abstracts, applicants …) in a spreadsheet and imports it back as that kind:
each row lands on its record by its id (or, for patents and publications, by their numbers) and a blank cell changes
nothing (a row left as exported adds only the file to the record's sources)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from graph.errors import NotFound
from graph.schema import Node
from graph.store import GraphStore
from loaders.completeness import CHECKS, Check, ids_with_gap
from loaders.curation import neutralise
from loaders.editing import written
from loaders.mapping import template_header
from loaders.records import RECORD_TYPES

KIND_OF_LABEL = {"Organization": "organizations", "Person": "people", "Patent": "patents",
                 "Publication": "publications"}
"""The load kind whose template holds each type of record a check is about."""

ID_FIELDS = {"org_id", "person_id"}
"""Template fields that hold the record's own id."""

FROM_NODE = {"org_kind": "kind"}
"""Template fields read from a node property of another name."""


def gap_check(key: str) -> Check:
    check = next((c for c in CHECKS if c.key == key), None)
    if check is None:
        raise NotFound("check", key)
    return check


def gap_rows(store: GraphStore, check: Check) -> Iterator[list[str]]:
    """The template row of every record with ``check``'s gap, by id (a cell a spreadsheet would take for a formula
    neutralised: the loader reads it back as it was)."""
    kind = KIND_OF_LABEL[check.label]
    fields = list(RECORD_TYPES[kind].model_fields)
    ids = list(ids_with_gap(store, check))
    for start in range(0, len(ids), 1000):
        nodes = store.get_many(ids[start:start + 1000])
        for node_id in ids[start:start + 1000]:
            if node_id in nodes:
                yield [neutralise(_cell(nodes[node_id], f)) for f in fields]


def gap_csv(store: GraphStore, key: str) -> tuple[str, str]:
    """(load kind, CSV text with a BOM) of the records with the gap ``key``: the template's columns, one row each."""
    check = gap_check(key)
    kind = KIND_OF_LABEL[check.label]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(template_header(kind))
    writer.writerows(gap_rows(store, check))
    return kind, out.getvalue()


def _cell(node: Node, field: str) -> str:
    """A template field's cell for ``node``: its id, or the node's property of that field as a form writes it; blank
    for a field the node does not hold (its relationships: a blank cell changes nothing)."""
    if field in ID_FIELDS:
        return node.id
    name = FROM_NODE.get(field, field)
    return written(getattr(node, name)) if name in type(node).model_fields else ""
