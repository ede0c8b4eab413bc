"""Dump and restore throughput (graph/dump.py): a graph dumped from the embedded store, restored into a fresh store of
each chosen backend (how a graph moves to Neo4j in production).

    .venv/bin/python benchmarks/dump_restore.py [--graph PATH] [--backend embedded|neo4j|both]

``--graph`` names an embedded graph folder to dump (e.g. one ``innolink load patentsview`` built); by default the
bundled sample is loaded into a temporary one first. Prints records (nodes + relationships) per second each way,
the dump's size, and whether the restored graph counts the same.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.backends import fresh_stores  # noqa: E402
from graph.config import EmbeddedSettings, Settings  # noqa: E402
from graph.dump import dump, restore  # noqa: E402
from graph.store import open_store  # noqa: E402


def source_settings(graph: Path | None, tmp: Path) -> Settings:
    if graph is not None:
        return Settings(store="embedded", data_dir=tmp, embedded=EmbeddedSettings(path=graph))
    from loaders import build_pipeline, load_directory

    settings = Settings(store="embedded", data_dir=tmp, embedded=EmbeddedSettings(path=tmp / "sample.lbdb"))
    store = open_store(settings)
    try:
        load_directory(build_pipeline(store, settings), ROOT / "data" / "sample")
    finally:
        store.close()
    return settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", type=Path, help="an embedded graph folder to dump (default: the bundled sample)")
    parser.add_argument("--backend", choices=["embedded", "neo4j", "both"], default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        settings = source_settings(args.graph, tmp)
        store = open_store(settings, read_only=True)
        try:
            path = tmp / "graph.jsonl.gz"
            t = time.perf_counter()
            written = dump(store, path)
            seconds = time.perf_counter() - t
            expected = ({k: v for k, v in store.count_nodes().items() if k != "GraphMeta"}, store.count_edges())
        finally:
            store.close()
        records = sum(written.nodes.values()) + sum(written.relationships.values())
        print(f"dump: {written.line()} in {seconds:.1f} s = {records / seconds:,.0f} records/s; "
              f"{path.stat().st_size / 1e6:.1f} MB gzip")
        for name, target_settings in fresh_stores(args.backend):
            target = open_store(target_settings)
            try:
                target.ensure_schema()
                t = time.perf_counter()
                restore(target, path)
                seconds = time.perf_counter() - t
                found = ({k: v for k, v in target.count_nodes().items() if k != "GraphMeta"}, target.count_edges())
            finally:
                target.close()
            print(f"restore into {name}: {records:,} records in {seconds:.1f} s = {records / seconds:,.0f}/s; "
                  f"same counts: {found == expected}")


if __name__ == "__main__":
    main()
