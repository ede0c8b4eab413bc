"""Following up recommendations in the web UI (tto role): the form beside each recommended candidate, and the page
listing every follow-up (``/outreach``) with its spreadsheet export, which comes back edited as an upload."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from api.auth import Principal
from api.uploads import save_upload
from api.web.i18n import translator
from api.web.routes import error_page, guarded, lang_of, recommendations_list, render
from graph.errors import InnolinkError
from graph.schema import OutreachStatus
from matcher.outreach import KINDS, deleted_names, list_marks, mark, names_of
from matcher.outreach_files import FollowUpReport, apply_follow_ups, read_follow_ups

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.post("/ui/outreach", response_class=HTMLResponse)
def set_follow_up(request: Request, csrf: Annotated[str, Form()], kind: Annotated[str, Form()],
                  query_id: Annotated[str, Form()], candidate_id: Annotated[str, Form()],
                  status: Annotated[str, Form()], note: Annotated[str, Form()] = "", page: Annotated[int, Form()] = 1,
                  include_declined: Annotated[bool, Form()] = False) -> Response:
    """Set a candidate's follow-up from its recommendation, then show that page of recommendations again."""
    principal = guarded(request, "tto", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    try:
        mark(request.app.state.store, kind, query_id, candidate_id, status, note=note, by=principal.name)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    return recommendations_list(request, principal, kind, query_id, page, include_declined,
                                notice=translator(lang_of(request))["follow_up_saved"])


@router.get("/outreach", response_class=HTMLResponse)
def follow_ups_page(request: Request, status: str = "", kind: str = "", page: int = 1) -> Response:
    """Every follow-up, most recently changed first, filtered by status and recommender."""
    principal = guarded(request, "tto")
    if isinstance(principal, Response):
        return principal
    return _page(request, principal, status, kind, page)


@router.post("/outreach/apply", response_class=HTMLResponse)
def upload_follow_ups(request: Request, csrf: Annotated[str, Form()], follow_ups: Annotated[UploadFile, File()],
                      check_only: Annotated[bool, Form()] = False) -> Response:
    """Apply a follow-up file (the export, edited), then show the page with what was done and what was not."""
    principal = guarded(request, "tto", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    folder = Path(tempfile.mkdtemp(prefix="innolink-follow-ups-"))
    try:
        path = save_upload(follow_ups, folder, request.app.state.settings.api.max_upload_mb << 20)
        report = apply_follow_ups(request.app.state.store, read_follow_ups(path), by=principal.name,
                                  dry_run=check_only)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _page(request, principal, "", "", 1, applied=report, applied_file=path.name)


def _page(request: Request, principal: Principal, status: str, kind: str, page: int, *,
          applied: FollowUpReport | None = None, applied_file: str = "") -> Response:
    store = request.app.state.store
    status = status if status in {s.value for s in OutreachStatus} else ""
    kind = kind if kind in KINDS else ""
    page = max(1, page)
    records, count = list_marks(store, kind=kind or None, status=status or None, offset=(page - 1) * PAGE_SIZE,
                                limit=PAGE_SIZE)
    names = names_of(store, records)
    return render(request, "outreach.html", {
        "records": records, "names": names, "deleted": deleted_names(store, records, names), "count": count,
        "page": page, "page_size": PAGE_SIZE,
        "status": status, "kind": kind, "statuses": [s.value for s in OutreachStatus], "kinds": list(KINDS),
        "applied": applied, "applied_file": applied_file}, principal=principal)
