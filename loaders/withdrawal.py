"""What a row loaded again no longer says: the relationships its record gave in the file's last load and gives no
longer (an applicant corrected, a technology its corrected text no longer names, a cited patent dropped).

The ledger keeps, per record a file's rows made, the relationships they gave (``Footprint.owned``). When the file
is loaded again, ``withdrawal`` finds those a processed record gave then and gives no longer, and the pipeline
removes them (a dry run only reports them). Each is removed only where every row of the file that made the record
was processed now (a record the file no longer lists keeps what it said: a file may hold only this month's
records), no row of this load gives it, no other file's last load wrote it, and a row of this file last changed it.
A record only such relationships named, which only this file's rows made and nobody corrected by hand, goes with
them (an inventor placed at the applicant a corrected row no longer names).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from graph.schema import Edge, Node
from graph.store import EdgeKey, GraphStore
from loaders.ledger import LoadLedger

Owned = Mapping[str, set[EdgeKey]]
"""Record (node id) -> the relationships the rows that made it gave."""


@dataclass
class Withdrawal:
    edges: dict[EdgeKey, Edge] = field(default_factory=dict)
    """The relationships to remove, as stored."""
    records: list[Node] = field(default_factory=list)
    """The records to remove with them."""

    def apply(self, store: GraphStore, journal: dict[str, list[object]]) -> None:
        """Remove them, and keep them in the run's ``journal`` so that undoing the run puts them back."""
        if self.edges:
            store.delete_edges(list(self.edges))
        if self.records:
            store.delete_nodes([node.id for node in self.records])
        journal.setdefault("removed_edges", []).extend(
            {"label": e.label, **e.model_dump(mode="json")} for e in self.edges.values())
        journal["previous_nodes"].extend(node.model_dump(mode="json") for node in self.records)


def withdrawal(store: GraphStore, ledger: LoadLedger, kind: str, name: str, *, before: Owned, now: Owned,
               kept: Collection[str], sources: Collection[str], corrected: Collection[str]) -> Withdrawal:
    """What the load of file ``name`` as ``kind`` withdraws: ``before`` is what the file's last load's records gave,
    ``now`` what the records this load processed give, ``kept`` the records rows not processed again made,
    ``sources`` the names this load's rows carry as provenance, ``corrected`` the records edited by hand."""
    given_now = set().union(*now.values()) if now else set()
    candidates: dict[str, set[EdgeKey]] = {}
    for node_id, keys in now.items():
        if node_id in before and node_id not in kept and (gone := before[node_id] - keys - given_now):
            candidates[node_id] = gone
    wanted = set().union(*candidates.values()) if candidates else set()
    wanted -= ledger.edges_given_elsewhere(kind, name, wanted)
    found = Withdrawal()
    for node_id, keys in candidates.items():
        labels = sorted({label for label, _, _ in keys & wanted})
        if labels:
            found.edges.update((n.edge.key, n.edge) for n in store.neighbours(node_id, edge_types=labels, limit=10**9)
                               if n.edge.key in wanted and n.edge.source in sources)
    if found.edges:
        found.records = _left_alone(store, found.edges, set(now) | set(kept) | set(corrected), sources)
    return found


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
