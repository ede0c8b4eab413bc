"""docs/TEMPLATES.md stays true to the built-in mappings and the record models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loaders.mapping import load_mapping
from loaders.records import KOREAN_VALUES, RECORD_TYPES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "TEMPLATES.md").read_text(encoding="utf-8")


def _section(kind: str) -> str:
    match = re.search(rf"^### {kind}\n(.*?)(?=^### |\Z)", DOC, flags=re.M | re.S)
    assert match, f"docs/TEMPLATES.md has no section for {kind}"
    return match.group(1)


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_every_field_and_accepted_column_is_documented(kind: str) -> None:
    rows = {line.split("|")[1].strip(" `"): line for line in _section(kind).splitlines() if line.startswith("| `")}
    mapping = load_mapping(kind)
    assert set(rows) == set(RECORD_TYPES[kind].model_fields), kind
    for field, line in rows.items():
        for column in mapping.columns.get(field, [field]):
            assert f"`{column}`" in line, (kind, field, column)
        for parts in mapping.joined.get(field, []):
            assert " + ".join(f"`{c}`" for c in parts) in line, (kind, field, parts)
        if field in mapping.lists:
            separators = mapping.lists[field]
            listed = " or ".join(f"`{s}`".replace("|", "\\|")  # escaped: a table cell
                                 for s in ([separators] if isinstance(separators, str) else separators))
            assert f"separated by {listed}" in line, (kind, field)


def test_every_korean_coded_value_the_loader_takes_is_documented_or_a_synonym() -> None:
    documented = {word for words in KOREAN_VALUES.values() for word in words if word in DOC}
    # each English value is reachable from at least one documented Korean word
    for field, words in KOREAN_VALUES.items():
        assert {v for w, v in words.items() if w in documented} == set(words.values()), field
