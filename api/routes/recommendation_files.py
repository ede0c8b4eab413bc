"""A record's recommendations as a spreadsheet, to share or work through away from the web UI: a company's
researchers, a patent's possible licensees, a person's co-founders, a saved need's researchers."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Response

from api.deps import MatcherDep, PrincipalDep, StoreDep
from api.routes.recommendations import IncludeDeclined, follow_up_for, recommendations_of
from api.schemas import RecommendationOut, RecommendationPageOut
from loaders.curation import neutralise

router = APIRouter(prefix="/api/v1", tags=["recommendations"])

COLUMNS = ["rank", "candidate_id", "candidate", "score", "why", "이유", "shared_technologies", "similar_documents",
           "new", "follow_up", "follow_up_note"]
"""``new``: a saved need's researcher not in its top at the visit before (``matcher.saved_needs``)."""


@router.get("/recommendations/{kind}.csv", response_class=Response)
def recommendations_csv(principal: PrincipalDep, store: StoreDep, matcher: MatcherDep,
                        kind: Literal["partners", "licensees", "cofounders"],
                        query_id: Annotated[str, Query(min_length=1, description="the company or saved need "
                                                       "(partners), patent (licensees) or person (co-founders)")],
                        limit: Annotated[int, Query(ge=1, le=100)] = 50,
                        include_declined: IncludeDeclined = False) -> Response:
    """The top ``limit`` recommendations for a record (or a saved need) as CSV (UTF-8 with BOM, opens in Excel):
    rank, candidate, score, why in English and Korean, the technologies shared and the most similar documents, for a
    saved need whether it is new since the visit before (exporting is not a visit), and, for the tto role, the
    follow-up (the declined left out unless ``include_declined``). Cells starting with = + - @ are neutralised."""
    principal.require("viewer")
    marks, hide = follow_up_for(principal, store, kind, query_id, include_declined)
    page, new = recommendations_of(principal, store, matcher, kind, query_id, offset=0, limit=limit, hide=hide)
    body = recommendations_table(RecommendationPageOut.of(page, marks, new).data)
    filename = f"{kind}-{query_id.replace(':', '_')}.csv"
    disposition = f"attachment; filename=\"{kind}.csv\"; filename*=UTF-8''{quote(filename)}"  # RFC 6266/5987
    return Response(body, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})


def recommendations_table(recommendations: list[RecommendationOut]) -> str:
    """The rows of ``COLUMNS`` for ``recommendations``, as CSV text with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for r in recommendations:
        evidence = r.evidence
        technologies = "; ".join(f"{t.label_ko or t.label} / {t.label}" if t.label_ko and t.label_ko != t.label
                                 else t.label for t in evidence.technologies) if evidence else ""
        documents = "; ".join(d.title for d in evidence.documents) if evidence else ""
        status, note = (r.outreach.status.value, r.outreach.note or "") if r.outreach else ("", "")
        writer.writerow([neutralise(str(v)) for v in (
            r.rank, r.id, r.name, r.score, evidence.sentence_en if evidence else "",
            evidence.sentence_ko if evidence else "", technologies, documents, "new" if r.new else "", status, note)])
    return "\ufeff" + buffer.getvalue()
