"""Entity resolution: which node does an incoming record (or a reference inside one) denote?

Tiers, strongest first: exact keys (business number, ORCID, e-mail, DOI, patent number); normalised names
(legal forms, spacing, width, case; Hangul ↔ English renderings; romanisation variants of Korean person
names, and of organisation names met across scripts); fuzzy names (rapidfuzz ratio within a blocking key)
backed by supporting evidence. A confident match merges the record into the node (recorded with its evidence,
reversible); an ambiguous one creates the record's own node and a review item; nothing conflicting (two
business numbers, two ORCIDs) merges.

Organisations: ``loaders/org_index.py``; people: ``loaders/person_index.py``; patents, publications and projects
(by their numbers or titles) and the ``Resolver`` that holds every index for a load: here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from graph.schema import DeletionRecord, MergeRecord, Organization, Patent, Person, Project, Publication, make_id
from graph.store import DeletionOutcome, GraphStore, MergeOutcome
from loaders.hand_corrections import HandCorrections
from loaders.normalize import NameNormalizer, compact_key
from loaders.org_index import (
    MERGE_FUZZY,
    REGISTRY_PREFIXES,
    REVIEW_FUZZY,
    SOUND_MARGIN,
    SOUND_MERGE,
    SOUND_REVIEW,
    OrganizationIndex,
)
from loaders.person_index import PERSON_KEYS, SKILL_MERGE, SKILL_REVIEW, PersonIndex, person_keys
from loaders.resolution_base import MergeMemory, Resolution, drop_if_points_at

__all__ = ["MERGE_FUZZY", "REGISTRY_PREFIXES", "REVIEW_FUZZY", "SKILL_MERGE", "SKILL_REVIEW", "SOUND_MARGIN",
           "SOUND_MERGE", "SOUND_REVIEW", "KeyIndex", "OrganizationIndex", "PersonIndex", "Resolution", "Resolver"]


# --------------------------------------------------------------------------- keyed documents


class KeyIndex(MergeMemory):
    """Patents, publications and projects: identified by their numbers (or a title key)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.by_key: dict[str, str] = {}
        self.merged_keys: dict[str, str] = {}
        """Keys of nodes merged away before this load (key -> merged id): a reference by such a number finds the
        node that took the merged one in."""
        self.deleted_keys: dict[str, str] = {}
        """Keys of nodes deleted by hand and not restored (key -> deleted id): a reference by such a number names the
        deleted node, and the load keeps the deletion (``hand_corrections``) instead of refusing the reference."""

    def add(self, node_id: str, keys: Iterable[str | None]) -> None:
        self.ids.add(node_id)
        for key in keys:
            if key:
                self.by_key.setdefault(key, node_id)

    def holder(self, key: str) -> str | None:
        """The node a key names: the one indexed under it, else the one that took in a node merged away, else a
        node deleted by hand (not in the graph: what refers to it is left out, and the load says so)."""
        found = self.by_key.get(key)
        if found is None and key in self.merged_keys:
            kept = self.canonical(self.merged_keys[key])
            found = kept if kept in self.ids else None
        return found or self.deleted_keys.get(key)

    def forget(self, node_id: str, keys: Iterable[str | None]) -> None:
        """Take back a node added (with these keys) by a record that was then rejected."""
        self.ids.discard(node_id)
        for key in keys:
            drop_if_points_at(self.by_key, key, node_id)

    def resolve(self, natural: str, keys: Iterable[str | None], method: str) -> Resolution:
        """Where a record lands: its own id, else the record one of its keys names (one merged away lands on the
        record that took it in; two whose merge was undone stay apart)."""
        return self.remembered(self._placed(natural, keys, method), self.ids)

    def _placed(self, natural: str, keys: Iterable[str | None], method: str) -> Resolution:
        if natural in self.ids:
            return Resolution(natural, natural, "same")
        for key in keys:
            if key and key in self.by_key:
                return Resolution(self.by_key[key], natural, method, 1.0, {"key": key})
        return Resolution(natural, natural, "new")


def patent_keys(node: Patent) -> list[str | None]:
    return [f"app:{node.application_number}" if node.application_number else None,
            f"reg:{node.registration_number}" if node.registration_number else None]


def patent_natural_id(node: Patent) -> str:
    if node.application_number:
        return make_id(Patent, f"{node.office or 'KR'}-{node.application_number}")
    return make_id(Patent, f"{node.office or 'KR'}-reg-{node.registration_number}")


PUBLICATION_NUMBERS = {"doi": "doi", "wos_id": "wos", "scopus_eid": "eid", "pmid": "pmid", "kci_id": "kci"}
"""A publication's numbers (field -> the prefix of its key): DOI, Web of Science UT, Scopus EID, PubMed id, KCI
article id."""


def publication_keys(node: Publication) -> list[str | None]:
    return keys_of_publication({f: getattr(node, f) for f in PUBLICATION_NUMBERS}, node.title, node.year)


def keys_of_publication(numbers: dict[str, object], title: object, year: object) -> list[str | None]:
    """The keys a publication is found by: each of its numbers ('doi:…', 'wos:WOS:…', 'eid:…', 'pmid:…', 'kci:…';
    a Korean Journal Database UT, KJD:ART…, is also its KCI article id), then its title with its year."""
    wos = str(numbers.get("wos_id") or "")
    kci = None if numbers.get("kci_id") or not wos.startswith("KJD:ART") else f"kci:{wos[4:]}"
    return [*(f"{prefix}:{numbers[f]}" if numbers.get(f) else None for f, prefix in PUBLICATION_NUMBERS.items()),
            kci, f"title:{compact_key(str(title))}:{year or ''}"]


def publication_natural_id(node: Publication) -> str:
    if node.doi:
        return make_id(Publication, f"doi-{node.doi}")
    return make_id(Publication, f"t-{compact_key(node.title)[:60]}-{node.year or ''}")


def project_keys(node: Project) -> list[str | None]:
    return [f"no:{node.project_number}" if node.project_number else None, f"title:{compact_key(node.title)}"]


def project_natural_id(node: Project) -> str:
    if node.project_number:
        return make_id(Project, node.project_number)
    return make_id(Project, f"t-{compact_key(node.title)[:60]}")


def _stored_technologies(store: GraphStore, org_id: str) -> set[str]:
    """The technologies the store links an organisation to, keyphrases (picked from text) left out."""
    links = store.neighbours(org_id, edge_types=["HAS_TECHNOLOGY"], direction="out", limit=1000)
    return {n.node.id for n in links if getattr(n.edge, "extractor", "") != "keyphrase"}


STORED_PATENTS_ASKED = 200
"""How many of a stored organisation's patents are read for their inventors when a near name asks."""


def _stored_inventors(store: GraphStore, org_id: str) -> set[str]:
    """The inventors of (up to STORED_PATENTS_ASKED of) an organisation's stored patents."""
    patents = store.neighbours(org_id, edge_types=["APPLICANT_OF"], direction="out", limit=STORED_PATENTS_ASKED)
    return {n.node.id for p in patents for n in store.neighbours(p.node.id, edge_types=["INVENTED"], direction="in")}


def _organisations_of_people(store: GraphStore) -> dict[str, set[str]]:
    """Each stored person's organisations, as a load resolving a row that names them sees them: those they are
    affiliated with or founded, and those of the patents they invented (applicants), the papers they wrote and the
    projects they took part in. Without the last three, an inventor a patents file made was never found by a people
    file loaded later (name and e-mail at the applicant: a second person), though the other order found them.

    Works' organisations count only for a person with no affiliation (or company) of their own, one met only on
    works. Which researcher a work names is itself a guess among namesakes, and its organisations are often
    several: counted for everyone, a paper of GIST and Chosun researchers gave GIST's 강규진 Chosun too, and the
    next load of Chosun's patents put them on his record instead of his Chosun namesake's. Where the work's list
    named the person at an organisation ('강규진 (조선대학교)', ``mentions``), that one counts, not all the work's."""
    orgs: dict[str, set[str]] = defaultdict(set)
    for label in ("AFFILIATED_WITH", "FOUNDED"):
        for chunk in store.stream_edges(label):
            for src, dst in chunk:
                orgs[str(src)].add(str(dst))
    affiliated = set(orgs)
    holders: dict[str, set[str]] = defaultdict(set)  # a work -> its organisations
    contributions: list[tuple[str, str]] = []  # (person met only on works, work)
    for label in ("APPLICANT_OF", "INVENTED", "AUTHORED", "PARTICIPATED_IN"):  # each type read once
        fields = ["organization"] if label in ("AUTHORED", "PARTICIPATED_IN") else []
        for chunk in store.stream_edges(label, fields):
            for src, dst, *named_at in chunk:
                if str(src).startswith("org:"):
                    holders[str(dst)].add(str(src))
                elif label == "APPLICANT_OF" or not str(src).startswith("per:") or str(src) in affiliated:
                    continue
                elif named_at and named_at[0]:  # the organisation the work's list named them at
                    orgs[str(src)].add(str(named_at[0]))
                else:
                    contributions.append((str(src), str(dst)))
    for person, work in contributions:
        if work in holders:
            orgs[person] |= holders[work]
    return orgs


REPLACED_NUMBERS = (*Organization.key_fields, *PERSON_KEYS, "application_number",
                    "registration_number", *PUBLICATION_NUMBERS, "project_number")
"""The numbers a record is found by: one corrected by hand still finds it (``Resolver._remember_replaced_numbers``)."""

KEYS_OF: dict[str, Callable[[Any], list[str | None]]] = {
    "Patent": patent_keys, "Publication": publication_keys, "Project": project_keys}
"""The keys a patent, publication or project is found by (its numbers, DOI or title)."""


class Resolver:
    """All indexes, warmed from the store once per load and kept current as records arrive."""

    def __init__(self, normalizer: NameNormalizer) -> None:
        self.normalizer = normalizer
        self.organizations = OrganizationIndex(normalizer)
        self.people = PersonIndex(normalizer)
        self.patents = KeyIndex()
        self.publications = KeyIndex()
        self.projects = KeyIndex()
        self.deleted_organizations = OrganizationIndex(normalizer)
        """Organisations deleted by hand and not restored, by their names and numbers (``deleted_organization``)."""
        self.deleted_people = PersonIndex(normalizer)
        """People deleted by hand and not restored, by their names, numbers and organisations (``deleted_person``)."""
        self.decided_pairs: set[frozenset[str]] = set()
        """Pairs already in review (open or decided): not raised again."""
        self.merge_ids: set[str] = set()
        """Merges already recorded: a re-load does not record them again."""
        self.approved_pairs: set[tuple[str, str]] = set()
        """(kept id, merged id) of merges an administrator made or approved in review: they took in the merged node
        whole, so a re-load whose record lands the same way has nothing new to record."""

    def warm(self, store: GraphStore, labels: set[str], corrections: HandCorrections | None = None) -> None:
        """Index the graph's records of ``labels`` and the merges they went through. With the ``corrections`` a
        load keeps: records deleted by hand are indexed as deleted, and a record whose name was corrected by hand
        is also found under the name its sources gave it (they go on naming it so)."""
        renamed = corrections.names_replaced() if corrections is not None else {}
        if "Organization" in labels:
            registries = Organization.key_fields
            fields = ["id", "name_ko", "name_en", "aliases", "region", "homepage", *registries]
            for chunk in store.stream_rows("Organization", fields):
                for oid, ko, en, aliases, region, homepage, *values in chunk:
                    names = [str(n) for n in (ko, en) if n] + list(aliases or [])  # type: ignore[arg-type]
                    names += renamed.get(str(oid), [])
                    codes = {f: str(v) if v else None for f, v in zip(registries, values, strict=True)}
                    brn = codes.pop("business_number")
                    self.organizations.add(str(oid), names, brn, region, homepage,  # type: ignore[arg-type]
                                           stored=True, codes=codes)
            self.organizations.stored_technologies = lambda org_id: _stored_technologies(store, org_id)
            self.organizations.stored_people = lambda org_id: _stored_inventors(store, org_id)
        if "Person" in labels:
            orgs = _organisations_of_people(store)
            fields = ["id", "name_ko", "name_en", "romanizations", "skills", *PERSON_KEYS]
            for chunk in store.stream_rows("Person", fields):
                for pid, ko, en, roman, skills, *keys in chunk:
                    names = [str(n) for n in (ko, en) if n] + list(roman or [])  # type: ignore[arg-type]
                    names += renamed.get(str(pid), [])
                    given = {scheme: str(value) for scheme, value in zip(PERSON_KEYS, keys, strict=True) if value}
                    self.people.add(str(pid), names, given, orgs.get(str(pid), ()),
                                    skills or [])  # type: ignore[arg-type]
        if "Patent" in labels:
            for chunk in store.stream_rows("Patent", ["id", "application_number", "registration_number"]):
                for pid, app, reg in chunk:
                    self.patents.add(str(pid), [f"app:{app}" if app else None, f"reg:{reg}" if reg else None])
        if "Publication" in labels:
            for chunk in store.stream_rows("Publication", ["id", *PUBLICATION_NUMBERS, "title", "year"]):
                for pid, *numbers, title, year in chunk:
                    self.publications.add(str(pid), keys_of_publication(
                        dict(zip(PUBLICATION_NUMBERS, numbers, strict=True)), title, year))
        if "Project" in labels:
            for chunk in store.stream_rows("Project", ["id", "project_number", "title"]):
                for pid, number, title in chunk:
                    self.projects.add(str(pid), [f"no:{number}" if number else None,
                                                 f"title:{compact_key(str(title))}"])
        memories: dict[str, MergeMemory] = {"Person": self.people, "Organization": self.organizations,
                                            "Patent": self.patents, "Publication": self.publications,
                                            "Project": self.projects}
        fields = ["id", "kept_id", "merged_id", "node_label", "method", "undone"]
        keyed_merges: dict[str, KeyIndex] = {}
        for chunk in store.stream_rows("MergeRecord", fields):
            for merge_id, kept, merged, label, method, undone in chunk:
                self.merge_ids.add(str(merge_id))
                memory = memories.get(str(label))
                if undone:
                    if memory is not None:
                        memory.kept_apart.add(frozenset((str(kept), str(merged))))
                    continue
                if method in ("review", "manual"):
                    self.approved_pairs.add((str(kept), str(merged)))
                if memory is not None:
                    memory.aliases[str(merged)] = str(kept)
                if isinstance(memory, KeyIndex) and str(label) in labels:
                    keyed_merges[str(merge_id)] = memory
        self._remember_merged_keys(store, keyed_merges)
        if self.organizations.aliases:  # a work's list named a person at an organisation merged away since
            for info in self.people.info.values():
                if any(o in self.organizations.aliases for o in info.orgs):
                    info.orgs = {self.organizations.canonical(o) for o in info.orgs}
        if corrections is not None:
            self._remember_deleted(labels, corrections.deletion_records)
        if corrections is not None and corrections.pins:
            self._remember_replaced_numbers(corrections.values_replaced(REPLACED_NUMBERS))
        for chunk in store.stream_rows("ReviewItem", ["left_id", "right_id"]):
            for left, right in chunk:
                self.decided_pairs.add(frozenset((str(left), str(right))))

    def _remember_deleted(self, labels: set[str], deletions: list[DeletionRecord]) -> None:
        """Index the records deleted by hand (from the snapshots of their ``deletions``, those in force), so a
        reference naming one names the deleted record and the load keeps the deletion (``hand_corrections``)
        instead of refusing the reference or bringing the record back as a new one: patents, publications and
        projects by their numbers (``KeyIndex.deleted_keys``), organisations and people by their names and numbers
        (``deleted_organizations``, ``deleted_people``)."""
        keyed = {"Patent": self.patents, "Publication": self.publications, "Project": self.projects}
        for deletion in deletions:
            label, gone = deletion.node_label, deletion.deleted_id
            if label not in labels:
                continue
            outcome = DeletionOutcome.model_validate_json(deletion.snapshot)
            node = outcome.node
            if isinstance(node, Patent | Publication | Project):
                for key in KEYS_OF[label](node):
                    if key:
                        keyed[label].deleted_keys.setdefault(key, gone)
            elif isinstance(node, Organization):
                self.deleted_organizations.add_node(node)
            elif isinstance(node, Person):
                orgs = {self.organizations.canonical(e.dst) for e in outcome.edges
                        if e.label == "AFFILIATED_WITH" and e.src == gone}
                self.deleted_people.add_node(node, orgs)

    def _remember_replaced_numbers(self, replaced: dict[str, dict[str, str]]) -> None:
        """Index a record also under the numbers its sources gave that an edit by hand corrected (a typo in an
        application or business number): the sources' other files go on naming it so."""
        for node_id, old in replaced.items():
            if node_id in self.organizations.info:
                for scheme in Organization.key_fields:
                    if scheme in old:
                        self.organizations.by_id.setdefault((scheme, old[scheme]), node_id)
            elif node_id in self.people.info:
                for scheme in PERSON_KEYS:
                    if scheme in old:
                        value = old[scheme].lower() if scheme == "email" else old[scheme]
                        self.people.by_key.setdefault((scheme, value), node_id)
            for index, field, key in ((self.patents, "application_number", "app"),
                                      (self.patents, "registration_number", "reg"),
                                      *((self.publications, f, k) for f, k in PUBLICATION_NUMBERS.items()),
                                      (self.projects, "project_number", "no")):
                if node_id in index.ids and field in old:
                    index.by_key.setdefault(f"{key}:{old[field]}", node_id)

    def deleted_organization(self, node: Organization) -> str | None:
        """The organisation deleted by hand that a record without registry numbers names by one of its names."""
        if node.identifiers():
            return None
        return next((found[0] for name in node.names() if (found := self.deleted_organizations.lookup(name))), None)

    def deleted_person(self, node: Person, orgs: set[str]) -> str | None:
        """The person deleted by hand that a record without an exact key (ORCID, e-mail, Scopus author id) names by
        one of their names at one of their organisations."""
        if person_keys(node) or not orgs:
            return None
        return next((found[0] for name in node.names() if (found := self.deleted_people.lookup(name, orgs))), None)

    def _remember_merged_keys(self, store: GraphStore, merges: dict[str, KeyIndex]) -> None:
        """Index the numbers of the patents, publications and projects merged away (kept in their merges'
        snapshots) in the index of their type (``merges``: merge id -> index), so a licence naming a merged-away
        patent's number finds the patent that took it in."""
        for merge in store.get_many(merges).values():
            assert isinstance(merge, MergeRecord)
            outcome = MergeOutcome.of(merge.snapshot)
            if outcome is None:  # a merge recorded without its snapshot: its numbers are not known
                continue
            for key in KEYS_OF[merge.node_label](outcome.dropped):
                if key:
                    merges[merge.id].merged_keys.setdefault(key, merge.merged_id)
