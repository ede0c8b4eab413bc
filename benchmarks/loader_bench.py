"""Loader throughput end to end (parse → validate → NLP → resolve → upsert), first load and re-load, per backend.

    .venv/bin/python benchmarks/loader_bench.py [--backend embedded|neo4j|both] [--simple 20000] [--patents 5000]

Records are made from the bundled sample: companies and people (simple records) with new names and valid
business numbers, and patents with Korean and English titles and abstracts whose text is made distinct per
record (so the technology-extraction cache cannot help on the first load). Targets on 2 cores: >= 20k simple
records/s, >= 400 patents with Korean abstracts/s on the first load, >= 5k/s on re-load (cache hit).

A fourth round loads a second batch of new records (another 20k companies and people, another 5k patents) into
the graph the first made: a first load in a warm process and, on Neo4j, a JIT-warm server, as a running
installation meets it (the first round's Neo4j has just started).

Re-loads are measured three times: with every row processed again (``--reprocess``); as a plain re-load, where a
file unchanged since its last load is skipped once every node and relationship it wrote is found in the graph
with the same content hash (other files were loaded in between, so that check always runs here); and as a re-load
of the files with one row in a hundred edited (a cell no text is extracted from), where only the edited rows are
processed once the graph is found to hold the rest as the last load left them.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.backends import fresh_stores  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.store import open_store  # noqa: E402
from loaders import build_pipeline  # noqa: E402
from loaders.validators import business_number_check_digit  # noqa: E402

SAMPLE = ROOT / "data" / "sample"
SYLLABLES = "가나다라마바사아자차카타파하한빛새솔미래광주첨단그린솔라포토닉스에너지모빌리티"


def _rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (SAMPLE / name).open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def make_files(folder: Path, n_simple: int, n_patents: int, seed: int = 7, offset: int = 0
               ) -> tuple[Path, Path, Path]:
    """Companies, people and patents files; ``offset`` numbers another batch (names, business numbers, e-mails
    and application numbers none of the first batch has)."""
    rng = random.Random(seed + offset)
    folder.mkdir(parents=True, exist_ok=True)
    columns, companies = _rows("companies.csv")
    companies = [c for c in companies if c["name_ko"] and c["kind"] == "company"]
    out = []
    for i in range(offset, offset + n_simple // 2):
        base = dict(rng.choice(companies))
        word = "".join(rng.choice(SYLLABLES) for _ in range(3))
        nine = f"{100 + i // 10000:03d}{81 + i % 7:02d}{i % 10000:04d}"  # unique below 9 million
        base.update(name_ko=f"(주){word}{i}", name_en=f"Bench {word} {i} Co., Ltd.", aliases="",
                    business_number=f"{nine[:3]}-{nine[3:5]}-{nine[5:]}{business_number_check_digit(nine)}",
                    homepage="")
        out.append(base)
    companies_path = _write(folder / "companies.csv", columns, out)
    columns, people = _rows("people.csv")
    people = [p for p in people if p["name_ko"] and p["organization"]]
    out = []
    for i in range(offset, offset + n_simple - n_simple // 2):
        base = dict(rng.choice(people))
        base.update(name_ko=f"{rng.choice('김이박최정강조윤장임')}{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}{i}",
                    name_en="", orcid="", email=f"bench{i}@example.kr", phone="")
        out.append(base)
    people_path = _write(folder / "people.csv", columns, out)
    columns, patents = _rows("patents.csv")
    patents = [p for p in patents if p["abstract_ko"]]
    out = []
    for i in range(offset, offset + n_patents):
        base = dict(rng.choice(patents))
        base.update(application_number=f"10-2099-{i:07d}", registration_number="", cites="",
                    title_ko=f"{base['title_ko']} {i}", abstract_ko=f"{base['abstract_ko']} 실시예 {i}.",
                    abstract_en=f"{base['abstract_en']} Embodiment {i}.")
        out.append(base)
    patents_path = _write(folder / "patents.csv", columns, out)
    return companies_path, people_path, patents_path


Files = tuple[Path, Path, Path]

EDITED_COLUMN = {"companies": "employees", "people": "lab", "patents": "status"}
"""The cell changed in the edited copies: none is read by technology extraction."""


def edited_copies(files: Files, folder: Path, every: int = 100) -> Files:
    """The files with one row in ``every`` edited, under the same names (so the ledger knows them) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path in files:
        with path.open(encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            columns, rows = list(reader.fieldnames or []), list(reader)
        column = EDITED_COLUMN[path.stem]
        for row in rows[::every]:
            row[column] = {"employees": lambda v: str(int(v or 0) + 1), "lab": lambda v: f"{v} 2실",
                           "status": lambda v: "expired" if v == "registered" else "registered"}[column](row[column])
        out.append(_write(folder / path.name, columns, rows))
    return out[0], out[1], out[2]


def run(name: str, settings: Settings, files: Files, edited: Files, second_batch: Files) -> None:
    store = open_store(settings)
    try:
        store.ensure_schema()
        pipeline = build_pipeline(store, settings)
        attempts = [("first load", files, True), ("re-load, every row processed again", files, False),
                    ("re-load, unchanged files skipped after checking the graph", files, True),
                    ("re-load of the files with 1 row in 100 edited (only those processed)", edited, True),
                    ("first load of a second batch of new records into that graph (process and server warm)",
                     second_batch, True)]
        for attempt, (companies, people, patents), skip_unchanged in attempts:
            pipeline.skip_unchanged = skip_unchanged
            t = time.perf_counter()
            simple = [pipeline.load("organizations", companies), pipeline.load("people", people)]
            simple_seconds = time.perf_counter() - t
            t = time.perf_counter()
            docs = pipeline.load("patents", patents)
            docs_seconds = time.perf_counter() - t
            n_simple = sum(s.read for s in simple)
            print(f"{name} {attempt}: {n_simple:,} simple records in {simple_seconds:.1f} s = "
                  f"{n_simple / simple_seconds:,.0f}/s (created {sum(s.created for s in simple):,}, updated "
                  f"{sum(s.updated for s in simple):,}, unchanged {sum(s.unchanged for s in simple):,}, rejected "
                  f"{sum(s.rejected for s in simple)}); {docs.read:,} patents with Korean abstracts in "
                  f"{docs_seconds:.1f} s = {docs.read / docs_seconds:,.0f}/s (created {docs.created:,}, updated "
                  f"{docs.updated:,}, unchanged {docs.unchanged:,})")
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["embedded", "neo4j", "both"], default="both")
    parser.add_argument("--simple", type=int, default=20_000)
    parser.add_argument("--patents", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = make_files(Path(tmp) / "first", args.simple, args.patents)
        edited = edited_copies(files, Path(tmp) / "edited")
        made = make_files(Path(tmp) / "second", args.simple, args.patents, offset=max(args.simple, args.patents))
        companies, people, patents = (f.rename(f.with_stem(f"{f.stem}-2")) for f in made)  # other record ids
        second_batch = (companies, people, patents)
        for name, settings in fresh_stores(args.backend):
            run(name, settings, files, edited, second_batch)


if __name__ == "__main__":
    main()
