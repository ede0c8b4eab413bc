"""What a load run reports: its counts, rejects and outcomes (``RunSummary``), and what an administrator should know
about how the file was read (``reading_note``)."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from graph.schema import ReviewItem
from loaders.hand_corrections import KeptCorrection
from loaders.merged_cells import spans


@dataclass
class Reject:
    file: str
    line: int
    field: str
    value: str
    reason: str


@dataclass
class RunSummary:
    run_id: str
    kind: str
    file: str
    dry_run: bool
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    review: int = 0
    rejected: int = 0
    encoding: str | None = None
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    rejects_path: str | None = None
    skipped: bool = False
    """True when the file was unchanged since its last load and the graph still held that load's result."""
    outcomes: dict[str, str] = field(default_factory=dict)
    """source record id -> created/updated/unchanged/merged/review/new/existing (dry run); empty when skipped."""
    made: dict[str, str] = field(default_factory=dict)
    """source record id -> the node it made or landed on, or (a link record) its relationship as ``edge_key_text``
    names it; for the rows processed (not those skipped as unchanged)."""
    review_path: str | None = None
    """The review report: this run's new review items with both records' names (CSV), if it made any."""
    review_items: list[ReviewItem] = field(default_factory=list, repr=False)
    header_line: int = 1
    """Where the file's header was found: below 1 when a title or blank rows came first (they are skipped)."""
    sheet: str | None = None
    """The workbook's sheet that was read."""
    first_sheet: bool = True
    unread_columns: list[str] = field(default_factory=list)
    """Columns of the file no field of the mapping reads (a misspelt header shows up here)."""
    skipped_lines: dict[int, str] = field(default_factory=dict)
    renamed_columns: list[str] = field(default_factory=list)
    filled_from_merged: dict[str, list[int]] = field(default_factory=dict)
    """The lines each column was read into from a cell merged down over them."""
    """Later columns of a name the header repeats, as they were renamed ('전화_2', ``readers.named_once``)."""
    """Lines below the header that held no record (a repeated header, a total row), and why."""
    related: list[str] = field(default_factory=list)
    """Other runs the same file made (PatentsView's inventors), named on this run's record."""
    notes: list[str] = field(default_factory=list)
    """What else an administrator should know of this run (a resolution pass left out, and why)."""
    corrections: list[KeptCorrection] = field(default_factory=list, repr=False)
    """What the load did about corrections made by hand (``hand_corrections``): kept, or given up where the file
    changed since."""
    unlinked: list[str] = field(default_factory=list)
    """Relationships (``edge_key_text``) removed because the rows restating their records no longer give them."""
    cleared: list[str] = field(default_factory=list)
    """Values ('id field') cleared, and list items ("id field 'item'") taken out, because the rows restating their
    records no longer give them."""
    unlinked_records: list[str] = field(default_factory=list)
    """Records removed with them: only those relationships named them, and only this file's rows made them."""
    rows_skipped: int = 0
    """Rows unchanged since the file's last load, whose result the graph still holds: counted unchanged, not
    processed again."""

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("read", "created", "updated", "unchanged", "merged", "review",
                                              "rejected")}

    def corrections_json(self) -> str | None:
        """``corrections`` as a run record keeps them (``LoadRun.corrections``), None for none."""
        return json.dumps([c.as_json() for c in self.corrections], ensure_ascii=False) if self.corrections else None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["rejects"] = [asdict(r) for r in self.rejects[:200]]
        data["unlinked"] = self.unlinked[:200]
        data["cleared"] = self.cleared[:200]
        data.pop("outcomes")
        data.pop("made")
        data.pop("review_items")
        data["corrections"] = [c.describe() for c in self.corrections]
        return data


def reading_note(summary: RunSummary) -> str | None:
    """What an administrator should know about how the file was read: a sheet other than the first, a header
    found below the first line, lines that held no record, columns nothing reads, rows not processed again."""
    notes = []
    if summary.rows_skipped:
        notes.append(f"{summary.rows_skipped} row{'s' if summary.rows_skipped > 1 else ''} unchanged since this "
                     "file's last load, whose result the graph still holds: not processed again")
    would = summary.dry_run
    if summary.unlinked:
        n = len(summary.unlinked)
        notes.append(f"{n} relationship{'s' if n > 1 else ''} the rows restating their records no longer give "
                     f"{'would be' if would else 'were' if n > 1 else 'was'} removed: {_first_ten(summary.unlinked)}"
                     + ("" if would else f" (undoing this run puts {'them' if n > 1 else 'it'} back)"))
    if summary.cleared:
        n = len(summary.cleared)
        notes.append(f"{n} value{'s' if n > 1 else ''} the rows restating their records no longer give "
                     f"{'would be' if would else 'were' if n > 1 else 'was'} cleared: {_first_ten(summary.cleared)}")
    if summary.unlinked_records:
        n = len(summary.unlinked_records)
        notes.append(f"{n} record{'s' if n > 1 else ''} only those relationships named and only this file made "
                     f"{'would be' if would else 'were' if n > 1 else 'was'} removed with them: "
                     f"{_first_ten(summary.unlinked_records)}")
    if not summary.first_sheet:
        notes.append(f"read sheet {summary.sheet!r}")
    if summary.header_line > 1:
        above = "line 1 was" if summary.header_line == 2 else f"lines 1-{summary.header_line - 1} were"
        notes.append(f"header found on line {summary.header_line}: {above} skipped (a title, notes or blank rows)")
    for why in dict.fromkeys(summary.skipped_lines.values()):
        lines = [str(n) for n, w in summary.skipped_lines.items() if w == why]
        notes.append(f"line{'s' if len(lines) > 1 else ''} {_first_ten(lines)} skipped ({why})")
    if summary.renamed_columns:
        notes.append(f"the header names columns more than once: the later ones are renamed "
                     f"{_first_ten(summary.renamed_columns)} (a list field reads them all, any other field the "
                     "first)")
    if summary.filled_from_merged:
        filled = [f"{column} (line{'s' if len(lines) > 1 else ''} {spans(lines)})"
                  for column, lines in summary.filled_from_merged.items()]
        notes.append(f"cells merged down several rows were read into each row they span: {_first_ten(filled)}")
    if summary.unread_columns:
        notes.append(f"columns not read (no field of the {summary.kind} mapping names them): "
                     f"{_first_ten(summary.unread_columns)}")
    return "; ".join(notes + summary.notes + summary.related) or None


def _first_ten(items: list[str]) -> str:
    """'a, b, c', or the first ten and how many more."""
    return ", ".join(items[:10]) + (f" and {len(items) - 10} more" if len(items) > 10 else "")


def short_value(value: object) -> str:
    """A value as a reject shows it: text as it is, anything else as JSON, at most 200 characters."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text[:200]


def new_summary(kind: str, name: str, dry_run: bool, run_id: str | None) -> RunSummary:
    return RunSummary(run_id or f"run:{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}", kind, name, dry_run)


def count_outcome(summary: RunSummary, outcome: str) -> None:
    key = {"new": "created", "existing": "unchanged"}.get(outcome, outcome)
    setattr(summary, key, getattr(summary, key) + 1)
