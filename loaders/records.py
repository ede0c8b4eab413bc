"""Input records: one pydantic model per kind of file, checked field by field before anything is written.

A record is what a row says; the builders (``loaders.builders``) turn it into graph nodes and relationships
once the resolver has decided which entities it names. References to other entities (an applicant, an
inventor, an affiliation) are plain text: a node id (``org:gist``), a key (``brn:1234567890``,
``orcid:0000-…``, ``email:…``, ``doi:…``) or a name.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from graph.schema import CompanySize, OrgKind, PatentStatus, PersonRole
from loaders import validators


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _to_list(value: object) -> object:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split(";") if p.strip()]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    if isinstance(value, int | float):  # one number where a list may stand (JSON, Parquet)
        return [str(value)]
    return value


def _lower_list(value: object) -> object:
    items = _to_list(value)
    return [str(v).lower() for v in items] if isinstance(items, list) else items


def _status(value: object) -> object:
    """A patent status lower-cased; blank means 'unknown'."""
    text = _blank_to_none(value) or "unknown"
    return text.lower() if isinstance(text, str) else text


def _number(value: object) -> object:
    if isinstance(value, str):
        return value.replace(",", "").strip() or None
    return value


Text = Annotated[str | None, BeforeValidator(_blank_to_none)]
TextList = Annotated[list[str], BeforeValidator(_to_list)]
Year = Annotated[int | None, BeforeValidator(lambda v: None if _blank_to_none(v) is None else validators.year(v))]
Count = Annotated[int | None, BeforeValidator(lambda v: _number(_blank_to_none(v))),
                  Field(le=2**63 - 1)]  # the stores hold 64-bit integers
Day = Annotated[date | None, BeforeValidator(lambda v: None if _blank_to_none(v) is None else validators.parse_date(v))]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: ClassVar[str]


class OrganizationRecord(Record):
    kind: ClassVar[str] = "organizations"
    org_kind: Annotated[OrgKind, BeforeValidator(lambda v: _blank_to_none(v) or "company")] = OrgKind.COMPANY
    name_ko: Text = None
    name_en: Text = None
    aliases: TextList = Field(default_factory=list)
    business_number: Annotated[str | None, BeforeValidator(
        lambda v: None if _blank_to_none(v) is None else validators.business_number(str(v)))] = None
    ksic_code: Text = None
    region: Text = None
    country: Text = None
    size: Annotated[CompanySize | None, BeforeValidator(_blank_to_none)] = None
    founded_year: Year = None
    employees: Count = Field(default=None, ge=0)
    homepage: Annotated[str | None, BeforeValidator(
        lambda v: None if _blank_to_none(v) is None else validators.web_address(str(v)))] = None
    description: Text = None
    industries: TextList = Field(default_factory=list)
    technologies: TextList = Field(default_factory=list)

    @model_validator(mode="after")
    def _named(self) -> OrganizationRecord:
        if not (self.name_ko or self.name_en):
            raise ValueError("needs name_ko or name_en")
        return self


class PersonRecord(Record):
    kind: ClassVar[str] = "people"
    person_id: Annotated[str | None, BeforeValidator(_blank_to_none)] = Field(default=None, pattern=r"^per:\S+$")
    """An id the person already has in another system (kept as the node id when new)."""
    name_ko: Text = None
    name_en: Text = None
    romanizations: TextList = Field(default_factory=list)
    roles: Annotated[list[PersonRole], BeforeValidator(_lower_list)] = Field(
        default_factory=list)
    orcid: Annotated[str | None, BeforeValidator(
        lambda v: None if _blank_to_none(v) is None else validators.orcid(str(v)))] = None
    email: Annotated[str | None, BeforeValidator(
        lambda v: None if _blank_to_none(v) is None else validators.email(str(v)))] = None
    phone: Text = None
    title: Text = None
    lab: Text = None
    organization: Text = None
    skills: TextList = Field(default_factory=list)
    bio: Text = None
    region: Text = None
    country: Text = None

    @model_validator(mode="after")
    def _named(self) -> PersonRecord:
        if not (self.name_ko or self.name_en):
            raise ValueError("needs name_ko or name_en")
        return self


class PatentRecord(Record):
    kind: ClassVar[str] = "patents"
    application_number: Text = None
    registration_number: Text = None
    office: Text = None
    title_ko: Text = None
    title_en: Text = None
    abstract_ko: Text = None
    abstract_en: Text = None
    ipc_codes: Annotated[list[str], BeforeValidator(lambda v: [validators.ipc_code(c) for c in _to_list(v)])] = (
        Field(default_factory=list))
    application_date: Day = None
    registration_date: Day = None
    status: Annotated[PatentStatus, BeforeValidator(_status)] = (
        PatentStatus.UNKNOWN)
    applicants: TextList = Field(default_factory=list)
    inventors: TextList = Field(default_factory=list)
    cites: TextList = Field(default_factory=list)

    @field_validator("application_number", "registration_number")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        return validators.patent_number(value) if value else None

    @field_validator("cites")
    @classmethod
    def _cited_numbers(cls, value: list[str]) -> list[str]:
        return [validators.patent_number(v) for v in value]

    @model_validator(mode="after")
    def _identified(self) -> PatentRecord:
        if not (self.application_number or self.registration_number):
            raise ValueError("needs application_number or registration_number")
        if not (self.title_ko or self.title_en):
            raise ValueError("needs title_ko or title_en")
        if self.application_date and self.registration_date and self.registration_date < self.application_date:
            raise ValueError("registration_date is before application_date")
        return self


class PublicationRecord(Record):
    kind: ClassVar[str] = "publications"
    doi: Annotated[str | None, BeforeValidator(
        lambda v: None if _blank_to_none(v) is None else validators.doi(str(v)))] = None
    title: str = Field(min_length=2)
    abstract: Text = None
    year: Year = None
    venue: Text = None
    keywords: TextList = Field(default_factory=list)
    authors: TextList = Field(default_factory=list)
    organizations: TextList = Field(default_factory=list)
    cites: Annotated[list[str], BeforeValidator(lambda v: [validators.doi(c) for c in _to_list(v)])] = (
        Field(default_factory=list))


class ProjectRecord(Record):
    kind: ClassVar[str] = "projects"
    project_number: Text = None
    title: str = Field(min_length=2)
    description: Text = None
    funder: Text = None
    start_year: Year = None
    end_year: Year = None
    budget_krw: Count = Field(default=None, ge=0)
    organizations: TextList = Field(default_factory=list)
    people: TextList = Field(default_factory=list)
    industries: TextList = Field(default_factory=list)

    @model_validator(mode="after")
    def _years_in_order(self) -> ProjectRecord:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValueError("end_year is before start_year")
        return self


class AffiliationRecord(Record):
    kind: ClassVar[str] = "affiliations"
    person: str = Field(min_length=1)
    organization: str = Field(min_length=1)
    title: Text = None
    lab: Text = None
    start_year: Year = None
    end_year: Year = None


class LicenseRecord(Record):
    kind: ClassVar[str] = "licenses"
    patent: str
    licensee: str = Field(min_length=1)
    year: Year = None
    exclusive: Annotated[bool | None, BeforeValidator(_blank_to_none)] = None

    @field_validator("patent")
    @classmethod
    def _number(cls, value: str) -> str:
        return value if value.startswith("pat:") else validators.patent_number(value)


class CollaborationRecord(Record):
    kind: ClassVar[str] = "collaborations"
    left: str = Field(min_length=1)
    right: str = Field(min_length=1)
    left_type: Literal["person", "organization"] = "person"
    right_type: Literal["person", "organization"] = "person"
    collaboration: Text = None
    count: Count = Field(default=1, ge=1)
    first_year: Year = None
    last_year: Year = None


class FoundingRecord(Record):
    kind: ClassVar[str] = "founders"
    person: str = Field(min_length=1)
    organization: str = Field(min_length=1)
    year: Year = None
    role: Text = None


RECORD_TYPES: dict[str, type[Record]] = {
    cls.kind: cls
    for cls in (OrganizationRecord, PersonRecord, PatentRecord, PublicationRecord, ProjectRecord,
                AffiliationRecord, LicenseRecord, CollaborationRecord, FoundingRecord)
}
