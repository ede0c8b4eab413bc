"""Entity resolution measured on the sample's labelled duplicates (duplicates_truth.csv)."""

from __future__ import annotations

import csv

from graph.store import GraphStore
from loaders import LoadPipeline, directory_plan
from loaders.evaluation import bcubed, pairwise, source_clusters
from tests.loaders.conftest import SAMPLE


def test_resolution_precision_and_recall_on_labelled_duplicates(pipeline: LoadPipeline, graph: GraphStore) -> None:
    for path, kind, _, _ in directory_plan(SAMPLE)[:3]:
        pipeline.load(kind, path)
    with (SAMPLE / "duplicates_truth.csv").open(encoding="utf-8") as handle:
        truth = {f"{r['file']}:{r['line']}": r["entity"] for r in csv.DictReader(handle)}
    predicted = source_clusters(graph)
    for file in ("companies.csv", "people.csv"):
        subset = {k: v for k, v in truth.items() if k.startswith(file)}
        pairs, cubed = pairwise(subset, predicted), bcubed(subset, predicted)
        print(f"\nresolution on {file} ({len(subset)} labelled rows): pairwise {pairs}; B-cubed {cubed}")
        assert pairs.precision >= 0.95 and pairs.recall >= 0.85, (file, pairs)
