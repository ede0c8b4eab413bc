"""Node and relationship types of the innolink graph: the one source of truth for both backends.

Every node id is ``"<prefix>:<local id>"`` (``org:gist``, ``per:orcid-0000-0002-1825-0097``); the prefix
names the node type, so a store can find a node's table from its id alone. A relationship is identified
by (type, src, dst). Nodes and relationships carry provenance: ``source`` (file or dataset),
``source_record_id`` (file:line or the record's own id), ``loaded_at`` and ``content_hash``.

Field types are limited to what both backends store the same way: str, int, float, bool, dates (stored as
ISO strings), string enums and lists of strings, each optionally None.
"""

from __future__ import annotations

import hashlib
import re
import types
import typing
from datetime import date, datetime
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, ClassVar, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from graph import identifiers
from graph.errors import SchemaViolation
from graph.regions import canonical_region

Region = Annotated[str | None, AfterValidator(canonical_region)]
"""A Korean region as its short name (광주광역시, Gwangju, an address → 광주); other text as written."""

StorageKind = Literal["STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]"]
PROVENANCE_FIELDS = ("source", "source_record_id", "loaded_at", "content_hash")
_HASH_EXCLUDED = {"loaded_at", "content_hash"}


class OrgKind(StrEnum):
    COMPANY = "company"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    GOVERNMENT = "government"
    SUPPORT_AGENCY = "support_agency"
    OTHER = "other"


class CompanySize(StrEnum):
    STARTUP = "startup"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class PersonRole(StrEnum):
    RESEARCHER = "researcher"
    ENTREPRENEUR = "entrepreneur"
    EXECUTIVE = "executive"
    STUDENT = "student"
    INVENTOR = "inventor"


class PatentStatus(StrEnum):
    FILED = "filed"
    PUBLISHED = "published"
    REGISTERED = "registered"
    EXPIRED = "expired"
    ABANDONED = "abandoned"
    UNKNOWN = "unknown"


class GraphModel(BaseModel):
    """Fields and behaviour shared by nodes and relationships."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    label: ClassVar[str]
    source: str = ""
    source_record_id: str = ""
    loaded_at: datetime | None = None
    content_hash: str = ""

    @model_validator(mode="before")
    @classmethod
    def _blank_means_absent(cls, data: object) -> object:
        """An empty or blank value of an optional field is None, so '' and a missing cell are the same."""
        if isinstance(data, dict):
            optional = _optional_fields(cls)
            for k, v in data.items():  # a plain loop: this runs for every record and relationship built
                if v.__class__ is str and (not v or v.isspace()) and k in optional:
                    return {k: (None if k in optional and isinstance(v, str) and not v.strip() else v)
                            for k, v in data.items()}
        return data

    @classmethod
    def defaults_when_absent(cls) -> frozenset[str]:
        """Fields whose empty value ('' or []) is their default, so a store may leave them out."""
        return _defaulted_fields(cls)

    hash_excluded: ClassVar[frozenset[str]] = frozenset(_HASH_EXCLUDED)

    def compute_hash(self) -> str:
        """A digest of the content (not ``loaded_at``/``content_hash``): equal content, equal hash."""
        text = self.model_dump_json(exclude=set(self.hash_excluded))
        return hashlib.sha256(text.encode()).hexdigest()[:16]  # 64 bits: ample to tell versions apart

    def to_row(self) -> dict[str, object]:
        """Property values as stored: dates and enums as strings, lists as lists."""
        return self.model_dump(mode="json")

    @classmethod
    def storage_columns(cls) -> dict[str, StorageKind]:
        """Column name -> storage kind, in a fixed order (the order of the model's fields)."""
        return _storage_columns(cls)


class Node(GraphModel):
    """A vertex. Subclasses set ``label`` (table/label name) and ``id_prefix``."""

    id_prefix: ClassVar[str]
    key_fields: ClassVar[tuple[str, ...]] = ()
    """Fields that identify a record exactly (business number, ORCID, DOI...): indexed, used for resolution."""
    name_fields: ClassVar[tuple[str, ...]] = ()
    """Fields holding the node's names or title, searched and shown."""
    guessed_fields: ClassVar[tuple[str, ...]] = ()
    """Fields a node made from a mere reference to it guesses from its name or its role there (an organisation's
    kind, a person's roles): ``graph.merging.named_only``."""
    alias_field: ClassVar[str | None] = None
    """List field that collects other spellings when two nodes merge."""
    text_fields: ClassVar[tuple[str, ...]] = ()
    """Longer texts (abstract, description) that the matcher reads."""
    domain: ClassVar[bool] = True
    """False for bookkeeping records (runs, keys...) that are not part of the knowledge graph."""
    versioned: ClassVar[bool] = True
    """False for records whose writes leave the graph version as it was: the version itself, and the load ledger,
    which records the version its load left (``loaders.ledger``)."""

    id: str = Field(min_length=3, max_length=300)
    sources: list[str] = Field(default_factory=list)
    """Every ``source#record`` that contributed to this node (kept across merges)."""

    @field_validator("id")
    @classmethod
    def _id_has_type_prefix(cls, value: str) -> str:
        prefix = cls.__dict__.get("id_prefix") or getattr(cls, "id_prefix", None)
        if prefix and not value.startswith(prefix + ":"):
            raise ValueError(f"id must start with '{prefix}:' for {cls.label}, got {value!r}")
        if _WHITE_SPACE.search(value):
            raise ValueError(f"id must not contain white space: {value!r}")
        return value

    def display_name(self) -> str:
        for name in self.name_fields:
            value = getattr(self, name, None)
            if value:
                return str(value)
        return self.id

    def identifiers(self) -> dict[str, str]:
        """The node's exact keys that are set, field -> value."""
        return {f: str(v) for f in self.key_fields if (v := getattr(self, f, None))}

    def names(self) -> list[str]:
        """Every name of this node: name fields then aliases."""
        out = [str(v) for f in self.name_fields if (v := getattr(self, f, None))]
        if self.alias_field:
            out.extend(getattr(self, self.alias_field))
        return list(dict.fromkeys(out))


class Edge(GraphModel):
    """A relationship from ``src`` to ``dst``. Subclasses set ``label`` and allowed ``endpoints``."""

    endpoints: ClassVar[tuple[tuple[str, str], ...]]
    hash_excluded: ClassVar[frozenset[str]] = frozenset({*_HASH_EXCLUDED, "source", "source_record_id"})
    """A relationship restated by another record is unchanged: provenance names the record that last changed it."""
    src: str
    dst: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.label, self.src, self.dst)

    def endpoint_labels(self) -> tuple[str, str]:
        """(source label, target label), checked against this relationship's allowed endpoints."""
        return self.labels_between(self.src, self.dst)

    @classmethod
    def labels_between(cls, src: str, dst: str) -> tuple[str, str]:
        """(source label, target label) of a relationship of this type from ``src`` to ``dst``, checked."""
        pair = (node_type_for_id(src).label, node_type_for_id(dst).label)
        if pair not in cls.endpoints:
            allowed = ", ".join(f"{a}->{b}" for a, b in cls.endpoints)
            raise SchemaViolation(
                f"{cls.label} cannot join {pair[0]} {src} to {pair[1]} {dst} (allowed: {allowed})",
                edge_type=cls.label, src=src, dst=dst,
            )
        return pair


# --------------------------------------------------------------------------- knowledge-graph nodes


class Organization(Node):
    label: ClassVar[str] = "Organization"
    id_prefix: ClassVar[str] = "org"
    key_fields: ClassVar[tuple[str, ...]] = ("business_number", "corporate_number", "dart_code", "stock_code")
    name_fields: ClassVar[tuple[str, ...]] = ("name_ko", "name_en")
    alias_field: ClassVar[str | None] = "aliases"
    text_fields: ClassVar[tuple[str, ...]] = ("description",)
    guessed_fields: ClassVar[tuple[str, ...]] = ("kind", "region")

    kind: OrgKind = OrgKind.COMPANY
    name_ko: str | None = None
    name_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    business_number: str | None = Field(default=None, pattern=r"^\d{10}$")
    corporate_number: str | None = Field(default=None, pattern=r"^\d{13}$")
    """The corporation's registration number (법인등록번호, 110111-2487050): one per legal entity, where a company
    may hold a business number per site."""
    dart_code: str | None = Field(default=None, pattern=r"^\d{8}$")
    """OpenDART's company code (고유번호): every company filing with the FSS has one."""
    stock_code: str | None = Field(default=None, pattern=r"^[0-9A-Z]{6}$")
    """KRX ticker (종목코드) of a listed company."""
    ksic_code: str | None = None
    region: Region = None
    country: str | None = None
    size: CompanySize | None = None
    founded_year: int | None = Field(default=None, ge=1800, le=2100)
    employees: int | None = Field(default=None, ge=0)
    homepage: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _has_a_name(self) -> Organization:
        if not (self.name_ko or self.name_en):
            raise ValueError("an organization needs name_ko or name_en")
        return self


class Person(Node):
    label: ClassVar[str] = "Person"
    id_prefix: ClassVar[str] = "per"
    key_fields: ClassVar[tuple[str, ...]] = ("orcid", "email", "scopus_id", "researcher_id")
    name_fields: ClassVar[tuple[str, ...]] = ("name_ko", "name_en")
    alias_field: ClassVar[str | None] = "romanizations"
    text_fields: ClassVar[tuple[str, ...]] = ("bio",)
    guessed_fields: ClassVar[tuple[str, ...]] = ("roles",)
    contact_fields: ClassVar[tuple[str, ...]] = ("email", "phone")

    name_ko: str | None = None
    name_en: str | None = None
    romanizations: list[str] = Field(default_factory=list)
    roles: list[PersonRole] = Field(default_factory=list)
    orcid: str | None = Field(default=None, pattern=rf"^{identifiers.ORCID}$")
    scopus_id: str | None = Field(default=None, pattern=rf"^{identifiers.SCOPUS_AUTHOR_ID}$")
    """The person's Scopus author id, as a Scopus export's 'Author(s) ID' gives it."""
    researcher_id: str | None = Field(default=None, pattern=rf"^{identifiers.RESEARCHER_ID}$")
    """Their Web of Science ResearcherID."""
    skills: list[str] = Field(default_factory=list)
    title: str | None = None
    lab: str | None = None
    email: str | None = None
    phone: str | None = None
    region: Region = None
    country: str | None = None
    bio: str | None = None

    @model_validator(mode="after")
    def _has_a_name(self) -> Person:
        if not (self.name_ko or self.name_en):
            raise ValueError("a person needs name_ko or name_en")
        return self


class Patent(Node):
    label: ClassVar[str] = "Patent"
    id_prefix: ClassVar[str] = "pat"
    key_fields: ClassVar[tuple[str, ...]] = ("application_number", "registration_number")
    name_fields: ClassVar[tuple[str, ...]] = ("title_ko", "title_en")
    text_fields: ClassVar[tuple[str, ...]] = ("abstract_ko", "abstract_en")

    application_number: str | None = None
    registration_number: str | None = None
    office: str | None = None
    title_ko: str | None = None
    title_en: str | None = None
    abstract_ko: str | None = None
    abstract_en: str | None = None
    ipc_codes: list[str] = Field(default_factory=list)
    application_date: date | None = None
    registration_date: date | None = None
    status: PatentStatus = PatentStatus.UNKNOWN

    @model_validator(mode="after")
    def _has_a_title(self) -> Patent:
        if not (self.title_ko or self.title_en):
            raise ValueError("a patent needs title_ko or title_en")
        return self


class Publication(Node):
    label: ClassVar[str] = "Publication"
    id_prefix: ClassVar[str] = "pub"
    key_fields: ClassVar[tuple[str, ...]] = ("doi", "wos_id", "scopus_eid", "pmid", "kci_id")
    name_fields: ClassVar[tuple[str, ...]] = ("title",)
    text_fields: ClassVar[tuple[str, ...]] = ("abstract",)

    doi: str | None = None
    wos_id: str | None = Field(default=None, pattern=rf"^{identifiers.WOS_ACCESSION}$")
    """Web of Science's accession number (UT)."""
    scopus_eid: str | None = Field(default=None, pattern=rf"^{identifiers.SCOPUS_EID}$")
    """Scopus's record id (EID)."""
    pmid: str | None = Field(default=None, pattern=rf"^{identifiers.PMID}$")
    """PubMed's id."""
    kci_id: str | None = Field(default=None, pattern=rf"^{identifiers.KCI_ARTICLE}$")
    """The Korea Citation Index's article id."""
    title: str
    abstract: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    venue: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Project(Node):
    label: ClassVar[str] = "Project"
    id_prefix: ClassVar[str] = "prj"
    key_fields: ClassVar[tuple[str, ...]] = ("project_number",)
    name_fields: ClassVar[tuple[str, ...]] = ("title",)
    text_fields: ClassVar[tuple[str, ...]] = ("description",)

    project_number: str | None = None
    title: str
    description: str | None = None
    funder: str | None = None
    start_year: int | None = Field(default=None, ge=1950, le=2100)
    end_year: int | None = Field(default=None, ge=1950, le=2100)
    budget_krw: int | None = Field(default=None, ge=0)


class Technology(Node):
    label: ClassVar[str] = "Technology"
    id_prefix: ClassVar[str] = "tec"
    key_fields: ClassVar[tuple[str, ...]] = ("code",)
    name_fields: ClassVar[tuple[str, ...]] = ("label_ko", "label_en")
    alias_field: ClassVar[str | None] = "synonyms"

    label_ko: str | None = None
    label_en: str | None = None
    scheme: str = "keyword"
    """Where the concept comes from: ipc, cpc, focus (industry vocabulary) or keyword."""
    code: str | None = None
    synonyms: list[str] = Field(default_factory=list)


class Industry(Node):
    label: ClassVar[str] = "Industry"
    id_prefix: ClassVar[str] = "ind"
    name_fields: ClassVar[tuple[str, ...]] = ("name_ko", "name_en")

    name_ko: str | None = None
    name_en: str | None = None
    ksic_codes: list[str] = Field(default_factory=list)
    focus: bool = False
    """One of the Gwangju–Jeonnam focus industries."""


# --------------------------------------------------------------------------- bookkeeping records


class LoadRun(Node):
    """One run of a loader (also an API import job): its counts, status and undo journal."""

    label: ClassVar[str] = "LoadRun"
    id_prefix: ClassVar[str] = "run"
    domain: ClassVar[bool] = False

    kind: str
    file: str
    mapping: str | None = None
    dry_run: bool = False
    status: Literal["queued", "running", "done", "failed", "undone"] = "queued"
    started_at: datetime | None = None
    finished_at: datetime | None = None
    total: int = 0
    processed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    rejected: int = 0
    review: int = 0
    message: str | None = None
    rejects_path: str | None = None
    review_path: str | None = None
    """Its review report (the pairs it raised, for an administrator to decide), if any."""
    journal: str | None = None
    """Where its undo journal is: ``JOURNAL_IN_GRAPH`` (its ``JournalPart`` nodes), or for a run of an older
    release, the path of a file on the machine that ran it; None for a run with nothing to undo, or whose journal
    was pruned (``loaders.journals.prune_journals``)."""
    corrections: str | None = None
    """JSON: what the run did about corrections made by hand (``loaders.hand_corrections.KeptCorrection``)."""
    upload: str | None = None
    """For an uploaded file: its folder among the server's job folders, where it stays for its columns to be
    checked and the file loaded again (``api/web/columns.py``)."""
    process: str | None = None
    """The process that queued or runs it: 'host pid start-time pid-namespace' (``loaders/processes.py``)."""
    heard_at: datetime | None = None
    """When its process last said it was still at work (``loaders.run_records.RunRecords.beat``): how a load on
    another machine is told from one whose process died."""

    def undoable(self) -> bool:
        """Whether an administrator is offered to undo it here: a finished load, or a failed one that kept its
        journal (it stopped half-way and could not take back what it wrote), whose journal this machine holds."""
        return (not self.dry_run and self.status in ("done", "failed") and self.journal_here())

    def journal_here(self) -> bool:
        """Whether its undo journal can be read here: in the graph, or (a run of an older release) a file on this
        machine."""
        return self.journal == JOURNAL_IN_GRAPH or (bool(self.journal) and Path(str(self.journal)).is_file())


JOURNAL_IN_GRAPH = "graph"
"""``LoadRun.journal`` of a run whose undo journal is its ``JournalPart`` nodes."""


class JournalPart(Node):
    """Part of a load run's undo journal: what one of its transactions wrote (``loaders.journals``). Written in that
    transaction, so a load stopped at any point leaves exactly what to take back; kept in the graph, so any machine
    writing to it can undo or settle the run."""

    label: ClassVar[str] = "JournalPart"
    id_prefix: ClassVar[str] = "jnl"
    domain: ClassVar[bool] = False

    run_id: str
    part: int
    data: str
    """The part as gzip-compressed JSON, in base64."""


class RunReport(Node):
    """A load run's rejects or review report (``loaders.run_reports``): the CSV its run folder holds on the machine
    that loaded, kept in the graph too, so that any machine serving the graph offers it and a dump carries it."""

    label: ClassVar[str] = "RunReport"
    id_prefix: ClassVar[str] = "rpt"
    domain: ClassVar[bool] = False
    versioned: ClassVar[bool] = False

    run_id: str
    name: str
    """``rejects`` or ``review``."""
    data: str
    """The CSV file's bytes, gzip-compressed, in base64."""


class LedgerHeader(Node):
    """The load ledger's entry for one file (``loaders.ledger``): its fingerprint, the graph version its last load
    left, its rejects, and how many ``LedgerPart`` pieces hold the rest. Kept in the graph, so that every machine
    loading into it skips the same unchanged files and withdraws what a corrected file's rows no longer say; a type of
    its own, small, as a skipped load rewrites it (LadybugDB rewrites a changed column's chunk whole, and the pieces
    are megabytes)."""

    label: ClassVar[str] = "LedgerHeader"
    id_prefix: ClassVar[str] = "ldh"
    domain: ClassVar[bool] = False
    versioned: ClassVar[bool] = False

    entry: str
    """The entry's key (a digest of the kind and file name)."""
    kind: str
    file: str
    data: str
    """The header, as JSON."""


class LedgerPart(Node):
    """A piece of a load ledger entry's footprint or of what each record its rows made was given (``LedgerHeader``)."""

    label: ClassVar[str] = "LedgerPart"
    id_prefix: ClassVar[str] = "ldg"
    domain: ClassVar[bool] = False
    versioned: ClassVar[bool] = False

    entry: str
    kind: str
    file: str
    section: str
    """``footprint`` or ``given``: pieces of gzip-compressed JSON, in base64."""
    part: int
    data: str


class MergeRecord(Node):
    """Two nodes resolved to one: the evidence, and a snapshot that lets the merge be undone."""

    label: ClassVar[str] = "MergeRecord"
    id_prefix: ClassVar[str] = "mrg"
    domain: ClassVar[bool] = False

    kept_id: str
    merged_id: str
    node_label: str
    method: str
    score: float = 1.0
    evidence: str = "{}"
    snapshot: str = "{}"
    run_id: str | None = None
    created_at: datetime | None = None
    undone: bool = False


class DeletionRecord(Node):
    """A record an administrator deleted: the node and its relationships as they were, so it can be restored."""

    label: ClassVar[str] = "DeletionRecord"
    id_prefix: ClassVar[str] = "del"
    domain: ClassVar[bool] = False

    deleted_id: str
    node_label: str
    name: str = ""
    """The deleted record's display name (it is no longer in the graph to ask)."""
    relationships: int = 0
    snapshot: str = "{}"
    created_at: datetime | None = None
    restored: bool = False
    restored_at: datetime | None = None


class EditRecord(Node):
    """A record's fields changed by hand: who and when, and those fields before and after, so it can be undone."""

    label: ClassVar[str] = "EditRecord"
    id_prefix: ClassVar[str] = "edt"
    domain: ClassVar[bool] = False

    node_id: str
    node_label: str
    name: str = ""
    """The record's display name after the edit."""
    fields: list[str] = Field(default_factory=list)
    before: str = "{}"
    """The changed fields as they were (JSON)."""
    after: str = "{}"
    """The changed fields as the edit left them (JSON): an undo first checks they are still so."""
    created_at: datetime | None = None
    undone: bool = False
    undone_at: datetime | None = None


class ReviewItem(Node):
    """An ambiguous pair that resolution did not merge; an administrator approves or rejects it."""

    label: ClassVar[str] = "ReviewItem"
    id_prefix: ClassVar[str] = "rev"
    domain: ClassVar[bool] = False

    left_id: str
    right_id: str
    node_label: str
    score: float
    evidence: str = "{}"
    status: Literal["open", "approved", "rejected"] = "open"
    run_id: str | None = None
    created_at: datetime | None = None
    decided_at: datetime | None = None


class OutreachStatus(StrEnum):
    SHORTLISTED = "shortlisted"
    CONTACTED = "contacted"
    INTERESTED = "interested"
    DECLINED = "declined"
    NOT_A_FIT = "not_a_fit"


class Outreach(Node):
    """Where a tech transfer office or a company stands with one recommended candidate for one query (a patent's
    licensee, a company's partner, a person's co-founder): shortlisted, contacted, interested, declined, not a fit.
    Kept with every earlier status, so the follow-up reads as a history."""

    label: ClassVar[str] = "Outreach"
    id_prefix: ClassVar[str] = "out"
    domain: ClassVar[bool] = False

    kind: Literal["partners", "licensees", "cofounders"]
    query_id: str
    candidate_id: str
    status: OutreachStatus
    note: str | None = Field(default=None, max_length=2000)
    by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    history: str = "[]"
    """Earlier statuses, oldest first (JSON: status, note, by, at)."""


class ApiKey(Node):
    """An API key: only its SHA-256 digest is stored."""

    label: ClassVar[str] = "ApiKey"
    id_prefix: ClassVar[str] = "key"
    domain: ClassVar[bool] = False

    name: str
    role: Literal["viewer", "tto", "admin"]
    key_hash: str
    created_at: datetime | None = None
    revoked: bool = False


class SavedNeed(Node):
    """A company's free-text need, kept so it can be re-run."""

    label: ClassVar[str] = "SavedNeed"
    id_prefix: ClassVar[str] = "need"
    domain: ClassVar[bool] = False
    name_fields: ClassVar[tuple[str, ...]] = ("name",)

    name: str
    text: str
    owner: str | None = None
    filters: str = "{}"
    created_at: datetime | None = None
    seen: list[str] = Field(default_factory=list)
    """Its top researchers when it was last run (``matcher.saved_needs``)."""
    seen_before: list[str] = Field(default_factory=list)
    """Its top researchers the run before that: what a run's new researchers are new against."""
    last_run_at: datetime | None = None
    previous_run_at: datetime | None = None


class GraphMeta(Node):
    """A single record holding the graph version, bumped by every write that changes something, and the
    knowledge version, bumped only by writes that change a domain record (what the matcher and search read): saving
    a need, making a key or rejecting a review leaves the matcher's projection current."""

    label: ClassVar[str] = "GraphMeta"
    id_prefix: ClassVar[str] = "meta"
    domain: ClassVar[bool] = False
    versioned: ClassVar[bool] = False

    version: int = 0
    knowledge_version: int = 0
    updated_at: datetime | None = None


# --------------------------------------------------------------------------- relationships

_CONTRIBUTORS = ("Organization", "Person", "Patent", "Publication", "Project")


class AffiliatedWith(Edge):
    label: ClassVar[str] = "AFFILIATED_WITH"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (("Person", "Organization"),)
    title: str | None = None
    lab: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    current: bool = True


class Invented(Edge):
    label: ClassVar[str] = "INVENTED"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (("Person", "Patent"),)
    sequence: int | None = None


class ApplicantOf(Edge):
    label: ClassVar[str] = "APPLICANT_OF"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (("Organization", "Patent"), ("Person", "Patent"))
    sequence: int | None = None


class Authored(Edge):
    """A paper's author, or an organisation its authors wrote it at (a publications file's ``organizations``)."""
    label: ClassVar[str] = "AUTHORED"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (("Person", "Publication"), ("Organization", "Publication"))
    position: int | None = None
    organization: str | None = None
    """An author's: the id of the organisation the list of authors names them at ('염정완 (숭실대학교)')."""


class ParticipatedIn(Edge):
    label: ClassVar[str] = "PARTICIPATED_IN"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (("Person", "Project"), ("Organization", "Project"))
    role: str | None = None
    organization: str | None = None
    """A person's: the id of the organisation the list of people names them at ('홍길동 (광주과학기술원)')."""


class HasTechnology(Edge):
    label: ClassVar[str] = "HAS_TECHNOLOGY"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = tuple((c, "Technology") for c in _CONTRIBUTORS)
    weight: float = Field(default=1.0, ge=0)
    extractor: str = "declared"
    """How the link was made: declared, ipc, gazetteer, keyphrase."""


class InIndustry(Edge):
    label: ClassVar[str] = "IN_INDUSTRY"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (("Organization", "Industry"), ("Project", "Industry"))
    weight: float = Field(default=1.0, ge=0)


class RelatesTo(Edge):
    label: ClassVar[str] = "RELATES_TO"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (("Technology", "Industry"),)
    weight: float = Field(default=1.0, ge=0)


class Cites(Edge):
    label: ClassVar[str] = "CITES"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Patent", "Patent"), ("Publication", "Publication"), ("Patent", "Publication"),
        ("Publication", "Patent"),
    )


class LicensedTo(Edge):
    label: ClassVar[str] = "LICENSED_TO"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (("Patent", "Organization"),)
    year: int | None = None
    exclusive: bool | None = None


class CollaboratedWith(Edge):
    label: ClassVar[str] = "COLLABORATED_WITH"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Person", "Person"), ("Organization", "Organization"), ("Organization", "Person"),
        ("Person", "Organization"),
    )
    kind: str | None = None
    count: int = Field(default=1, ge=1)
    first_year: int | None = None
    last_year: int | None = None


class Founded(Edge):
    label: ClassVar[str] = "FOUNDED"
    endpoints: ClassVar[tuple[tuple[str, str], ...]] = (("Person", "Organization"),)
    year: int | None = None
    role: str | None = None


# --------------------------------------------------------------------------- registry

NODE_TYPES: dict[str, type[Node]] = {
    t.label: t
    for t in (
        Organization, Person, Patent, Publication, Project, Technology, Industry,
        LoadRun, JournalPart, RunReport, LedgerHeader, LedgerPart, MergeRecord, DeletionRecord, EditRecord,
        ReviewItem, Outreach, ApiKey, SavedNeed, GraphMeta,
    )
}
DOMAIN_NODE_TYPES: dict[str, type[Node]] = {k: t for k, t in NODE_TYPES.items() if t.domain}
EDGE_TYPES: dict[str, type[Edge]] = {
    t.label: t
    for t in (
        AffiliatedWith, Invented, ApplicantOf, Authored, ParticipatedIn, HasTechnology, InIndustry,
        RelatesTo, Cites, LicensedTo, CollaboratedWith, Founded,
    )
}
_BY_PREFIX: dict[str, type[Node]] = {t.id_prefix: t for t in NODE_TYPES.values()}
GRAPH_META_ID = "meta:graph"


def node_type_for_id(node_id: str) -> type[Node]:
    """The node type named by an id's prefix (``org:...`` -> Organization)."""
    prefix, sep, _ = node_id.partition(":")
    node_type = _BY_PREFIX.get(prefix) if sep else None
    if node_type is None:
        known = ", ".join(sorted(_BY_PREFIX))
        raise SchemaViolation(f"{node_id!r} is not a valid node id: it must start with one of {known} and ':'",
                              id=node_id)
    return node_type


def node_type(label: str) -> type[Node]:
    try:
        return NODE_TYPES[label]
    except KeyError:
        raise SchemaViolation(f"unknown node type {label!r}; known: {', '.join(NODE_TYPES)}") from None


def edge_type(label: str) -> type[Edge]:
    try:
        return EDGE_TYPES[label]
    except KeyError:
        raise SchemaViolation(f"unknown relationship type {label!r}; known: {', '.join(EDGE_TYPES)}") from None


_LONGEST_LOCAL_ID = 200


def make_id(node_cls: type[Node], local: str) -> str:
    """An id for ``node_cls`` from any local key (white space folded to '-'). A key longer than 200 characters
    (a title or a number pasted with its paragraph) keeps its first 180 and a digest of the whole, so ids stay
    within their 300-character limit and distinct."""
    cleaned = "-".join(local.split())
    if len(cleaned) > _LONGEST_LOCAL_ID:
        cleaned = f"{cleaned[:180]}~{hashlib.sha1(cleaned.encode()).hexdigest()[:16]}"
    return f"{node_cls.id_prefix}:{cleaned}"


def node_from_row(node_cls: type[Node], row: typing.Mapping[str, object]) -> Node:
    """Rebuild a node from stored properties (ignores backend-internal keys, treats null lists as empty)."""
    fields = node_cls.model_fields
    clean = {k: v for k, v in row.items() if k in fields and v is not None}
    return node_cls.model_validate(clean)


def node_from_props(props: typing.Mapping[str, object]) -> Node:
    """Rebuild a node of whatever type its id names."""
    return node_from_row(node_type_for_id(str(props["id"])), props)


def edge_from_row(edge_cls: type[Edge], src: str, dst: str, row: typing.Mapping[str, object]) -> Edge:
    fields = edge_cls.model_fields
    clean = {k: v for k, v in row.items() if k in fields and v is not None and k not in ("src", "dst")}
    return edge_cls.model_validate({**clean, "src": src, "dst": dst})


# --------------------------------------------------------------------------- storage kinds


def _storage_kind(annotation: object) -> StorageKind:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(annotation) if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        return _storage_kind(inner[0])
    if origin is list:
        return "STRING[]"
    if origin is Literal:
        return "STRING"
    if annotation is bool:
        return "BOOLEAN"
    if annotation is int:
        return "INT64"
    if annotation is float:
        return "DOUBLE"
    if annotation in (str, date, datetime) or (isinstance(annotation, type) and issubclass(annotation, Enum)):
        return "STRING"
    raise TypeError(f"unsupported field type {annotation!r}")


_COLUMN_CACHE: dict[type[GraphModel], dict[str, StorageKind]] = {}
_OPTIONAL_CACHE: dict[type[GraphModel], frozenset[str]] = {}
_DEFAULTED_CACHE: dict[type[GraphModel], frozenset[str]] = {}


_WHITE_SPACE = re.compile(r"\s")


def _allows_none(annotation: object) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def _optional_fields(cls: type[GraphModel]) -> frozenset[str]:
    cached = _OPTIONAL_CACHE.get(cls)
    if cached is None:
        cached = frozenset(n for n, f in cls.model_fields.items() if _allows_none(f.annotation))
        _OPTIONAL_CACHE[cls] = cached
    return cached


def _defaulted_fields(cls: type[GraphModel]) -> frozenset[str]:
    cached = _DEFAULTED_CACHE.get(cls)
    if cached is None:
        cached = frozenset(
            n for n, f in cls.model_fields.items() if f.default == "" or f.default_factory is list
        )
        _DEFAULTED_CACHE[cls] = cached
    return cached


def _storage_columns(cls: type[GraphModel]) -> dict[str, StorageKind]:
    cached = _COLUMN_CACHE.get(cls)
    if cached is None:
        skip = {"src", "dst"} if issubclass(cls, Edge) else set()
        cached = {
            name: _storage_kind(field.annotation)
            for name, field in cls.model_fields.items()
            if name not in skip
        }
        _COLUMN_CACHE[cls] = cached
    return cached
