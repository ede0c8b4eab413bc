"""Corrections made by hand that a load keeps: a file loaded again does not undo what an administrator corrected.

Administrators correct records after they are loaded (``loaders.editing``, ``loaders.deletions``), and the same
files, or the next export of the system they came from, are loaded again. Without this, a load would put back the
value an administrator corrected, bring back the record they deleted and the relationship they removed. So a load
writes nothing that would undo a correction still in force:

- a field edited by hand keeps its edited value while the file says what it said before the edit; a file that
  says something else (the source has changed since) is taken, and the run says so; a name or number edited by
  hand still finds its record when a file names it the old way (``names_replaced``, ``values_replaced``);
- a record deleted by hand is not brought back, nor any relationship of it, until the deletion is undone, however
  a file names it (a patent by its number, a company by its name, a person by name at their organisation: the
  resolver remembers deleted records, ``Resolver._remember_deleted``);
- a relationship removed by hand is not brought back until that removal is undone.

A correction is in force while the graph still shows it: an edited field holds the edit's value, a deleted record
or a removed relationship is absent. Every correction a load kept or gave up is reported on its run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from graph.schema import PROVENANCE_FIELDS, DeletionRecord, Edge, EditRecord, Node
from graph.store import EdgeKey, GraphStore, as_utc, edge_key_of, edge_key_text

NAME_FIELDS = ("name_ko", "name_en")
"""The fields that name a record (an organisation or a person) by which files refer to it."""


@dataclass(frozen=True)
class Pin:
    """A field edited by hand: the value the source gave it before the first edit, and the value edits left."""

    source_value: object
    value: object
    edit_id: str

    def changes(self) -> tuple[list[object], list[object]] | None:
        """For a list: (values the edits removed, values they added); None for a single value."""
        if not isinstance(self.value, list):
            return None
        before = self.source_value if isinstance(self.source_value, list) else []
        return ([v for v in before if not _member(v, self.value)], [v for v in self.value if not _member(v, before)])

    def holds_in(self, stored: object) -> bool:
        """Whether the graph still shows the edit: the value it left, or, for a list, without what it removed and
        with what it added (a load may have added other values since)."""
        changes = self.changes()
        if changes is None or not isinstance(stored, list):
            return _same(stored, self.value)
        removed, added = changes
        return not any(_member(v, stored) for v in removed) and all(_member(v, stored) for v in added)


@dataclass(frozen=True)
class KeptCorrection:
    """What a load did about one correction: ``kept`` (an edit, a deletion, a removal stood) or ``taken`` (the
    file's value changed since the edit and replaced it)."""

    record: str
    """The node id, or the relationship as ``edge_key_text`` writes it."""
    what: str
    """edited / deleted / removed / superseded"""
    correction_id: str
    """The EditRecord or DeletionRecord."""
    fields: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {"record": self.record, "what": self.what, "correction_id": self.correction_id,
                "fields": list(self.fields)}

    def describe(self) -> str:
        fields = ", ".join(self.fields)
        return {
            "edited": f"{self.record}: {fields} kept as corrected by hand ({self.correction_id})",
            "superseded": f"{self.record}: {fields} corrected by hand ({self.correction_id}) but changed in the file "
                          "since: the file's value was taken",
            "deleted": f"{self.record} deleted by hand ({self.correction_id}): not brought back",
            "removed": f"{self.record} removed by hand ({self.correction_id}): not brought back",
        }[self.what]


@dataclass
class HandCorrections:
    """The corrections in force when a load starts, and what the load did about them."""

    pins: dict[str, dict[str, Pin]] = field(default_factory=dict)
    deleted: dict[str, str] = field(default_factory=dict)
    """Node id -> the DeletionRecord that deleted it."""
    deletion_records: list[DeletionRecord] = field(default_factory=list)
    """Those DeletionRecords, as read (their snapshots tell the resolver what each deleted record was)."""
    removed: dict[EdgeKey, str] = field(default_factory=dict)
    """Relationship -> the DeletionRecord that removed it."""
    report: dict[tuple[str, str], KeptCorrection] = field(default_factory=dict)
    made_at: dict[str, datetime] = field(default_factory=dict)
    """Correction (EditRecord or DeletionRecord) id -> when it was made."""
    left_out: set[str] = field(default_factory=set)
    """The DeletionRecords for which a load's rows left something out (a deleted record, a relationship to it, a
    removed relationship): once one is restored, the file's next load must process those rows again (``ledger``)."""

    @classmethod
    def in_force(cls, store: GraphStore) -> HandCorrections:
        """The corrections the graph still shows."""
        corrections = cls()
        edits = sorted((e for chunk in store.stream_nodes("EditRecord") for e in chunk
                        if isinstance(e, EditRecord) and not e.undone),
                       key=lambda e: (as_utc(e.created_at), e.id))
        pins: dict[str, dict[str, Pin]] = {}
        for edit in edits:
            corrections.made_at[edit.id] = as_utc(edit.created_at)
            before, after = json.loads(edit.before), json.loads(edit.after)
            fields = pins.setdefault(edit.node_id, {})
            for name in edit.fields:
                first = fields.get(name)
                fields[name] = Pin(first.source_value if first else before.get(name), after.get(name), edit.id)
        current = store.get_many(pins) if pins else {}
        for node_id, fields in pins.items():
            node = current.get(node_id)
            data = node.model_dump(mode="json") if node is not None else {}
            held = {name: pin for name, pin in fields.items() if node is not None and pin.holds_in(data.get(name))}
            if held:
                corrections.pins[node_id] = held
        deletions = [d for chunk in store.stream_nodes("DeletionRecord") for d in chunk
                     if isinstance(d, DeletionRecord) and not d.restored]
        corrections.made_at.update((d.id, as_utc(d.created_at)) for d in deletions)
        nodes = {d.deleted_id: d.id for d in deletions if edge_key_of(d.deleted_id) is None}
        present = store.get_many(nodes) if nodes else {}
        corrections.deleted = {node_id: by for node_id, by in nodes.items() if node_id not in present}
        in_force = set(corrections.deleted.values())
        corrections.deletion_records = [d for d in deletions if d.id in in_force]
        edges = {key: d.id for d in deletions if (key := edge_key_of(d.deleted_id)) is not None}
        stored = store.stored_edge_hashes(list(edges)) if edges else {}
        corrections.removed = {key: by for key, by in edges.items() if key not in stored}
        return corrections

    def __bool__(self) -> bool:
        return bool(self.pins or self.deleted or self.removed)

    def names_replaced(self) -> dict[str, list[str]]:
        """Node id -> the names its sources gave that an edit in force replaced (``name_ko``, ``name_en``): the
        sources go on naming the record so, and a reference by such a name is to the corrected record (as a row
        saying it keeps the corrected value). Names taken off a list (``aliases``) are not: they were wrong."""
        return {node_id: list(old.values()) for node_id, old in self.values_replaced(NAME_FIELDS).items()}

    def values_replaced(self, fields: Collection[str]) -> dict[str, dict[str, str]]:
        """Node id -> {field: the value its sources gave} for those of ``fields`` (single text values) that an
        edit in force replaced."""
        replaced: dict[str, dict[str, str]] = {}
        for node_id, pins in self.pins.items():
            old = {name: pin.source_value for name, pin in pins.items() if name in fields
                   and isinstance(pin.source_value, str) and pin.source_value.strip()
                   and pin.source_value != pin.value}
            if old:
                replaced[node_id] = old
        return replaced

    def apply(self, nodes: dict[str, Node], edges: dict[EdgeKey, Edge],
              stored: Callable[[Iterable[str]], Mapping[str, Node]], *, of_rows: bool = True,
              ) -> tuple[dict[str, Node], dict[EdgeKey, Edge]]:
        """What a chunk may write: ``nodes`` and ``edges`` without what would undo a correction in force.
        ``stored`` looks nodes up in the graph (an edited node the file leaves as the graph holds it is written
        as it is stored: its provenance still names the edit). ``of_rows``: what the file's rows made (else the
        vocabulary every load writes), whose deletions left out are remembered in ``left_out``."""
        if not self:
            return nodes, edges
        kept_nodes = {}
        for node_id, node in nodes.items():
            if node_id in self.deleted:
                self._leave_out(KeptCorrection(node_id, "deleted", self.deleted[node_id]), of_rows)
            else:
                kept_nodes[node_id] = node
        kept_edges = {}
        for key, edge in edges.items():
            gone = next((end for end in (edge.src, edge.dst) if end in self.deleted), None)
            if gone is not None:
                self._leave_out(KeptCorrection(gone, "deleted", self.deleted[gone]), of_rows)
            elif key in self.removed:
                self._leave_out(KeptCorrection(edge_key_text(*key), "removed", self.removed[key]), of_rows)
            else:
                kept_edges[key] = edge
        pinned = [node_id for node_id in kept_nodes if node_id in self.pins]
        if pinned:
            graph = stored(pinned)
            for node_id in pinned:
                kept_nodes[node_id] = self._pinned(kept_nodes[node_id], graph.get(node_id))
        return kept_nodes, kept_edges

    def _pinned(self, node: Node, in_graph: Node | None) -> Node:
        """``node`` with its fields edited by hand put back where the file still says what it said before."""
        data = node.model_dump(mode="json")
        pins = self.pins[node.id]
        kept, taken = [], []
        for name, pin in list(pins.items()):
            if _same(data.get(name), pin.value):
                continue
            if (list_edit := pin.changes()) is not None and isinstance(data.get(name), list):
                # a list: what the edits removed stays out, what they added stays in, the file's other values count
                removed, added = list_edit
                listed = [v for v in data[name] if not _member(v, removed)]
                listed += [v for v in added if not _member(v, listed)]
                if listed != data[name]:  # the file would have undone part of the edit
                    data[name] = listed
                    kept.append((name, pin.edit_id))
                continue
            if _same(data.get(name), pin.source_value):
                data[name] = pin.value
                kept.append((name, pin.edit_id))
            else:  # the source has changed since the edit: it speaks now, and the edit is no longer in force
                taken.append((name, pin.edit_id))
                del pins[name]
        for what, changes in (("edited", kept), ("superseded", taken)):
            for edit_id in dict.fromkeys(e for _, e in changes):
                names = tuple(n for n, e in changes if e == edit_id)
                self._note(KeptCorrection(node.id, what, edit_id, names))
        if not kept:
            return node
        if node.alias_field:  # a load keeps a renamed record's other name as an alias: not a name corrected away
            not_aliases = {str(data[f]) for f in node.name_fields if data.get(f)}
            not_aliases |= {str(pins[f].source_value) for f, _ in kept if f in node.name_fields}
            data[node.alias_field] = [a for a in data[node.alias_field] if a not in not_aliases]
        corrected = type(node).model_validate(data)
        if in_graph is not None and _content(in_graph) == _content(corrected):
            return in_graph
        return corrected

    def _note(self, correction: KeptCorrection) -> None:
        self.report.setdefault((correction.record, correction.what), correction)

    def _leave_out(self, correction: KeptCorrection, of_rows: bool) -> None:
        self._note(correction)
        if of_rows:
            self.left_out.add(correction.correction_id)

    def forget_reported_before(self, since: datetime | None, earlier: set[tuple[str, str]]) -> None:
        """Drop from the report what was noted since ``earlier`` (the report's keys then) about corrections made
        before ``since``: a load then already said it."""
        if since is None:
            return
        for key, kept in list(self.report.items()):
            if key not in earlier and self.made_at.get(kept.correction_id, since) < since:
                del self.report[key]


def correction_notes(corrections: Iterable[KeptCorrection]) -> list[str]:
    """What a load did about corrections, in words: a count per kind and the first ten of each."""
    corrections = list(corrections)
    out = []
    for what, one, many in (("edited", "record keeps fields corrected by hand", "records keep fields corrected by "
                             "hand"),
                            ("superseded", "record takes from the file fields corrected by hand that the file "
                             "changed since", "records take from the file fields corrected by hand that the file "
                             "changed since"),
                            ("deleted", "record deleted by hand not brought back (restore it to load it again)",
                             "records deleted by hand not brought back (restore them to load them again)"),
                            ("removed", "relationship removed by hand not brought back",
                             "relationships removed by hand not brought back")):
        found = [c.describe() for c in corrections if c.what == what]
        if found:
            more = f" and {len(found) - 10} more" if len(found) > 10 else ""
            out.append(f"{len(found)} {one if len(found) == 1 else many}: {'; '.join(found[:10])}{more}")
    return out


def _member(value: object, values: list[object]) -> bool:
    return any(_same(value, v) for v in values)


def _same(left: object, right: object) -> bool:
    """Equal values, lists compared as sets (a load unites a record's lists with the file's)."""
    if isinstance(left, list) and isinstance(right, list):
        return {json.dumps(v, sort_keys=True) for v in left} == {json.dumps(v, sort_keys=True) for v in right}
    return left == right


def _content(node: Node) -> dict[str, object]:
    return node.model_dump(mode="json", exclude=set(PROVENANCE_FIELDS))
