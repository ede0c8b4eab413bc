"""The three recommenders: partners (researchers for a company or a need), licensees (companies for a
patent) and co-founders (people for a person). Each knows its query, its candidates, its filters and
exclusions, the observed links it learns from, and how to explain a result."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from graph.regions import canonical_region
from loaders.normalize import has_hangul
from matcher.features import (
    Capacity,
    CitationLink,
    ClosestDocument,
    ContextTechnology,
    Feature,
    IndustryAlignment,
    InventorHistory,
    InventorLink,
    LicensingHistory,
    NetworkProximity,
    PriorCollaboration,
    Query,
    RegionMatch,
    RoleComplement,
    Rows,
    Target,
    TechnologyPatentPath,
    TechnologySimilarity,
    TextSimilarity,
    inventor_holdings,
)
from matcher.projection import BUSINESS_ROLES, TECHNICAL_ROLES, Projection, Table
from matcher.text import Matrix, dot_row


@dataclass
class Filters:
    institution: str | None = None
    """Only researchers affiliated with this organisation (partners)."""
    region: str | None = None
    industry: str | None = None
    """Only candidates whose industry profile includes this industry id."""
    exclude_own_staff: bool = True
    role: str | None = None
    """technical or business (co-founders)."""

    def __post_init__(self) -> None:
        self.region = canonical_region(self.region)  # as the graph stores regions: 광주광역시 → 광주


@dataclass
class Step:
    node_id: str
    name: str
    via: str | None = None
    """The relationship that leads to this node from the previous one (None for the first)."""


@dataclass
class Evidence:
    technologies: list[tuple[str, str, str, float]] = field(default_factory=list)
    """(technology id, English label, Korean label, share of the match)"""
    documents: list[tuple[str, str, float]] = field(default_factory=list)
    paths: list[list[Step]] = field(default_factory=list)
    sentence_en: str = ""
    sentence_ko: str = ""


def _nonzero_cols(matrix: Matrix, row: int) -> NDArray[np.int32]:
    return np.asarray(matrix.indices[matrix.indptr[row]:matrix.indptr[row + 1]], dtype=np.int32)


def _has(matrix: Matrix, row: int, col: int) -> bool:
    """matrix[row, col] != 0 for a CSR matrix, without building a sparse scalar (µs, not tens of µs)."""
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    found = np.flatnonzero(matrix.indices[start:end] == col)
    return bool(found.size and matrix.data[start + found[0]] != 0)


def target_of(rec: Recommender, p: Projection) -> Target:
    """Whether a recommender ranks people or organisations."""
    return "person" if rec.candidate_table(p) is p.people else "org"


class Recommender:
    kind: ClassVar[str]
    link_label: ClassVar[str]
    features: list[Feature]

    def candidates(self, p: Projection, q: Query, filters: Filters) -> Rows:
        raise NotImplementedError

    def candidate_table(self, p: Projection) -> Table:
        raise NotImplementedError

    def observed_links(self, p: Projection) -> list[tuple[int, int]]:
        """(query row, candidate row) pairs the graph already holds: the ranker's positive examples."""
        raise NotImplementedError

    def query_for_row(self, p: Projection, row: int) -> Query:
        raise NotImplementedError

    def linked(self, p: Projection, q: Query) -> Rows:
        """Candidates the graph links to the query directly: scored even when their text and technology
        alone would leave them off the shortlist."""
        return np.zeros(0, dtype=np.int64)

    def link_ids(self, p: Projection, pairs: list[tuple[int, int]]) -> list[tuple[str, str]]:
        """The same pairs as (src id, dst id) of the link relationship, to hide them from a projection."""
        raise NotImplementedError

    def explain(self, p: Projection, q: Query, row: int, query_id: str | None, query_name: str) -> Evidence:
        raise NotImplementedError

    @property
    def feature_names(self) -> list[str]:
        return [f.name for f in self.features]


def shared_technologies(p: Projection, q: Query, candidate_tech: Matrix, k: int = 5
                        ) -> list[tuple[str, str, str, float]]:
    if q.tech is None:
        return []
    product = sp.csr_matrix(q.tech.multiply(candidate_tech))
    order = np.argsort(-product.data)[:k]
    total = float(product.data.sum()) or 1.0
    return [(p.techs.ids[product.indices[i]], p.techs.name(int(product.indices[i])),
             p.techs.name(int(product.indices[i]), "ko"), round(float(product.data[i]) / total, 3)) for i in order]


def _topics(techs: list[tuple[str, str, str, float]], lang: str) -> str:
    """The first two shared technologies as a sentence names them: an IPC subclass by its title's first
    heading and its code ('G01J: 광 측정; 분광; 측광' → '광 측정(G01J)'), so a list reads as one."""
    return ", ".join(_topic(t[2] if lang == "ko" else t[1]) for t in techs[:2])


def _topic(label: str) -> str:
    code, colon, title = label.partition(": ")
    if not colon or not (len(code) == 4 and code[0].isalpha() and code[1:3].isdigit()):
        return label
    heading = title.split(";")[0].strip()
    return f"{heading}({code})" if has_hangul(heading) else f"{heading} ({code})"


def similar_documents(p: Projection, q: Query, patents: NDArray[np.int32], pubs: NDArray[np.int32], k: int = 3
                      ) -> list[tuple[str, str, float]]:
    """The candidate's patents and papers closest to the query: the mean of their technology and text
    similarities (either alone when the query has only one), so the document that reads like the need comes
    before others that merely share its technologies."""
    scored: list[tuple[float, str, str]] = []
    for docs, tech, text, table in ((patents, p.patent_tech, p.patent_text, p.patents),
                                    (pubs, p.pub_tech, p.pub_text, p.pubs)):
        if docs.size:
            sims = _mean_similarity([(tech, q.tech), (text, q.text)], docs)
            scored += [(float(s), table.ids[d], table.names[d]) for s, d in zip(sims, docs, strict=True)]
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [(doc_id, title, round(score, 3)) for score, doc_id, title in scored[:k] if score > 0]


def _mean_similarity(pairs: list[tuple[Matrix, Matrix | None]], rows: NDArray[np.int32]) -> NDArray[np.float64]:
    """Per row, the mean cosine over the (profiles, query profile) pairs whose query profile is not empty."""
    parts = [dot_row(matrix[rows], query) for matrix, query in pairs
             if query is not None and query.nnz]
    return np.mean(parts, axis=0) if parts else np.zeros(rows.size)


def _best(values: NDArray[np.float64] | list[float], limit: int = 1) -> list[int]:
    arr = np.asarray(values, dtype=np.float64)
    return [int(i) for i in np.argsort(-arr)[:limit] if arr[i] > 0]


def workplace(p: Projection, person: int) -> str:
    """The name of the first organisation a person is affiliated with ('' for none), as a sentence shows it."""
    orgs = p.person_orgs(person)
    return p.orgs.names[p.orgs.index[orgs[0]]] if orgs else ""


def text_query(p: Projection, text: str, tech_ids: list[tuple[str, float]]) -> Query:
    """A query described in words: its text, and the technologies found in it (id, weight) as a profile."""
    cols = [(p.techs.index[t], w) for t, w in tech_ids if t in p.techs.index]
    values = np.asarray([w for _, w in cols], dtype=np.float32)
    where = (np.zeros(len(cols), dtype=np.int64), np.asarray([c for c, _ in cols], dtype=np.int64))
    raw = sp.csr_matrix((values, where), shape=(1, len(p.techs)))
    return Query(text=p.encoder.encode([text]), tech=p.tech_profile(raw), industry=p.industry_profile(raw))


class PartnerRecommender(Recommender):
    """Researchers (and, through them, labs and institutions) for a company or a free-text need."""

    kind = "partners"
    link_label = "COLLABORATED_WITH"

    def __init__(self) -> None:
        self.features = [TextSimilarity("person"), ClosestDocument("person"), TechnologySimilarity("person"),
                         IndustryAlignment("person"), TechnologyPatentPath("person"), PriorCollaboration(),
                         RegionMatch("person"), Capacity("person")]

    def candidate_table(self, p: Projection) -> Table:
        return p.people

    def query_for_row(self, p: Projection, row: int) -> Query:
        return Query(text=p.org_text[row], tech=p.org_tech[row], industry=p.org_industry[row],
                     region=p.org_region[row], org=row)

    def query_for_text(self, p: Projection, text: str, tech_ids: list[tuple[str, float]]) -> Query:
        return text_query(p, text, tech_ids)

    def candidates(self, p: Projection, q: Query, filters: Filters) -> Rows:
        mask = p.person_is_researcher.copy()
        if q.org is not None and filters.exclude_own_staff:
            mask &= ~(np.asarray(p.person_org[:, q.org].todense()).ravel() > 0)
        if filters.institution:
            col = p.orgs.index.get(filters.institution)
            mask &= (np.asarray(p.person_org[:, col].todense()).ravel() > 0) if col is not None else False
        if filters.region:
            regions = np.array([filters.region in ({p.org_region[o] for o in _nonzero_cols(p.person_org, r)}
                                                   | {p.person_region[r]}) for r in range(len(p.people))])
            mask &= regions
        if filters.industry:
            col = p.industries.index.get(filters.industry)
            mask &= (np.asarray(p.person_industry[:, col].todense()).ravel() > 0.1) if col is not None else False
        return np.flatnonzero(mask).astype(np.int64)

    def observed_links(self, p: Projection) -> list[tuple[int, int]]:
        coo = p.org_person_collab.tocoo()
        return [(int(o), int(r)) for o, r in zip(coo.row, coo.col, strict=True) if p.org_kind[o] == "company"]

    def link_ids(self, p: Projection, pairs: list[tuple[int, int]]) -> list[tuple[str, str]]:
        return [(p.orgs.ids[o], p.people.ids[r]) for o, r in pairs]

    def explain(self, p: Projection, q: Query, row: int, query_id: str | None, query_name: str) -> Evidence:
        techs = shared_technologies(p, q, p.person_tech[row])
        patents, pubs = _nonzero_cols(p.person_patent, row), _nonzero_cols(p.person_pub, row)
        docs = similar_documents(p, q, patents, pubs)
        name = p.people.names[row]
        paths: list[list[Step]] = []
        if query_id is not None and q.org is not None:
            if _has(p.org_person_collab, q.org, row):
                paths.append([Step(query_id, query_name), Step(p.people.ids[row], name, "COLLABORATED_WITH")])
            shared = np.intersect1d(_nonzero_cols(p.org_patent, q.org), patents)
            if shared.size:
                d = int(shared[0])
                paths.append([Step(query_id, query_name), Step(p.patents.ids[d], p.patents.names[d], "APPLICANT_OF"),
                              Step(p.people.ids[row], name, "INVENTED")])
            for tech_id, tech_name, _, _ in techs[:1]:
                t = p.techs.index[tech_id]
                with_tech = [int(d) for d in patents if _has(p.patent_tech, int(d), t)]
                if with_tech:
                    d = with_tech[0]
                    paths.append([Step(query_id, query_name), Step(tech_id, tech_name, "HAS_TECHNOLOGY"),
                                  Step(p.patents.ids[d], p.patents.names[d], "HAS_TECHNOLOGY"),
                                  Step(p.people.ids[row], name, "INVENTED")])
        where = workplace(p, row)
        topics, topics_ko = _topics(techs, "en"), _topics(techs, "ko")
        en = f"{name}{f' ({where})' if where else ''} works on {topics or 'related topics'}"
        ko = f"{name}{f'({where})' if where else ''}: {topics_ko or '관련 분야'} 연구"
        if docs:
            en += f"; {len(docs)} of their patents/papers match the need"
            ko += f", 관련 특허·논문 {len(docs)}건"
        if q.org is not None and (_has(p.org_person_collab, q.org, row) or any(s.via == "APPLICANT_OF" for s in
                                                                         sum(paths, []))):
            en += "; you have worked together before"
            ko += ", 과거 협력 이력 있음"
        return Evidence(techs, docs, paths[:3], en + ".", ko + ".")


class LicenseeRecommender(Recommender):
    """Companies likely to license a patent: never its owner."""

    kind = "licensees"
    link_label = "LICENSED_TO"

    def __init__(self) -> None:
        self.features = [TextSimilarity("org"), TechnologySimilarity("org"), IndustryAlignment("org"),
                         TechnologyPatentPath("org"), CitationLink(), InventorLink(), InventorHistory(),
                         LicensingHistory(), RegionMatch("org"), Capacity("org")]

    def candidate_table(self, p: Projection) -> Table:
        return p.orgs

    def query_for_row(self, p: Projection, row: int) -> Query:
        raw = p.patent_tech[row]
        owners = p.column("org_patent", row)
        region = p.org_region[int(owners[0])] if owners.size else None
        return Query(text=p.patent_text[row], tech=p.tech_profile(raw), industry=p.industry_profile(raw),
                     region=region, patent=row, excluded={int(o) for o in owners},
                     inventors=p.column("person_patent", row).astype(np.int64))

    def query_for_text(self, p: Projection, text: str, tech_ids: list[tuple[str, float]], inventors: Rows,
                       region: str | None = None) -> Query:
        """An invention not in the graph (a disclosure before filing), described in words, with the technologies
        found in it or given, and its inventors' rows when they are in the graph."""
        return replace(text_query(p, text, tech_ids), inventors=inventors, region=region)

    def linked(self, p: Projection, q: Query) -> Rows:
        """Companies holding other patents of its inventors, or founded by them."""
        holders, _ = inventor_holdings(p, q)
        founded = p.founded[q.inventors].indices if q.inventors.size else np.zeros(0, dtype=np.int64)
        return np.union1d(holders, founded.astype(np.int64))

    def candidates(self, p: Projection, q: Query, filters: Filters) -> Rows:
        rows = [i for i, kind in enumerate(p.org_kind) if kind == "company" and i not in q.excluded]
        if filters.region:
            rows = [i for i in rows if p.org_region[i] == filters.region]
        if filters.industry and filters.industry in p.industries.index:
            col = p.industries.index[filters.industry]
            rows = [i for i in rows if p.org_industry[i, col] > 0.1]
        return np.asarray(rows, dtype=np.int64)

    def observed_links(self, p: Projection) -> list[tuple[int, int]]:
        coo = p.licensed.tocoo()
        return [(int(a), int(b)) for a, b in zip(coo.row, coo.col, strict=True)]

    def link_ids(self, p: Projection, pairs: list[tuple[int, int]]) -> list[tuple[str, str]]:
        return [(p.patents.ids[a], p.orgs.ids[b]) for a, b in pairs]

    def explain(self, p: Projection, q: Query, row: int, query_id: str | None, query_name: str) -> Evidence:
        techs = shared_technologies(p, q, p.org_tech[row])
        patents = _nonzero_cols(p.org_patent, row)
        docs = similar_documents(p, q, patents, np.zeros(0, np.int32))
        name = p.orgs.names[row]
        paths: list[list[Step]] = []
        if query_id is not None and q.patent is not None:
            for tech_id, tech_name, _, _ in techs[:1]:
                t = p.techs.index[tech_id]
                same = [int(d) for d in patents if _has(p.patent_tech, int(d), t)]
                if same:
                    d = same[0]
                    paths.append([Step(query_id, query_name), Step(tech_id, tech_name, "HAS_TECHNOLOGY"),
                                  Step(p.patents.ids[d], p.patents.names[d], "HAS_TECHNOLOGY"),
                                  Step(p.orgs.ids[row], name, "APPLICANT_OF")])
                elif papers := [int(d) for d in _nonzero_cols(p.org_pub, row) if _has(p.pub_tech, int(d), t)]:
                    d = papers[0]  # a company known by its papers: one of them
                    paths.append([Step(query_id, query_name), Step(tech_id, tech_name, "HAS_TECHNOLOGY"),
                                  Step(p.pubs.ids[d], p.pubs.names[d], "HAS_TECHNOLOGY"),
                                  Step(p.orgs.ids[row], name, "AUTHORED")])
            citing = [int(d) for d in patents
                      if _has(p.patent_cites, int(d), q.patent) or _has(p.patent_cites, q.patent, int(d))]
            if citing:
                d = citing[0]
                paths.append([Step(query_id, query_name), Step(p.patents.ids[d], p.patents.names[d], "CITES"),
                              Step(p.orgs.ids[row], name, "APPLICANT_OF")])
            for person in q.inventors:
                if _has(p.org_person_collab, row, int(person)):
                    paths.append([Step(query_id, query_name),
                                  Step(p.people.ids[int(person)], p.people.names[int(person)], "INVENTED"),
                                  Step(p.orgs.ids[row], name, "COLLABORATED_WITH")])
                    break
        shared_inventors = _inventors_patents_held(p, q, patents)
        if shared_inventors:  # the strongest evidence a licensee has: shown first
            person, d = shared_inventors[0]
            start = [Step(query_id, query_name)] if query_id is not None else []  # a described invention: no node
            paths.insert(0, [*start, Step(p.people.ids[person], p.people.names[person], "INVENTED" if start else None),
                             Step(p.patents.ids[d], p.patents.names[d], "INVENTED"),
                             Step(p.orgs.ids[row], name, "APPLICANT_OF")])
        licensed = q.patent is not None and _has(p.licensed, q.patent, row)
        if query_id is not None and licensed:  # but a licence of this very patent comes before anything
            paths.insert(0, [Step(query_id, query_name), Step(p.orgs.ids[row], name, "LICENSED_TO")])
        topics, topics_ko = _topics(techs, "en"), _topics(techs, "ko")
        en = f"{name} works with {topics or 'related technology'}"
        ko = f"{name}: {topics_ko or '관련 기술'} 보유"
        if docs:
            en += f"; {len(docs)} of its patents are close to this one"
            ko += f", 유사 특허 {len(docs)}건"
        if shared_inventors:
            held = len({d for _, d in shared_inventors})
            en += f"; it holds {held} other patent{'s' if held > 1 else ''} of these inventors"
            ko += f", 같은 발명자의 다른 특허 {held}건 보유"
        if licensed:  # a customer already: a tech transfer office should know before calling
            en += "; it already licenses this patent"
            ko += ", 이미 이 특허를 이전받은 기업"
        return Evidence(techs, docs, paths[:3], en + ".", ko + ".")


def _inventors_patents_held(p: Projection, q: Query, held: NDArray[np.int32]) -> list[tuple[int, int]]:
    """(inventor row, patent row) for the candidate's patents (``held``) that the query's inventors invented."""
    pairs = []
    for person in q.inventors:
        theirs = _nonzero_cols(p.person_patent, int(person))
        for d in np.intersect1d(theirs, held):
            if q.patent is None or int(d) != q.patent:
                pairs.append((int(person), int(d)))
    return pairs


class CofounderRecommender(Recommender):
    """People with complementary roles and shared technologies, close in the network."""

    kind = "cofounders"
    link_label = "FOUNDED"

    def __init__(self) -> None:
        self.features = [RoleComplement(), TechnologySimilarity("person"), ContextTechnology(),
                         TextSimilarity("person"), IndustryAlignment("person"), NetworkProximity(),
                         RegionMatch("person")]

    def candidate_table(self, p: Projection) -> Table:
        return p.people

    def query_for_row(self, p: Projection, row: int) -> Query:
        orgs = _nonzero_cols(p.person_org, row)
        region = p.person_region[row] or (p.org_region[int(orgs[0])] if orgs.size else None)
        cofounders = set((p.founded @ p.founded[row].T).tocoo().row.tolist())
        return Query(text=p.person_text[row], tech=p.person_tech[row], industry=p.person_industry[row],
                     region=region, person=row, excluded=cofounders | {row})

    def query_for_text(self, p: Projection, text: str, tech_ids: list[tuple[str, float]], brings: str | None,
                       region: str | None = None) -> Query:
        """A founder not in the graph, described in words: what they work on, and what they bring (technical or
        business), which the complement looks for the other of."""
        return replace(text_query(p, text, tech_ids), brings=brings, region=region)

    def candidates(self, p: Projection, q: Query, filters: Filters) -> Rows:
        rows = [r for r in range(len(p.people)) if r not in q.excluded]
        if filters.role == "business":
            rows = [r for r in rows if p.person_roles[r] & BUSINESS_ROLES]
        elif filters.role == "technical":
            rows = [r for r in rows if p.person_roles[r] & TECHNICAL_ROLES or p.person_patent[r].nnz]
        if filters.region:
            rows = [r for r in rows if filters.region in ({p.org_region[o] for o in _nonzero_cols(p.person_org, r)}
                                                          | {p.person_region[r]})]
        if filters.industry and filters.industry in p.industries.index:
            col = p.industries.index[filters.industry]
            rows = [r for r in rows if p.person_industry[r, col] > 0.1]
        return np.asarray(rows, dtype=np.int64)

    def observed_links(self, p: Projection) -> list[tuple[int, int]]:
        together = (p.founded @ p.founded.T).tocoo()
        return [(int(a), int(b)) for a, b in zip(together.row, together.col, strict=True) if a != b]

    def link_ids(self, p: Projection, pairs: list[tuple[int, int]]) -> list[tuple[str, str]]:
        out = []
        for a, b in pairs:
            shared = np.intersect1d(_nonzero_cols(p.founded, a), _nonzero_cols(p.founded, b))
            out += [(p.people.ids[b], p.orgs.ids[int(o)]) for o in shared]
        return out

    def explain(self, p: Projection, q: Query, row: int, query_id: str | None, query_name: str) -> Evidence:
        techs = shared_technologies(p, q, p.person_tech[row])
        name = p.people.names[row]
        roles = p.person_roles[row]
        paths: list[list[Step]] = []
        if query_id is not None and q.person is not None:
            shared_patents = np.intersect1d(_nonzero_cols(p.person_patent, q.person),
                                            _nonzero_cols(p.person_patent, row))
            if shared_patents.size:
                d = int(shared_patents[0])
                paths.append([Step(query_id, query_name), Step(p.patents.ids[d], p.patents.names[d], "INVENTED"),
                              Step(p.people.ids[row], name, "INVENTED")])
            shared_orgs = np.intersect1d(_nonzero_cols(p.person_org, q.person), _nonzero_cols(p.person_org, row))
            if shared_orgs.size:
                o = int(shared_orgs[0])
                paths.append([Step(query_id, query_name), Step(p.orgs.ids[o], p.orgs.names[o], "AFFILIATED_WITH"),
                              Step(p.people.ids[row], name, "AFFILIATED_WITH")])
            if _has(p.person_person, q.person, row):
                paths.append([Step(query_id, query_name), Step(p.people.ids[row], name, "COLLABORATED_WITH")])
        role = "business" if roles & BUSINESS_ROLES else "technical"
        topics, topics_ko = _topics(techs, "en"), _topics(techs, "ko")
        where = workplace(p, row)
        en = f"{name}{f' ({where})' if where else ''} brings {role} experience" + (f" in {topics}" if topics else "")
        ko = (f"{name}{f'({where})' if where else ''}: {'사업·경영' if role == 'business' else '기술'} 역량"
              + (f", {topics_ko}" if topics_ko else ""))
        if paths:
            en += "; you are already connected"
            ko += ", 네트워크로 연결됨"
        return Evidence(techs, [], paths[:3], en + ".", ko + ".")


RECOMMENDERS: dict[str, type[Recommender]] = {
    "partners": PartnerRecommender, "licensees": LicenseeRecommender, "cofounders": CofounderRecommender,
}
