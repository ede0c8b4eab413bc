"""Records that need attention: what the graph lacks about them, and what that costs the matcher or search. For
administrators, who correct records: each gap comes with how many records have it and the first few (by id), each
a link to its page, where a form corrects it.

The checks read the store in streams (a few property columns and the relationship types they need), so a graph of
hundreds of thousands of records is checked in seconds; the API and web UI keep the result per graph version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from graph.schema import NODE_TYPES, PersonRole
from graph.store import GraphStore

Row = tuple[object, ...]


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    """The node type checked."""
    en: str
    ko: str
    why_en: str
    why_ko: str
    fields: tuple[str, ...] = ()
    """Properties ``lacks`` reads (after the display name's fields)."""
    lacks: Callable[[Row], bool] = lambda row: True
    """Whether a record lacks what this check asks for, from its ``fields`` values."""
    linked_by: tuple[tuple[str, ...], ...] = ()
    """(relationship type, end the record is at: src or dst[, id prefix of the other end]): a record with any of
    them does not lack it."""
    applies: Callable[[Row], bool] = lambda row: True
    """Which records the check is about (companies only, researchers only), from its ``fields`` values."""


@dataclass
class Gap:
    check: Check
    count: int = 0
    checked: int = 0
    """Records the check is about."""
    examples: list[tuple[str, str]] = field(default_factory=list)
    """(id, display name) of the first records with the gap, by id."""


def _blank(value: object) -> bool:
    return value is None or value == "" or value == []


def _is_company(row: Row) -> bool:
    return row[0] == "company"


def _is_researcher(row: Row) -> bool:
    roles = row[0]
    return isinstance(roles, list) and PersonRole.RESEARCHER.value in roles

CHECKS: tuple[Check, ...] = (
    Check("company_without_business_number", "Organization", "Companies without a business number",
          "사업자등록번호가 없는 기업", "matched with other records by name only; the number makes it exact",
          "다른 자료와 이름으로만 대조됩니다. 번호가 있으면 정확히 합쳐집니다",
          fields=("kind", "business_number"), lacks=lambda row: _blank(row[1]), applies=_is_company),
    Check("organization_without_region", "Organization", "Organisations without a region", "지역이 없는 기관·기업",
          "left out when recommendations or search are filtered by region, and never counted as nearby",
          "지역으로 거른 추천·검색에서 빠지고, 가까운 곳으로 계산되지 않습니다",
          fields=("region",), lacks=lambda row: _blank(row[0])),
    Check("company_unknown_to_matcher", "Organization", "Companies the matcher knows nothing about",
          "추천에 쓸 정보가 없는 기업",
          "no description, technology, patent or paper: partners for them are ranked by industry and region alone",
          "설명·기술·특허·논문이 없어 협력 연구자를 산업과 지역만으로 추천합니다",
          fields=("kind", "description"), lacks=lambda row: _blank(row[1]), applies=_is_company,
          linked_by=(("HAS_TECHNOLOGY", "src"), ("APPLICANT_OF", "src"), ("AUTHORED", "src"))),
    Check("person_without_affiliation", "Person", "People without an affiliation", "소속이 없는 인물",
          "not found by institution, and shown with no workplace", "기관으로 찾을 수 없고 소속이 표시되지 않습니다",
          linked_by=(("AFFILIATED_WITH", "src"),)),
    Check("researcher_unknown_to_matcher", "Person", "Researchers the matcher knows nothing about",
          "추천에 쓸 정보가 없는 연구자",
          "no patent, paper, technology, skill or biography: never a strong partner for anyone",
          "특허·논문·기술·역량·소개가 없어 협력 연구자로 거의 추천되지 않습니다",
          fields=("roles", "skills", "bio"), lacks=lambda row: _blank(row[1]) and _blank(row[2]),
          applies=_is_researcher,
          linked_by=(("INVENTED", "src"), ("AUTHORED", "src"), ("HAS_TECHNOLOGY", "src"))),
    Check("patent_without_abstract", "Patent", "Patents without an abstract", "요약이 없는 특허",
          "matched by title alone", "제목만으로 비교됩니다",
          fields=("abstract_ko", "abstract_en"), lacks=lambda row: _blank(row[0]) and _blank(row[1])),
    Check("patent_without_applicant", "Patent", "Patents without an applicant", "출원인이 없는 특허",
          "in no institution's portfolio; licensee recommendations cannot leave its owner out",
          "어느 기관의 포트폴리오에도 없고, 수요 기업 추천에서 권리자를 뺄 수 없습니다",
          linked_by=(("APPLICANT_OF", "dst"),)),
    Check("patent_without_inventor", "Patent", "Patents without an inventor", "발명자가 없는 특허",
          "its inventors are not offered as partners for it, and inventor evidence is missing",
          "발명자를 협력 연구자로 추천하거나 근거로 보일 수 없습니다",
          linked_by=(("INVENTED", "dst"),)),
    Check("publication_without_author", "Publication", "Publications without an author", "저자가 없는 논문",
          "counts for no researcher", "어느 연구자의 실적에도 반영되지 않습니다",
          linked_by=(("AUTHORED", "dst", "per:"),)),  # an organisation it names is no author
)


def find_gaps(store: GraphStore, *, examples: int = 10) -> list[Gap]:
    """Every check's count and first ``examples`` records, in ``CHECKS`` order."""
    linked = _linked(store, CHECKS)
    gaps = []
    for check in CHECKS:
        gap = Gap(check)
        for node_id, name, lacking in _checked(store, check, linked):
            gap.checked += 1
            if not lacking:
                continue
            gap.count += 1
            if len(gap.examples) < examples:
                gap.examples.append((node_id, name))
        gaps.append(gap)
    return gaps


def ids_with_gap(store: GraphStore, check: Check) -> Iterator[str]:
    """The ids of every record with ``check``'s gap, by id."""
    linked = _linked(store, [check])
    return (node_id for node_id, _, lacking in _checked(store, check, linked) if lacking)


def _linked(store: GraphStore, checks: Iterable[Check]) -> dict[tuple[str, ...], set[str]]:
    """For each (relationship type, end) the checks ask about, the ids at that end."""
    linked: dict[tuple[str, ...], set[str]] = {}
    for check in checks:
        for relation in check.linked_by:
            if relation not in linked:
                linked[relation] = set(_ends(store, *relation))
    return linked


def _checked(store: GraphStore, check: Check, linked: dict[tuple[str, ...], set[str]]
             ) -> Iterator[tuple[str, str, bool]]:
    """(id, display name, whether it has the gap) of every record the check is about, by id."""
    name_fields = NODE_TYPES[check.label].name_fields
    for node_id, names, values in _rows(store, check.label, name_fields, check.fields):
        if check.applies(values):
            lacking = check.lacks(values) and not any(node_id in linked[r] for r in check.linked_by)
            yield node_id, next((str(n) for n in names if n), node_id), lacking


def _rows(store: GraphStore, label: str, names: tuple[str, ...], fields: tuple[str, ...]
          ) -> Iterator[tuple[str, Row, Row]]:
    """(id, name values, field values) of every record of a type, by id."""
    for chunk in store.stream_rows(label, ["id", *names, *fields]):
        for row in chunk:
            yield str(row[0]), row[1:1 + len(names)], row[1 + len(names):]


def _ends(store: GraphStore, relation: str, end: str, other_prefix: str = "") -> Iterator[str]:
    """The ids at one end (src or dst) of every relationship of a type (whose other end's id starts with
    ``other_prefix``)."""
    for chunk in store.stream_edges(relation):
        for src, dst, *_ in chunk:
            mine, other = (src, dst) if end == "src" else (dst, src)
            if str(other).startswith(other_prefix):
                yield str(mine)
