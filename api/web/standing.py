"""'Where does this one rank?' on a record's recommendations: a candidate named in a form (found by search, in
either script) placed for the record, with its score, evidence and follow-up, or why it is never offered."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.routes.recommendations import follow_up_for, own_need
from api.schemas import StandingOut
from api.web.routes import error_page, guarded, render
from graph.errors import InnolinkError, NotFound
from matcher.outreach import KINDS

router = APIRouter(include_in_schema=False)
OTHERS_SHOWN = 5


@router.get("/ui/standing/{kind}/{node_id:path}", response_class=HTMLResponse)
def standing_partial(request: Request, kind: str, node_id: str, name: str = "", candidate: str = "") -> Response:
    """The candidate ``candidate`` (an id), or the best match of ``name`` among the recommender's candidates' type,
    with the other matches offered as links."""
    principal = guarded(request)
    if isinstance(principal, Response):
        return principal
    matcher = request.app.state.matcher
    if kind not in KINDS:
        return error_page(request, NotFound("recommender", kind), principal)
    wanted = KINDS[kind][1]
    others: list[tuple[str, str]] = []
    if not candidate and name.strip():
        hits = matcher.state().search.search(name, types={wanted}, limit=OTHERS_SHOWN + 1).hits
        found = [(entry.id, entry.name) for entry, _ in hits]
        if found:
            candidate, others = found[0][0], found[1:]
    if not candidate:
        return render(request, "partials/standing.html", {"nothing": name}, principal=principal)
    try:
        if node_id.startswith("need:"):  # a saved need: its owner's (or an administrator's)
            own_need(principal, request.app.state.store, node_id)
        marks, hide = follow_up_for(principal, request.app.state.store, kind, node_id, False)
        placed = matcher.standing(kind, node_id, candidate, hide=hide)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    return render(request, "partials/standing.html", {
        "s": StandingOut.of(kind, node_id, placed, marks.get(placed.candidate_id)), "others": others,
        "rec_kind": kind, "node_id": node_id}, principal=principal)
