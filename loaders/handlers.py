"""What each kind of record makes in the graph (``HANDLERS``): the texts technology extraction reads, the
organisations a chunk's records name (their fuzzy comparisons batched), and the two steps of ``loaders.builders``:
``plan`` places the record and its references with index look-ups, ``build`` makes its nodes and relationships.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import ClassVar

from graph.schema import (
    AffiliatedWith,
    ApplicantOf,
    Authored,
    Cites,
    CollaboratedWith,
    Edge,
    Founded,
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
)
from loaders.builders import (
    Built,
    GraphBuilder,
    Plan,
    RecordProblem,
    provenance,
)
from loaders.mentions import ListsDisagree, PersonMention, organization_part, scopus_authors
from loaders.nlp import TechHit
from loaders.person_index import person_keys
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
    OrganizationIndex,
    Resolution,
    patent_keys,
    patent_natural_id,
    project_keys,
    project_natural_id,
    publication_keys,
    publication_natural_id,
)
from loaders.sites import site_region
from loaders.wos import wos_authors


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
            business_number=r.business_number, corporate_number=r.corporate_number, dart_code=r.dart_code,
            stock_code=r.stock_code,
            ksic_code=r.ksic_code, region=r.region or site_region([n for n in (r.name_ko, r.name_en) if n]),
            country=r.country, size=r.size, founded_year=r.founded_year,
            employees=r.employees, homepage=r.homepage,
            description=r.description, **provenance(plan.source, plan.record_id),  # type: ignore[arg-type]
        )
        index = b.resolver.organizations
        own = own.model_copy(update={"id": index.canonical(r.org_id) if r.org_id else index.natural_id(own)})
        plan.own = own
        plan.declared = b.technology_ids(plan, r.technologies)
        technologies = b.pooled_technologies.get(own.id, set()) | {t for t, _ in plan.declared} | {
            h.technology_id for h in plan.hits if h.extractor != "keyphrase"}
        plan.resolution = _given_organization(index, own) if r.org_id else index.resolve(own, technologies)
        if plan.resolution.method == "new" and (gone := b.resolver.deleted_organization(own)):
            plan.resolution = Resolution(gone, gone, "deleted")  # not brought back: the load keeps the deletion
        index.add(plan.resolution.node_id, own.names(), own.business_number, own.region, own.homepage,
                  technologies, codes=own.identifiers())

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        r = plan.record
        assert isinstance(r, OrganizationRecord) and plan.own is not None
        node = b.settle(plan, plan.own)
        prov = provenance(plan.source, plan.record_id)
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
            orcid=r.orcid, scopus_id=r.scopus_id, researcher_id=r.researcher_id, email=r.email, phone=r.phone,
            title=r.title, lab=r.lab, skills=r.skills, bio=r.bio, region=r.region, country=r.country,
            **provenance(plan.source, plan.record_id),  # type: ignore[arg-type]
        )
        index = b.resolver.people
        own = own.model_copy(update={"id": r.person_id or index.natural_id(own, set(orgs))})
        plan.own = own
        plan.resolution = index.resolve(own, set(orgs), given_id=r.person_id)
        if plan.resolution.method == "new" and (gone := b.resolver.deleted_person(own, set(orgs))):
            plan.resolution = Resolution(gone, gone, "deleted")  # not brought back: the load keeps the deletion
        if r.person_id and plan.resolution.node_id != r.person_id:
            index.aliases[r.person_id] = plan.resolution.node_id
        index.add(plan.resolution.node_id, own.names(), person_keys(own), orgs, own.skills)

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        r = plan.record
        assert isinstance(r, PersonRecord) and plan.own is not None
        node = b.settle(plan, plan.own)
        prov = provenance(plan.source, plan.record_id)
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
            **provenance(plan.source, plan.record_id),  # type: ignore[arg-type]
        )
        own = own.model_copy(update={"id": patent_natural_id(own)})
        plan.own = own
        plan.resolution = b.place_keyed(plan, b.resolver.patents, own.id, patent_keys(own), "patent_number")
        named = frozenset(i for i in r.inventors if i.startswith("per:"))  # known before resolution (PatentsView)
        applicants = [b.org_ref(plan, a, field="applicants", people=named) for a in r.applicants]
        plan.refs["applicants"] = applicants
        plan.refs["inventors"] = b.people_of_work(plan, r.inventors, applicants, role=PersonRole.INVENTOR,
                                                  field="inventors", own_orgs=False)
        people_of = b.resolver.organizations.people_of  # the store's are read only when a near name asks
        for applicant in dict.fromkeys(applicants):
            added = set(plan.refs["inventors"]) - people_of.get(applicant, set())
            people_of[applicant] |= added
            plan.undo.append(functools.partial(people_of[applicant].difference_update, added))
        index, me, prov = b.resolver.patents, plan.resolution.node_id, provenance(plan.source, plan.record_id)
        for number in r.cites:
            def cite(number: str = number) -> Edge | None:
                found = index.holder(f"app:{number}") or index.holder(f"reg:{number}")
                return Cites(src=me, dst=found, **prov) if found and found != me else None  # type: ignore[arg-type]
            plan.deferred.append(cite)

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        r = plan.record
        assert isinstance(r, PatentRecord) and plan.own is not None
        node = b.settle(plan, plan.own)
        prov = provenance(plan.source, plan.record_id)
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
        own = Publication(id="pub:x", doi=r.doi, wos_id=r.wos_id, scopus_eid=r.scopus_eid, pmid=r.pmid, kci_id=r.kci_id,
                          title=r.title, abstract=r.abstract, year=r.year, venue=r.venue, keywords=r.keywords,
                          **provenance(plan.source, plan.record_id))  # type: ignore[arg-type]
        own = own.model_copy(update={"id": publication_natural_id(own)})
        plan.own = own
        plan.resolution = b.place_keyed(plan, b.resolver.publications, own.id, publication_keys(own), "doi")
        orgs = [b.org_ref(plan, o, kind=OrgKind.UNIVERSITY, field="organizations") for o in r.organizations]
        orgs += [b.org_ref(plan, o, kind=OrgKind.UNIVERSITY, field="addresses")
                 for o in dict.fromkeys(organization_part(a, b.known_organization) for a in r.addresses)]
        listed, addressed, field = _listed_authors(b, r)
        orgs += [b.org_ref(plan, o, kind=OrgKind.UNIVERSITY, field="author_addresses") for o in addressed]
        plan.refs["authors"] = b.people_of_work(plan, [] if listed else r.authors, orgs, role=PersonRole.RESEARCHER,
                                                field=field, org_kind=OrgKind.UNIVERSITY, read=listed)
        plan.refs["organizations"] = [*orgs, *plan.organizations_of_people()]
        index, me, prov = b.resolver.publications, plan.resolution.node_id, provenance(plan.source, plan.record_id)
        for doi in r.cites:
            def cite(doi: str = doi) -> Edge | None:
                found = index.holder(f"doi:{doi}")
                return Cites(src=me, dst=found, **prov) if found and found != me else None  # type: ignore[arg-type]
            plan.deferred.append(cite)

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        assert plan.own is not None
        node = b.settle(plan, plan.own)
        prov = provenance(plan.source, plan.record_id)
        edges: list[Edge] = [Authored(src=p, dst=node.id, position=i, organization=plan.named_at(p),
                                      **prov)  # type: ignore[arg-type]
                             for i, p in enumerate(dict.fromkeys(plan.refs["authors"]))]
        edges += [Authored(src=o, dst=node.id, **prov)  # type: ignore[arg-type]
                  for o in dict.fromkeys(plan.refs["organizations"])]
        tech, extra = b.tech_edges(plan, node.id)
        return self.finish(b, plan, node, edges + tech, extra)


def _listed_authors(b: GraphBuilder, r: PublicationRecord) -> tuple[list[PersonMention], list[str], str]:
    """(authors, organisations of the paper, the field that names the authors) as an export lists them:
    Scopus's lists (full names and author ids, each author at their institute: ``mentions.scopus_authors``), or
    WoS's addresses and ORCID iDs (``wos.wos_authors``); no authors when the file gives neither (the authors
    column is read as it is)."""
    try:
        scopus = scopus_authors(r.authors, r.author_full_names, r.authors_with_affiliations, r.author_ids,
                                b.known_organization, r.addresses)
    except ListsDisagree as problem:
        raise RecordProblem(problem.field, getattr(r, problem.field), str(problem)) from None
    if scopus:
        return scopus, [], next(f for f in ("author_full_names", "authors_with_affiliations", "authors")
                                if getattr(r, f))
    if r.author_addresses or r.author_orcids or r.author_researcher_ids or r.author_short_names:
        mentions, addressed = wos_authors(r.authors, r.author_short_names, r.author_addresses, r.author_orcids,
                                          b.known_organization, researcher_id_text=r.author_researcher_ids)
        return mentions, addressed, "authors" if r.authors else "author_short_names"
    return [], [], "authors"


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
                      **provenance(plan.source, plan.record_id))  # type: ignore[arg-type]
        own = own.model_copy(update={"id": project_natural_id(own)})
        plan.own = own
        plan.resolution = b.place_keyed(plan, b.resolver.projects, own.id, project_keys(own), "project_number")
        orgs = [b.org_ref(plan, o, field="organizations") for o in r.organizations]
        plan.refs["people"] = b.people_of_work(plan, r.people, orgs, role=PersonRole.RESEARCHER, field="people")
        plan.refs["organizations"] = [*orgs, *plan.organizations_of_people()]

    def build(self, b: GraphBuilder, plan: Plan) -> Built:
        r = plan.record
        assert isinstance(r, ProjectRecord) and plan.own is not None
        node = b.settle(plan, plan.own)
        prov = provenance(plan.source, plan.record_id)
        edges: list[Edge] = [ParticipatedIn(src=o, dst=node.id, role="participant", **prov)  # type: ignore[arg-type]
                             for o in dict.fromkeys(plan.refs["organizations"])]
        edges += [ParticipatedIn(src=p, dst=node.id, role="researcher", organization=plan.named_at(p),
                                 **prov)  # type: ignore[arg-type]
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


class _PersonAtHandler(_LinkHandler):
    """Kinds that link a person to an organisation: the organisation (one of ``org_kind`` when new) is placed first,
    then the person at it, in ``role``."""

    labels = frozenset({"Organization", "Person"})
    org_kind: ClassVar[OrgKind]
    role: ClassVar[PersonRole]

    def refs(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, AffiliationRecord | FoundingRecord)
        org = b.org_ref(plan, r.organization, kind=self.org_kind)
        plan.refs["org"] = [org]
        plan.refs["person"] = [b.person_ref(plan, r.person, {org}, role=self.role)]


class AffiliationHandler(_PersonAtHandler):
    org_kind = OrgKind.UNIVERSITY
    role = PersonRole.RESEARCHER

    def edge(self, plan: Plan) -> Edge:
        r = plan.record
        assert isinstance(r, AffiliationRecord)
        return AffiliatedWith(src=plan.refs["person"][0], dst=plan.refs["org"][0], title=r.title, lab=r.lab,
                              start_year=r.start_year, end_year=r.end_year, current=r.end_year is None,
                              **provenance(plan.source, plan.record_id))  # type: ignore[arg-type]


class LicenseHandler(_LinkHandler):
    labels = frozenset({"Organization", "Patent"})

    def refs(self, b: GraphBuilder, plan: Plan) -> None:
        r = plan.record
        assert isinstance(r, LicenseRecord)
        index = b.resolver.patents
        named = index.canonical(r.patent)  # a patent's id, perhaps of one merged away since
        patent = named if named in index.ids else (index.holder(f"app:{r.patent}") or index.holder(f"reg:{r.patent}"))
        if patent is None:
            raise RecordProblem("patent", r.patent, f"no patent with number {r.patent} is in the graph")
        plan.refs["patent"] = [patent]
        plan.refs["licensee"] = [b.org_ref(plan, r.licensee, field="licensee")]

    def edge(self, plan: Plan) -> Edge:
        r = plan.record
        assert isinstance(r, LicenseRecord)
        return LicensedTo(src=plan.refs["patent"][0], dst=plan.refs["licensee"][0], year=r.year,
                          exclusive=r.exclusive, **provenance(plan.source, plan.record_id))  # type: ignore[arg-type]


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
                                **provenance(plan.source, plan.record_id))  # type: ignore[arg-type]


class FoundingHandler(_PersonAtHandler):
    org_kind = OrgKind.COMPANY
    role = PersonRole.ENTREPRENEUR

    def edge(self, plan: Plan) -> Edge:
        r = plan.record
        assert isinstance(r, FoundingRecord)
        return Founded(src=plan.refs["person"][0], dst=plan.refs["org"][0], year=r.year, role=r.role,
                       **provenance(plan.source, plan.record_id))  # type: ignore[arg-type]


HANDLERS: dict[str, Callable[[], KindHandler]] = {
    "organizations": OrganizationHandler, "people": PersonHandler, "patents": PatentHandler,
    "publications": PublicationHandler, "projects": ProjectHandler, "affiliations": AffiliationHandler,
    "licenses": LicenseHandler, "collaborations": CollaborationHandler, "founders": FoundingHandler,
}
