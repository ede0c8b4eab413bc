"""Entity-resolution quality: pairwise and B-cubed precision/recall/F1 of predicted clusters against truth."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from graph.store import GraphStore


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float

    def __str__(self) -> str:
        return f"P {self.precision:.3f} / R {self.recall:.3f} / F1 {self.f1:.3f}"


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def pairwise(truth: Mapping[str, str], predicted: Mapping[str, str]) -> Scores:
    """Precision/recall over pairs of records placed in the same cluster (records in ``truth`` only)."""
    def pairs(assign: Mapping[str, str]) -> set[frozenset[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for record, cluster in assign.items():
            if record in truth:
                groups[cluster].append(record)
        return {frozenset(p) for members in groups.values() for p in combinations(sorted(members), 2)}

    true_pairs, found_pairs = pairs(truth), pairs({r: predicted.get(r, f"alone:{r}") for r in truth})
    hit = len(true_pairs & found_pairs)
    p = hit / len(found_pairs) if found_pairs else 1.0
    r = hit / len(true_pairs) if true_pairs else 1.0
    return Scores(p, r, _f1(p, r))


def bcubed(truth: Mapping[str, str], predicted: Mapping[str, str], *, population: Mapping[str, str] | None = None
           ) -> Scores:
    """B-cubed over each labelled record: precision counts the labelled records in its predicted cluster.

    ``population`` (record -> predicted cluster for every record, labelled or not) makes precision count
    unlabelled records in the same predicted cluster as errors when their true entity cannot be the same
    (used where labelled clusters are complete, as in the PatentsView benchmark).
    """
    true_groups: dict[str, set[str]] = defaultdict(set)
    for record, entity in truth.items():
        true_groups[entity].add(record)
    everyone = population or {r: predicted.get(r, f"alone:{r}") for r in truth}
    pred_groups: dict[str, set[str]] = defaultdict(set)
    for record, cluster in everyone.items():
        pred_groups[cluster].add(record)
    precision = recall = 0.0
    for record, entity in truth.items():
        members = pred_groups[everyone.get(record, f"alone:{record}")] or {record}
        same = true_groups[entity]
        correct = len(members & same)
        precision += correct / len(members)
        recall += correct / len(same)
    n = len(truth) or 1
    p, r = precision / n, recall / n
    return Scores(p, r, _f1(p, r))


def source_clusters(store: GraphStore, labels: tuple[str, ...] = ("Organization", "Person")) -> dict[str, str]:
    """Every loaded source record (``file:record``) and the entity it ended up in: the predicted clustering."""
    found: dict[str, str] = {}
    for label in labels:
        for chunk in store.stream_rows(label, ["id", "sources"]):
            for node_id, sources in chunk:
                for source in sources or []:  # type: ignore[union-attr]
                    found[str(source)] = str(node_id)
    return found
