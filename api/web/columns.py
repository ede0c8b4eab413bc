"""Checking a file's columns before it loads (administrators): the upload form's "check the columns first" keeps
the file, this page shows which column would feed which field and why (``loaders.mapping_guess``), and the
administrator changes any choice, then loads the file with that mapping or downloads the mapping as YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.uploads import STAGED, UPLOAD_FOLDER, check_table_upload, kept_upload, new_upload_folder, save_upload
from api.web.routes import error_page, guarded, render
from graph.errors import BadRequest, InnolinkError, NotFound
from graph.schema import LoadRun
from loaders.mapping import KINDS
from loaders.mapping_guess import MappingGuess, guess_file_mapping
from loaders.public import PUBLIC_KINDS

router = APIRouter(include_in_schema=False)

def stage_upload(request: Request, file: UploadFile, kind: str, sheet: str | None, dry_run: bool,
                 reprocess: bool) -> RedirectResponse:
    """Keep an uploaded file (in a folder of its own among the jobs' folders) until its columns are chosen."""
    if kind in PUBLIC_KINDS:
        raise BadRequest(f"{kind} files are read by their own reader: their columns are not chosen", field="kind")
    check_table_upload(kind, file.filename)
    settings = request.app.state.settings
    folder = new_upload_folder(settings)
    path = save_upload(file, folder, settings.api.max_upload_mb << 20)
    (folder / STAGED).write_text(json.dumps({"kind": kind, "file": path.name, "sheet": sheet, "dry_run": dry_run,
                                             "reprocess": reprocess}), encoding="utf-8")
    return RedirectResponse(f"/admin/import/columns/{folder.name}", status_code=303)


def columns_to_check(run: LoadRun, jobs_dir: Path) -> Path | None:
    """The file whose columns an import's page offers to check, if any: an uploaded file of a canonical kind, still
    kept, that failed (a required field without a column) or left columns unread."""
    if run.kind in KINDS and run.status in ("done", "failed") and (
            run.status == "failed" or "columns not read" in (run.message or "")):
        return kept_upload(run, jobs_dir)
    return None


@router.get("/admin/imports/{run_id}/columns")
def recheck_columns(request: Request, run_id: str) -> Response:
    """The columns of an import's file, to choose and load it again: its upload is kept for that."""
    principal = guarded(request, "admin")
    if isinstance(principal, Response):
        return principal
    run = request.app.state.store.get(run_id) if run_id.startswith("run:") else None
    if not isinstance(run, LoadRun) or (
            kept := columns_to_check(run, Path(request.app.state.settings.api.jobs_dir))) is None:
        return error_page(request, NotFound("uploaded file of import", run_id), principal)
    sheet = run.file.partition("#")[2] or None  # 'book.xlsx#인력': the sheet the import read
    (kept.parent / STAGED).write_text(json.dumps({"kind": run.kind, "file": kept.name, "sheet": sheet,
                                                  "dry_run": False, "reprocess": False, "run": run.id}),
                                      encoding="utf-8")
    return RedirectResponse(f"/admin/import/columns/{kept.parent.name}", status_code=303)


def _staged(request: Request, token: str) -> tuple[Path, dict[str, object]]:
    folder = Path(request.app.state.settings.api.jobs_dir) / token
    if not UPLOAD_FOLDER.fullmatch(token) or not (folder / STAGED).is_file():
        raise NotFound("uploaded file", token)
    return folder, json.loads((folder / STAGED).read_text(encoding="utf-8"))


def _guess(request: Request, token: str) -> tuple[Path, dict[str, object], MappingGuess]:
    folder, staged = _staged(request, token)
    guess = guess_file_mapping(str(staged["kind"]), folder / str(staged["file"]),
                               sheet=str(staged["sheet"]) if staged.get("sheet") else None)
    return folder, staged, guess


@router.get("/admin/import/columns/{token}", response_class=HTMLResponse)
async def columns_page(request: Request, token: str) -> Response:
    principal = guarded(request, "admin")
    if isinstance(principal, Response):
        return principal
    try:
        _, staged, guess = await run_in_threadpool(_guess, request, token)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    return render(request, "columns.html", {"token": token, "staged": staged, "guess": guess,
                                            "chosen": {g.column: g.field for g in guess.columns},
                                            "missing": guess.missing_required()}, principal=principal)


@router.post("/admin/import/columns/{token}", response_class=HTMLResponse)
async def columns_chosen(request: Request, token: str, csrf: Annotated[str, Form()],
                         action: Annotated[str, Form()] = "load", dry_run: Annotated[bool, Form()] = False
                         ) -> Response:
    """Load the kept file with the chosen columns (``action=load``) or download them as a mapping (``yaml``).
    Each column's choice is the form's ``column-<i>`` (i: its place in the file), blank for none."""
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    form = await request.form()
    try:
        folder, staged, guess = await run_in_threadpool(_guess, request, token)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    choices = {g.column: str(form.get(f"column-{i}") or "") or None for i, g in enumerate(guess.columns)}
    chosen = {field: column for column, field in choices.items() if field}
    problem = None
    try:
        text = guess.yaml_text(choices)
    except ValueError as exc:
        problem = str(exc)
    if problem is None and action == "load" and (missing := guess.missing_required(chosen)):
        problem = f"no column chosen for the required field(s): {', '.join(missing)}"
    if problem is not None:
        return render(request, "columns.html", {"token": token, "staged": staged, "guess": guess, "chosen": choices,
                                                "missing": guess.missing_required(chosen), "problem": problem},
                      status=400, principal=principal)
    if action == "yaml":
        name = Path(str(staged["file"])).stem + ".mapping.yaml"
        return Response(text, media_type="application/yaml; charset=utf-8",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
    mapping_path = folder / "chosen-columns.yaml"
    mapping_path.write_text(text, encoding="utf-8")
    (folder / STAGED).unlink()  # the file now belongs to its import job
    path = folder / str(staged["file"])
    sheet = str(staged["sheet"]) if staged.get("sheet") else None
    job = request.app.state.jobs.submit(str(staged["kind"]), path, path.name, mapping_path, dry_run,
                                        bool(staged.get("reprocess")), sheet)
    return RedirectResponse("/admin/imports/" + quote(job.id, safe=":"), status_code=303)
