"""Adding one record by hand (administrators, from the API, the web UI or the CLI): the fields of a template row,
typed into a form or sent as JSON, go through the same pipeline as a file's row. So a record added by hand is
validated, has its technologies extracted, is resolved against the graph (an organisation already known is updated,
a likely duplicate goes to the review list) and is written as a load run that can be undone like any other.

The fields are those of the kind's canonical template (docs/TEMPLATES.md): ``name_ko``, ``business_number``, …;
a list field takes a JSON list or one text with the template's separators (``"A; B"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError

from graph.errors import BadRequest, InvalidRecord
from graph.schema import ReviewItem
from graph.store import edge_key_of
from loaders.editing import choices_of, is_list_type
from loaders.mapping import KINDS, load_mapping
from loaders.pipeline import LoadPipeline
from loaders.readers import SourceRow
from loaders.records import RECORD_TYPES, field_problems
from loaders.run_summary import RunSummary, short_value

FieldValue = str | int | float | bool | list[str] | None


@dataclass
class Relationship:
    label: str
    src: str
    dst: str


@dataclass
class Added:
    """What a record added by hand became."""

    summary: RunSummary
    outcome: str
    """created / updated / unchanged / merged / review; in a dry run new / existing / merged / review."""
    node_id: str | None = None
    """The node the record made or landed on (None for a link record: see ``relationship``)."""
    relationship: Relationship | None = None
    """The relationship a link record (affiliation, licence, collaboration, founding) made."""
    review: ReviewItem | None = None
    """The review item pairing the record with a possible duplicate, when resolution could not decide."""

    @property
    def landed_on(self) -> str | None:
        """The node whose page shows what the record became: its node, or its relationship's source."""
        return self.node_id or (self.relationship.src if self.relationship else None)

    @property
    def review_with(self) -> str | None:
        """The possible duplicate the record was listed with for review."""
        if self.review is None:
            return None
        return self.review.left_id if self.review.right_id == self.node_id else self.review.right_id


@dataclass
class FormField:
    """One field of a kind's record as a form asks for it."""

    name: str
    required: bool
    choices: list[str]
    """The values a coded field takes ('' first: the record's default); empty for free text."""
    many: bool
    """Several values, written with ';' between."""
    long: bool
    """A text of sentences (a description, an abstract)."""


LONG_FIELDS = frozenset({"description", "abstract", "abstract_ko", "abstract_en", "bio"})
EXPORT_FIELDS = frozenset({"authors_with_affiliations", "author_full_names", "author_ids", "author_short_names",
                           "author_addresses", "author_orcids", "author_researcher_ids"})
"""Fields only an export's layout writes (Scopus, WoS): a form's authors take '염정완 (숭실대학교)' instead."""


def form_fields(kind: str) -> list[FormField]:
    """The fields of a ``kind`` record, in its template's order, as a form to add one asks for them."""
    out = []
    for name, spec in RECORD_TYPES[kind].model_fields.items():
        if name in EXPORT_FIELDS:
            continue
        choices = choices_of(spec.annotation)
        if choices and choices[0] != "" and not spec.is_required():
            choices = ["", *choices]
        out.append(FormField(name, spec.is_required(), choices, is_list_type(spec.annotation), name in LONG_FIELDS))
    return out


def source_name(kind: str, by: str, now: datetime | None = None) -> str:
    """The name a record added by hand is known by, as a file's name is: who added it and when."""
    return f"{kind} added by {by} {(now or datetime.now(UTC)):%Y-%m-%dT%H:%M:%S.%f}"


def added_by_hand(kind: str, name: str) -> bool:
    """Whether a load of ``kind`` named ``name`` was a record added by hand (``source_name``), not a file."""
    return name.startswith(f"{kind} added by ")


def record_fields(kind: str, fields: Mapping[str, FieldValue]) -> dict[str, object]:
    """``fields`` checked as one ``kind`` record: an unknown field, or a value the record refuses, raises
    ``InvalidRecord`` naming it (with every problem found under ``errors``). Returns the cells of its row."""
    if kind not in KINDS:
        raise BadRequest(f"kind must be one of {', '.join(KINDS)}", field="kind")
    record_type = RECORD_TYPES[kind]
    problems = [{"field": f, "value": "", "message": f"not a field of {kind} records (see docs/TEMPLATES.md)"}
                for f in sorted(set(fields) - set(record_type.model_fields))]
    cells: dict[str, object] = {  # the fields given a value (a blank one is no value, as in a file)
        f: v for f, v in fields.items()
        if f in record_type.model_fields and (v if isinstance(v, list) else v is not None and str(v).strip())}
    data = load_mapping(kind).apply(cells, {f: f for f in cells})
    try:
        record_type.model_validate(data)
    except ValidationError as exc:
        problems += [{"field": field, "value": short_value(value), "message": message}
                     for field, value, message in field_problems(exc, data)]
    if problems:
        raise _invalid(problems)
    return cells


def add_record(pipeline: LoadPipeline, kind: str, fields: Mapping[str, FieldValue], *, by: str,
               dry_run: bool = False, run_id: str | None = None) -> Added:
    """Check ``fields`` and load them as a one-row file named after ``by`` and the time (``dry_run``: only say what
    would happen). A record refused raises ``InvalidRecord`` and has nothing written: refused by its fields before the
    load, or once placed (a reference it names that cannot be placed), when its run records the reject."""
    cells = record_fields(kind, fields)
    name = source_name(kind, by)
    row = SourceRow(name, 1, cells)
    summary = pipeline.load_rows(kind, [row], name, mapping=kind, dry_run=dry_run, run_id=run_id, remember=False,
                                 keep_corrections=False)
    if summary.rejects or row.record_id not in summary.outcomes:
        error = _invalid([{"field": r.field, "value": r.value, "message": r.reason} for r in summary.rejects]
                         or [{"field": "", "value": "", "message": "the record was not loaded"}])
        error.context["run_id"] = None if dry_run else summary.run_id
        raise error
    made = summary.made.get(row.record_id, "")
    added = Added(summary, summary.outcomes[row.record_id], review=next(iter(summary.review_items), None))
    if key := edge_key_of(made):  # a relationship
        added.relationship = Relationship(*key)
    elif made:
        added.node_id = made
    return added


def _invalid(problems: list[dict[str, str]]) -> InvalidRecord:
    first = problems[0]
    error = InvalidRecord(first["message"], field=first["field"] or None, value=first["value"] or None)
    error.context["errors"] = problems
    return error

