"""Features of a (query, candidate) pair: small named classes that return one number per candidate.

They read the projection only (no store, no backend): the query is a ``Query`` (profiles and rows of the
entity asking), candidates are row numbers of the entity type being ranked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matcher.projection import BUSINESS_ROLES, TECHNICAL_ROLES, Projection
from matcher.text import Matrix, dot_row, l2

Rows = NDArray[np.int64]
Vector = NDArray[np.float64]
Target = Literal["person", "org"]


@dataclass
class Query:
    """What is asking: profiles (1-row matrices) and, when it is in the graph, its rows."""

    text: Matrix | None = None
    tech: Matrix | None = None
    tech_raw: Matrix | None = None
    industry: Matrix | None = None
    region: str | None = None
    org: int | None = None
    patent: int | None = None
    person: int | None = None
    inventors: Rows = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """People rows of the query patent's inventors (a patent in the graph, or one the caller describes)."""
    excluded: set[int] = field(default_factory=set)
    brings: str | None = None
    """What a founder described in text brings: "technical" or "business" (a person in the graph: their roles)."""


class Feature:
    name: ClassVar[str]

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        raise NotImplementedError


class TargetedFeature(Feature):
    """A feature computed for either kind of candidate: people or organisations."""

    def __init__(self, target: Target) -> None:
        self.target = target


def _vector(values: object) -> Vector:
    return np.asarray(values, dtype=np.float64).ravel()


def _cosine(query: Matrix | None, matrix: Matrix, rows: Rows) -> Vector:
    if query is None or query.nnz == 0 or rows.size == 0:
        return np.zeros(rows.size)
    if rows.size * 4 < matrix.shape[0]:
        return dot_row(matrix[rows], query)
    # most rows wanted (a shortlist over every candidate): one product, no copy of the rows
    return dot_row(matrix, query)[rows]


def _row(matrix: Matrix, row: int | None, rows: Rows) -> Vector:
    if row is None or rows.size == 0:
        return np.zeros(rows.size)
    return np.asarray(matrix[row, rows].todense()).ravel().astype(np.float64)


class TextSimilarity(TargetedFeature):
    """Cosine of the query's text profile with the candidate's (its own text and its documents')."""

    name = "text"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        return _cosine(q.text, p.person_text if self.target == "person" else p.org_text, rows)


class ClosestDocument(TargetedFeature):
    """Cosine of the query's text with the candidate's closest patent or paper. A pooled profile dilutes an
    inventor's many subjects; one document that reads like the need is strong evidence on its own."""

    name = "closest_document"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if q.text is None or q.text.nnz == 0 or rows.size == 0:
            return np.zeros(rows.size)
        if self.target == "org":
            return closest_document(p.org_patent[rows], p.patent_text, q.text)
        return np.maximum(closest_document(p.person_patent[rows], p.patent_text, q.text),
                          closest_document(p.person_pub[rows], p.pub_text, q.text))


def closest_document(owned: Matrix, documents: Matrix, query: Matrix) -> Vector:
    """Per row of ``owned`` (rows × documents, non-zero where a row holds a document): the highest cosine of
    ``query`` with one of its documents (0 for a row with none). Only the documents held are compared."""
    owned = sp.csr_matrix(owned)
    out = np.zeros(owned.shape[0])
    if owned.nnz == 0:
        return out
    held, entry_document = np.unique(owned.indices, return_inverse=True)
    per_entry = dot_row(documents[held], query)[entry_document]
    starts = owned.indptr[:-1]
    filled = np.diff(owned.indptr) > 0
    out[filled] = np.maximum.reduceat(per_entry, starts[filled])
    return out


class TechnologySimilarity(TargetedFeature):
    """IDF-weighted cosine of technology profiles: rare shared technologies count most."""

    name = "technology"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        return _cosine(q.tech, p.person_tech if self.target == "person" else p.org_tech, rows)


class IndustryAlignment(TargetedFeature):
    """Cosine of focus-industry profiles (declared industries and technologies' industries)."""

    name = "industry"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        return _cosine(q.industry, p.person_industry if self.target == "person" else p.org_industry, rows)


class TechnologyPatentPath(TargetedFeature):
    """Metapath query–technology–patent–candidate: how much of the candidate's patenting uses the query's
    technologies (log-scaled, IDF-weighted)."""

    name = "metapath"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if q.tech is None or q.tech.nnz == 0 or rows.size == 0:
            return np.zeros(rows.size)
        patent_scores = p.patent_tech @ q.tech.T
        owners = p.person_patent if self.target == "person" else p.org_patent
        return _vector(np.log1p(np.asarray((owners[rows] @ patent_scores).todense()).ravel()))


class PriorCollaboration(Feature):
    """Links between a company and a researcher before now: direct collaboration, a joint project, a shared
    patent, or collaboration with the researcher's institution."""

    name = "prior_collaboration"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if q.org is None or rows.size == 0:
            return np.zeros(rows.size)
        direct = _row(p.org_person_collab, q.org, rows)
        project = _row(p.org_person_project, q.org, rows)
        own_patents = p.org_patent[q.org]
        shared = dot_row(p.person_patent[rows], own_patents) > 0
        with_institution = dot_row(p.person_org[rows], p.org_org_collab[q.org]) > 0
        return _vector(np.minimum(1.0, direct + 0.6 * project + 0.6 * shared + 0.3 * with_institution))


class RegionMatch(TargetedFeature):
    name = "region"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if not q.region:
            return np.zeros(rows.size)
        if self.target == "org":
            return np.array([1.0 if p.org_region[r] == q.region else 0.0 for r in rows])
        own = np.array([p.person_region[r] == q.region for r in rows], dtype=bool)
        affiliated = p.person_org[rows]  # one slice; then the region of each affiliation
        at_region = np.array([p.org_region[o] == q.region for o in affiliated.indices], dtype=np.float64)
        running = np.concatenate([[0.0], np.cumsum(at_region)])
        through_org = running[affiliated.indptr[1:]] - running[affiliated.indptr[:-1]]  # per candidate
        return np.asarray(own | (through_org > 0), dtype=np.float64)


class Capacity(TargetedFeature):
    """Track record: patents and papers for a researcher; staff, patents and past licences for a company."""

    name = "capacity"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if self.target == "person":
            counts = p.person_patent.getnnz(1)[rows] + p.person_pub.getnnz(1)[rows]
            return np.log1p(counts.astype(np.float64)) / 5.0
        return (np.log1p(p.org_size[rows].astype(np.float64)) / 10.0
                + np.log1p(p.org_patent.getnnz(1)[rows].astype(np.float64)) / 5.0)


class LicensingHistory(Feature):
    name = "licensing_history"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        return np.log1p(p.licensed.getnnz(0)[rows].astype(np.float64))


class CitationLink(Feature):
    """The company's patents cite the query patent, are cited by it, or cite what it cites."""

    name = "citation"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if q.patent is None or rows.size == 0:
            return np.zeros(rows.size)
        cites = p.patent_cites
        cited = cites.indices[cites.indptr[q.patent]:cites.indptr[q.patent + 1]]
        weights: dict[int, float] = defaultdict(float)
        for d in (*cited, *p.column("patent_cites", q.patent)):  # what it cites and what cites it
            weights[int(d)] += 1.0
        for t in cited:  # patents citing what it cites (itself included, as a product of the matrices would)
            for d in p.column("patent_cites", int(t)):
                weights[int(d)] += 0.5
        if not weights:
            return np.zeros(rows.size)
        keys = np.fromiter(weights, dtype=np.int64, count=len(weights))
        values = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
        signal = sp.csr_matrix((values, (np.zeros(keys.size, dtype=np.int64), keys)), shape=(1, cites.shape[0]))
        return _vector(np.log1p(dot_row(p.org_patent[rows], signal)))


class InventorLink(Feature):
    """The patent's inventors already work with the company (collaborated with it or founded it)."""

    name = "inventor_link"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if q.inventors.size == 0 or rows.size == 0:
            return np.zeros(rows.size)
        collaborated = p.org_person_collab[rows][:, q.inventors].getnnz(axis=1)
        founded = p.founded[q.inventors][:, rows].getnnz(axis=0)
        return _vector(np.minimum(1.0, collaborated + founded))


def inventor_holdings(p: Projection, q: Query) -> tuple[Rows, Vector]:
    """Organisations holding other patents of the query patent's inventors, and how many each holds
    (sorted by organisation row). Read through the patents' columns: a few dozen patents, not every company."""
    if q.inventors.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    held = p.person_patent[q.inventors]
    patents = np.unique(held.indices)
    if q.patent is not None:
        patents = patents[patents != q.patent]
    holders = [p.column("org_patent", int(d)) for d in patents]
    if not holders:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    orgs, counts = np.unique(np.concatenate(holders).astype(np.int64), return_counts=True)
    return orgs, counts.astype(np.float64)


class InventorHistory(Feature):
    """The company already holds other patents of this patent's inventors: log(1 + how many). On PatentsView
    this alone finds a hidden assignee in the top ten for 0.785 of test patents (text: 0.4-0.5)."""

    name = "inventor_history"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        orgs, counts = inventor_holdings(p, q)
        if orgs.size == 0 or rows.size == 0:
            return np.zeros(rows.size)
        at = np.minimum(np.searchsorted(orgs, rows), orgs.size - 1)
        return np.where(orgs[at] == rows, np.log1p(counts[at]), 0.0)


class RoleComplement(Feature):
    """Technical founders need business partners and the other way round."""

    name = "complement"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if q.person is not None:
            mine = p.person_roles[q.person]
            technical = bool(mine & TECHNICAL_ROLES) or bool(p.person_patent[q.person].nnz)
            business = bool(mine & BUSINESS_ROLES)
        elif q.brings in ("technical", "business"):
            technical, business = q.brings == "technical", q.brings == "business"
        else:
            return np.zeros(rows.size)
        out = np.zeros(rows.size)
        for i, r in enumerate(rows):
            theirs = p.person_roles[r]
            other_business = bool(theirs & BUSINESS_ROLES)
            other_technical = bool(theirs & TECHNICAL_ROLES) or bool(p.person_patent[r].nnz)
            if (technical and other_business and not business) or (business and other_technical and not
                                                                   other_business):
                out[i] = 1.0
            elif technical and other_technical:
                out[i] = 0.3
            else:
                out[i] = 0.2
        return out


class ContextTechnology(Feature):
    """Technology fit counting each person's organisations too: a business founder's company knows its
    field even when the person lists only management skills."""

    name = "context"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if rows.size == 0:
            return np.zeros(rows.size)
        if q.person is not None:
            mine = l2(sp.csr_matrix(p.person_tech[q.person] + p.person_org[q.person] @ p.org_tech))
        elif q.tech is not None:  # a founder described in words: the technologies their text names
            mine = l2(sp.csr_matrix(q.tech))
        else:
            return np.zeros(rows.size)
        theirs = l2(sp.csr_matrix(p.person_tech[rows] + p.person_org[rows] @ p.org_tech))
        return dot_row(theirs, mine)


class NetworkProximity(Feature):
    """Closeness in the people graph (collaborations, co-invention, co-authorship): direct ties and shared
    acquaintances."""

    name = "network"

    def __call__(self, p: Projection, q: Query, rows: Rows) -> Vector:
        if q.person is None or rows.size == 0:
            return np.zeros(rows.size)
        mine = p.person_person[q.person]
        direct = _row(p.person_person, q.person, rows)
        common = dot_row(p.person_person[rows], mine)
        same_org = dot_row(p.person_org[rows], p.person_org[q.person]) > 0
        return _vector(np.minimum(1.0, direct + 0.3 * np.log1p(common) + 0.4 * same_org))


def feature_matrix(features: list[Feature], p: Projection, q: Query, rows: Rows) -> NDArray[np.float64]:
    """Candidates × features."""
    if rows.size == 0:
        return np.zeros((0, len(features)))
    return np.column_stack([f(p, q, rows) for f in features])
