"""Request and response models of the HTTP API (separate input and output models per resource)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator

from graph.schema import PROVENANCE_FIELDS, DeletionRecord, EditRecord, Node, Outreach, OutreachStatus, Person
from loaders.completeness import Gap
from loaders.validators import ipc_code, ipc_subclass
from matcher.recommenders import Evidence
from matcher.service import RecommendationPage
from matcher.standing import Standing

T = TypeVar("T")
KIND_LABELS = {
    "organizations": "Organization", "people": "Person", "patents": "Patent", "publications": "Publication",
    "projects": "Project", "technologies": "Technology", "industries": "Industry",
}
LABEL_KINDS = {label: kind for kind, label in KIND_LABELS.items()}


class Page(BaseModel, Generic[T]):
    data: list[T]
    count: int
    offset: int = 0
    limit: int = 20


class NodeSummary(BaseModel):
    id: str
    type: str
    name: str

    @classmethod
    def of(cls, node: Node) -> NodeSummary:
        return cls(id=node.id, type=node.label, name=node.display_name())


class Provenance(BaseModel):
    source: str
    source_record_id: str
    loaded_at: datetime | None
    sources: list[str]
    """Every source record (file:line) that contributed to this node."""


class NodePublic(BaseModel):
    id: str
    type: str
    name: str
    properties: dict[str, JsonValue]
    provenance: Provenance

    @classmethod
    def of(cls, node: Node, *, contacts: bool) -> NodePublic:
        hidden = set(PROVENANCE_FIELDS) | {"id", "sources"}
        if isinstance(node, Person) and not contacts:
            hidden |= set(Person.contact_fields)
        props = {k: v for k, v in node.model_dump(mode="json").items() if k not in hidden}
        return cls(id=node.id, type=node.label, name=node.display_name(), properties=props,
                   provenance=Provenance(source=node.source, source_record_id=node.source_record_id,
                                         loaded_at=node.loaded_at, sources=node.sources))


class NeighbourPublic(BaseModel):
    relationship: str
    direction: Literal["out", "in"]
    properties: dict[str, JsonValue]
    source_record_id: str
    node: NodeSummary


class EntityPublic(BaseModel):
    node: NodePublic
    neighbours: list[NeighbourPublic]


class NodePatch(BaseModel):
    """Properties to change on a node (administrators); validated against the schema before anything is stored."""

    model_config = ConfigDict(extra="forbid")
    properties: dict[str, JsonValue] = Field(min_length=1)


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    drop_id: str = Field(description="The duplicate to fold into this node")


class Reasons(BaseModel):
    """Why a pair was merged or sent to review: the evidence in sentences, node ids by name."""

    ko: list[str]
    en: list[str]


class MergePublic(BaseModel):
    id: str
    kept_id: str
    merged_id: str
    node_label: str
    method: str
    score: float
    evidence: JsonValue
    reasons: Reasons
    created_at: datetime | None
    undone: bool
    load_again: list[str] = Field(
        default_factory=list,
        description="on undoing: files loaded since the merge; rows of theirs that named the record merged away "
                    "stay on the one that took it in until the file is loaded again with every row processed "
                    "(reprocess)")


class EditPublic(BaseModel):
    """A record's fields changed by hand; ``POST /edits/{id}/undo`` puts them back."""

    id: str
    node_id: str
    node_label: str
    name: str
    fields: list[str]
    before: dict[str, JsonValue]
    after: dict[str, JsonValue]
    edited_by: str | None
    created_at: datetime | None
    undone: bool
    undone_at: datetime | None

    @classmethod
    def of(cls, record: EditRecord) -> EditPublic:
        return cls(id=record.id, node_id=record.node_id, node_label=record.node_label, name=record.name,
                   fields=record.fields, before=json.loads(record.before), after=json.loads(record.after),
                   edited_by=record.source_record_id, created_at=record.created_at, undone=record.undone,
                   undone_at=record.undone_at)


class DeletionPublic(BaseModel):
    """A record an administrator deleted, or a relationship removed by itself (``deleted_id`` then names it as
    ``TYPE:source->target`` and ``node_label`` is its type); ``POST /deletions/{id}/restore`` puts it back."""

    id: str
    deleted_id: str
    node_label: str
    name: str
    relationships: int = Field(description="relationships it had, kept to restore with it")
    deleted_by: str | None
    created_at: datetime | None
    restored: bool
    restored_at: datetime | None
    relationships_not_restored: int | None = Field(
        None, description="on restore: relationships whose other end is no longer in the graph")

    @classmethod
    def of(cls, record: DeletionRecord, *, not_restored: int | None = None) -> DeletionPublic:
        return cls(id=record.id, deleted_id=record.deleted_id, node_label=record.node_label, name=record.name,
                   relationships=record.relationships, deleted_by=record.source_record_id,
                   created_at=record.created_at, restored=record.restored, restored_at=record.restored_at,
                   relationships_not_restored=not_restored)


class ReviewPublic(BaseModel):
    id: str
    left: NodeSummary | None
    right: NodeSummary | None
    node_label: str
    score: float
    evidence: JsonValue
    reasons: Reasons
    status: str
    created_at: datetime | None


class ReviewDecisionIn(BaseModel):
    review_id: str = Field(min_length=1, max_length=300)
    decision: str = Field(max_length=40, description="approve or reject (also 승인 / 거절, yes / no); blank: open")


class ReviewDecisionsIn(BaseModel):
    """Decisions on many review items; each applied on its own (a bad one is reported, the others applied)."""

    decisions: list[ReviewDecisionIn] = Field(min_length=1, max_length=10_000)
    dry_run: bool = Field(default=False, description="check every decision, change nothing")


class DecisionProblemOut(BaseModel):
    line: int = Field(description="position of the decision in the request (1 = first), or the file's line")
    review_id: str
    field: str
    value: str
    reason: str


class ReviewDecisionsOut(BaseModel):
    approved: list[str]
    merges: list[str]
    rejected: list[str]
    unchanged: int
    blank: int
    problems: list[DecisionProblemOut]
    dry_run: bool


class SearchHit(BaseModel):
    id: str
    type: str
    name: str
    detail: str
    score: float


class TechnologyOut(BaseModel):
    id: str
    label: str
    label_ko: str
    weight: float


class DocumentOut(BaseModel):
    id: str
    title: str
    similarity: float


class StepOut(BaseModel):
    id: str
    name: str
    via: str | None


class EvidenceOut(BaseModel):
    technologies: list[TechnologyOut]
    documents: list[DocumentOut]
    paths: list[list[StepOut]]
    sentence_en: str
    sentence_ko: str

    @classmethod
    def of(cls, evidence: Evidence) -> EvidenceOut:
        return cls(
            technologies=[TechnologyOut(id=i, label=en, label_ko=ko, weight=w)
                          for i, en, ko, w in evidence.technologies],
            documents=[DocumentOut(id=i, title=t, similarity=s) for i, t, s in evidence.documents],
            paths=[[StepOut(id=s.node_id, name=s.name, via=s.via) for s in path] for path in evidence.paths],
            sentence_en=evidence.sentence_en, sentence_ko=evidence.sentence_ko,
        )


class OutreachPublic(BaseModel):
    """Where the office stands with one recommended candidate for one query, with every earlier status."""

    id: str
    kind: Literal["partners", "licensees", "cofounders"]
    query_id: str
    query_name: str | None = None
    candidate_id: str
    candidate_name: str | None = None
    """None when the record is no longer in the graph (deleted or merged away since)."""
    status: OutreachStatus
    note: str | None
    by: str | None
    created_at: datetime | None
    updated_at: datetime | None
    history: list[dict[str, JsonValue]]

    @classmethod
    def of(cls, record: Outreach, names: dict[str, str] | None = None) -> OutreachPublic:
        names = names or {}
        return cls(id=record.id, kind=record.kind, query_id=record.query_id, query_name=names.get(record.query_id),
                   candidate_id=record.candidate_id, candidate_name=names.get(record.candidate_id),
                   status=record.status, note=record.note, by=record.by, created_at=record.created_at,
                   updated_at=record.updated_at, history=json.loads(record.history))


class OutreachSet(BaseModel):
    """Set where the office stands with a recommended candidate (``tto`` role)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["partners", "licensees", "cofounders"]
    query_id: str = Field(description="the company or saved need (partners), patent (licensees) or person "
                                      "(co-founders) the recommendations were for")
    candidate_id: str = Field(description="the recommended researcher, company or person")
    status: OutreachStatus
    note: str | None = Field(None, max_length=2000)


class OutreachBrief(BaseModel):
    id: str
    status: OutreachStatus
    note: str | None
    updated_at: datetime | None


class RecommendationOut(BaseModel):
    rank: int
    id: str
    name: str
    score: float
    parts: dict[str, float]
    """Each feature's value: the parts the score is made of."""
    evidence: EvidenceOut | None
    outreach: OutreachBrief | None = None
    """Where the office stands with this candidate for this query (shown to the ``tto`` role and above)."""
    new: bool = False
    """A saved need's run: not shown by any earlier run of it."""


class RecommendationPageOut(BaseModel):
    kind: str
    query: dict[str, JsonValue]
    ranker: str
    weights: dict[str, float]
    data: list[RecommendationOut]
    count: int
    offset: int
    limit: int
    hidden: int = 0
    """Candidates left out as marked declined or not a fit (``include_declined=true`` shows them)."""

    @classmethod
    def of(cls, page: RecommendationPage, marks: dict[str, Outreach] | None = None,
           new: frozenset[str] = frozenset()) -> RecommendationPageOut:
        marks = marks or {}
        return cls(
            kind=page.kind, query={k: v for k, v in page.query.items() if isinstance(v, str | list | None)},
            ranker=page.ranker, weights=page.weights, count=page.count, offset=page.offset, limit=page.limit,
            hidden=page.hidden,
            data=[RecommendationOut(rank=r.rank, id=r.id, name=r.name, score=r.score, parts=r.parts,
                                    evidence=EvidenceOut.of(r.evidence) if r.evidence else None,
                                    outreach=_brief(marks.get(r.id)), new=r.id in new)
                  for r in page.data],
        )


def _brief(record: Outreach | None) -> OutreachBrief | None:
    if record is None:
        return None
    return OutreachBrief(id=record.id, status=record.status, note=record.note, updated_at=record.updated_at)


class NamedId(BaseModel):
    id: str
    name: str


class GapOut(BaseModel):
    """Records that lack something the matcher or search uses: how many, why it matters, the first few."""

    key: str
    node_label: str
    title: dict[str, str]
    """In English and Korean (``en``, ``ko``)."""
    why: dict[str, str]
    count: int
    checked: int
    """Records the check is about (companies only, researchers only, or every record of the type)."""
    examples: list[NamedId]

    @classmethod
    def of(cls, gap: Gap) -> GapOut:
        c = gap.check
        return cls(key=c.key, node_label=c.label, title={"en": c.en, "ko": c.ko}, why={"en": c.why_en, "ko": c.why_ko},
                   count=gap.count, checked=gap.checked, examples=[NamedId(id=i, name=n) for i, n in gap.examples])


class StandingOut(BaseModel):
    """Where one candidate stands for one query: its rank (or the place its score would take when the shortlist
    did not score it in full), score, parts and evidence; or, when it is never offered, why."""

    kind: str
    query_id: str
    candidate_id: str
    name: str
    candidates: int
    """How many candidates the recommender considers for this query."""
    scored_in_full: int
    rank: int | None
    would_rank: int | None
    score: float | None
    parts: dict[str, float] | None
    evidence: EvidenceOut | None
    reason: dict[str, str] | None
    """Why it is never offered, in English and Korean (``en``, ``ko``); None when it is a candidate."""
    outreach: OutreachBrief | None = None
    hidden_above: int = 0
    """Candidates ranked above it that the caller's list leaves out (declined by the tto's office): not counted in
    ``rank`` / ``would_rank``."""

    @classmethod
    def of(cls, kind: str, query_id: str, found: Standing, follow_up: Outreach | None = None) -> StandingOut:
        return cls(kind=kind, query_id=query_id, candidate_id=found.candidate_id, name=found.name,
                   candidates=found.candidates, scored_in_full=found.scored_in_full, rank=found.rank,
                   would_rank=found.would_rank, score=found.score, parts=found.parts,
                   evidence=EvidenceOut.of(found.evidence) if found.evidence else None,
                   reason={"en": found.reason_en, "ko": found.reason_ko or ""} if found.reason_en else None,
                   outreach=_brief(follow_up), hidden_above=found.hidden_above)


class NeedRequest(BaseModel):
    """A free-text need (Korean or English) and optional filters."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=2, max_length=4000)
    institution: str | None = None
    region: str | None = None
    industry: str | None = None
    offset: int = Field(default=0, ge=0, le=1_000_000)
    limit: int = Field(default=10, ge=1, le=100)


class FounderRequest(BaseModel):
    """A founder not in the graph: what they work on (Korean or English) and what they bring; optional filters."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=2, max_length=4000, description="what the founder works on or plans to build")
    brings: Literal["technical", "business"] | None = Field(
        None, description="what the founder brings; the people offered are strong in the other")
    role: Literal["technical", "business"] | None = Field(None, description="only people of this kind")
    region: str | None = None
    industry: str | None = None
    offset: int = Field(default=0, ge=0, le=1_000_000)
    limit: int = Field(default=10, ge=1, le=100)


class InventionRequest(BaseModel):
    """An invention not in the graph (a disclosure before filing): its title and abstract in Korean or English, the
    IPC codes it is known to have, and its inventors when they are in the graph; optional filters."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=2, max_length=8000, description="title and abstract, Korean or English")
    ipc_codes: list[str] = Field(default_factory=list, max_length=50, description="e.g. G01S 7/48 or G01S")
    inventor_ids: list[str] = Field(default_factory=list, max_length=50, description="per:… ids in the graph")
    region: str | None = None
    industry: str | None = None
    offset: int = Field(default=0, ge=0, le=1_000_000)
    limit: int = Field(default=10, ge=1, le=100)

    @field_validator("ipc_codes")
    @classmethod
    def _ipc_subclasses(cls, codes: list[str]) -> list[str]:
        return list(dict.fromkeys(ipc_subclass(ipc_code(code)) for code in codes))


class SavedNeedCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=2, max_length=4000)
    institution: str | None = None
    region: str | None = None
    industry: str | None = None


class SavedNeedPublic(BaseModel):
    id: str
    name: str
    text: str
    filters: JsonValue
    owner: str | None
    created_at: datetime | None
    last_run_at: datetime | None = None
    """When its recommendations were last asked for (``GET /needs/{id}/recommendations`` flags researchers no run
    showed before as ``new``)."""


class ColumnGuessOut(BaseModel):
    column: str
    field: str | None = Field(description="the field the column would feed; null: left unread")
    source: str = Field(description="template (the kind's template names it), header, values, or none")
    reason: str
    reason_ko: str
    samples: list[str] = Field(description="its first values (long ones cut)")
    joined: list[str] = Field(default_factory=list,
                              description="the columns joined into the field, this one among them, in order (a name "
                                          "written in two columns: 성 + 이름, first + last name); empty when the "
                                          "column feeds the field alone")


class MappingSuggestionOut(BaseModel):
    kind: str
    columns: list[ColumnGuessOut]
    fields: list[str] = Field(description="every field of the kind, for a choice to be changed to")
    missing_required: list[str]
    mapping_yaml: str = Field(description="the suggestion as a column mapping, to pass (edited or not) as the "
                                          "import's `mapping`")


class ImportJobPublic(BaseModel):
    id: str
    kind: str
    file: str
    status: str
    dry_run: bool
    total: int
    processed: int
    created: int
    updated: int
    unchanged: int
    merged: int
    review: int
    rejected: int
    message: str | None
    message_ko: str | None = None
    """The message in Korean, note by note (a note with no Korean rendering stays in English)."""
    started_at: datetime | None
    finished_at: datetime | None
    heard_at: datetime | None = None
    """A running load's last word that it is still at work (every 30 s or so): a load on another machine silent for 10
    minutes has ended, and can be settled (``POST /api/v1/imports/{id}/stop``)."""
    rejects_url: str | None
    review_url: str | None = None
    """The pairs this import raised for review (CSV), if any."""
    corrections: list[KeptCorrectionOut] = []
    """Corrections made by hand that the import did not undo (or, where the file changed since, gave up)."""


class KeptCorrectionOut(BaseModel):
    """What an import did about one correction made by hand."""

    record: str
    """The record's id, or the relationship as ``TYPE:src->dst``."""
    what: Literal["edited", "superseded", "deleted", "removed"]
    """edited: its fields kept as corrected; superseded: the file changed them since, its values taken; deleted /
    removed: the record or relationship deleted by hand was not brought back."""
    correction_id: str
    """The edit (``edt:``) or deletion (``del:``) record."""
    fields: list[str] = []


class GraphNode(BaseModel):
    id: str
    type: str
    name: str


class GraphEdge(BaseModel):
    source: str
    target: str
    type: str


class GraphView(BaseModel):
    center: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    role: Literal["viewer", "tto", "admin"]


class KeyPublic(BaseModel):
    id: str
    name: str
    role: str
    revoked: bool
    created_at: datetime | None


class KeyCreated(KeyPublic):
    key: str
    """The key itself: shown once, stored only as a digest."""


class WhoAmI(BaseModel):
    name: str
    role: str


class NamedCount(BaseModel):
    id: str
    name: str
    count: int


class YearCount(BaseModel):
    year: int
    count: int


class FacetValue(BaseModel):
    value: str
    count: int


class Stats(BaseModel):
    nodes: dict[str, int]
    relationships: dict[str, int]
    by_industry: list[NamedCount]
    """Organisations in each industry."""
    by_institution: list[NamedCount]
    """People affiliated with each institution."""
    by_kind: list[NamedCount] = []
    """Organisations of each kind (company, university, research institute, …), most first."""
    by_year: list[YearCount]
    """Patent applications per year."""
    graph_version: str
    """The knowledge version these figures were counted at: it moves when a record or relationship changes, not
    with bookkeeping (runs, keys, saved needs, reviews)."""


class PortfolioRow(BaseModel):
    patent_id: str
    title: str
    year: int
    licensees: list[RecommendationOut]


class RelationshipPublic(BaseModel):
    type: str
    source: str
    target: str


class RecordAddedPublic(BaseModel):
    """What a record added by hand became (``POST /api/v1/records/{kind}``)."""

    run_id: str | None
    """The load run that wrote it (undone like any import); None for a dry run."""
    status: Literal["done", "queued"]
    """queued: still waiting behind a long import; it will be loaded then (follow ``/api/v1/imports/{run_id}``)."""
    outcome: str | None = None
    """created / updated / unchanged / merged (into a record the graph held) / review (listed with a possible
    duplicate); in a dry run new / existing / merged / review."""
    node_id: str | None = None
    """The node the record made or landed on (a link record: see ``relationship``)."""
    relationship: RelationshipPublic | None = None
    review_id: str | None = None
    """The review item pairing it with a possible duplicate (``review_with``), when resolution could not decide."""
    review_with: str | None = None
