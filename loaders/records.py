"""Input records: one pydantic model per kind of file, checked field by field before anything is written.

A record is what a row says; the builders (``loaders.builders``) turn it into graph nodes and relationships
once the resolver has decided which entities it names. References to other entities (an applicant, an
inventor, an affiliation) are plain text: a node id (``org:gist``), a key (``brn:1234567890``,
``orcid:0000-…``, ``email:…``, ``doi:…``) or a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from graph.errors import validation_message
from graph.schema import CompanySize, Organization, OrgKind, PatentStatus, PersonRole
from loaders import validators
from loaders.mentions import organization_and_unit, read_mention
from loaders.normalize import NameNormalizer
from loaders.person_titles import hangul_syllables, without_title
from loaders.wos import orcids, researcher_ids


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


KOREAN_VALUES: dict[str, dict[str, str]] = {
    "org_kind": {"기업": "company", "회사": "company", "민간기업": "company", "대학": "university",
                 "대학교": "university", "연구소": "research_institute", "연구기관": "research_institute",
                 "출연연": "research_institute", "정부": "government", "공공기관": "government",
                 "지자체": "government", "지원기관": "support_agency", "기타": "other"},
    "size": {"스타트업": "startup", "창업기업": "startup", "소기업": "small", "중소기업": "small",
             "중기업": "medium", "중견기업": "medium", "대기업": "large"},
    "roles": {"연구자": "researcher", "연구원": "researcher", "교수": "researcher", "창업자": "entrepreneur",
              "기업가": "entrepreneur", "임원": "executive", "경영진": "executive", "학생": "student",
              "대학원생": "student", "발명자": "inventor"},
    "status": {"출원": "filed", "공개": "published", "등록": "registered", "소멸": "expired", "만료": "expired",
               "포기": "abandoned", "거절": "abandoned", "취하": "abandoned", "무효": "abandoned"},
}
"""The Korean words a sheet may use for a coded field's values (English values are taken in any case)."""


def _coded(field: str) -> Callable[[object], object]:
    """A coded value in any case, or in Korean (KOREAN_VALUES), as the English value its enum holds."""
    words = KOREAN_VALUES[field]

    def convert(value: object) -> object:
        if not isinstance(value, str):
            return value
        text = value.strip()
        return words.get(text.replace(" ", ""), text.lower())
    return convert


def _coded_list(field: str) -> Callable[[object], object]:
    convert = _coded(field)

    def convert_all(value: object) -> object:
        items = _to_list(value)
        return list(dict.fromkeys(convert(v) for v in items)) if isinstance(items, list) else items
    return convert_all


_org_kind, _size, _status_word, _roles = (_coded("org_kind"), _coded("size"), _coded("status"),
                                          _coded_list("roles"))


def _status(value: object) -> object:
    """A patent status in any case or in Korean (등록, 소멸, …); blank means 'unknown'."""
    return _status_word(_blank_to_none(value) or "unknown")


def _number(value: object) -> object:
    if isinstance(value, str):
        return validators.whole_number(value) if value.strip() else None
    return value


def checked(check: Callable[[str], str]) -> BeforeValidator:
    """A cell as ``check`` (a validator) reads it, a blank one meaning absent."""
    return BeforeValidator(lambda v: None if _blank_to_none(v) is None else check(str(v)))


Text = Annotated[str | None, BeforeValidator(_blank_to_none)]
TextList = Annotated[list[str], BeforeValidator(_to_list)]
Year = Annotated[int | None, BeforeValidator(lambda v: None if _blank_to_none(v) is None else validators.year(v))]
Count = Annotated[Annotated[int, Field(le=2**63 - 1)] | None,  # the stores hold 64-bit integers
                  BeforeValidator(lambda v: _number(_blank_to_none(v)))]
Day = Annotated[date | None, BeforeValidator(lambda v: None if _blank_to_none(v) is None else validators.parse_date(v))]


_REFERENCE = re.compile(r"^[a-z]+:\S")


def _unit_to_lab(record: PersonRecord | AffiliationRecord) -> None:
    """An organisation cell naming a unit of it ('광주과학기술원 신소재공학부'): the organisation stays, the unit goes
    before the lab (``mentions.organization_and_unit``), so a department's people are the institution's."""
    if not record.organization or _REFERENCE.match(record.organization):
        return
    organization, unit = organization_and_unit(record.organization)
    if unit:
        record.organization = organization
        record.lab = record.lab if record.lab and unit in record.lab else " ".join(filter(None, (unit, record.lab)))


@cache
def _normalizer() -> NameNormalizer:
    return NameNormalizer()


def _bracket_apart(record: PersonRecord) -> None:
    """A name cell with a bracket after the name, as work lists write one ('홍길동(洪吉童)', '홍길동 (Hong Gil-dong)',
    '김민수(광주과학기술원)', '김민수(연구책임자)'; ``mentions.read_mention``): the name stays; the name in the other
    script fills that field, an organisation ``organization``, when blank; Hanja or a part in a work is dropped. Left
    whole where no name would stay (a surname alone)."""
    for name_field, other_field in (("name_ko", "name_en"), ("name_en", "name_ko")):
        value = getattr(record, name_field)
        if not value or not value.rstrip().endswith((")", "）")):
            continue
        mention = read_mention(value, _normalizer(), lambda _: False)
        name = re.split(r"\s*[(（]", value, maxsplit=1)[0]  # as written: its title comes off next
        if mention.name == value or (hangul_syllables(mention.name) < 2 and len(name.split()) < 2):
            continue
        setattr(record, name_field, name)
        if mention.other_name:
            setattr(record, other_field, getattr(record, other_field) or mention.other_name)
        elif mention.affiliation and not record.organization:
            record.organization = value[len(name):].strip().strip("()（）").strip()



class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: ClassVar[str]
    needs_one_of: ClassVar[tuple[tuple[str, ...], ...]] = ()
    """Groups of fields of which a record must give at least one (a name in either script)."""

    @model_validator(mode="after")
    def _gives_one_of_each_group(self) -> Record:
        for group in self.needs_one_of:
            if not any(getattr(self, name) for name in group):
                raise ValueError(f"needs {' or '.join(group)}")
        return self


class OrganizationRecord(Record):
    kind: ClassVar[str] = "organizations"
    needs_one_of: ClassVar[tuple[tuple[str, ...], ...]] = (("name_ko", "name_en"),)
    org_id: Annotated[str | None, BeforeValidator(_blank_to_none)] = Field(default=None, pattern=r"^org:\S+$")
    """The id of an organisation in the graph that the row is about (a file exported to fill in): the row lands on
    it whatever its names say; blank for any other row."""
    org_kind: Annotated[OrgKind, BeforeValidator(lambda v: _org_kind(_blank_to_none(v) or "company"))] = (
        OrgKind.COMPANY)
    name_ko: Text = None
    name_en: Text = None
    aliases: TextList = Field(default_factory=list)
    business_number: Annotated[str | None, checked(validators.business_number)] = None
    corporate_number: Annotated[str | None, checked(validators.corporate_number)] = None
    dart_code: Annotated[str | None, checked(validators.dart_code)] = None
    stock_code: Annotated[str | None, checked(validators.stock_code)] = None
    ksic_code: Text = None
    region: Text = None
    country: Text = None
    size: Annotated[CompanySize | None, BeforeValidator(lambda v: _size(_blank_to_none(v)))] = None
    founded_year: Year = None
    employees: Count = Field(default=None, ge=0)
    homepage: Annotated[str | None, checked(validators.web_address)] = None
    description: Text = None
    industries: TextList = Field(default_factory=list)
    technologies: TextList = Field(default_factory=list)

    def registry_numbers(self) -> dict[str, str | None]:
        """The record's value of each of the organisation's exact keys (``Organization.key_fields``)."""
        return {f: getattr(self, f) for f in Organization.key_fields}


class PersonRecord(Record):
    kind: ClassVar[str] = "people"
    needs_one_of: ClassVar[tuple[tuple[str, ...], ...]] = (("name_ko", "name_en"),)
    person_id: Annotated[str | None, BeforeValidator(_blank_to_none)] = Field(default=None, pattern=r"^per:\S+$")
    """An id the person already has in another system (kept as the node id when new)."""
    name_ko: Text = None
    name_en: Text = None
    romanizations: TextList = Field(default_factory=list)
    roles: Annotated[list[PersonRole], BeforeValidator(_roles)] = Field(
        default_factory=list)
    orcid: Annotated[str | None, checked(validators.orcid)] = None
    scopus_id: Annotated[str | None, checked(validators.scopus_author_id)] = None
    researcher_id: Annotated[str | None, checked(validators.researcher_id)] = None
    email: Annotated[str | None, checked(validators.email)] = None
    phone: Text = None
    title: Text = None
    lab: Text = None
    organization: Text = None
    skills: TextList = Field(default_factory=list)
    bio: Text = None
    region: Text = None
    country: Text = None

    @model_validator(mode="after")
    def _apart_what_the_cells_carry(self) -> PersonRecord:
        """A name written with its title ('김민수 교수', 'Dr. Minsu Kim') keeps the name; the title goes to ``title``
        when that is blank (``loaders.person_titles``). A bracket after a name is read (``_bracket_apart``), and an
        organisation written with its unit keeps the organisation; the unit goes to ``lab`` (``_unit_to_lab``)."""
        self._title_off()
        _bracket_apart(self)
        self._title_off()  # '김민수 교수(광주과학기술원)'
        _unit_to_lab(self)
        return self

    def _title_off(self) -> None:
        for name_field in ("name_ko", "name_en"):
            if value := getattr(self, name_field):
                name, title = without_title(value)
                if title:
                    setattr(self, name_field, name)
                    self.title = self.title or title


class PatentRecord(Record):
    kind: ClassVar[str] = "patents"
    needs_one_of: ClassVar[tuple[tuple[str, ...], ...]] = (("application_number", "registration_number"),
                                                          ("title_ko", "title_en"))
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
    def _dates_in_order(self) -> PatentRecord:
        if self.application_date and self.registration_date and self.registration_date < self.application_date:
            raise ValueError("registration_date is before application_date")
        return self


def _kept_once_read(read: Callable[[str], object]) -> Callable[[str], str]:
    """A check that ``read`` can read a text (it raises ValueError naming what it cannot), the text kept as it is:
    WoS's OI and RI, each iD checked (``wos.orcids``, ``wos.researcher_ids``)."""
    def check(text: str) -> str:
        read(text)
        return text
    return check


class PublicationRecord(Record):
    kind: ClassVar[str] = "publications"
    doi: Annotated[str | None, checked(validators.doi)] = None
    title: str = Field(min_length=2)
    abstract: Text = None
    year: Year = Field(default=None, ge=1900)  # as the graph's Publication holds it
    venue: Text = None
    keywords: TextList = Field(default_factory=list)
    authors: TextList = Field(default_factory=list)
    authors_with_affiliations: TextList = Field(default_factory=list)
    """Scopus's list: each author's name, then after a comma where they were; when given, it names the authors."""
    author_full_names: TextList = Field(default_factory=list)
    """Scopus's 'Author full names': 'Kim, Jae-Hyun (57193812345)'; when given, it names the authors."""
    author_ids: Annotated[list[str], BeforeValidator(
        lambda v: [validators.scopus_author_id(i) for i in _to_list(v)])] = Field(default_factory=list)
    """Scopus's 'Author(s) ID': each author's Scopus author id, in the order of the authors."""
    author_short_names: TextList = Field(default_factory=list)
    """WoS's AU ('Kim, JH'): the authors where AF (their full names, ``authors``) is blank."""
    author_addresses: Text = None
    """WoS's C1: '[Kim, Jae Hyun; Lee, Sang] Gwangju Inst Sci & Technol, …; [Park, Ji Min] Chonnam Natl Univ, …'."""
    author_orcids: Annotated[str | None, checked(_kept_once_read(orcids))] = None
    """WoS's OI: 'Kim, Jae Hyun/0000-0002-1825-0097; …'."""
    author_researcher_ids: Annotated[str | None, checked(_kept_once_read(researcher_ids))] = None
    """WoS's RI: 'Kim, Jae Hyun/A-1234-2008; …'."""
    organizations: TextList = Field(default_factory=list)
    addresses: TextList = Field(default_factory=list)
    """Where the paper was written, as addresses ('School of …, Gwangju Institute of Science and Technology,
    Gwangju, South Korea': RIS's AD, Scopus's 'Affiliations'): each address's organisation is one of the paper's."""
    cites: Annotated[list[str], BeforeValidator(lambda v: [validators.doi(c) for c in _to_list(v)])] = (
        Field(default_factory=list))
    wos_id: Annotated[str | None, checked(validators.wos_id)] = None
    """Web of Science's accession number (UT)."""
    scopus_eid: Annotated[str | None, checked(validators.scopus_eid)] = None
    pmid: Annotated[str | None, checked(validators.pmid)] = None
    kci_id: Annotated[str | None, checked(validators.kci_id)] = None


class ProjectRecord(Record):
    kind: ClassVar[str] = "projects"
    project_number: Text = None
    title: str = Field(min_length=2)
    description: Text = None
    funder: Text = None
    start_year: Year = Field(default=None, ge=1950)  # as the graph's Project holds them
    end_year: Year = Field(default=None, ge=1950)
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

    @model_validator(mode="after")
    def _unit_of_the_organization_to_lab(self) -> AffiliationRecord:
        _unit_to_lab(self)
        return self


_LICENCE_TYPES = {"전용": True, "전용실시": True, "전용실시권": True, "예": True, "통상": False, "통상실시": False,
                  "통상실시권": False, "아니오": False, "아니요": False}


class LicenseRecord(Record):
    kind: ClassVar[str] = "licenses"
    patent: str
    licensee: str = Field(min_length=1)
    year: Year = None
    exclusive: Annotated[bool | None, BeforeValidator(lambda v: _LICENCE_TYPES.get(str(v).strip(), _blank_to_none(v)))
                         ] = None
    """true/false, yes/no, 1/0, or in Korean: 전용 (exclusive) / 통상 (non-exclusive), 예 / 아니오."""

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


def field_problems(error: ValidationError, data: Mapping[str, object]) -> list[tuple[str, object, str]]:
    """Every problem of a record that failed its checks: (field, the value ``data`` gave it, message); the field is
    '' for a check of the whole record ('needs name_ko or name_en')."""
    out = []
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else ""
        out.append((field, data.get(field, "") if field else "", validation_message(detail)))
    return out


RECORD_TYPES: dict[str, type[Record]] = {
    cls.kind: cls
    for cls in (OrganizationRecord, PersonRecord, PatentRecord, PublicationRecord, ProjectRecord,
                AffiliationRecord, LicenseRecord, CollaborationRecord, FoundingRecord)
}
