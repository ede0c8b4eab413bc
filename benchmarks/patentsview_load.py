"""End-to-end load of a PatentsView inventor-mention file: read → resolve inventors → validate → NLP → upsert →
projection, on each backend, then a second load that must find everything unchanged. Prints what the loads' undo
journals take in the graph.

    .venv/bin/python benchmarks/patentsview_load.py [PATH] [--backend embedded|neo4j|both]

PATH defaults to ../shared/data/patentsview/inventor_mentions.parquet (44,909 mentions on 44,497 patents).
Targets on 2 cores: <= 60 s embedded, <= 120 s Neo4j, peak memory <= 3 GB (peak RSS of this process; the Neo4j
server's own memory is its JVM heap, set by the launcher).

When inventor_labels.parquet lies beside the file, the graph's resolution as `innolink resolve --export` writes
it (every mention -> the person it became) is scored against the labels: B-cubed over the labelled mentions.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.backends import fresh_stores  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.store import GraphStore, open_store  # noqa: E402
from loaders import build_pipeline  # noqa: E402
from loaders.evaluation import bcubed, source_clusters  # noqa: E402
from loaders.public import load_patentsview  # noqa: E402
from matcher.projection import ProjectionBuilder  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "patentsview" / "inventor_mentions.parquet"


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def run(name: str, settings: Settings, path: Path) -> None:
    store: GraphStore = open_store(settings)
    try:
        store.ensure_schema()
        pipeline = build_pipeline(store, settings)
        started = time.perf_counter()
        people, patents = load_patentsview(pipeline, path)
        loaded = time.perf_counter() - started
        t = time.perf_counter()
        projection = ProjectionBuilder(store).build()
        projected = time.perf_counter() - t
        total = time.perf_counter() - started
        print(f"{name}: first load {loaded:.1f} s (people {people.created:,} created from {people.read:,} "
              f"resolved inventors, "
              f"patents {patents.created:,}, rejects {people.rejected + patents.rejected}); projection "
              f"{projected:.1f} s ({len(projection.people):,} people, {len(projection.orgs):,} organisations, "
              f"{len(projection.techs):,} technologies); end to end {total:.1f} s; peak RSS {peak_rss_gb():.2f} GB")
        print(f"{name}: {journal_size(store)}")
        labels = path.with_name("inventor_labels.parquet")
        if labels.exists():
            print(f"{name}: {exported_quality(store, path, labels)}")
        t = time.perf_counter()
        again = load_patentsview(pipeline, path)
        print(f"{name}: second load {time.perf_counter() - t:.1f} s, unchanged "
              f"{[s.unchanged for s in again]}, created {[s.created for s in again]}, "
              f"updated {[s.updated for s in again]}")
    finally:
        store.close()


def journal_size(store: GraphStore) -> str:
    """What the loads' undo journals (``JournalPart`` nodes) and the load ledger (``LedgerHeader``, ``LedgerPart``)
    hold in the graph."""
    sizes = [len(str(data)) for chunk in store.stream_rows("JournalPart", ["data"]) for (data,) in chunk]
    ledger = [len(str(data)) for label in ("LedgerHeader", "LedgerPart")
              for chunk in store.stream_rows(label, ["data"]) for (data,) in chunk]
    return (f"undo journals in the graph: {len(sizes):,} parts, {sum(sizes) / 1e6:.1f} MB (largest "
            f"{max(sizes, default=0) / 1e6:.1f} MB); load ledger: {len(ledger):,} nodes, {sum(ledger) / 1e6:.1f} MB")


def exported_quality(store: GraphStore, path: Path, labels: Path) -> str:
    import pandas as pd

    frame = pd.read_parquet(labels).dropna(subset=["unique_id"])
    truth = {str(m): str(u) for m, u in zip(frame["mention_id"], frame["unique_id"], strict=True)}
    prefix = f"{path.name}:"
    exported = {record[len(prefix):]: entity for record, entity in source_clusters(store, ("Person",)).items()
                if record.startswith(prefix)}
    missing = sum(m not in exported for m in truth)
    return (f"resolution export: {len(exported):,} mentions -> {len(set(exported.values())):,} people; labelled "
            f"mentions missing {missing}; B-cubed {bcubed(truth, exported, population=exported)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--backend", choices=["embedded", "neo4j", "both"], default="both")
    args = parser.parse_args()
    for name, settings in fresh_stores(args.backend):
        run(name, settings, args.path)


if __name__ == "__main__":
    main()
