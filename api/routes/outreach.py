"""Following up recommendations (tto role): set where the office stands with a recommended candidate, list and
export the follow-ups, forget one."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.deps import StoreDep, TtoDep
from api.schemas import OutreachPublic, OutreachSet, Page
from graph.schema import OutreachStatus
from matcher.outreach import list_marks, mark, marks_csv, names_of, unmark

router = APIRouter(prefix="/api/v1", tags=["outreach"])
Kind = Literal["partners", "licensees", "cofounders"]
EXPORT_LIMIT = 100_000


@router.put("/outreach", response_model=OutreachPublic, responses={201: {"model": OutreachPublic}})
def set_outreach(principal: TtoDep, store: StoreDep, body: OutreachSet, response: Response) -> OutreachPublic:
    """Set a candidate's status for a query (201 when it is the first; the status it replaces joins the history).
    A query or candidate the graph does not hold is a 404, one of the wrong type a 422 naming the field."""
    record, outcome = mark(store, body.kind, body.query_id, body.candidate_id, body.status, note=body.note,
                           by=principal.name)
    if outcome == "created":
        response.status_code = 201
    return OutreachPublic.of(record, names_of(store, [record]))


@router.get("/outreach", response_model=Page[OutreachPublic])
def list_outreach(_: TtoDep, store: StoreDep, kind: Kind | None = None, query_id: str | None = None,
                  candidate_id: str | None = None, status: OutreachStatus | None = None,
                  offset: Annotated[int, Query(ge=0)] = 0,
                  limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Page[OutreachPublic]:
    """Follow-ups, most recently changed first, with the names of their queries and candidates; ``candidate_id``
    answers "what have we offered this company, and how did it go?"."""
    records, count = list_marks(store, kind=kind, query_id=query_id, candidate_id=candidate_id, status=status,
                                offset=offset, limit=limit)
    names = names_of(store, records)
    return Page(data=[OutreachPublic.of(r, names) for r in records], count=count, offset=offset, limit=limit)


@router.get("/outreach.csv", response_class=Response)
def export_outreach(_: TtoDep, store: StoreDep, kind: Kind | None = None, query_id: str | None = None,
                    candidate_id: str | None = None, status: OutreachStatus | None = None) -> Response:
    """The follow-ups as a spreadsheet (UTF-8 with BOM): query, candidate, status, note, who, when, history."""
    records, _count = list_marks(store, kind=kind, query_id=query_id, candidate_id=candidate_id, status=status,
                                 limit=EXPORT_LIMIT)
    return Response(marks_csv(store, records), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="outreach.csv"'})


@router.delete("/outreach/{outreach_id}", status_code=204)
def delete_outreach(_: TtoDep, store: StoreDep, outreach_id: str) -> None:
    """Forget a candidate's follow-up with its history."""
    unmark(store, outreach_id)
