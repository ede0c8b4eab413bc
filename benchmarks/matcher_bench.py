"""The matcher at cluster scale: a generated graph of 100k researchers, 50k companies and 1M patents (embedded
store), then the projection build (time and peak memory), ranker training, and p50/p95 latency of each
recommender (top 10 with evidence), written needs included.

    .venv/bin/python benchmarks/matcher_bench.py [--scale 1.0] [--queries 200]

``--scale 0.1`` runs a tenth of the graph. Targets on 2 cores: p95 <= 50 ms per query, projection <= 4 GB.
Memory: the projection's serialised size (what it holds) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import pickle
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.backends.embedded import EmbeddedStore  # noqa: E402
from graph.config import EmbeddedSettings, MatcherSettings  # noqa: E402
from graph.schema import (  # noqa: E402
    ApplicantOf,
    CollaboratedWith,
    Founded,
    HasTechnology,
    Invented,
    LicensedTo,
    Organization,
    Patent,
    Person,
    PersonRole,
    Technology,
)
from graph.store import GraphStore  # noqa: E402
from matcher.engine import train  # noqa: E402
from matcher.needs import train_needs  # noqa: E402
from matcher.projection import ProjectionBuilder  # noqa: E402
from matcher.recommenders import PartnerRecommender  # noqa: E402
from matcher.search import SearchIndex  # noqa: E402
from matcher.service import NEEDS, Matcher, MatcherState  # noqa: E402

WORDS = ("optical laser lidar sensor battery cell solar hydrogen motor inverter fiber waveguide diode camera radar "
         "vehicle charging electrode membrane catalyst perovskite module controller antenna imaging").split()
SRC = "benchmark"


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def write(store: GraphStore, nodes: list, edges: list) -> None:
    with store.transaction() as tx:
        if nodes:
            tx.upsert_nodes(nodes)
        if edges:
            tx.upsert_edges(edges)


def generate(store: GraphStore, people: int, companies: int, patents: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    n_tech = 500
    topic = [rng.randrange(n_tech) for _ in range(companies)]  # each company works around one technology area
    write(store, [Technology(id=f"tec:b{t}", label_en=f"{WORDS[t % len(WORDS)]} technology {t}", scheme="ipc",
                             code=f"B{t}", source=SRC, source_record_id=f"t{t}") for t in range(n_tech)], [])
    write(store, [Organization(id=f"org:b{c}", name_en=f"Company {c}", kind="company", region="광주",
                               source=SRC, source_record_id=f"c{c}") for c in range(companies)], [])
    roles = [[PersonRole.RESEARCHER], [PersonRole.RESEARCHER], [PersonRole.ENTREPRENEUR], [PersonRole.EXECUTIVE]]
    for start in range(0, people, 50_000):
        write(store, [Person(id=f"per:b{p}", name_en=f"Person {p}", roles=rng.choice(roles), source=SRC,
                             source_record_id=f"p{p}") for p in range(start, min(people, start + 50_000))], [])
    chunk = 50_000
    for start in range(0, patents, chunk):
        nodes, edges = [], []
        for i in range(start, min(patents, start + chunk)):
            company = rng.randrange(companies)
            techs = {(topic[company] + rng.randrange(-3, 4)) % n_tech for _ in range(3)}
            title = " ".join(rng.choice(WORDS) for _ in range(6))
            nodes.append(Patent(id=f"pat:b{i}", title_en=title, application_date=f"{2000 + i % 24}-01-01",
                                source=SRC, source_record_id=f"pt{i}"))
            edges.append(ApplicantOf(src=f"org:b{company}", dst=f"pat:b{i}", source=SRC, source_record_id=f"pt{i}"))
            for k, person in enumerate({(company * 2 + rng.randrange(4)) % people for _ in range(2)}):
                edges.append(Invented(src=f"per:b{person}", dst=f"pat:b{i}", sequence=k, source=SRC,
                                      source_record_id=f"pt{i}"))
            edges += [HasTechnology(src=f"pat:b{i}", dst=f"tec:b{t}", weight=1.0, extractor="ipc", source=SRC,
                                    source_record_id=f"pt{i}") for t in sorted(techs)]
        write(store, nodes, edges)
    links: list = []
    for c in range(0, companies, 10):  # planted history for the rankers to learn from
        researcher = (c * 2 + 1 + rng.randrange(-20, 20)) % people
        links.append(CollaboratedWith(src=f"org:b{c}", dst=f"per:b{researcher}", first_year=2020, source=SRC,
                                      source_record_id=f"cw{c}"))
        links.append(LicensedTo(src=f"pat:b{rng.randrange(patents)}", dst=f"org:b{c}", year=2021, source=SRC,
                                source_record_id=f"li{c}"))
        links.append(Founded(src=f"per:b{(c * 2) % people}", dst=f"org:b{c}", year=2015, source=SRC,
                             source_record_id=f"fo{c}"))
    write(store, [], links)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    people, companies, patents = (int(n * args.scale) for n in (100_000, 50_000, 1_000_000))
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(EmbeddedSettings(path=Path(tmp) / "g.lbdb"))
        store.ensure_schema()
        t = time.perf_counter()
        generate(store, people, companies, patents)
        print(f"generated {people:,} people, {companies:,} companies, {patents:,} patents in "
              f"{time.perf_counter() - t:.0f} s", flush=True)
        t = time.perf_counter()
        projection = ProjectionBuilder(store).build()
        size = len(pickle.dumps(projection, protocol=pickle.HIGHEST_PROTOCOL)) / 1024**3
        print(f"projection: {time.perf_counter() - t:.1f} s, {size:.2f} GB serialised (its size in memory, "
              f"roughly); process peak RSS so far {peak_rss_gb():.2f} GB (generation included)", flush=True)
        matcher = Matcher(store, MatcherSettings(cache_dir=Path(tmp) / "cache"), check_every=1e9)
        t = time.perf_counter()
        scorers = {kind: train(rec, projection) for kind, rec in matcher.recommenders.items()}
        trained = time.perf_counter() - t
        t = time.perf_counter()
        partners = matcher.recommenders["partners"]
        assert isinstance(partners, PartnerRecommender)
        scorers[NEEDS] = train_needs(store, projection, partners)
        how = {kind: "learned" if scorer.learned else "default weights" for kind, scorer in scorers.items()}
        print(f"rankers trained in {trained:.1f} s, the written needs' ranker in {time.perf_counter() - t:.1f} s "
              f"({how})", flush=True)
        matcher._state = MatcherState(projection, scorers, SearchIndex([], [], {}))
        matcher._checked = time.monotonic()
        rng = random.Random(11)
        asks = {
            "partners": lambda: matcher.partners(company_id=f"org:b{rng.randrange(companies)}", limit=10),
            "licensees": lambda: matcher.licensees(f"pat:b{rng.randrange(patents)}", limit=10),
            "cofounders": lambda: matcher.cofounders(f"per:b{rng.randrange(people)}", limit=10),
            "written needs": lambda: matcher.partners(
                text=" ".join(rng.choice(WORDS) for _ in range(8)), limit=10),
        }
        for kind, ask in asks.items():
            ask()
            times = []
            for _ in range(args.queries):
                t = time.perf_counter()
                ask()
                times.append((time.perf_counter() - t) * 1000)
            print(f"{kind}: p50 {np.percentile(times, 50):.1f} ms, p95 {np.percentile(times, 95):.1f} ms "
                  f"over {args.queries} queries (top 10 with evidence)", flush=True)
        store.close()


if __name__ == "__main__":
    main()
