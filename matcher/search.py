"""Search over names, titles and technologies, Korean and English, typo-tolerant.

Character 2–3-gram TF-IDF over every name an entity has (Hangul names, romanisations, aliases, titles,
technology synonyms), queried through an inverted (term × entity) matrix so a query touches only the
postings of its own n-grams. Facets: type, region, year, institution, industry. Done in Python so both
backends answer alike.

Organisations are found across scripts: their text also holds the resolver's name keys (a Hangul name rendered
in English, known words translated and the rest romanised: 광주은행 → gwangjubank), and a query is matched
against organisations by its own keys too, so 광주은행 finds "The Kwangju Bank, Ltd." and back. People too: a
query whose person-name key (surname and given name folded over romanisation variants: 이승훈, Seung-Hoon Lee,
Seunghun Yi → lee|sunghun) is a person's ranks that person near the top, whatever script either is written in.
A query that is the whole name of an organisation, person, technology or industry lists it first; a query that
could be an acronym (one word of three to six letters) lists the organisations whose English name's initials spell
it near the top (GIST, KAIST, ETRI). A query that is a record's identifier, as people paste one (an ORCID iD or
its link, a Scopus author id or ResearcherID, a DOI or its link, a paper's WoS, Scopus, PubMed or KCI number, a
business or corporate registration number, DART code or stock code, a patent's application or registration number,
a project number), lists that record first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from graph.regions import canonical_region
from graph.schema import Organization, Publication
from graph.store import GraphStore
from loaders.acronyms import SKIPPED_WORDS, initials
from loaders.normalize import NameNormalizer, compact_key
from loaders.person_index import ONE_PER_PERSON
from loaders.sounds import korean_ear
from matcher.text import Matrix, zeros

MIN_SCORE = 0.12
MIN_COVERAGE = 0.75
"""A hit needs a cosine of at least MIN_SCORE, or to contain three quarters of the query's character n-grams."""
PERSON_KEY_SCORE = 1.5
"""The score of a person whose name key is the query's (a name written in full scores 1.5 on its own text)."""
INITIALS_SCORE = 1.5
"""The score of an organisation whose name's initials are the query ('gist': Gwangju Institute of Science and
Technology), as a person's name key: below a whole name, above most text matches of a few letters."""
EXACT_NAME_SCORE = 2.0
"""The score of an organisation, person, technology or industry whose name is the query (case, width, spacing and
punctuation aside; an organisation's legal form too): '라이다' lists the technology 라이다 before 라이다 센서."""
IDENTIFIER_SCORE = 3.0
"""The score of the record whose identifier (or id) is the query."""
_IDENTIFIER_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|https?://orcid\.org/|scopus(?:_id)?:\s*|"
                                r"https?://(?:www\.)?scopus\.com/authid/detail\.uri\?authorid=|wos:\s*|pmid:\s*|"
                                r"https?://pubmed\.ncbi\.nlm\.nih\.gov/)", re.IGNORECASE)
_IDENTIFIER_NOISE = re.compile(r"[\s\-‐]+")


def identifier_key(text: str) -> str:
    """An identifier as the search compares it: a link's or scheme's prefix, spaces and hyphens gone, lower case
    ('https://orcid.org/0000-0002-1825-0097' and '0000000218250097' alike; '220-81-62517' and '2208162517')."""
    return _IDENTIFIER_NOISE.sub("", _IDENTIFIER_PREFIX.sub("", text.strip())).rstrip("/").lower()


NAMED_TYPES = ("Organization", "Person", "Technology", "Industry")
"""The types found by an exact name (titles of patents, papers and projects are long and rarely typed whole)."""


@dataclass
class Entry:
    id: str
    type: str
    name: str
    detail: str
    region: str | None = None
    year: int | None = None
    kind: str | None = None
    """An organisation's kind (company, university, …): part of ``detail``, kept apart for a page to translate."""
    other_name: str = ""
    """The name in the other script, when ``name`` is Korean: part of ``detail`` too."""
    institutions: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    hits: list[tuple[Entry, float]]
    count: int
    facets: dict[str, list[tuple[str, int]]]


class SearchIndex:
    def __init__(self, entries: list[Entry], texts: list[str], names: dict[str, str],
                 people_by_key: dict[str, list[int]] | None = None,
                 by_name: dict[str, list[int]] | None = None, by_initials: dict[str, list[int]] | None = None,
                 by_identifier: dict[str, int] | None = None) -> None:
        self.entries = entries
        self.by_identifier = by_identifier or {}
        """``identifier_key`` of a record's identifiers (ORCID, Scopus id, ResearcherID, DOI and other paper numbers,
        registry and patent numbers) -> its entry."""
        self.by_initials = by_initials or {}
        """The initials of an organisation's Latin names (``name_initials``) -> the entries of the organisations."""
        self.people_by_key = people_by_key or {}
        """Person-name key (NameNormalizer.person_key's coarse key) -> the entries of the people it names."""
        self.by_name = by_name or {}
        """An exact name's compact key (an organisation's: also without its legal form) -> the entries it names."""
        self.names = names
        """Display names of institutions and industries, for facets."""
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True,
                                          lowercase=True, dtype=np.float32)
        matrix = self.vectorizer.fit_transform(texts) if texts else zeros(0, 0)
        self.postings: Matrix = sp.csr_matrix(matrix.T, dtype=np.float32)
        self.presence: Matrix = self.postings.copy()
        self.presence.data[:] = 1.0
        self.by_id = {e.id: i for i, e in enumerate(entries)}
        self.organizations = np.array([e.type == "Organization" for e in entries], dtype=bool)
        self._id_rank = np.argsort(np.argsort(np.array([e.id for e in entries], dtype=object), kind="stable"))
        """Each entry's place in id order: equal scores are listed by id."""
        self._facets_of = {
            "type": _Facet.single([e.type for e in entries]),
            "region": _Facet.single([e.region for e in entries]),
            "year": _Facet.single([str(e.year) if e.year else None for e in entries]),
            "institution": _Facet.multiple([e.institutions for e in entries]),
            "industry": _Facet.multiple([e.industries for e in entries]),
        }

    @classmethod
    def build(cls, store: GraphStore) -> SearchIndex:
        entries: list[Entry] = []
        texts: list[str] = []
        institutions: dict[str, list[str]] = defaultdict(list)
        for label in ("AFFILIATED_WITH", "APPLICANT_OF", "AUTHORED"):  # people's, patents' and papers' institutions
            for chunk in store.stream_edges(label):
                for src, dst in chunk:
                    key, org = (str(src), str(dst)) if label == "AFFILIATED_WITH" else (str(dst), str(src))
                    if org.startswith("org:"):
                        institutions[key].append(org)
        industries: dict[str, list[str]] = defaultdict(list)
        for chunk in store.stream_edges("IN_INDUSTRY"):
            for src, dst in chunk:
                industries[str(src)].append(str(dst))
        names: dict[str, str] = {}
        org_region: dict[str, str] = {}
        normalizer = _normalizer()
        people_by_key: dict[str, list[int]] = defaultdict(list)
        by_name: dict[str, list[int]] = defaultdict(list)
        by_initials: dict[str, list[int]] = defaultdict(list)
        by_identifier: dict[str, int] = {}

        def add(entry: Entry, parts: Iterable[object], extra: Iterable[object] = (),
                identifiers: Iterable[object] = ()) -> None:
            """An entry found by the words of ``parts`` (its names or title), ``extra`` (name keys) and, whole,
            by its ``identifiers``."""
            for identifier in identifiers:
                if identifier and len(key := identifier_key(str(identifier))) >= 6:
                    by_identifier.setdefault(key, len(entries))
            entry.institutions = institutions.get(entry.id, [])
            entry.industries = industries.get(entry.id, []) or [
                i for o in entry.institutions for i in industries.get(o, [])]
            parts = [p for p in parts if p]
            if entry.type in NAMED_TYPES:
                for key in _exact_keys(normalizer, entry.type, parts):
                    by_name[key].append(len(entries))
            entries.append(entry)
            texts.append(" ".join(str(p) for p in [*parts, *extra] if p))

        for oid, ko, en, aliases, region, kind, *numbers in _rows(
                store, "Organization", ["name_ko", "name_en", "aliases", "region", "kind", *Organization.key_fields]):
            name = str(ko or en or oid)
            names[str(oid)] = name
            if region:
                org_region[str(oid)] = str(region)
            other = str(en) if ko and en else ""
            for letters in {i for n in (en, *(aliases or [])) if n for i in name_initials(str(n))}:  # type: ignore[misc]
                by_initials[letters].append(len(entries))
            add(Entry(str(oid), "Organization", name, " · ".join(str(v) for v in (other, kind, region) if v),
                      str(region) if region else None, kind=str(kind) if kind else None, other_name=other),
                [ko, en, *(aliases or [])], _name_keys(normalizer, [ko, en, *(aliases or [])]),  # type: ignore[misc]
                numbers)
        for iid, ko, en in _rows(store, "Industry", ["name_ko", "name_en"]):
            names[str(iid)] = str(ko or en or iid)
            add(Entry(str(iid), "Industry", str(ko or en), str(en or "")), [ko, en])
        person_fields = ["name_ko", "name_en", "romanizations", "region", "title", "lab", *ONE_PER_PERSON]
        for pid, ko, en, roman, region, title, lab, *ids in _rows(store, "Person", person_fields):
            orgs = institutions.get(str(pid), [])
            home = str(region) if region else next((org_region[o] for o in orgs if o in org_region), None)
            detail = " · ".join(v for v in (str(en) if ko and en else "", str(title or ""), str(lab or "")) if v)
            for key in {k.coarse for n in (ko, en, *(roman or [])) if n  # type: ignore[misc]
                        and (k := normalizer.person_key(str(n))).given}:
                people_by_key[key].append(len(entries))
            add(Entry(str(pid), "Person", str(ko or en), detail, home), [ko, en, *(roman or [])],  # type: ignore[misc]
                identifiers=ids)
        for pid, ko, en, date, number, registration in _rows(store, "Patent", [
                "title_ko", "title_en", "application_date", "application_number", "registration_number"]):
            add(Entry(str(pid), "Patent", str(ko or en), str(number or ""), year=_year(date)), [ko, en, number],
                identifiers=[number, registration])
        for pid, title, year, venue, *numbers in _rows(store, "Publication", ["title", "year", "venue",
                                                                              *Publication.key_fields]):
            add(Entry(str(pid), "Publication", str(title), str(venue or ""), year=_year(year)), [title],
                identifiers=numbers)
        for pid, title, start, number in _rows(store, "Project", ["title", "start_year", "project_number"]):
            add(Entry(str(pid), "Project", str(title), "", year=_year(start)), [title], identifiers=[number])
        for tid, ko, en, synonyms in _rows(store, "Technology", ["label_ko", "label_en", "synonyms"]):
            add(Entry(str(tid), "Technology", str(ko or en or tid), str(en or "") if ko else ""),
                [ko, en, *(synonyms or [])])  # type: ignore[misc]
        return cls(entries, texts, names, dict(people_by_key), dict(by_name), dict(by_initials), by_identifier)

    def search(self, text: str, *, types: set[str] | None = None, region: str | None = None, year: int | None = None,
               institution: str | None = None, industry: str | None = None, offset: int = 0, limit: int = 20
               ) -> SearchResult:
        query = text.strip()
        if not query or not self.entries:
            return SearchResult([], 0, {})
        region = canonical_region(region)
        keys = " ".join(_name_keys(_normalizer(), [query]))
        if keys and keys != query and self.organizations.any():  # an organisation named in the other script
            (cosine, key_cosine), (coverage, key_coverage) = self._match([query, keys])
            better = self.organizations & (key_cosine + 0.5 * key_coverage > cosine + 0.5 * coverage)
            cosine = np.where(better, key_cosine, cosine)
            coverage = np.where(better, key_coverage, coverage)
        else:
            (cosine,), (coverage,) = self._match([query])
        scores = cosine + 0.5 * coverage  # a short query inside a long title: low cosine, full coverage
        if len(query) <= 40:
            person = _normalizer().person_key(query)
            named = self.people_by_key.get(person.coarse, []) if person.given else []
            scores[named] = np.maximum(scores[named], PERSON_KEY_SCORE)
        # any entry's whole name; an organisation's also without its legal form
        named = sorted({*self.by_name.get(compact_key(query), ()),
                        *(i for i in self.by_name.get(_normalizer().org_key(query), ()) if self.organizations[i])})
        if _ACRONYM_QUERY.fullmatch(query):
            spelt = self.by_initials.get(query.lower(), [])
            scores[spelt] = np.maximum(scores[spelt], INITIALS_SCORE)
        scores[named] = np.maximum(scores[named], EXACT_NAME_SCORE)
        exact = self.by_id.get(query)
        if exact is None:
            exact = self.by_identifier.get(identifier_key(query))
        if exact is not None:
            scores[exact] = IDENTIFIER_SCORE
        found = (cosine >= MIN_SCORE) | (coverage >= MIN_COVERAGE) | (scores >= PERSON_KEY_SCORE)
        filters = {"type": types, "region": {region} if region else None, "year": {str(year)} if year else None,
                   "institution": {institution} if institution else None,
                   "industry": {industry} if industry else None}
        for name, wanted in filters.items():
            if wanted:
                found &= self._facets_of[name].holds(wanted)
        matched = np.flatnonzero(found)
        matched = matched[np.lexsort((self._id_rank[matched], -scores[matched]))]
        facets = {name: counts for name, facet in self._facets_of.items() if (counts := facet.counts(matched))}
        page = [(self.entries[i], round(float(scores[i]), 4)) for i in matched[offset:offset + limit].tolist()]
        return SearchResult(page, int(matched.size), facets)

    def _match(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per text (rows) and entry (columns): the cosine, and the share of the text's n-grams the entry holds."""
        vectors = self.vectorizer.transform(texts)
        cosine = (vectors @ self.postings).toarray()
        present = sp.csr_matrix(vectors, copy=True)
        present.data[:] = 1.0
        wanted = np.maximum(1, np.diff(vectors.indptr))[:, np.newaxis]
        return cosine, (present @ self.presence).toarray() / wanted


FACET_VALUES = 12
"""Values listed per facet: the most frequent among the hits (the first met in the hits' order among equals)."""


@dataclass
class _Facet:
    """One facet's values per entry, as a (entry × value) matrix or, where an entry has at most one value, as a
    code per entry (-1: none), so filtering and counting are vectorised."""

    values: list[str]
    matrix: sp.csr_matrix
    codes: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.column = {value: i for i, value in enumerate(self.values)}

    @classmethod
    def single(cls, per_entry: list[str | None]) -> _Facet:
        facet = cls.multiple([[v] if v else [] for v in per_entry])
        codes = np.full(len(per_entry), -1, dtype=np.int64)
        coo = facet.matrix.tocoo()
        codes[coo.row] = coo.col
        facet.codes = codes
        return facet

    @classmethod
    def multiple(cls, per_entry: list[list[str]]) -> _Facet:
        index: dict[str, int] = {}
        rows, columns = [], []
        for row, values in enumerate(per_entry):
            for value in dict.fromkeys(values):
                rows.append(row)
                columns.append(index.setdefault(value, len(index)))
        matrix = sp.csr_matrix((np.ones(len(rows), np.int32), (rows, columns)), shape=(len(per_entry), len(index)))
        return cls(list(index), matrix)

    def holds(self, wanted: set[str]) -> np.ndarray:
        """Which entries have one of the wanted values."""
        columns = [self.column[v] for v in wanted if v in self.column]
        if not columns:
            return np.zeros(self.matrix.shape[0], dtype=bool)
        if self.codes is not None:
            return np.isin(self.codes, columns)
        return np.asarray(self.matrix[:, columns].sum(axis=1)).ravel() > 0

    def counts(self, hits: np.ndarray) -> list[tuple[str, int]]:
        """(value, hits holding it), most frequent first; among equals, the value met first in ``hits``."""
        if not hits.size or not self.values:
            return []
        if self.codes is not None:
            codes = self.codes[hits]
            held = np.flatnonzero(codes >= 0)
            present, first = np.unique(codes[held], return_index=True)
            counts = np.bincount(codes[held], minlength=len(self.values))
            first = held[first]
        else:
            sub = self.matrix[hits].tocsc()
            sub.sort_indices()
            counts = np.diff(sub.indptr)
            present = np.flatnonzero(counts)
            # the first hit (row) holding each value
            first = sub.indices[sub.indptr[present]].astype(np.int64)
        order = present[np.lexsort((first, -counts[present]))][:FACET_VALUES]
        return [(self.values[v], int(counts[v])) for v in order.tolist()]


@lru_cache(maxsize=1)
def _normalizer() -> NameNormalizer:
    return NameNormalizer()


def _name_keys(normalizer: NameNormalizer, names: Iterable[object]) -> list[str]:
    """The organisation keys of ``names`` (their own compact forms and English renderings) and how they sound
    (``loaders.sounds.korean_ear``: romanisation variants folded), sorted. DART's companies found by their name in
    the other script, Hit@1: by Hangul name 73.6% -> 79.6%, by English name 75.5% -> 80.0% (from the fold of Korean
    given names)."""
    keys = {k for n in names if n for k in normalizer.org_keys(str(n)) if k}
    return sorted(keys | {s for k in keys if (s := korean_ear(k))})


_ACRONYM_QUERY = re.compile(r"[A-Za-z]{3,6}")
SMALL_WORDS = SKIPPED_WORDS | {"of", "for", "in", "on", "at"}


def name_initials(name: str) -> set[str]:
    """The initials an organisation's Latin name is known by, legal forms aside, with and without its small words
    ('Gwangju Institute of Science and Technology' → gist, giost; 'Electronics and Telecommunications Research
    Institute' → etri); none for a name in Hangul or of fewer than three words."""
    return {found for without in (SKIPPED_WORDS, SMALL_WORDS) if (found := initials(name, without))}


def _exact_keys(normalizer: NameNormalizer, entry_type: str, names: Iterable[object]) -> set[str]:
    """The keys an exact name is found by: its compact form and, for an organisation, its name key (legal form,
    punctuation and abbreviations aside). Keys of the resolver's renderings are left out: they are not names."""
    keys = set()
    for name in names:
        text = str(name)
        keys.add(compact_key(text))
        if entry_type == "Organization":
            keys.add(normalizer.org_key(text))
    return keys - {""}


def _rows(store: GraphStore, label: str, fields: list[str]) -> Iterable[tuple[object, ...]]:
    for chunk in store.stream_rows(label, ["id", *fields]):
        yield from chunk


def _year(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value)[:4])
    except ValueError:
        return None
