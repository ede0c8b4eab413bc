"""Recommendations: partners (company or free-text need), licensees (patent, or an invention described in words),
co-founders (person or a founder described in words)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.auth import Principal
from api.deps import MatcherDep, PrincipalDep, StoreDep, ViewerDep
from api.schemas import (
    FounderRequest,
    InventionRequest,
    NeedRequest,
    Page,
    RecommendationPageOut,
    SavedNeedCreate,
    SavedNeedPublic,
    StandingOut,
)
from graph.errors import BadRequest, Forbidden, NotFound
from graph.schema import Outreach, SavedNeed
from graph.store import GraphStore
from loaders.vocabulary import ipc_technology_ids
from matcher.outreach import follow_up
from matcher.recommenders import Filters
from matcher.saved_needs import run_saved_need
from matcher.service import Matcher, RecommendationPage

router = APIRouter(prefix="/api/v1", tags=["recommendations"])
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=100)]
IncludeDeclined = Annotated[bool, Query(description="also candidates marked declined or not a fit for this query "
                                                    "(tto role; they are left out otherwise)")]


def follow_up_for(principal: Principal, store: GraphStore, kind: str, query_id: str, include_declined: bool
                  ) -> tuple[dict[str, Outreach], frozenset[str]]:
    """The query's follow-ups, for callers who may see them (tto and admin), and who they leave out."""
    if not principal.can("tto"):
        return {}, frozenset()
    return follow_up(store, kind, query_id, include_declined=include_declined)


@router.get("/recommendations/partners", response_model=RecommendationPageOut)
def partners(principal: ViewerDep, store: StoreDep, matcher: MatcherDep, company_id: str,
             institution: str | None = None, region: str | None = None, industry: str | None = None,
             include_own_staff: bool = False, offset: Offset = 0, limit: Limit = 10, explain: bool = True,
             include_declined: IncludeDeclined = False) -> RecommendationPageOut:
    """Researchers for a company, ranked, each with its evidence (and, for the tto role, its follow-up)."""
    filters = Filters(institution=institution, region=region, industry=industry,
                      exclude_own_staff=not include_own_staff)
    marks, hide = follow_up_for(principal, store, "partners", company_id, include_declined)
    return RecommendationPageOut.of(matcher.partners(company_id=company_id, filters=filters, offset=offset,
                                                     limit=limit, explain=explain, hide=hide), marks)


@router.get("/recommendations/{kind}/standing", response_model=StandingOut)
def candidate_standing(principal: ViewerDep, store: StoreDep, matcher: MatcherDep,
                       kind: Literal["partners", "licensees", "cofounders"],
                       query_id: Annotated[str, Query(description="the company or saved need (partners), patent "
                                                                  "(licensees) or person (co-founders)")],
                       candidate_id: Annotated[str, Query(description="the researcher, company or person to place")],
                       include_declined: IncludeDeclined = False) -> StandingOut:
    """Where one candidate stands for a query: its rank, score, the parts it is made of and its evidence, even far
    down the list; or why it is never offered (the patent's owner, the company's own staff, an existing
    co-founder, an organisation that is not a company). For the tto role, its rank is its place in the list that
    leaves out the candidates the office declined (``hidden_above`` says how many of those rank above it)."""
    if query_id.startswith("need:"):  # a saved need: its owner's (or an administrator's)
        own_need(principal, store, query_id)
    marks, hide = follow_up_for(principal, store, kind, query_id, include_declined)
    found = matcher.standing(kind, query_id, candidate_id, hide=hide)
    return StandingOut.of(kind, query_id, found, marks.get(found.candidate_id))


@router.post("/recommendations/partners", response_model=RecommendationPageOut)
def partners_for_need(_: ViewerDep, matcher: MatcherDep, need: NeedRequest) -> RecommendationPageOut:
    """Researchers for a need described in Korean or English."""
    filters = Filters(institution=need.institution, region=need.region, industry=need.industry)
    return RecommendationPageOut.of(matcher.partners(text=need.text, filters=filters, offset=need.offset,
                                                     limit=need.limit))


@router.get("/recommendations/licensees", response_model=RecommendationPageOut)
def licensees(principal: ViewerDep, store: StoreDep, matcher: MatcherDep, patent_id: str, region: str | None = None,
              industry: str | None = None, offset: Offset = 0, limit: Limit = 10,
              explain: bool = True, include_declined: IncludeDeclined = False) -> RecommendationPageOut:
    """Companies likely to license a patent (never its owner); for the tto role, each with its follow-up."""
    marks, hide = follow_up_for(principal, store, "licensees", patent_id, include_declined)
    return RecommendationPageOut.of(matcher.licensees(patent_id, filters=Filters(region=region, industry=industry),
                                                      offset=offset, limit=limit, explain=explain, hide=hide), marks)


@router.post("/recommendations/licensees", response_model=RecommendationPageOut)
def licensees_for_invention(_: ViewerDep, matcher: MatcherDep, invention: InventionRequest) -> RecommendationPageOut:
    """Companies likely to license an invention not in the graph (a disclosure before filing), described in words
    with its IPC codes and inventors; an inventor id the graph does not hold is a 404 naming it."""
    return RecommendationPageOut.of(matcher.licensees(
        text=invention.text, technologies=ipc_technology_ids(invention.ipc_codes), inventors=invention.inventor_ids,
        filters=Filters(region=invention.region, industry=invention.industry), offset=invention.offset,
        limit=invention.limit))


@router.get("/recommendations/cofounders", response_model=RecommendationPageOut)
def cofounders(principal: ViewerDep, store: StoreDep, matcher: MatcherDep, person_id: str,
               role: Literal["technical", "business"] | None = None, region: str | None = None,
               industry: str | None = None, offset: Offset = 0, limit: Limit = 10, explain: bool = True,
               include_declined: IncludeDeclined = False) -> RecommendationPageOut:
    """People with complementary skills (never someone already a co-founder); for the tto role, each with its
    follow-up."""
    filters = Filters(role=role, region=region, industry=industry)
    marks, hide = follow_up_for(principal, store, "cofounders", person_id, include_declined)
    return RecommendationPageOut.of(matcher.cofounders(person_id, filters=filters, offset=offset, limit=limit,
                                                       explain=explain, hide=hide), marks)


@router.post("/recommendations/cofounders", response_model=RecommendationPageOut)
def cofounders_for_founder(_: ViewerDep, matcher: MatcherDep, founder: FounderRequest) -> RecommendationPageOut:
    """People with complementary skills for a founder described in words (not in the graph)."""
    filters = Filters(role=founder.role, region=founder.region, industry=founder.industry)
    return RecommendationPageOut.of(matcher.cofounders(text=founder.text, brings=founder.brings, filters=filters,
                                                       offset=founder.offset, limit=founder.limit))


def _need_public(need: SavedNeed) -> SavedNeedPublic:
    return SavedNeedPublic(id=need.id, name=need.name, text=need.text, filters=json.loads(need.filters),
                           owner=need.owner, created_at=need.created_at, last_run_at=need.last_run_at)


@router.post("/needs", response_model=SavedNeedPublic, status_code=201)
def save_need(principal: PrincipalDep, store: StoreDep, body: SavedNeedCreate) -> SavedNeedPublic:
    principal.require("viewer")
    filters = {k: v for k, v in body.model_dump().items() if k in ("institution", "region", "industry") and v}
    need = SavedNeed(id=f"need:{uuid.uuid4().hex[:12]}", name=body.name, text=body.text,
                     filters=json.dumps(filters, ensure_ascii=False), owner=principal.key_id or principal.name,
                     created_at=datetime.now(UTC), source="api")
    store.upsert_nodes([need])
    return _need_public(need)


@router.get("/needs", response_model=Page[SavedNeedPublic])
def list_needs(principal: PrincipalDep, store: StoreDep, offset: Offset = 0, limit: Limit = 50
               ) -> Page[SavedNeedPublic]:
    principal.require("viewer")
    owner = principal.key_id or principal.name
    where = None if principal.can("admin") else {"owner": owner}
    needs = store.list_nodes("SavedNeed", where=where, order_by="created_at", descending=True, offset=offset,
                             limit=limit)
    return Page(data=[_need_public(n) for n in needs if isinstance(n, SavedNeed)],
                count=store.count("SavedNeed", where=where), offset=offset, limit=limit)


def own_need(principal: Principal, store: GraphStore, need_id: str) -> SavedNeed:
    """The caller's saved need (an administrator's: anyone's); 404 for no such need, 403 for another's."""
    need = store.get(need_id) if need_id.startswith("need:") else None
    if not isinstance(need, SavedNeed):
        raise NotFound("saved need", need_id)
    if need.owner != (principal.key_id or principal.name) and not principal.can("admin"):
        raise Forbidden("this need belongs to someone else")
    return need


def recommendations_of(principal: Principal, store: GraphStore, matcher: Matcher, kind: str, query_id: str, *,
                       offset: int, limit: int, hide: frozenset[str]) -> tuple[RecommendationPage, frozenset[str]]:
    """One page of a record's recommendations, or of a saved need's researchers shown again within a visit with
    those new since the visit before (the caller's need: ``own_need``)."""
    if query_id.startswith("need:"):
        if kind != "partners":
            raise BadRequest("a saved need has researchers (partners), not licensees or co-founders",
                             fields=["query_id"])
        need = own_need(principal, store, query_id)
        return run_saved_need(matcher, store, need, offset=offset, limit=limit, hide=hide, visit=False)
    if kind == "partners":
        return matcher.partners(company_id=query_id, offset=offset, limit=limit, hide=hide), frozenset()
    if kind == "licensees":
        return matcher.licensees(query_id, offset=offset, limit=limit, hide=hide), frozenset()
    if kind == "cofounders":
        return matcher.cofounders(query_id, offset=offset, limit=limit, hide=hide), frozenset()
    raise NotFound("recommender", kind)


@router.get("/needs/{need_id}/recommendations", response_model=RecommendationPageOut)
def run_need(principal: PrincipalDep, store: StoreDep, matcher: MatcherDep, need_id: str, offset: Offset = 0,
             limit: Limit = 10, include_declined: IncludeDeclined = False) -> RecommendationPageOut:
    """Run a saved need again against today's graph: researchers no earlier run showed are flagged ``new`` (for the
    tto role, each with its follow-up)."""
    principal.require("viewer")
    need = own_need(principal, store, need_id)
    marks, hide = follow_up_for(principal, store, "partners", need.id, include_declined)
    page, new = run_saved_need(matcher, store, need, offset=offset, limit=limit, hide=hide)
    return RecommendationPageOut.of(page, marks, new)


@router.delete("/needs/{need_id}", status_code=204)
def delete_need(principal: PrincipalDep, store: StoreDep, need_id: str) -> None:
    principal.require("viewer")
    store.delete_nodes([own_need(principal, store, need_id).id])
