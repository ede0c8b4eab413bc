"""Entity-resolution quality on real records others labelled (../shared/data, see its README).

    .venv/bin/python benchmarks/resolution_quality.py [--data ../shared/data] [--only patentsview|patstat|dart]

1. PatentsView inventors: B-cubed P/R/F1 over the 4,209 hand-labelled mentions, each mention's predicted cluster
   taken in the whole file (44,909 mentions): exact first+last name, innolink's InventorResolver, and
   PatentsView's own 2022-06-30 disambiguation (the production system; never read by the resolver). And the
   Korean inventors' given names written in two parts, joined and split again into syllables (initials).
2. PATSTAT applicants: the 2,379 rows loaded through the normal pipeline (organisation resolution as for any load)
   into a temporary embedded store; pairwise and B-cubed against KU Leuven's ``leuven_id``; review pairs counted,
   and how many of them join one true entity (what an administrator approving them would gain).
3. DART bilingual names: given a listed company's Hangul name, rank the 1,199 official English names by
   innolink's organisation keys (known words translated, the rest romanised) and character n-gram TF-IDF:
   Hit@1 and Hit@10, next to the README's reference (Revised Romanization + n-gram TF-IDF: 34.5% / 61.6%); and how
   often the Hangul name shares a name key with its English name (what resolution merges on), or with another's.
   Then as a load meets them: the Hangul names as one file, the English names as another (no codes), through the
   pipeline: pairwise P / R of the merges against the DART codes, and the review pairs, with how many are one
   company in two scripts.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.config import EmbeddedSettings, Settings  # noqa: E402
from graph.schema import ReviewItem  # noqa: E402
from graph.store import open_store  # noqa: E402
from loaders import build_pipeline  # noqa: E402
from loaders.evaluation import bcubed, pairwise, source_clusters  # noqa: E402
from loaders.normalize import NameNormalizer  # noqa: E402
from loaders.public import load_patstat  # noqa: E402
from loaders.public.patentsview import (  # noqa: E402
    InventorResolver,
    mention_features,
    read_mentions,
    records,
    resolve_exact_names,
)
from loaders.syllables import two_syllables  # noqa: E402


def patentsview(folder: Path) -> None:
    mentions = read_mentions(folder / "inventor_mentions.parquet")
    labels = pd.read_parquet(folder / "inventor_labels.parquet").dropna(subset=["unique_id"])
    truth = {str(m): str(u) for m, u in zip(labels["mention_id"], labels["unique_id"], strict=True)}
    print(f"PatentsView inventors: {len(mentions):,} mentions, {len(truth):,} labelled in "
          f"{len(set(truth.values()))} clusters (B-cubed, whole-file clusters)")
    rows = records(mentions)
    exact = resolve_exact_names(rows)
    print(f"  exact first+last name          {bcubed(truth, exact, population=exact)}")
    t = time.perf_counter()
    features = mention_features(rows, NameNormalizer())
    ours = InventorResolver().resolve(features)
    seconds = time.perf_counter() - t
    print(f"  innolink InventorResolver      {bcubed(truth, ours, population=ours)}   ({seconds:.1f} s)")
    disamb = pd.read_parquet(folder / "patentsview_disambiguations.parquet")
    reference = {str(m): str(c) for m, c in zip(disamb["mention_id"], disamb["disamb_inventor_id_20220630"],
                                                strict=True) if c is not None}
    print(f"  PatentsView 2022-06-30         {bcubed(truth, reference, population=reference)}")
    korea = set(mentions.loc[mentions["raw_country"] == "KR", "mention_id"].astype(str))
    korean_truth = {m: u for m, u in truth.items() if m in korea}
    print(f"  inventors in Korea ({len(korean_truth):,} labelled mentions, "
          f"{len(set(korean_truth.values()))} people):")
    for name, predicted in (("exact first+last name", exact), ("innolink InventorResolver", ours),
                            ("PatentsView 2022-06-30", reference)):
        print(f"    {name:<29}{bcubed(korean_truth, predicted, population=predicted)}")
    given_names_in_one_piece(mentions)


def given_names_in_one_piece(mentions: pd.DataFrame) -> None:
    """Korean inventors' two-syllable given names written apart ('Seok-Woo', 'Jae Hyun'), joined ('Seokwoo') and
    split again by ``syllables.two_syllables``: how many get their initials back, none, or wrong ones."""
    right = none = wrong = 0
    for first in mentions.loc[mentions["raw_country"] == "KR", "raw_inventor_name_first"].dropna():
        parts = [p for p in re.split(r"[\s-]+", str(first)) if p]
        if len(parts) != 2 or not all(p.isascii() and p.isalpha() for p in parts):
            continue
        split = two_syllables("".join(parts))
        if split is None:
            none += 1
        elif [s[0] for s in split] == [p[0].lower() for p in parts]:
            right += 1
        else:
            wrong += 1
    total = right + none + wrong
    print(f"  Korean given names written apart, joined and split again ({total:,} mentions): initials right "
          f"{right / total:.1%}, none {none / total:.1%}, wrong {wrong / total:.2%}")


def patstat(folder: Path) -> None:
    with (folder / "patstat_reference.csv").open(encoding="utf-8") as handle:
        reference = {r["person_id"]: r["leuven_id"] for r in csv.DictReader(handle)}
    path = folder / "patstat_input.csv"
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store="embedded", data_dir=Path(tmp), embedded=EmbeddedSettings(path=Path(tmp) / "g"))
        store = open_store(settings)
        try:
            store.ensure_schema()
            t = time.perf_counter()
            [summary] = load_patstat(build_pipeline(store, settings), path)
            seconds = time.perf_counter() - t
            clusters = source_clusters(store, ("Organization",))
            review_pairs = [(r.left_id, r.right_id) for chunk in store.stream_nodes("ReviewItem") for r in chunk
                            if isinstance(r, ReviewItem)]
        finally:
            store.close()
    predicted = {key.rpartition(":")[2]: node for key, node in clusters.items() if key.startswith(path.name)}
    truth = {pid: reference[pid] for pid in predicted if pid in reference}
    print(f"PATSTAT applicants: {summary.read:,} rows -> {len(set(predicted.values())):,} organisations "
          f"({len(set(truth.values()))} true entities), {summary.rejected} rejected, {len(review_pairs)} review "
          f"items, {seconds:.1f} s")
    print(f"  pairwise  {pairwise(truth, predicted)}")
    print(f"  B-cubed   {bcubed(truth, predicted)}")
    entity_of: dict[str, Counter[str]] = defaultdict(Counter)
    for pid, node in predicted.items():
        if pid in truth:
            entity_of[node][truth[pid]] += 1
    same = sum(bool(entity_of[a]) and bool(entity_of[b]) and entity_of[a].most_common(1)[0][0] ==
               entity_of[b].most_common(1)[0][0] for a, b in review_pairs)
    print(f"  review pairs joining one true entity (majority of each side): {same} of {len(review_pairs)}")


def dart(folder: Path) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows = list(csv.DictReader((folder / "listed_companies_ko_en.csv").open(encoding="utf-8")))
    normalizer = NameNormalizer()
    english = [normalizer.org_key(r["corp_name_en"]) for r in rows]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit(english)
    candidates = vectorizer.transform(english)
    hit1 = hit10 = 0
    for row in rows:
        own = normalizer.org_key(row["corp_name_ko"])
        renderings = sorted(normalizer.org_keys(row["corp_name_ko"]) - {own})
        if not renderings:
            continue
        scores = np.asarray((vectorizer.transform(renderings) @ candidates.T).max(axis=0).todense()).ravel()
        exact = np.asarray([key in renderings for key in english], dtype=float)
        order = np.lexsort((np.arange(len(rows)), -(scores + exact)))
        same = {j for j, r in enumerate(rows) if r["corp_name_en"] == row["corp_name_en"]}
        rank = next(k for k, j in enumerate(order) if int(j) in same)
        hit1 += rank == 0
        hit10 += rank < 10
    print(f"DART bilingual names: {len(rows):,} Hangul names -> official English name: "
          f"Hit@1 {hit1 / len(rows):.1%}, Hit@10 {hit10 / len(rows):.1%} (reference 34.5% / 61.6%)")
    by_key: dict[str, set[str]] = {}
    for row in rows:
        for key in normalizer.org_keys(row["corp_name_en"]):
            by_key.setdefault(key, set()).add(row["corp_name_en"])
    shared = [{e for k in normalizer.org_keys(r["corp_name_ko"]) for e in by_key.get(k, ())} for r in rows]
    right = sum(r["corp_name_en"] in found for r, found in zip(rows, shared, strict=True))
    wrong = sum(bool(found - {r["corp_name_en"]}) for r, found in zip(rows, shared, strict=True))
    print(f"  a name key shared with its own English name (a load merges the two): {right / len(rows):.1%}; "
          f"with another company's: {wrong} of {len(rows):,}")
    dart_by_sound(rows, normalizer)
    dart_loaded_by_script(rows)


def dart_by_sound(rows: list[dict[str, str]], normalizer: NameNormalizer) -> None:
    """What ``korean_ear`` alone decides: a Hangul name's best English name by folded ratio, taken when it scores
    >= SOUND_MERGE and SOUND_MARGIN above the next company (a guessed reading counts only when it sounds the same)."""
    from rapidfuzz import fuzz, process

    from loaders.resolution import SOUND_MARGIN, SOUND_MERGE, SOUND_REVIEW
    from loaders.sounds import DISTINCT_CUTOFF, distinct_parts_ratio, korean_ear

    english = [(sound, j) for j, r in enumerate(rows) for k in normalizer.org_keys(r["corp_name_en"])
               if (sound := korean_ear(k))]
    sounds = [sound for sound, _ in english]
    right = wrong = 0
    for row in rows:
        guessed = normalizer.guessed_org_keys(row["corp_name_ko"])
        best: dict[int, float] = {}
        for key in normalizer.org_keys(row["corp_name_ko"]):
            if (sound := korean_ear(key)) is None:
                continue
            for found, score, at in process.extract(sound, sounds, scorer=fuzz.ratio, limit=None,
                                                    score_cutoff=SOUND_REVIEW):
                if (score < 100 and key in guessed) or distinct_parts_ratio(sound, found) < DISTINCT_CUTOFF:
                    continue
                best[english[at][1]] = max(best.get(english[at][1], 0.0), score)
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if ranked and ranked[0][1] >= SOUND_MERGE and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= SOUND_MARGIN):
            same = rows[ranked[0][0]]["corp_name_en"] == row["corp_name_en"]
            right, wrong = right + same, wrong + (not same)
    print(f"  by sound alone (korean_ear, >= {SOUND_MERGE:.0f} and {SOUND_MARGIN:.0f} points clear): the right "
          f"English name {right} times, a wrong one {wrong} times")


def dart_loaded_by_script(rows: list[dict[str, str]]) -> None:
    truth: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store="embedded", data_dir=Path(tmp), embedded=EmbeddedSettings(path=Path(tmp) / "g"))
        store = open_store(settings)
        try:
            store.ensure_schema()
            pipeline = build_pipeline(store, settings)
            for side in ("ko", "en"):
                path = Path(tmp) / f"names_{side}.csv"
                with path.open("w", newline="", encoding="utf-8") as handle:
                    writer = csv.writer(handle)
                    writer.writerow([f"name_{side}"])
                    writer.writerows([r[f"corp_name_{side}"]] for r in rows)
                truth.update({f"{path.name}:{line}": r["corp_code"] for line, r in enumerate(rows, start=2)})
                pipeline.load("organizations", path)
            predicted = {k: v for k, v in source_clusters(store, ("Organization",)).items() if k in truth}
            review_pairs = [(r.left_id, r.right_id) for chunk in store.stream_nodes("ReviewItem") for r in chunk
                            if isinstance(r, ReviewItem)]
        finally:
            store.close()
    codes_of: dict[str, set[str]] = defaultdict(set)
    for record, node in predicted.items():
        codes_of[node].add(truth[record])
    true_pairs = sum(bool(codes_of[a] & codes_of[b]) for a, b in review_pairs)
    print(f"  loaded as two files, Hangul names then English names: pairwise {pairwise(truth, predicted)}; "
          f"{len(review_pairs)} review pairs, {true_pairs} of them one company")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--only", choices=["patentsview", "patstat", "dart"])
    args = parser.parse_args()
    if args.only in (None, "patentsview"):
        patentsview(args.data / "patentsview")
    if args.only in (None, "patstat"):
        patstat(args.data / "patstat-dutch")
    if args.only in (None, "dart"):
        dart(args.data / "dart-ko-en")


if __name__ == "__main__":
    main()
