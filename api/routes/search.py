"""One search over names, titles and technologies."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import MatcherDep, ViewerDep
from api.schemas import FacetValue, SearchHit

router = APIRouter(prefix="/api/v1", tags=["search"])
EntityType = Literal["Organization", "Person", "Patent", "Publication", "Project", "Technology", "Industry"]


class SearchPage(BaseModel):
    data: list[SearchHit]
    count: int
    offset: int
    limit: int
    facets: dict[str, list[FacetValue]]
    facet_names: dict[str, str]


@router.get("/search", response_model=SearchPage)
def search(
    _: ViewerDep, matcher: MatcherDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words in Korean or English; typos are fine")],
    type: Annotated[list[EntityType] | None, Query()] = None,
    region: str | None = None, year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    institution: str | None = None, industry: str | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0, limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchPage:
    index = matcher.state().search
    result = index.search(q, types=set(type) if type else None, region=region, year=year, institution=institution,
                          industry=industry, offset=offset, limit=limit)
    hits = [SearchHit(id=e.id, type=e.type, name=e.name, detail=e.detail, score=s) for e, s in result.hits]
    names = {k: index.names.get(k, k) for values in result.facets.values() for k, _ in values}
    facets = {k: [FacetValue(value=v, count=n) for v, n in values] for k, values in result.facets.items()}
    return SearchPage(data=hits, count=result.count, offset=offset, limit=limit, facets=facets, facet_names=names)
