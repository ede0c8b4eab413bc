"""From records to graph objects. Each kind resolves in two steps so a whole chunk can be fetched at once:
``plan`` (index look-ups only: which nodes the record and its references denote) and ``build`` (the final
nodes, merged with what the graph already holds, and the relationships, all carrying provenance).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from graph.schema import (
    AffiliatedWith,
    ApplicantOf,
    Authored,
    Cites,
    CollaboratedWith,
    Edge,
    Founded,
    HasTechnology,
    InIndustry,
    Invented,
    LicensedTo,
    Node,
    Organization,
    OrgKind,
    ParticipatedIn,
    Patent,
    Person,
    PersonRole,
    Project,
    Publication,
    Technology,
    merged_node,
    node_type_for_id,
)
from loaders.nlp import TechHit
from loaders.normalize import has_hangul
from loaders.org_kinds import org_kind_from_name
from loaders.records import (
    AffiliationRecord,
    CollaborationRecord,
    FoundingRecord,
    LicenseRecord,
    OrganizationRecord,
    PatentRecord,
    PersonRecord,
    ProjectRecord,
    PublicationRecord,
    Record,
)
from loaders.resolution import (
    REGISTRY_PREFIXES,
    KeyIndex,
    OrganizationIndex,
    Resolution,
    Resolver,
    patent_keys,
    patent_natural_id,
    project_keys,
    project_natural_id,
    publication_keys,
    publication_natural_id,
)
from loaders.sites import site_region
from loaders.validators import ipc_code, ipc_subclass
from loaders.vocabulary import IPC_PREFIX, Vocabulary, industry_id, ipc_technology_id, keyphrase_technology_id, slug


class RecordProblem(ValueError):
    """A record that validated but cannot be placed in the graph (e.g. a licence for an unknown patent)."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason

    @classmethod
    def from_validation(cls, error: ValidationError) -> RecordProblem:
        """A node or relationship the record makes that the schema refuses (a record check looser than the
        schema's would otherwise stop the whole load): its first error, as a reject of the record."""
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        return cls(field, first.get("input", ""), f"{error.title}: {first['msg']}")


@dataclass
class Plan:
    """What a record will become, decided from the indexes before anything is fetched."""

    record: Record
    source: str
    record_id: str
    resolution: Resolution | None = None
    refs: dict[str, list[str]] = field(default_factory=dict)
    stubs: list[Node] = field(default_factory=list)
    stub_reviews: list[Resolution] = field(default_factory=list)
    """Stubs (organisations named in a reference) that look like a known one: for the review list."""
    hits: list[TechHit] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    """Other source records the record stands for (``SourceRow.also``): sources of its node too."""
    declared: list[tuple[str, Technology | None]] = field(default_factory=list)
    """Technologies the record declares: (id, the node to write if it is not a vocabulary concept)."""
    own: Node | None = None
    """The record's node as it would stand alone (id = natural id)."""
    deferred: list[Callable[[], Edge | None]] = field(default_factory=list)
    """Relationships to make once the whole file is placed (citations of records further down the file)."""
    undo: list[Callable[[], None]] = field(default_factory=list)
    """How to take back what planning added to the indexes (a node new to them), if the record is rejected:
    else a later record could find, and link to, a node that is never written."""

    def needed(self) -> list[str]:
        """Stored nodes the build must see: a merge target, the record's own node, its keyword technologies (a
        keyword node, once stored, stays as its first record made it: other records that mention it do not rewrite
        its provenance) and the nodes it names but could not place (a stub whose id a stored record has, such as a
        researcher whose affiliation was removed, is that record, which the stub must not overwrite)."""
        ids = [self.resolution.node_id] if self.resolution and self.resolution.merged else []
        keywords = [h.technology_id for h in self.hits if h.extractor == "keyphrase"]
        return ids + ([self.own.id] if self.own else []) + keywords + [s.id for s in self.stubs]


@dataclass
class Built:
    main_id: str | None
    nodes: list[Node]
    edges: list[Edge]
    own_edges: list[Edge] = field(default_factory=list)
    """Relationships as they would be on the record's own node (for undoing a merge)."""


def _ipc_subclass_of(name: str) -> str | None:
    """The IPC subclass a declared technology names ('A61N', 'G01S 7/48'), or None if it is not an IPC code."""
    if len(name) < 4 or not name[:1].isalpha() or not name[1:3].isdigit():
        return None
    try:
        return ipc_subclass(ipc_code(name))
    except ValueError:
        return None


def _provenance(source: str, record_id: str) -> dict[str, object]:
    return {"source": source, "source_record_id": record_id}


class GraphBuilder:
    """Turns records into graph objects, keeping the nodes it has touched in this load."""

    def __init__(self, resolver: Resolver, vocabulary: Vocabulary) -> None:
        self.resolver = resolver
        self.vocabulary = vocabulary
        self.current: dict[str, Node] = {}
        """Nodes as they stand in this load (fetched from the store, or built)."""
        self.before: dict[str, Node] = {}
        """Nodes as they stood in the store before this load touched them (for undo)."""
        self.pooled_technologies: dict[str, set[str]] = {}
        """Natural id -> the technologies every record of this load that makes that node names (see
        ``OrganizationHandler.prepare``)."""
        self._concepts = {
            form.lower(): c.technology_id
            for c in vocabulary.concepts for form in (c.label_en, c.label_ko, *c.synonyms_en, *c.synonyms_ko)
        }

    # ------------------------------------------------------------------ fetched state

    def remember_existing(self, nodes: dict[str, Node]) -> None:
        for node_id, node in nodes.items():
            self.before.setdefault(node_id, node)
            self.current.setdefault(node_id, node)

    # ------------------------------------------------------------------ references

    def org_ref(self, plan: Plan, text: str, *, kind: OrgKind = OrgKind.COMPANY, field: str = "organization",
                people: frozenset[str] = frozenset()) -> str:
        """The organisation ``text`` names (``field`` is the record's field that holds it, for a reject;
        ``people``: the record's inventors, evidence for a near name of an organisation whose patents they made).
        One not known yet is made from its name, of the kind the name says (``kind`` when it says none)."""
        if text.startswith("org:"):
            text = self.resolver.organizations.canonical(text)
            if text not in self.resolver.organizations.info and text not in self.current:
                raise RecordProblem(field, text, f"unknown organization id {text}")
            return text
        found = self.resolver.organizations.lookup(text)
        if found:
            return found[0]
        prefix, _, number = text.partition(":")
        if prefix in REGISTRY_PREFIXES:
            what = REGISTRY_PREFIXES[prefix].replace("_", " ")
            raise RecordProblem(field, text, f"no organization has {what} {number.replace('-', '')}")
        stub = Organization.model_validate({"id": "org:x", "name_ko" if has_hangul(text) else "name_en": text,
                                            "kind": org_kind_from_name(text, kind), "region": site_region([text]),
                                            **_provenance(plan.source, plan.record_id)})
        stub = stub.model_copy(update={"id": self.resolver.organizations.natural_id(stub),
                                       "sources": [plan.record_id]})
        resolution = self.resolver.organizations.resolve(stub, people=people)
        index = self.resolver.organizations
        if resolution.merged:  # a misspelt name of a known organisation ('… Research Institue')
            known, taught = resolution.node_id, index.new_keys(resolution.node_id, stub.names())
            if taught:
                plan.undo.append(lambda: index.forget_keys(known, taught))
            index.add(known, stub.names(), None, None, None)
            return known
        if resolution.review_with:
            plan.stub_reviews.append(resolution)
        if stub.id not in index.info:
            plan.undo.append(lambda: index.forget(stub.id))
        index.add_node(stub)
        plan.stubs.append(stub)
        return stub.id

    def place_keyed(self, plan: Plan, index: KeyIndex, natural: str, keys: list[str | None],
                    method: str) -> Resolution:
        """Resolve a patent, publication or project by its numbers and add it to its index."""
        resolution = index.resolve(natural, keys, method)
        node_id = resolution.node_id
        if node_id not in index.ids:
            plan.undo.append(lambda: index.forget(node_id, keys))
        index.add(node_id, keys)
        return resolution

    def person_ref(self, plan: Plan, text: str, orgs: set[str], *, role: PersonRole | None = None,
                   field: str = "person") -> str:
        """The person ``text`` names (``field`` is the record's field that holds it, for a reject)."""
        if text.startswith("per:"):
            text = self.resolver.people.canonical(text)
            if text not in self.resolver.people.info and text not in self.current:
                raise RecordProblem(field, text, f"unknown person id {text}")
            return text
        people = self.resolver.people
        found = people.lookup(text, orgs)
        if found:
            known, joined = found[0], set(orgs) - people.info[found[0]].orgs
            if joined:
                plan.undo.append(lambda: people.forget_orgs(known, joined))
            people.add(known, [], None, None, orgs)
            return known
        if text.startswith(("orcid:", "email:")):
            raise RecordProblem(field, text, f"no person has {text}")
        data = {"id": "per:x", "name_ko" if has_hangul(text) else "name_en": text,
                "roles": [role] if role else [], **_provenance(plan.source, plan.record_id)}
        stub = Person.model_validate(data)
        stub = stub.model_copy(update={"id": people.natural_id(stub, orgs), "sources": [plan.record_id]})
        if stub.id not in people.info:
            plan.undo.append(lambda: people.forget(stub.id))
        people.add_node(stub, orgs)
        plan.stubs.append(stub)
        return stub.id

    def _declared(self, name: str) -> tuple[Literal["ipc", "concept", "keyword"], str]:
        """What a declared technology name stands for, in this order: an IPC code (value: its subclass), a known
        concept (value: its id), else a keyword (value: the name)."""
        subclass = _ipc_subclass_of(name)
        if subclass:
            return "ipc", subclass
        concept = self._concepts.get(name.lower())
        return ("concept", concept) if concept else ("keyword", name)

    def declared_technology_id(self, name: str) -> str:
        """The id of the technology a declared name stands for (see ``_declared``)."""
        kind, value = self._declared(name)
        if kind == "ipc":
            return ipc_technology_id(value)
        return value if kind == "concept" else keyphrase_technology_id(value)

    def technology_ids(self, plan: Plan, names: Sequence[str]) -> list[tuple[str, Technology | None]]:
        """Declared technologies: (id, the node to write: the IPC subclass's, a new keyword's; None for a
        vocabulary concept, which the graph already holds)."""
        out: list[tuple[str, Technology | None]] = []
        for name in names:
            kind, value = self._declared(name)
            if kind == "ipc":
                node = self.vocabulary.ipc_technology(value)
                out.append((node.id, node))
            elif kind == "concept":
                out.append((value, None))
            else:
                tech = Technology(id=keyphrase_technology_id(name), label_ko=name if has_hangul(name) else None,
                                  label_en=None if has_hangul(name) else name, scheme="keyword",
                                  **_provenance(plan.source, plan.record_id))  # type: ignore[arg-type]
                out.append((tech.id, tech))
        return out

    def industry_ids(self, names: Sequence[str]) -> list[tuple[str, Node | None]]:
        from graph.schema import Industry

        out: list[tuple[str, Node | None]] = []
        for name in names:
            known = self.vocabulary.industry_for_text(name)
            if known:
                out.append((industry_id(known), None))
            else:
                node = Industry(id=industry_id(slug(name)), name_ko=name if has_hangul(name) else None,
                                name_en=None if has_hangul(name) else name, focus=False)
                out.append((node.id, node))
        return out

    # ------------------------------------------------------------------ the record's own node

    def settle(self, plan: Plan, own: Node) -> Node:
        """The final node for a record: merged with what the target node already holds."""
        assert plan.resolution is not None
        target = plan.resolution.node_id
        existing = self.current.get(target)
        stamps = {plan.record_id, *plan.also}
        if existing is None:
            final = own.model_copy(update={"id": target, "sources": sorted({*own.sources, *stamps})})
        elif plan.resolution.merged:
            final = merged_node(existing, own.model_copy(update={"id": existing.id}))
            final = final.model_copy(update={"sources": sorted({*existing.sources, *stamps})})
        else:  # the same record again, or the same entity from another file: the record speaks last
            final = merged_node(own.model_copy(update={"id": target}), existing)
            final = final.model_copy(update={"source": existing.source or own.source,
                                             "source_record_id": existing.source_record_id or own.source_record_id,
                                             "sources": sorted({*existing.sources, *stamps})})
        self.current[target] = final
        return final

    def tech_edges(self, plan: Plan, node_id: str, extra: Sequence[tuple[str, float, str]] = (), *,
                   text_classes: bool = True) -> tuple[list[Edge], list[Node]]:
        """HAS_TECHNOLOGY for extracted hits (and ``extra`` (id, weight, extractor)), plus keyword nodes.
        Without ``text_classes``, the IPC subclasses the text's words name are left out: a patent keeps the
        classes its office gave it, an organisation those it declares and those of the patents it holds."""
        prov = _provenance(plan.source, plan.record_id)
        weights: dict[str, tuple[float, str]] = {}
        nodes: list[Node] = []
        for tech_id, weight, extractor in extra:
            if weight > weights.get(tech_id, (0.0, ""))[0]:
                weights[tech_id] = (weight, extractor)
        for hit in plan.hits:
            if not text_classes and hit.technology_id.startswith(IPC_PREFIX):
                continue
            if hit.weight > weights.get(hit.technology_id, (0.0, ""))[0]:
                weights[hit.technology_id] = (hit.weight, hit.extractor)
            if hit.extractor == "keyphrase":
                korean = has_hangul(hit.label)
                nodes.append(Technology(id=hit.technology_id, label_ko=hit.label if korean else None,
                                        label_en=None if korean else hit.label, scheme="keyphrase",
                                        **prov))  # type: ignore[arg-type]
        edges: list[Edge] = [HasTechnology(src=node_id, dst=t, weight=w, extractor=e, **prov)  # type: ignore[arg-type]
                             for t, (w, e) in sorted(weights.items())]
        return edges, nodes


def _repoint(edges: Sequence[Edge], target: str, natural: str) -> list[Edge]:
    return [e.model_copy(update={"src": natural if e.src == target else e.src,
                                 "dst": natural if e.dst == target else e.dst}) for e in edges]


# --------------------------------------------------------------------------- kinds


class KindHandler:
    """How one kind of record is planned and built."""

    labels: frozenset[str] = frozenset()
    """Node types whose indexes this kind needs."""

    def texts(self, record: Record) -> list[str]:
        return []

    def org_names(self, record: Record) -> list[str]:
        """Organisation names this record carries or refers to (announced to the resolver per chunk)."""
        return []

    def registered(self, record: Record) -> bool:
        """Whether the organisation names of ``record`` come with a business number (references do not)."""
        return False

    def prepare(self, b: GraphBuilder, records: Sequence[tuple[Record, list[TechHit]]]) -> None:
        """Look over every valid record of the load before any is planned (nothing by default)."""

    def plan(self, b: GraphBuilder, plan: Plan) -> None:
        raise NotImplementedError

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        raise NotImplementedError

    def finish(self, b: GraphBuilder, plan: Plan, main: Node, edges: list[Edge], extra_nodes: Sequence[Node]) -> Built:
        assert plan.resolution is not None
        nodes = [main, *plan.stubs, *extra_nodes]
        own_edges = _repoint(edges, main.id, plan.resolution.natural_id) if plan.resolution.merged else []
        return Built(main.id, nodes, edges, own_edges)


class OrganizationHandler(KindHandler):
    labels = frozenset({"Organization"})

    def texts(self, record: Record) -> list[str]:
        assert isinstance(record, OrganizationRecord)
        return [record.description] if record.description else []

    def org_names(self, record: Record) -> list[str]:
        assert isinstance(record, OrganizationRecord)
        return [n for n in (record.name_ko, record.name_en, *record.aliases) if n]

    def registered(self, record: Record) -> bool:
        assert isinstance(record, OrganizationRecord)
        return bool(record.business_number)

    def prepare(self, b: GraphBuilder, records: Sequence[tuple[Record, list[TechHit]]]) -> None:
        """Pool the technologies of the records that make one node: each row of a spelling is evidence for its
        first, so a first row without a class does not leave a misspelt name out of the company it belongs to."""
        index = b.resolver.organizations
        for record, hits in records:
            assert isinstance(record, OrganizationRecord)
            natural = record.org_id or index.natural_id_of(record.registry_numbers(), record.name_ko, record.name_en)
            b.pooled_technologies.setdefault(natural, set()).update(
                [*(b.declared_technology_id(t) for t in record.technologies),
                 *(h.technology_id for h in hits if h.extractor != "keyphrase")])

    def plan(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, OrganizationRecord)
        own = Organization(
            id="org:x", kind=r.org_kind, name_ko=r.name_ko, name_en=r.name_en, aliases=r.aliases,
            business_number=r.business_number, dart_code=r.dart_code, stock_code=r.stock_code,
            ksic_code=r.ksic_code, region=r.region or site_region([n for n in (r.name_ko, r.name_en) if n]),
            country=r.country, size=r.size, founded_year=r.founded_year,
            employees=r.employees, homepage=r.homepage,
            description=r.description, **_provenance(plan.source, plan.record_id),  # type: ignore[arg-type]
        )
        index = b.resolver.organizations
        own = own.model_copy(update={"id": index.canonical(r.org_id) if r.org_id else index.natural_id(own)})
        plan.own = own
        plan.declared = b.technology_ids(plan, r.technologies)
        technologies = b.pooled_technologies.get(own.id, set()) | {t for t, _ in plan.declared} | {
            h.technology_id for h in plan.hits if h.extractor != "keyphrase"}
        plan.resolution = _given_organization(index, own) if r.org_id else index.resolve(own, technologies)
        index.add(plan.resolution.node_id, own.names(), own.business_number, own.region, own.homepage,
                  technologies, codes=own.identifiers())

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        r = plan.record
        assert isinstance(r, OrganizationRecord) and plan.own is not None
        node = b.settle(plan, plan.own)
        prov = _provenance(plan.source, plan.record_id)
        edges, extra = b.tech_edges(plan, node.id, [(t, 1.0, "declared") for t, _ in plan.declared],
                                    text_classes=False)
        extra += [t for _, t in plan.declared if t is not None]
        for ind, new in b.industry_ids(r.industries):
            edges.append(InIndustry(src=node.id, dst=ind, weight=1.0, **prov))  # type: ignore[arg-type]
            if new is not None:
                extra.append(new)
        return self.finish(b, plan, node, edges, extra)


def _given_organization(index: OrganizationIndex, node: Organization) -> Resolution:
    """A row that names its organisation by id (``org_id``) lands on it, if the graph has it and no other
    organisation holds a registry number the row gives."""
    if node.id not in index.info:
        raise RecordProblem("org_id", node.id, "no organization has this id (leave org_id blank for a new one)")
    for scheme, number in node.identifiers().items():
        holder = index.by_id.get((scheme, number))
        if holder is not None and holder != node.id:
            raise RecordProblem(scheme, number, f"{holder} already has this {scheme.replace('_', ' ')}")
    return Resolution(node.id, node.id, "same")


class PersonHandler(KindHandler):
    labels = frozenset({"Organization", "Person"})

    def texts(self, record: Record) -> list[str]:
        assert isinstance(record, PersonRecord)
        return [t for t in ("; ".join(record.skills), record.bio) if t]

    def org_names(self, record: Record) -> list[str]:
        assert isinstance(record, PersonRecord)
        return [record.organization] if record.organization else []

    def plan(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, PersonRecord)
        orgs = [b.org_ref(plan, r.organization)] if r.organization else []
        plan.refs["organization"] = orgs
        own = Person(
            id="per:x", name_ko=r.name_ko, name_en=r.name_en, romanizations=r.romanizations, roles=r.roles,
            orcid=r.orcid, email=r.email, phone=r.phone, title=r.title, lab=r.lab, skills=r.skills, bio=r.bio,
            region=r.region, country=r.country, **_provenance(plan.source, plan.record_id),  # type: ignore[arg-type]
        )
        index = b.resolver.people
        own = own.model_copy(update={"id": r.person_id or index.natural_id(own, set(orgs))})
        plan.own = own
        plan.resolution = index.resolve(own, set(orgs), given_id=r.person_id)
        if r.person_id and plan.resolution.node_id != r.person_id:
            index.aliases[r.person_id] = plan.resolution.node_id
        index.add(plan.resolution.node_id, own.names(), own.orcid, own.email, orgs, own.skills)

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        r = plan.record
        assert isinstance(r, PersonRecord) and plan.own is not None
        node = b.settle(plan, plan.own)
        prov = _provenance(plan.source, plan.record_id)
        edges: list[Edge] = [AffiliatedWith(src=node.id, dst=o, title=r.title, lab=r.lab, **prov)  # type: ignore[arg-type]
                             for o in plan.refs["organization"]]
        tech, extra = b.tech_edges(plan, node.id)
        return self.finish(b, plan, node, edges + tech, extra)


class PatentHandler(KindHandler):
    labels = frozenset({"Organization", "Person", "Patent"})

    def texts(self, record: Record) -> list[str]:
        assert isinstance(record, PatentRecord)
        return [t for t in (record.title_ko, record.title_en, record.abstract_ko, record.abstract_en) if t]

    def plan(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, PatentRecord)
        own = Patent(
            id="pat:x", application_number=r.application_number, registration_number=r.registration_number,
            office=r.office or "KR", title_ko=r.title_ko, title_en=r.title_en, abstract_ko=r.abstract_ko,
            abstract_en=r.abstract_en, ipc_codes=r.ipc_codes, application_date=r.application_date,
            registration_date=r.registration_date, status=r.status,
            **_provenance(plan.source, plan.record_id),  # type: ignore[arg-type]
        )
        own = own.model_copy(update={"id": patent_natural_id(own)})
        plan.own = own
        plan.resolution = b.place_keyed(plan, b.resolver.patents, own.id, patent_keys(own), "patent_number")
        named = frozenset(i for i in r.inventors if i.startswith("per:"))  # known before resolution (PatentsView)
        applicants = [b.org_ref(plan, a, field="applicants", people=named) for a in r.applicants]
        plan.refs["applicants"] = applicants
        plan.refs["inventors"] = [b.person_ref(plan, i, set(applicants), role=PersonRole.INVENTOR, field="inventors")
                                  for i in r.inventors]
        people_of = b.resolver.organizations.people_of  # the store's are read only when a near name asks
        for applicant in dict.fromkeys(applicants):
            added = set(plan.refs["inventors"]) - people_of.get(applicant, set())
            people_of[applicant] |= added
            plan.undo.append(functools.partial(people_of[applicant].difference_update, added))
        index, me, prov = b.resolver.patents, plan.resolution.node_id, _provenance(plan.source, plan.record_id)
        for number in r.cites:
            def cite(number: str = number) -> Edge | None:
                found = index.by_key.get(f"app:{number}") or index.by_key.get(f"reg:{number}")
                return Cites(src=me, dst=found, **prov) if found and found != me else None  # type: ignore[arg-type]
            plan.deferred.append(cite)

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        r = plan.record
        assert isinstance(r, PatentRecord) and plan.own is not None
        node = b.settle(plan, plan.own)
        prov = _provenance(plan.source, plan.record_id)
        edges: list[Edge] = [ApplicantOf(src=a, dst=node.id, sequence=i, **prov)  # type: ignore[arg-type]
                             for i, a in enumerate(dict.fromkeys(plan.refs["applicants"]))]
        edges += [Invented(src=p, dst=node.id, sequence=i, **prov)  # type: ignore[arg-type]
                  for i, p in enumerate(dict.fromkeys(plan.refs["inventors"]))]
        subclasses = list(dict.fromkeys(code.replace(" ", "")[:4] for code in r.ipc_codes))
        ipc = [(b.vocabulary.ipc_technology(s).id, 1.0 if i == 0 else 0.8, "ipc") for i, s in enumerate(subclasses)]
        tech, extra = b.tech_edges(plan, node.id, ipc, text_classes=not subclasses)
        extra += [b.vocabulary.ipc_technology(s) for s in subclasses]
        return self.finish(b, plan, node, edges + tech, extra)


class PublicationHandler(KindHandler):
    labels = frozenset({"Organization", "Person", "Publication"})

    def texts(self, record: Record) -> list[str]:
        assert isinstance(record, PublicationRecord)
        return [t for t in (record.title, record.abstract, "; ".join(record.keywords)) if t]

    def plan(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, PublicationRecord)
        own = Publication(id="pub:x", doi=r.doi, title=r.title, abstract=r.abstract, year=r.year, venue=r.venue,
                          keywords=r.keywords, **_provenance(plan.source, plan.record_id))  # type: ignore[arg-type]
        own = own.model_copy(update={"id": publication_natural_id(own)})
        plan.own = own
        plan.resolution = b.place_keyed(plan, b.resolver.publications, own.id, publication_keys(own), "doi")
        orgs = [b.org_ref(plan, o, kind=OrgKind.UNIVERSITY, field="organizations") for o in r.organizations]
        plan.refs["authors"] = [b.person_ref(plan, a, set(orgs), role=PersonRole.RESEARCHER, field="authors")
                                for a in r.authors]
        index, me, prov = b.resolver.publications, plan.resolution.node_id, _provenance(plan.source, plan.record_id)
        for doi in r.cites:
            def cite(doi: str = doi) -> Edge | None:
                found = index.by_key.get(f"doi:{doi}")
                return Cites(src=me, dst=found, **prov) if found and found != me else None  # type: ignore[arg-type]
            plan.deferred.append(cite)

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        assert plan.own is not None
        node = b.settle(plan, plan.own)
        prov = _provenance(plan.source, plan.record_id)
        edges: list[Edge] = [Authored(src=p, dst=node.id, position=i, **prov)  # type: ignore[arg-type]
                             for i, p in enumerate(dict.fromkeys(plan.refs["authors"]))]
        tech, extra = b.tech_edges(plan, node.id)
        return self.finish(b, plan, node, edges + tech, extra)


class ProjectHandler(KindHandler):
    labels = frozenset({"Organization", "Person", "Project"})

    def texts(self, record: Record) -> list[str]:
        assert isinstance(record, ProjectRecord)
        return [t for t in (record.title, record.description) if t]

    def plan(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, ProjectRecord)
        own = Project(id="prj:x", project_number=r.project_number, title=r.title, description=r.description,
                      funder=r.funder, start_year=r.start_year, end_year=r.end_year, budget_krw=r.budget_krw,
                      **_provenance(plan.source, plan.record_id))  # type: ignore[arg-type]
        own = own.model_copy(update={"id": project_natural_id(own)})
        plan.own = own
        plan.resolution = b.place_keyed(plan, b.resolver.projects, own.id, project_keys(own), "project_number")
        orgs = [b.org_ref(plan, o, field="organizations") for o in r.organizations]
        plan.refs["organizations"] = orgs
        plan.refs["people"] = [b.person_ref(plan, p, set(orgs), role=PersonRole.RESEARCHER, field="people")
                                for p in r.people]

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        r = plan.record
        assert isinstance(r, ProjectRecord) and plan.own is not None
        node = b.settle(plan, plan.own)
        prov = _provenance(plan.source, plan.record_id)
        edges: list[Edge] = [ParticipatedIn(src=o, dst=node.id, role="participant", **prov)  # type: ignore[arg-type]
                             for o in dict.fromkeys(plan.refs["organizations"])]
        edges += [ParticipatedIn(src=p, dst=node.id, role="researcher", **prov)  # type: ignore[arg-type]
                  for p in dict.fromkeys(plan.refs["people"])]
        tech, extra = b.tech_edges(plan, node.id)
        for ind, new in b.industry_ids(r.industries):
            edges.append(InIndustry(src=node.id, dst=ind, **prov))  # type: ignore[arg-type]
            if new is not None:
                extra.append(new)
        return self.finish(b, plan, node, edges + tech, extra)


class _LinkHandler(KindHandler):
    """Kinds whose records only link existing (or stub) entities."""

    def plan(self, b: GraphBuilder, plan: Plan) -> None:
        plan.resolution = None
        self.refs(b, plan)

    def refs(self, b: GraphBuilder, plan: Plan) -> None:
        raise NotImplementedError

    def edge(self, plan: Plan) -> Edge:
        raise NotImplementedError

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        return Built(None, list(plan.stubs), [self.edge(plan)])


class AffiliationHandler(_LinkHandler):
    labels = frozenset({"Organization", "Person"})

    def refs(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, AffiliationRecord)
        org = b.org_ref(plan, r.organization, kind=OrgKind.UNIVERSITY)
        plan.refs["org"] = [org]
        plan.refs["person"] = [b.person_ref(plan, r.person, {org}, role=PersonRole.RESEARCHER)]

    def edge(self, plan: Plan) -> Edge:
        r = plan.record
        assert isinstance(r, AffiliationRecord)
        return AffiliatedWith(src=plan.refs["person"][0], dst=plan.refs["org"][0], title=r.title, lab=r.lab,
                              start_year=r.start_year, end_year=r.end_year, current=r.end_year is None,
                              **_provenance(plan.source, plan.record_id))  # type: ignore[arg-type]


class LicenseHandler(_LinkHandler):
    labels = frozenset({"Organization", "Patent"})

    def refs(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, LicenseRecord)
        index = b.resolver.patents
        patent = r.patent if r.patent in index.ids else (
            index.by_key.get(f"app:{r.patent}") or index.by_key.get(f"reg:{r.patent}"))
        if patent is None:
            raise RecordProblem("patent", r.patent, f"no patent with number {r.patent} is in the graph")
        plan.refs["patent"] = [patent]
        plan.refs["licensee"] = [b.org_ref(plan, r.licensee, field="licensee")]

    def edge(self, plan: Plan) -> Edge:
        r = plan.record
        assert isinstance(r, LicenseRecord)
        return LicensedTo(src=plan.refs["patent"][0], dst=plan.refs["licensee"][0], year=r.year,
                          exclusive=r.exclusive, **_provenance(plan.source, plan.record_id))  # type: ignore[arg-type]


class CollaborationHandler(_LinkHandler):
    labels = frozenset({"Organization", "Person"})

    def refs(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, CollaborationRecord)
        for side, text, kind in (("left", r.left, r.left_type), ("right", r.right, r.right_type)):
            ref = (b.org_ref(plan, text, field=side) if kind == "organization"
                   else b.person_ref(plan, text, set(), field=side))
            plan.refs[side] = [ref]
        if plan.refs["left"] == plan.refs["right"]:
            raise RecordProblem("right", r.right, "a collaboration needs two different parties")

    def edge(self, plan: Plan) -> Edge:
        r = plan.record
        assert isinstance(r, CollaborationRecord)
        return CollaboratedWith(src=plan.refs["left"][0], dst=plan.refs["right"][0], kind=r.collaboration,
                                count=r.count or 1, first_year=r.first_year, last_year=r.last_year,
                                **_provenance(plan.source, plan.record_id))  # type: ignore[arg-type]


class FoundingHandler(_LinkHandler):
    labels = frozenset({"Organization", "Person"})

    def refs(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, FoundingRecord)
        org = b.org_ref(plan, r.organization, kind=OrgKind.COMPANY)
        plan.refs["org"] = [org]
        plan.refs["person"] = [b.person_ref(plan, r.person, {org}, role=PersonRole.ENTREPRENEUR)]

    def edge(self, plan: Plan) -> Edge:
        r = plan.record
        assert isinstance(r, FoundingRecord)
        return Founded(src=plan.refs["person"][0], dst=plan.refs["org"][0], year=r.year, role=r.role,
                       **_provenance(plan.source, plan.record_id))  # type: ignore[arg-type]


HANDLERS: dict[str, Callable[[], KindHandler]] = {
    "organizations": OrganizationHandler, "people": PersonHandler, "patents": PatentHandler,
    "publications": PublicationHandler, "projects": ProjectHandler, "affiliations": AffiliationHandler,
    "licenses": LicenseHandler, "collaborations": CollaborationHandler, "founders": FoundingHandler,
}


def node_label(node_id: str) -> str:
    return node_type_for_id(node_id).label
