"""Follow-ups applied from a spreadsheet, row by row, on both backends."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.errors import MappingError
from graph.store import GraphStore
from matcher.outreach import mark, marks_for
from matcher.outreach_files import apply_follow_ups, read_follow_ups
from tests.factories import org, patent, person


def _file(path: Path, rows: list[list[str]], header: tuple[str, ...] = ("kind", "query_id", "candidate_id",
                                                                       "status", "note")) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_each_good_row_is_applied_and_each_bad_one_reported_by_line_and_field(store: GraphStore,
                                                                              tmp_path: Path) -> None:
    store.upsert_nodes([patent(1), org(1), org(2), org(3), person(1)])
    mark(store, "licensees", "pat:k1", "org:o1", "contacted", note="메일")
    mark(store, "licensees", "pat:k1", "org:o2", "interested")
    path = _file(tmp_path / "outreach.csv", [
        ["licensees", "pat:k1", "org:o1", "거절", "'=예산 없음"],  # line 2: a Korean status; the export's quoted note
        ["licensees", "pat:k1", "org:o2", "interested", ""],      # 3: as it was
        ["licensees", "pat:k1", "org:o3", "관심 후보", "전시회에서 만남"],  # 4: new
        ["licensees", "pat:k1", "org:o3", "", ""],                 # 5: blank: left as it is
        ["licensees", "pat:k1", "org:o2", "보류", ""],              # 6: no such status
        ["licensees", "pat:k1", "org:o9", "contacted", ""],        # 7: no such company
        ["licensees", "pat:k1", "per:p1", "contacted", ""],        # 8: a person is not a licensee
    ])
    rows = read_follow_ups(path)
    checked = apply_follow_ups(store, rows, by="tto", dry_run=True)
    assert (len(checked.created), len(checked.updated), checked.unchanged) == (1, 1, 1)
    assert marks_for(store, "licensees", "pat:k1")["org:o1"].status.value == "contacted"  # nothing written
    report = apply_follow_ups(store, rows, by="tto")
    assert (len(report.created), len(report.updated), report.unchanged, report.blank) == (1, 1, 1, 1)
    assert [(p.line, p.field) for p in report.problems] == [(6, "status"), (7, "candidate_id"), (8, "candidate_id")]
    assert report.problems[1].value == "org:o9"
    marks = marks_for(store, "licensees", "pat:k1")
    assert {c: (m.status.value, m.note) for c, m in marks.items()} == {
        "org:o1": ("declined", "=예산 없음"), "org:o2": ("interested", None),
        "org:o3": ("shortlisted", "전시회에서 만남")}
    again = apply_follow_ups(store, rows, by="tto")
    assert (len(again.created), len(again.updated), again.unchanged) == (0, 0, 3)


def test_a_file_without_the_columns_says_which_are_missing(tmp_path: Path) -> None:
    path = _file(tmp_path / "x.csv", [["pat:k1", "org:o1"]], header=("query_id", "candidate_id"))
    with pytest.raises(MappingError, match="missing kind, status"):
        read_follow_ups(path)
