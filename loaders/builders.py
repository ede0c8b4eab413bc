"""From records to graph objects. Each kind resolves in two steps so a whole chunk can be fetched at once:
``plan`` (index look-ups only: which nodes the record and its references denote) and ``build`` (the final
nodes, merged with what the graph already holds, and the relationships, all carrying provenance). The
``GraphBuilder`` here holds what every kind shares (references, technologies, merging with stored nodes);
``loaders.handlers`` what each kind makes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from graph.merging import merged_node, named_only
from graph.schema import (
    Edge,
    HasTechnology,
    Node,
    Organization,
    OrgKind,
    Person,
    PersonRole,
    Technology,
)
from loaders.mentions import PersonMention, read_mention, separate_people
from loaders.nlp import TechHit
from loaders.normalize import has_hangul
from loaders.org_kinds import org_kind_from_name
from loaders.person_index import KEY_REFERENCES, PersonIndex
from loaders.records import (
    Record,
)
from loaders.resolution import (
    REGISTRY_PREFIXES,
    KeyIndex,
    Resolution,
    Resolver,
)
from loaders.sites import site_region
from loaders.validators import ipc_code, ipc_subclass, organization_reference, person_reference
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


def _keyed(reference: Callable[[str], str], text: str, field: str) -> str:
    """``text`` as ``reference`` reads a bare key in it (``validators.person_reference``, ``organization_reference``);
    a key failing its check is the record's problem, named by ``field``."""
    try:
        return reference(text)
    except ValueError as problem:
        raise RecordProblem(field, text, str(problem)) from None


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
    """Stubs (organisations named in a reference, authors with a Scopus author id or ResearcherID) that look like a
    known one: for the review list."""
    hits: list[TechHit] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    """Other source records the record stands for (``SourceRow.also``): sources of its node too."""
    declared: list[tuple[str, Technology | None]] = field(default_factory=list)
    """Technologies the record declares: (id, the node to write if it is not a vocabulary concept)."""
    own: Node | None = None
    """The record's node as it would stand alone (id = natural id)."""
    deferred: list[Callable[[], Edge | None]] = field(default_factory=list)
    """Relationships to make once the whole file is placed (citations of records further down the file)."""
    people_at: dict[str, list[str]] = field(default_factory=dict)
    """Person -> the organisations their mention in a work's list names them at, the first the one shown beside
    them (``GraphBuilder.people_of_work``)."""
    undo: list[Callable[[], None]] = field(default_factory=list)
    """How to take back what planning added to the indexes (a node new to them), if the record is rejected:
    else a later record could find, and link to, a node that is never written."""

    def named_at(self, person: str) -> str | None:
        """The organisation a work's list names ``person`` at, shown beside them (the first of theirs)."""
        return self.people_at[person][0] if person in self.people_at else None

    def organizations_of_people(self) -> list[str]:
        """Every organisation a work's list names one of its people at."""
        return [org for orgs in self.people_at.values() for org in orgs]

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


def provenance(source: str, record_id: str) -> dict[str, object]:
    return {"source": source, "source_record_id": record_id}


def _first_person(people: PersonIndex, names: list[str], orgs: set[str], keys: dict[str, str]) -> str | None:
    """The person who has one of ``keys``, else the first one a name finds at ``orgs`` whose keys do not differ."""
    for scheme, value in keys.items():
        if found := people.holder(scheme, value):
            return found
    return next((person for name in names for person in people.lookup(name, orgs)
                 if not people.keys_differ(keys, people.info[person].keys)), None)


class GraphBuilder:
    """Turns records into graph objects, keeping the nodes it has touched in this load."""

    def __init__(self, resolver: Resolver, vocabulary: Vocabulary) -> None:
        self.resolver = resolver
        self.vocabulary = vocabulary
        self.current: dict[str, Node] = {}
        """Nodes as they stand in this load (fetched from the store, or built)."""
        self.before: dict[str, Node] = {}
        """Nodes as they stood in the store before this load touched them (for undo)."""
        self.written: dict[str, Node] = {}
        """Nodes as this load last wrote them (a later chunk's record is compared with that)."""
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
        text = _keyed(organization_reference, text, field)
        if text.startswith("org:"):
            text = self.resolver.organizations.canonical(text)
            if (text not in self.resolver.organizations.info and text not in self.current
                    and text not in self.resolver.deleted_organizations.info):
                raise RecordProblem(field, text, f"unknown organization id {text}")
            return text
        found = self.resolver.organizations.lookup(text) or self.resolver.deleted_organizations.lookup(text)
        if found:  # one deleted by hand stays deleted: what names it is left out (``hand_corrections``)
            return found[0]
        prefix, _, number = text.partition(":")
        if prefix in REGISTRY_PREFIXES:
            what = REGISTRY_PREFIXES[prefix].replace("_", " ")
            raise RecordProblem(field, text, f"no organization has {what} {number.replace('-', '')}")
        stub = Organization.model_validate({"id": "org:x", "name_ko" if has_hangul(text) else "name_en": text,
                                            "kind": org_kind_from_name(text, kind), "region": site_region([text]),
                                            **provenance(plan.source, plan.record_id)})
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

    def people_of_work(self, plan: Plan, texts: Sequence[str], work_orgs: Sequence[str], *, role: PersonRole,
                       field: str, org_kind: OrgKind = OrgKind.COMPANY, own_orgs: bool = True,
                       read: Sequence[PersonMention] = ()) -> list[str]:
        """The people a work's list names (``field``: the record's field; entries of several people separated by
        commas are split, ``mentions.separate_people``), as ``mentions.read_mention`` reads each: one whose
        bracket names an organisation ('염정완 (숭실대학교 IT정책경영학과)'), or an address several, is found at
        them (a new one made of ``org_kind``; kept in ``plan.people_at``), the others at the work's organisations
        (``work_orgs`` and those the others' brackets name). ``own_orgs=False`` (a patent's inventors, found at its
        applicants): a bracket's organisation is left out. ``read``: mentions read otherwise (``known_organization``),
        instead."""
        mentions = list(read) or [read_mention(t, self.resolver.people.normalizer, self.known_organization)
                                  for entry in texts for t in separate_people(entry)]
        own = [list(dict.fromkeys(self.org_ref(plan, o, kind=org_kind, field=field)
                                  for o in (m.affiliation, *m.also_at)))
               if m.affiliation and own_orgs else [] for m in mentions]
        shared = {*work_orgs, *(o for orgs in own for o in orgs)}
        people = []
        for mention, orgs in zip(mentions, own, strict=True):
            person = self.person_ref(plan, mention.name, set(orgs) or shared, role=role, field=field,
                                     other_name=mention.other_name, keys=mention.keys)
            if orgs:
                plan.people_at.setdefault(person, orgs)
            people.append(person)
        return people

    def known_organization(self, name: str) -> bool:
        """Whether the graph (or this load) knows an organisation by ``name``."""
        return bool(self.resolver.organizations.lookup(name))

    def person_ref(self, plan: Plan, text: str, orgs: set[str], *, role: PersonRole | None = None,
                   field: str = "person", other_name: str | None = None, keys: dict[str, str] | None = None) -> str:
        """The person ``text`` names (``field`` is the record's field that holds it, for a reject), found by it
        or by ``other_name``, their name in the other script, which a new one is also given. ``keys``: their
        ORCID iD or Scopus author id, as the work's list gave it: the person who has one, else one found by name
        who has no other, else a new one who has them."""
        text = _keyed(person_reference, text, field)
        if text.startswith("per:"):
            text = self.resolver.people.canonical(text)
            if (text not in self.resolver.people.info and text not in self.current
                    and text not in self.resolver.deleted_people.info):
                raise RecordProblem(field, text, f"unknown person id {text}")
            return text
        people, names = self.resolver.people, [text, other_name] if other_name else [text]
        keys = keys or {}
        known = _first_person(people, names, orgs, keys)
        if known is None and (gone := _first_person(self.resolver.deleted_people, names, orgs, keys)):
            return gone  # deleted by hand: stays deleted, what names them is left out (``hand_corrections``)
        if known is not None:
            joined = set(orgs) - people.info[known].orgs
            if joined:
                plan.undo.append(lambda: people.forget_orgs(known, joined))
            people.add(known, [], None, orgs)
            return known
        if text.startswith(KEY_REFERENCES):
            raise RecordProblem(field, text, f"no person has {text}")
        data = {"id": "per:x", **{"name_ko" if has_hangul(name) else "name_en": name for name in reversed(names)},
                "roles": [role] if role else [], **keys, **provenance(plan.source, plan.record_id)}
        stub = Person.model_validate(data)
        stub = stub.model_copy(update={"id": people.natural_id(stub, orgs), "sources": [plan.record_id]})
        if keys and (paired := people.split_profile(stub, orgs)):
            plan.stub_reviews.append(paired)
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
                                  **provenance(plan.source, plan.record_id))  # type: ignore[arg-type]
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
        elif plan.resolution.merged or (named_only(own) and not named_only(existing)):
            # another record found to be it (which speaks for a node that knows only its name: ``merged_node``), or
            # this one knowing only the name it was found by, which fills what the node lacks (so a row of one name
            # above a fuller row of the same company, loaded again, leaves the node as the fuller row made it)
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
        prov = provenance(plan.source, plan.record_id)
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
