"""The dashboard's counts and a tech-transfer office's portfolio with top licensees (JSON or CSV)."""

from __future__ import annotations

import csv
import io
from typing import Annotated
from urllib.parse import quote

import numpy as np
from fastapi import APIRouter, Query, Response

from api.deps import MatcherDep, StoreDep, TtoDep, ViewerDep
from api.schemas import NamedCount, PortfolioRow, RecommendationOut, RecommendationPageOut, Stats, YearCount
from graph.errors import NotFound
from graph.store import GraphStore
from loaders.curation import neutralise
from matcher.outreach import hidden_candidates, marks_for_many
from matcher.service import Matcher

router = APIRouter(prefix="/api/v1", tags=["dashboard"])


@router.get("/stats", response_model=Stats)
def stats(_: ViewerDep, store: StoreDep, matcher: MatcherDep) -> Stats:
    p = matcher.state().projection
    org_industry = np.asarray((p.org_industry > 0).sum(axis=0)).ravel()
    by_industry = sorted((NamedCount(id=p.industries.ids[i], name=p.industries.names[i], count=int(c))
                          for i, c in enumerate(org_industry)), key=lambda t: -t.count)
    people_per_org = np.asarray(p.person_org.sum(axis=0)).ravel()
    by_institution = sorted((NamedCount(id=p.orgs.ids[i], name=p.orgs.names[i], count=int(c))
                             for i, c in enumerate(people_per_org) if c and p.org_kind[i] != "company"),
                            key=lambda t: -t.count)[:15]
    kinds, per_kind = np.unique(np.asarray(p.org_kind, dtype=str), return_counts=True)
    by_kind = sorted((NamedCount(id=str(k), name=str(k), count=int(c)) for k, c in zip(kinds, per_kind, strict=True)),
                     key=lambda t: -t.count)
    years, counts = np.unique(p.patent_year[p.patent_year > 0], return_counts=True)
    nodes = {k: v for k, v in store.count_nodes().items()
             if k in ("Organization", "Person", "Patent", "Publication", "Project", "Technology", "Industry")}
    return Stats(nodes=nodes, relationships=store.count_edges(), by_industry=by_industry,
                 by_institution=by_institution, by_kind=by_kind,
                 by_year=[YearCount(year=int(y), count=int(c)) for y, c in zip(years, counts, strict=True)],
                 graph_version=p.version)


def portfolio(matcher: Matcher, store: GraphStore, org_id: str, top: int, limit: int) -> list[PortfolioRow]:
    """An institution's patents, newest first, each with its top licensees and their follow-up (the office's own
    view: those it marked declined or not a fit are left out)."""
    p = matcher.state().projection
    row = p.orgs.index.get(org_id)
    if row is None:
        raise NotFound("organization", org_id)
    patents = sorted(p.org_patent[row].indices.tolist(), key=lambda d: (-p.patent_year[d], p.patents.ids[d]))[:limit]
    marks = marks_for_many(store, "licensees", [p.patents.ids[d] for d in patents])
    out = []
    for d in patents:
        patent_id = p.patents.ids[d]
        found = matcher.licensees(patent_id, limit=top, hide=hidden_candidates(marks[patent_id]))
        page = RecommendationPageOut.of(found, marks[patent_id])
        out.append(PortfolioRow(patent_id=patent_id, title=p.patents.names[d], year=int(p.patent_year[d]),
                                licensees=page.data))
    return out


@router.get("/portfolio/{org_id}.csv", response_class=Response)
def portfolio_csv(_: TtoDep, store: StoreDep, matcher: MatcherDep, org_id: str,
                  top: Annotated[int, Query(ge=1, le=10)] = 3,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Response:
    """The same as CSV for a spreadsheet; cells starting with = + - @ are neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["patent_id", "title", "year", "rank", "licensee_id", "licensee", "score", "why", "follow_up",
                     "follow_up_note"])
    for row in portfolio(matcher, store, org_id, top, limit):
        for rec in row.licensees or [RecommendationOut(rank=0, id="", name="", score=0.0, parts={}, evidence=None)]:
            why = rec.evidence.sentence_en if rec.evidence else ""
            status, note = (rec.outreach.status.value, rec.outreach.note or "") if rec.outreach else ("", "")
            writer.writerow([neutralise(str(v)) for v in (row.patent_id, row.title, row.year, rec.rank, rec.id,
                                                           rec.name, rec.score, why, status, note)])
    filename = f"portfolio-{org_id.replace(':', '_')}.csv"
    disposition = f"attachment; filename=\"portfolio.csv\"; filename*=UTF-8''{quote(filename)}"  # RFC 6266/5987
    return Response("\ufeff" + buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": disposition})


@router.get("/portfolio/{org_id}", response_model=list[PortfolioRow])
def portfolio_json(_: TtoDep, store: StoreDep, matcher: MatcherDep, org_id: str,
                   top: Annotated[int, Query(ge=1, le=10)] = 3,
                   limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[PortfolioRow]:
    """An institution's patents, newest first, each with its top licensees and their follow-up (those marked
    declined or not a fit left out)."""
    return portfolio(matcher, store, org_id, top, limit)
