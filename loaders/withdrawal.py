"""What a row loaded again no longer says: the relationships its record gave in the file's last load and gives no
longer (an applicant corrected, a technology its corrected text no longer names, a cited patent dropped), and the
values of cells emptied since (a wrong homepage taken out).

The ledger keeps, per record a file's rows made, the relationships they gave (``Footprint.owned``) and a digest of
each value they gave (``Footprint.said``). When the file is loaded again, ``withdrawal`` finds what a processed
record gave then and gives no longer, and the pipeline removes it (a dry run only reports it). Only where every row
of the file that made the record was processed now (a record the file no longer lists keeps what it said: a file
may hold only this month's records). A relationship goes unless a row of this load gives it, another file's last
load wrote it (to the record, or to one merged into it since), or something other than this file changed it since;
a value is cleared only where the record still holds the value this file gave (not one another file or an edit by
hand put there since) and another file's last load did not give it too, and never a key, name or alias, by which the
record is found. A list (IPC codes, skills, keywords) is said item by item: an item the corrected cell no longer
lists leaves the list on the same terms. A record only the removed relationships named, which only this file's rows
made and nobody corrected by hand, goes with them (an inventor placed at the applicant a corrected row no longer
names).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property

from graph.schema import PROVENANCE_FIELDS, Edge, Node
from graph.store import EdgeKey, GraphStore
from loaders.ledger import LoadLedger

Owned = Mapping[str, set[EdgeKey]]
"""Record (node id) -> the relationships the rows that made it gave."""
Said = Mapping[str, Mapping[str, str]]
"""Record (node id) -> field (or ``field[item digest]`` for an item of a list) -> a digest of the value the rows that
made it gave (``given_values``)."""


@dataclass
class Withdrawal:
    edges: dict[EdgeKey, Edge] = field(default_factory=dict)
    """The relationships to remove, as stored."""
    records: list[Node] = field(default_factory=list)
    """The records to remove with them."""
    cleared: dict[str, tuple[Node, dict[str, object]]] = field(default_factory=dict)
    """Node id -> (the node as stored, field -> its value once cleared: empty, or a list without the items gone)."""
    cleared_said: list[str] = field(default_factory=list)
    """'id field' for each value to clear, "id field 'item'" for each item to take out of a list."""
    owners: set[str] = field(default_factory=set)
    """The records whose relationships are removed."""

    def changed(self) -> set[str]:
        """The records processed now that lose a relationship or a value."""
        return {*self.cleared, *self.owners}

    def apply(self, store: GraphStore, journal: dict[str, list[object]]) -> dict[str, str]:
        """Remove them, and keep them in the run's ``journal`` so that undoing the run puts them back; returns the
        content hashes of the nodes whose values were cleared."""
        if self.edges:
            store.delete_edges(list(self.edges))
        if self.records:
            store.delete_nodes([node.id for node in self.records])
        journal.setdefault("removed_edges", []).extend(
            {"label": e.label, **e.model_dump(mode="json")} for e in self.edges.values())
        journal["previous_nodes"].extend(node.model_dump(mode="json") for node in self.records)
        if not self.cleared:
            return {}
        emptied = [node.model_copy(update=values) for node, values in self.cleared.values()]
        hashes = store.upsert_nodes([type(n).model_validate(n.model_dump()) for n in emptied]).hashes
        journal["previous_nodes"].extend(node.model_dump(mode="json") for node, _ in self.cleared.values())
        journal.setdefault("written_nodes", []).extend([i, hashes[i]] for i in self.cleared)
        return {i: hashes[i] for i in self.cleared}


def given_values(node: Node) -> dict[str, str]:
    """A digest of each value ``node`` (a record's node as its row alone makes it) holds, but its id, provenance,
    keys, names and aliases; a list's items each under their own key (``_item_key``), so that what two rows of a
    record give is united by ``dict.update``."""
    said: dict[str, str] = {}
    lists = _lists(type(node))
    for name in _clearable(type(node)):
        value = getattr(node, name)
        if value in (None, "", []):
            continue
        if name in lists:
            said.update((_item_key(name, item), "") for item in value)
        else:
            said[name] = _digest(value)
    return said


@cache
def _clearable(cls: type[Node]) -> tuple[str, ...]:
    """The fields of a node type a file's emptied cell may clear."""
    kept_apart = {"id", "sources", *PROVENANCE_FIELDS, *cls.key_fields, *cls.name_fields, cls.alias_field}
    return tuple(name for name in cls.model_fields if name not in kept_apart)


@cache
def _lists(cls: type[Node]) -> frozenset[str]:
    return frozenset(name for name, kind in cls.storage_columns().items() if kind == "STRING[]")


def _item_key(name: str, item: object) -> str:
    return f"{name}[{_digest(item)}]"


def _digest(value: object) -> str:
    """Of a validated field value (both sides are nodes of the same type, so ``repr`` is stable)."""
    return hashlib.blake2b(repr(value).encode(), digest_size=6).hexdigest()


def withdrawal(store: GraphStore, ledger: LoadLedger, kind: str, name: str, *, before: Owned, now: Owned,
               said_before: Said, said_now: Said, kept: Collection[str], sources: Collection[str],
               corrected: Mapping[str, Collection[str]]) -> Withdrawal:
    """What the load of file ``name`` as ``kind`` withdraws: ``before`` is what the file's last load's records gave,
    ``now`` what the records this load processed give (``said_before`` and ``said_now`` the same for values),
    ``kept`` the records rows not processed again made, ``sources`` the names this load's rows carry as provenance,
    ``corrected`` the fields of records edited by hand."""
    given_now = set().union(*now.values()) if now else set()
    candidates: dict[str, set[EdgeKey]] = {}
    for node_id, keys in now.items():
        if node_id in before and node_id not in kept and (gone := before[node_id] - keys - given_now):
            candidates[node_id] = gone
    wanted = set().union(*candidates.values()) if candidates else set()
    moved = _Merges(store)
    wanted -= ledger.edges_given_elsewhere(kind, name, wanted, moved)
    found = Withdrawal()
    for node_id, keys in candidates.items():
        labels = sorted({label for label, _, _ in keys & wanted})
        if labels:
            mine = {n.edge.key: n.edge for n in store.neighbours(node_id, edge_types=labels, limit=10**9)
                    if n.edge.key in wanted and n.edge.source in sources}
            if mine:
                found.edges.update(mine)
                found.owners.add(node_id)
    if found.edges:
        found.records = _left_alone(store, found.edges, set(now) | set(kept) | set(corrected), sources)
    _emptied(store, ledger, kind, name, said_before, said_now, kept, corrected, found, moved)
    return found


def _emptied(store: GraphStore, ledger: LoadLedger, kind: str, name: str, before: Said, now: Said,
             kept: Collection[str], corrected: Mapping[str, Collection[str]], found: Withdrawal, moved: _Merges
             ) -> None:
    """The values (and list items) records processed now no longer give, which they still hold as this file gave
    them and no other file's last load gave too, into ``found``."""
    gone = {node_id: said for node_id, given in now.items() if node_id in before and node_id not in kept
            and (said := {k for k in before[node_id].keys() - given.keys()
                          if k.partition("[")[0] not in corrected.get(node_id, ())})}
    if not gone:
        return
    nodes = store.get_many(gone)
    held = {node_id: [key for key in sorted(gone[node_id]) if _holds(node, key, before[node_id][key])]
            for node_id, node in nodes.items()}
    wanted = {node_id: {key: before[node_id][key] for key in keys} for node_id, keys in held.items()}
    elsewhere = ledger.values_given_elsewhere(kind, name, wanted, moved)
    for node_id, keys in sorted(held.items()):
        node = nodes[node_id]
        values: dict[str, object] = {}
        for key in keys:
            if (node_id, key) in elsewhere:
                continue
            field_name, _, item = key.partition("[")
            if item:
                left = values.get(field_name, getattr(node, field_name))
                assert isinstance(left, list)
                values[field_name] = [v for v in left if _item_key(field_name, v) != key]
                found.cleared_said.extend(f"{node_id} {field_name} '{v}'" for v in left
                                          if _item_key(field_name, v) == key)
            else:
                values[field_name] = type(node).model_fields[field_name].get_default(call_default_factory=True)
                found.cleared_said.append(f"{node_id} {field_name}")
        if values:
            found.cleared[node_id] = (node, values)


def _holds(node: Node, key: str, digest: str) -> bool:
    """Whether ``node`` holds the value (or list item) ``key`` names as this file gave it."""
    field_name, _, item = key.partition("[")
    value = getattr(node, field_name, None)
    if value in (None, "", []) or (field_name in _lists(type(node))) != bool(item):
        return False  # nothing held, or a whole list's digest from an older ledger: left alone
    if item:
        return isinstance(value, list) and any(_item_key(field_name, v) == key for v in value)
    return _digest(value) == digest  # not a value another file or an edit put there since


class _Merges(Mapping[str, str]):
    """The merges in force: id merged away -> the id that holds it now (chains followed). Read from the graph when
    first looked into, which the ledger does only when there is something to withdraw: another file's ledger names
    a record merged since (a review approved, a merge by hand) by its old id."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store

    @cached_property
    def _ids(self) -> dict[str, str]:
        into: dict[str, str] = {}
        for chunk in self._store.stream_rows("MergeRecord", ["kept_id", "merged_id", "undone"]):
            into.update((str(merged), str(kept)) for kept, merged, undone in chunk if not undone)
        for merged, kept in into.items():
            seen = {merged}
            while kept in into and kept not in seen:
                seen.add(kept)
                kept = into[kept]
            into[merged] = kept
        return into

    def __getitem__(self, node_id: str) -> str:
        return self._ids[node_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def _left_alone(store: GraphStore, removed: dict[EdgeKey, Edge], spared: set[str], sources: Collection[str]
                ) -> list[Node]:
    """The far ends of ``removed`` (but ``spared``) that only this load's files made and that nothing else joins."""
    touching = Counter(i for e in removed.values() for i in {e.src, e.dst} if i not in spared)
    alone = []
    for node in store.get_many(touching).values():
        if not node.sources or any(s.rpartition(":")[0] not in sources for s in node.sources):
            continue
        joined = store.neighbours(node.id, limit=touching[node.id] + 1)
        if all(n.edge.key in removed for n in joined):
            alone.append(node)
    return sorted(alone, key=lambda n: n.id)
