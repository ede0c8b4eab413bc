"""Search: finding a company by its name in the other script, and query latency on a real-size graph.

    .venv/bin/python benchmarks/search_bench.py [--data ../shared/data] [--no-patentsview]

1. DART's 1,199 listed companies (Hangul and official English names, ../shared/data/dart-ko-en): the English
   names alone are loaded (through the pipeline, embedded store), then each Hangul name is searched among
   organisations; and the other way round. Hit@1 / Hit@10: the right company first / in the first ten (a name
   two companies share counts either). The README's reference for this task (Revised Romanization + character
   n-gram TF-IDF) is 34.5% / 61.6%.
2. The PatentsView file (44k patents, their inventors, assignees and CPC technologies) loaded with the DART
   names: index build time, and p50 / p95 of 300 searches (Hangul and English company names, technology words).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.config import EmbeddedSettings, Settings  # noqa: E402
from graph.store import GraphStore, open_store  # noqa: E402
from loaders import build_pipeline  # noqa: E402
from loaders.public import load_patentsview  # noqa: E402
from matcher.search import SearchIndex  # noqa: E402

WORDS = ["라이다", "배터리", "반도체", "lidar sensor", "solar cell", "optical fiber", "수소 연료전지", "display panel"]


def store_in(folder: Path) -> tuple[Settings, GraphStore]:
    settings = Settings(store="embedded", data_dir=folder, embedded=EmbeddedSettings(path=folder / "graph"))
    store = open_store(settings)
    store.ensure_schema()
    return settings, store


def names_file(rows: list[dict[str, str]], side: str, path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["dart_code", f"name_{side}"])
        writer.writerows([r["corp_code"], r[f"corp_name_{side}"]] for r in rows)
    return path


def cross_script(rows: list[dict[str, str]], folder: Path) -> None:
    for loaded, asked in (("en", "ko"), ("ko", "en")):
        settings, store = store_in(folder / loaded)
        try:
            build_pipeline(store, settings).load("organizations", names_file(rows, loaded, folder / f"{loaded}.csv"))
            index = SearchIndex.build(store)
            hit1 = hit10 = 0
            for row in rows:
                found = [e.id for e, _ in index.search(row[f"corp_name_{asked}"], types={"Organization"},
                                                       limit=10).hits]
                name = row[f"corp_name_{asked}"]
                right = {f"org:dart-{r['corp_code']}" for r in rows if r[f"corp_name_{asked}"] == name}
                hit1 += bool(found) and found[0] in right
                hit10 += bool(right & set(found))
            print(f"DART companies loaded by {'English' if loaded == 'en' else 'Hangul'} name only, searched by "
                  f"{'Hangul' if asked == 'ko' else 'English'} name: Hit@1 {hit1 / len(rows):.1%}, "
                  f"Hit@10 {hit10 / len(rows):.1%} (reference 34.5% / 61.6%)")
        finally:
            store.close()


def latency(rows: list[dict[str, str]], patentsview: Path, folder: Path) -> None:
    settings, store = store_in(folder / "big")
    try:
        pipeline = build_pipeline(store, settings)
        pipeline.load("organizations", names_file(rows, "en", folder / "big-en.csv"))
        t = time.perf_counter()
        load_patentsview(pipeline, patentsview)
        print(f"PatentsView loaded in {time.perf_counter() - t:.0f} s: {store.count('Patent'):,} patents, "
              f"{store.count('Organization'):,} organisations, {store.count('Person'):,} people")
        t = time.perf_counter()
        index = SearchIndex.build(store)
        print(f"search index over {len(index.entries):,} entries built in {time.perf_counter() - t:.1f} s")
        rng = random.Random(5)
        queries = [rng.choice(rows)[f"corp_name_{rng.choice(['ko', 'en'])}"] for _ in range(250)] + WORDS * 7
        for query in queries[:20]:
            index.search(query)
        times = []
        for query in queries:
            t = time.perf_counter()
            index.search(query)
            times.append(time.perf_counter() - t)
        print(f"{len(queries)} searches: p50 {np.percentile(times, 50) * 1000:.1f} ms, "
              f"p95 {np.percentile(times, 95) * 1000:.1f} ms")
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--no-patentsview", action="store_true", help="skip the latency part (about a minute)")
    args = parser.parse_args()
    with (args.data / "dart-ko-en" / "listed_companies_ko_en.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with tempfile.TemporaryDirectory() as tmp:
        cross_script(rows, Path(tmp))
        if not args.no_patentsview:
            latency(rows, args.data / "patentsview" / "inventor_mentions.parquet", Path(tmp))


if __name__ == "__main__":
    main()
