"""Small builders for graph records used across the tests."""

from __future__ import annotations

from graph.schema import (
    AffiliatedWith,
    HasTechnology,
    Invented,
    Organization,
    OrgKind,
    Patent,
    Person,
    PersonRole,
    Technology,
)


def org(n: int, **extra: object) -> Organization:
    data: dict[str, object] = {"id": f"org:o{n}", "name_ko": f"기관{n}", "name_en": f"Org {n}", "kind": OrgKind.COMPANY}
    data.update(extra)
    return Organization.model_validate(data)


def person(n: int, **extra: object) -> Person:
    data: dict[str, object] = {"id": f"per:p{n}", "name_ko": f"연구자{n}", "name_en": f"Researcher {n}",
                               "roles": [PersonRole.RESEARCHER]}
    data.update(extra)
    return Person.model_validate(data)


def patent(n: int, **extra: object) -> Patent:
    data: dict[str, object] = {"id": f"pat:k{n}", "title_en": f"Optical sensor {n}", "ipc_codes": ["G01S 7/48"]}
    data.update(extra)
    return Patent.model_validate(data)


def tech(code: str, **extra: object) -> Technology:
    data: dict[str, object] = {"id": f"tec:{code}", "label_en": f"Tech {code}", "scheme": "ipc", "code": code}
    data.update(extra)
    return Technology.model_validate(data)


def affiliated(p: int, o: int, **extra: object) -> AffiliatedWith:
    return AffiliatedWith.model_validate({"src": f"per:p{p}", "dst": f"org:o{o}", **extra})


def invented(p: int, k: int, **extra: object) -> Invented:
    return Invented.model_validate({"src": f"per:p{p}", "dst": f"pat:k{k}", **extra})


def has_tech(node_id: str, code: str, weight: float = 1.0) -> HasTechnology:
    return HasTechnology(src=node_id, dst=f"tec:{code}", weight=weight, extractor="ipc")


def named_org(name: str, node_id: str = "org:x") -> Organization:
    """An organisation record with ``name`` in the field of its script."""
    from loaders.normalize import has_hangul

    return Organization.model_validate({"id": node_id, "name_ko" if has_hangul(name) else "name_en": name})


def review_evidence_between(known: str, record: str) -> dict[str, object]:
    """The evidence of the review pair a record named ``record`` raises with the one known organisation, named
    ``known``; asserts that it raises one, and none once that organisation is forgotten."""
    from loaders.normalize import NameNormalizer
    from loaders.resolution import OrganizationIndex

    index = OrganizationIndex(NameNormalizer())
    index.add("org:known", [known], None, None, None)
    found = index.resolve(named_org(record))
    assert (found.node_id, found.review_with) == (found.natural_id, "org:known")
    index.forget("org:known")
    assert index.resolve(named_org(record)).review_with is None
    return found.review_evidence
