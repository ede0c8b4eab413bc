"""The column-mapping suggestion (``loaders/mapping_guess.py``) on real files others published (../shared/data):
each column's suggested field against the field an administrator would choose, and the time it takes.

    .venv/bin/python benchmarks/mapping_guess.py [--data ../shared/data]

The choices below are mine, made by reading each file's documentation (../shared/data/README.md): a column with no
field of the kind to hold it (a sequence number, a latitude, half of a split name where no field holds one
person's name) is expected unread. PatentsView's
CPC subclass is accepted for ``ipc_codes`` (CPC extends IPC), as is its CPC group. The same file read as people
(one row per inventor) should join the inventor's first and last name into ``name_en``, and read nothing of the
patent, its attorney or its co-inventors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.mapping_guess import guess_file_mapping  # noqa: E402

EXPECTED: dict[tuple[str, str], dict[str, set[str | None]]] = {
    ("patentsview/inventor_mentions.parquet", "patents"): {
        "patent_id": {"registration_number"}, "patent_title": {"title_en"}, "patent_abstract": {"abstract_en"},
        "patent_date": {"registration_date"}, "filing_date": {"application_date"},
        "raw_assignee_organization": {"applicants"}, "cpc_subclass": {"ipc_codes", None},
        "cpc_group": {"ipc_codes", None}},
    ("patentsview/inventor_mentions.parquet", "people"): {
        "raw_inventor_name_first": {"name_en"}, "raw_inventor_name_last": {"name_en"}, "raw_country": {"country"},
        "raw_city": {"region", None}},
    ("dart-ko-en/listed_companies_ko_en.csv", "organizations"): {
        "corp_code": {"dart_code"}, "corp_name_ko": {"name_ko"}, "corp_name_en": {"name_en"},
        "stock_code": {"stock_code"}},
    ("patstat-dutch/patstat_input.csv", "organizations"): {"Name": {"name_en"}},
}
"""(file, kind) -> column -> the fields accepted for it; every other column is expected unread."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    right = wrong = missed = 0
    for (name, kind), expected in EXPECTED.items():
        started = time.perf_counter()
        guess = guess_file_mapping(kind, args.data / name)
        seconds = time.perf_counter() - started
        print(f"{name} as {kind}: {len(guess.columns)} columns in {seconds:.2f} s")
        for column in guess.columns:
            accepted = expected.get(column.column, {None})
            if column.field in accepted:
                right += 1
                if column.field:
                    print(f"  ✓ {column.column} -> {column.field} ({column.reason})")
            elif column.field is None:
                missed += 1
                print(f"  ✗ {column.column} not read; expected {' or '.join(str(f) for f in accepted if f)}")
            else:
                wrong += 1
                print(f"  ✗ {column.column} -> {column.field} ({column.reason}); expected "
                      f"{' or '.join(str(f) for f in accepted)}")
    total = right + wrong + missed
    print(f"columns: {right} of {total} as expected, {wrong} given a wrong field, {missed} left unread that a field "
          "holds")


if __name__ == "__main__":
    main()
