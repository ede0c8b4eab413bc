"""The duplicate review as a spreadsheet, for administrators: every open pair as one CSV (the review report, with a
blank decision column), and that file uploaded back with approve or reject (승인 / 거절) written in."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from api.uploads import save_upload
from api.web.admin import admin_context
from api.web.routes import error_page, guarded, render
from graph.errors import InnolinkError
from loaders.curation import review_report_text
from loaders.review_decisions import apply_decisions, read_decisions

router = APIRouter(include_in_schema=False)


@router.get("/admin/reviews.csv")
def open_reviews_report(request: Request) -> Response:
    """Every open review item: the review report an administrator fills in and uploads back."""
    principal = guarded(request, "admin")
    if isinstance(principal, Response):
        return principal
    return Response(review_report_text(request.app.state.store), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="review.csv"'})


@router.post("/admin/reviews/decisions")
def upload_decisions(request: Request, csrf: Annotated[str, Form()], decisions: Annotated[UploadFile, File()],
                     check_only: Annotated[bool, Form()] = False) -> Response:
    """Apply a decisions file, then show the administration page with what was done and what was not."""
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    store = request.app.state.store
    folder = Path(tempfile.mkdtemp(prefix="innolink-decisions-"))
    try:
        path = save_upload(decisions, folder, request.app.state.settings.api.max_upload_mb << 20)
        report = apply_decisions(store, read_decisions(path), decided_by=principal.name, dry_run=check_only)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return render(request, "admin.html", {**admin_context(store), "decided": report, "decided_file": path.name},
                  principal=principal)
