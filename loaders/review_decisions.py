"""Decisions on many review items at once: the review report (review.csv, opened in Excel) with a ``decision``
written on the rows an administrator has decided, or (review id, decision) pairs sent to the API.

Each row is decided on its own, as a load treats its rows: a row that names no open review item, or a decision
that is neither approve nor reject, is reported with its line and field and changes nothing; the others are
applied (each approval in its own transaction, see ``curation.approve_review``). A blank decision is left open.
Applying the same file twice changes nothing the second time (decided rows count as unchanged)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from graph.errors import InnolinkError, MappingError
from graph.schema import ReviewItem
from graph.store import GraphStore
from loaders.curation import approve_review, reject_review
from loaders.readers import read_table

Decision = Literal["approve", "reject"]
APPROVE_WORDS = frozenset({"approve", "approved", "merge", "same", "yes", "y", "o", "승인", "병합", "같음", "예"})
REJECT_WORDS = frozenset({"reject", "rejected", "keep apart", "different", "no", "n", "x", "거절", "기각", "다름",
                          "아니오"})
ID_COLUMNS = ("review_id", "id", "검토 id", "검토id")
DECISION_COLUMNS = ("decision", "결정", "판정")
STATUS_OF: dict[Decision, str] = {"approve": "approved", "reject": "rejected"}


@dataclass(frozen=True)
class DecisionProblem:
    line: int
    review_id: str
    field: str
    value: str
    reason: str


@dataclass
class DecisionReport:
    approved: list[str] = field(default_factory=list)
    """Review items approved now."""
    merges: list[str] = field(default_factory=list)
    """The merge records those approvals made (or found, for a pair an earlier approval had joined already)."""
    rejected: list[str] = field(default_factory=list)
    unchanged: int = 0
    """Rows whose item was already decided that way."""
    blank: int = 0
    """Rows without a decision: left open."""
    problems: list[DecisionProblem] = field(default_factory=list)
    dry_run: bool = False


def parse_decision(value: object) -> Decision | None:
    """'approve' / 'reject' (English or Korean words, y/n, o/x), None for a blank cell; ValueError otherwise."""
    text = " ".join(str(value or "").split()).lower()
    if not text:
        return None
    if text in APPROVE_WORDS:
        return "approve"
    if text in REJECT_WORDS:
        return "reject"
    raise ValueError(text)


def read_decisions(path: Path) -> list[tuple[int, str, str]]:
    """(line, review id, decision) of each row of a decisions file (CSV in any Korean encoding, XLSX …)."""
    rows, header = read_table(path)
    id_column = next((header[c] for c in ID_COLUMNS if c in header), None)
    decision_column = next((header[c] for c in DECISION_COLUMNS if c in header), None)
    if id_column is None or decision_column is None:
        raise MappingError(f"{path.name}: a decisions file needs a 'review_id' column and a 'decision' column "
                           f"(approve / reject, 승인 / 거절); its columns are {list(header.values())}")
    return [(row.line, str(row.data.get(id_column) or "").strip(), str(row.data.get(decision_column) or ""))
            for row in rows]


def apply_decisions(store: GraphStore, decisions: Iterable[tuple[int, str, str]], *, decided_by: str | None = None,
                    dry_run: bool = False) -> DecisionReport:
    """Decide each (line, review id, decision); see the module's doc. ``dry_run`` checks every row, changes
    nothing and reports what would be approved and rejected."""
    report = DecisionReport(dry_run=dry_run)
    decided_here: dict[str, tuple[Decision, int]] = {}
    for line, review_id, value in decisions:
        try:
            decision = parse_decision(value)
        except ValueError:
            report.problems.append(DecisionProblem(line, review_id, "decision", str(value),
                                                   "write approve or reject (승인 / 거절), or leave it blank"))
            continue
        if decision is None:
            report.blank += 1
            continue
        earlier = decided_here.setdefault(review_id, (decision, line))
        if earlier != (decision, line):
            if earlier[0] == decision:
                report.unchanged += 1
            else:
                report.problems.append(DecisionProblem(line, review_id, "decision", str(value),
                                                       f"line {earlier[1]} decides this pair otherwise"))
            continue
        item = store.get(review_id) if review_id else None
        if not isinstance(item, ReviewItem):
            report.problems.append(DecisionProblem(line, review_id, "review_id", review_id,
                                                   "no review item has this id"))
            continue
        if item.status != "open":
            if item.status == STATUS_OF[decision]:
                report.unchanged += 1
            else:
                report.problems.append(DecisionProblem(
                    line, review_id, "decision", str(value),
                    f"already {item.status}" + (" (undo its merge to reopen the pair)"
                                                if item.status == "approved" else "")))
            continue
        if dry_run:
            (report.approved if decision == "approve" else report.rejected).append(review_id)
            continue
        try:
            if decision == "approve":
                report.merges.append(approve_review(store, review_id, decided_by=decided_by).id)
                report.approved.append(review_id)
            else:
                reject_review(store, review_id)
                report.rejected.append(review_id)
        except InnolinkError as exc:  # a side deleted since (its load undone): that row only
            report.problems.append(DecisionProblem(line, review_id, "review_id", review_id, str(exc)))
    return report
