"""Every sample file with a quarter of its cells replaced by odd text loads without an exception: each row is
either loaded or rejected with a reason. (A fuzzer found a romaniser crash, an unparseable homepage, ids over
their length limit and a rejected row's unwritten stub this way.)"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from graph.store import GraphStore
from loaders import LoadPipeline
from tests.loaders.conftest import SAMPLE

FILES = {"organizations": "companies.csv", "people": "people.csv", "patents": "patents.csv",
         "publications": "publications.csv", "projects": "projects.csv", "affiliations": "affiliations.csv",
         "licenses": "licenses.csv", "collaborations": "collaborations.csv", "founders": "founders.csv"}
SYLLABLES = [chr(c) for c in range(0xAC00, 0xD7A4)]


def _odd(rng: random.Random) -> str:
    """Text administrators' files really hold, and some they should not."""
    choices = [
        lambda: "".join(rng.choice(SYLLABLES) for _ in range(rng.randrange(1, 6))),  # rare syllables
        lambda: "".join(chr(rng.randrange(0x3131, 0x318F)) for _ in range(3)),  # bare jamo
        lambda: rng.choice(["(주)", "㈜", "주식회사", "Co., Ltd.", "-", ".", "()", "N/A", "0", "없음"]),
        lambda: "😀🚀" + rng.choice(SYLLABLES),
        lambda: "e\u0301\u0301a\u200b\u200d" + rng.choice(SYLLABLES),  # combining marks, zero-width joiners
        lambda: "x" * rng.randrange(300, 3000),
        lambda: "".join(chr(rng.randrange(0x0600, 0x06FF)) for _ in range(5)),  # Arabic
        lambda: "Ｈａｎｂｉｔ　光學",  # full width, Hanja
        lambda: rng.choice(SYLLABLES) + "\t" + rng.choice(SYLLABLES) + "\nx",
        lambda: str(rng.randrange(-10**12, 10**12)),
        lambda: rng.choice(["2020-02-30", "1899-01-01", "9999-12-31", "20200101", "yesterday"]),
        lambda: ";".join(rng.choice(SYLLABLES) * 2 for _ in range(rng.randrange(0, 4))) + ";;",
        lambda: "\ufeff" + rng.choice(SYLLABLES) + "\u00a0",
        lambda: "'; DROP TABLE x; --\"{x}[]\\",
        lambda: "".join(rng.choice(SYLLABLES) for _ in range(2)) + rng.choice(["뚆쿟", "않쿠", "ㄱ"]),
    ]
    return rng.choice(choices)()


def _scrambled(kind: str, folder: Path, rng: random.Random) -> Path:
    with (SAMPLE / FILES[kind]).open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)[:120]
    for row in rows:
        for column in columns:
            if rng.random() < 0.25:
                row[column] = _odd(rng)
    path = folder / FILES[kind]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_scrambled_sample_files_load_row_by_row(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path,
                                                seed: int) -> None:
    rng = random.Random(seed)
    for kind in FILES:  # in dependency order (most licences name patents beyond the first rows: rejected)
        summary = pipeline.load(kind, _scrambled(kind, tmp_path, rng))
        rejected_lines = {r.line for r in summary.rejects}
        assert all(r.reason for r in summary.rejects)
        assert len(summary.outcomes) + len(rejected_lines) == summary.read, kind
        assert summary.rejected, kind  # the scrambling really hit
        if kind in ("organizations", "people", "patents", "publications", "projects"):
            assert summary.outcomes, kind  # and rows with odd cells still load
    assert graph.count("Organization") > 0 and graph.count("Person") > 0


def _odd_typed(rng: random.Random) -> object:
    """Values a JSON or Parquet export can hold where a CSV would have text."""
    return rng.choice([None, 0, -1, 1.5, 1e308, True, [], ["a", None, 3], {"x": {"y": [1]}}, 10**30, [[]], ""])


@pytest.mark.slow
def test_typed_values_in_jsonl_load_row_by_row(pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """Before, a number or a boolean where a list or a status stands ('bool' object is not iterable) and an
    integer beyond 64 bits (refused by the store at write time) failed the whole load."""
    rng = random.Random(3)
    for kind in ("organizations", "people", "patents", "projects", "collaborations"):
        with (SAMPLE / FILES[kind]).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))[:80]
        path = tmp_path / f"{kind}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                scrambled = {k: (_odd_typed(rng) if rng.random() < 0.3 else v) for k, v in row.items()}
                handle.write(json.dumps(scrambled, ensure_ascii=False) + "\n")
        summary = pipeline.load(kind, path)
        assert len(summary.outcomes) + len({r.line for r in summary.rejects}) == summary.read, kind
        assert summary.rejected, kind
    assert graph.count("Organization") > 0
