"""Follow-ups from a spreadsheet: the follow-up export (``outreach.csv``, opened in Excel) with statuses and notes
changed or rows added, applied back row by row as a load treats its rows.

A row names its recommender (``kind``), query and candidate by id, and a status in English or Korean (contacted,
연락함, 거절 …). A row that cannot be applied (an unknown id, a candidate of the wrong type, a status of no known
word) is reported with its line and field and changes nothing; the others are applied. A blank status leaves the
row's follow-up as it is; the same status and note again changes nothing (so applying a file twice changes nothing
the second time)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InnolinkError, MappingError
from graph.schema import OutreachStatus
from graph.store import GraphStore
from loaders.readers import read_table
from matcher.outreach import mark

STATUS_WORDS: dict[str, OutreachStatus] = {
    **{s.value: s for s in OutreachStatus},
    "not a fit": OutreachStatus.NOT_A_FIT, "not-a-fit": OutreachStatus.NOT_A_FIT,
    "관심 후보": OutreachStatus.SHORTLISTED, "관심후보": OutreachStatus.SHORTLISTED, "찜": OutreachStatus.SHORTLISTED,
    "연락함": OutreachStatus.CONTACTED, "연락": OutreachStatus.CONTACTED,
    "관심 있음": OutreachStatus.INTERESTED, "관심있음": OutreachStatus.INTERESTED, "관심": OutreachStatus.INTERESTED,
    "거절": OutreachStatus.DECLINED, "부적합": OutreachStatus.NOT_A_FIT,
}
"""What a status cell may say: the stored values, and the words the Korean web UI shows."""
REQUIRED = ("kind", "query_id", "candidate_id", "status")


@dataclass(frozen=True)
class FollowUpRow:
    line: int
    kind: str
    query_id: str
    candidate_id: str
    status: str
    note: str | None


@dataclass(frozen=True)
class FollowUpProblem:
    line: int
    field: str
    value: str
    reason: str


@dataclass
class FollowUpReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    blank: int = 0
    """Rows without a status: left as they are."""
    problems: list[FollowUpProblem] = field(default_factory=list)
    dry_run: bool = False


def read_follow_ups(path: Path) -> list[FollowUpRow]:
    """The rows of a follow-up file (CSV in any Korean encoding, XLSX …); a missing column is an error naming it."""
    rows, header = read_table(path)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise MappingError(f"{path.name}: a follow-up file needs the columns {', '.join(REQUIRED)} (the follow-up "
                           f"export has them); missing {', '.join(missing)}; its columns are {list(header.values())}")

    def cell(data: dict[str, object], name: str) -> str:
        return str(data.get(header[name]) or "").strip() if name in header else ""

    out = []
    for row in rows:
        note = cell(row.data, "note")
        if note[:1] == "'" and note[1:2] in ("=", "+", "-", "@"):  # as the export wrote a formula-like note
            note = note[1:]
        out.append(FollowUpRow(row.line, cell(row.data, "kind"), cell(row.data, "query_id"),
                               cell(row.data, "candidate_id"), cell(row.data, "status"), note or None))
    return out


def apply_follow_ups(store: GraphStore, rows: Iterable[FollowUpRow], *, by: str, dry_run: bool = False
                     ) -> FollowUpReport:
    """Set each row's follow-up; see the module's doc. ``dry_run`` checks every row and changes nothing."""
    report = FollowUpReport(dry_run=dry_run)
    for row in rows:
        if not row.status:
            report.blank += 1
            continue
        status = STATUS_WORDS.get(" ".join(row.status.split()).lower())
        if status is None:
            report.problems.append(FollowUpProblem(row.line, "status", row.status, "write one of " + ", ".join(
                s.value for s in OutreachStatus) + " (관심 후보, 연락함, 관심 있음, 거절, 부적합)"))
            continue
        try:
            record, outcome = mark(store, row.kind, row.query_id, row.candidate_id, status.value, note=row.note,
                                   by=by, dry_run=dry_run)
        except InnolinkError as exc:  # a field refused (InvalidRecord), or an id the graph does not hold (NotFound)
            missing = exc.context.get("id")
            field_name = exc.context.get("field") or ("query_id" if missing == row.query_id else "candidate_id")
            value = exc.context.get("value") or missing or ""
            report.problems.append(FollowUpProblem(row.line, str(field_name), str(value), exc.message))
            continue
        if outcome == "unchanged":
            report.unchanged += 1
        else:
            (report.created if outcome == "created" else report.updated).append(record.id)
    return report
