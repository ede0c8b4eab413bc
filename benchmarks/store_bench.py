"""Store throughput: 100k nodes + 200k relationships, first load and re-load, on each backend.

    .venv/bin/python benchmarks/store_bench.py [--backend embedded|neo4j|both] [--nodes N] [--edges M]

Prints rows/s (nodes + relationships written per second of wall time, including hashing, look-ups and
commits). Targets on a 2-core machine: embedded >= 40k rows/s, Neo4j >= 20k rows/s. Neo4j is the real
server started by tests/neo4j_server.py, measured right after its JVM starts ("neo4j"), then on an emptied
graph after a warm-up load, three rounds in a row ("neo4j-warm", what a long-running server sees: measured
here, the JIT keeps speeding the write path up over the first few loads), with their median.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.backends.embedded import EmbeddedStore  # noqa: E402
from graph.backends.neo4j import Neo4jStore  # noqa: E402
from graph.config import EmbeddedSettings, Neo4jSettings  # noqa: E402
from graph.schema import HasTechnology, Invented, Patent, Person, PersonRole, Technology  # noqa: E402
from graph.store import GraphStore  # noqa: E402


def make_records(n_nodes: int, n_edges: int, seed: int = 7) -> tuple[list, list]:
    rng = random.Random(seed)
    n_people = n_nodes // 4
    n_tech = 1000
    n_patents = n_nodes - n_people - n_tech
    src = "benchmark.csv"  # every record carries provenance, as loaded records do
    nodes: list = [Technology(id=f"tec:T{i}", label_en=f"technology {i}", scheme="ipc", code=f"T{i}",
                              source=src, source_record_id=f"tech:{i}") for i in range(n_tech)]
    nodes += [Person(id=f"per:b{i}", name_en=f"Person {i}", name_ko=f"사람{i}", roles=[PersonRole.RESEARCHER],
                     skills=["optics"] if i % 3 else [], source=src, source_record_id=f"person:{i}",
                     sources=[f"{src}#person:{i}"]) for i in range(n_people)]
    nodes += [Patent(id=f"pat:b{i}", title_en=f"Optical sensor device {i}", abstract_en="A device " * 10,
                     ipc_codes=["G01S 7/48"], application_date="2019-05-01", source=src,
                     source_record_id=f"patent:{i}", sources=[f"{src}#patent:{i}"]) for i in range(n_patents)]
    edges: list = []
    seen: set = set()
    while len(edges) < n_edges:
        if len(edges) % 2:
            key = ("INVENTED", f"per:b{rng.randrange(n_people)}", f"pat:b{rng.randrange(n_patents)}")
            if key not in seen:
                edges.append(Invented(src=key[1], dst=key[2], sequence=rng.randrange(5), source=src,
                                      source_record_id=f"patent:{key[2]}"))
        else:
            key = ("HAS", f"pat:b{rng.randrange(n_patents)}", f"tec:T{rng.randrange(n_tech)}")
            if key not in seen:
                edges.append(HasTechnology(src=key[1], dst=key[2], weight=rng.random(), extractor="ipc",
                                           source=src, source_record_id=f"patent:{key[1]}"))
        seen.add(key)
    return nodes, edges


def load(store: GraphStore, nodes: list, edges: list, batch: int) -> tuple[float, int, int]:
    start = time.perf_counter()
    created = 0
    for i in range(0, len(nodes), batch):
        with store.transaction() as tx:
            created += len(tx.upsert_nodes(nodes[i:i + batch]).created)
    for i in range(0, len(edges), batch):
        with store.transaction() as tx:
            created += len(tx.upsert_edges(edges[i:i + batch]).created)
    return time.perf_counter() - start, created, len(nodes) + len(edges)


def warm_up(store: GraphStore, batch: int) -> None:
    """Load and clear a small graph of other ids, so a server's JIT has compiled the write path.

    A long-running database server is warm when an administrator loads a file; a benchmark that starts the
    JVM a second before measuring reports mostly compilation. Both figures are printed.
    """
    nodes, edges = make_records(20_000, 40_000, seed=11)
    nodes = [n.model_copy(update={"id": n.id.replace(":", ":warm", 1)}) for n in nodes]
    edges = [e.model_copy(update={"src": e.src.replace(":", ":warm", 1), "dst": e.dst.replace(":", ":warm", 1)})
             for e in edges]
    load(store, nodes, edges, batch)
    store.clear()


def run(name: str, store: GraphStore, nodes: list, edges: list, batch: int) -> list[float]:
    """First load, then re-load; returns both rates (rows/s)."""
    rates = []
    for attempt in ("first load", "re-load"):
        seconds, created, rows = load(store, nodes, edges, batch)
        rates.append(rows / seconds)
        print(f"{name:10s} {attempt:10s} {rows:>8,} rows in {seconds:6.2f} s = {rows / seconds:>9,.0f} rows/s"
              f"  (created {created:,})", flush=True)
    counts = store.count_nodes()
    print(f"{name:10s} graph now holds {sum(counts.values()) - 1:,} nodes, "
          f"{sum(store.count_edges().values()):,} relationships", flush=True)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["embedded", "neo4j", "both"], default="both")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=100_000, help="records per transaction")
    parser.add_argument("--warm-rounds", type=int, default=3, help="measured rounds on the warm Neo4j server")
    args = parser.parse_args()
    t = time.perf_counter()
    nodes, edges = make_records(args.nodes, args.edges)
    print(f"generated {len(nodes):,} nodes and {len(edges):,} relationships in {time.perf_counter() - t:.1f} s")
    if args.backend in ("embedded", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            store = EmbeddedStore(EmbeddedSettings(path=Path(tmp) / "bench.lbdb"))
            store.ensure_schema()
            run("embedded", store, nodes, edges, args.batch)
            store.close()
    if args.backend in ("neo4j", "both"):
        from tests.neo4j_server import start

        server = start()
        try:
            store = Neo4jStore(Neo4jSettings(uri=server.uri, password=server.password), batch_size=10_000)
            store.ensure_schema()
            run("neo4j", store, nodes, edges, args.batch)
            store.clear()
            warm_up(store, args.batch)
            rounds = []
            for _ in range(args.warm_rounds):
                rounds.append(run("neo4j-warm", store, nodes, edges, args.batch))
                store.clear()
            first, again = (statistics.median(r[i] for r in rounds) for i in (0, 1))
            print(f"neo4j-warm median of {len(rounds)} rounds: first load {first:,.0f} rows/s, "
                  f"re-load {again:,.0f} rows/s", flush=True)
            store.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
