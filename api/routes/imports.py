"""Imports (administrators): upload a file → a background job with progress, counts, a rejects report and a
review report."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import Response

from api.deps import AdminDep, JobsDep, SettingsDep, StoreDep
from api.schemas import ColumnGuessOut, ImportJobPublic, KeptCorrectionOut, MappingSuggestionOut, Page
from api.uploads import check_table_upload, new_upload_folder, save_upload
from graph.errors import BadRequest, InnolinkError, NotFound, UnsupportedFormat
from graph.schema import LoadRun
from graph.store import GraphReader
from loaders.mapping import KINDS, load_mapping
from loaders.mapping_guess import guess_file_mapping
from loaders.public import PUBLIC_KINDS, PUBLIC_SUFFIXES
from loaders.readers import FORMAT_NAMES, ONLY_WORKBOOKS_HAVE_SHEETS, WORKBOOKS
from loaders.reasons_ko import note_in_korean
from loaders.run_reports import has_report, run_report, stored_reports

router = APIRouter(prefix="/api/v1/imports", tags=["imports"])


def job_public(run: LoadRun, store: GraphReader | None = None, reports: set[str] | None = None) -> ImportJobPublic:
    """An import as the API shows it; its reports' copies in the graph are looked up in ``store`` unless ``reports``
    names them (``run_reports.stored_reports``; a job just queued has none)."""
    if reports is None:
        reports = stored_reports(store, [run]) if store is not None else set()
    return ImportJobPublic(
        id=run.id, kind=run.kind, file=run.file, status=run.status, dry_run=run.dry_run, total=run.total,
        processed=run.processed, created=run.created, updated=run.updated, unchanged=run.unchanged,
        merged=run.merged, review=run.review, rejected=run.rejected, message=run.message,
        message_ko=note_in_korean(run.message) if run.message else None,
        started_at=run.started_at, finished_at=run.finished_at, heard_at=run.heard_at,
        rejects_url=f"/api/v1/imports/{run.id}/rejects.csv" if has_report(run, "rejects", reports) else None,
        review_url=f"/api/v1/imports/{run.id}/review.csv" if has_report(run, "review", reports) else None,
        corrections=[KeptCorrectionOut.model_validate(c) for c in json.loads(run.corrections or "[]")],
    )


@router.post("", response_model=ImportJobPublic, status_code=202)
def create_import(
    _: AdminDep, settings: SettingsDep, jobs: JobsDep,
    file: Annotated[UploadFile, File(description=FORMAT_NAMES)],
    kind: Annotated[str, Form(description=", ".join(KINDS) + "; or a public format: " + ", ".join(PUBLIC_KINDS))],
    mapping: Annotated[UploadFile | None, File(description="optional YAML column mapping")] = None,
    dry_run: Annotated[bool, Form()] = False,
    reprocess: Annotated[bool, Form(description="process every row even if this file is unchanged since its last "
                                                "load and the graph still holds that load's result")] = False,
    sheet: Annotated[str | None, Form(max_length=100, description="the workbook's sheet to read (default: the "
                                                                  "first sheet that names the kind's columns)")] = None,
) -> ImportJobPublic:
    if kind not in (*KINDS, *PUBLIC_KINDS):
        raise BadRequest(f"kind must be one of {', '.join((*KINDS, *PUBLIC_KINDS))}", field="kind")
    suffix = Path(file.filename or "").suffix.lower()
    if kind in PUBLIC_KINDS:
        if suffix not in PUBLIC_SUFFIXES[kind]:
            raise UnsupportedFormat(f"{file.filename}: a {kind} file is {', '.join(PUBLIC_SUFFIXES[kind])}",
                                    file=file.filename)
        if (mapping is not None and mapping.filename) or sheet:
            raise BadRequest(f"{kind} files are read by their own reader: no mapping or sheet", field="kind")
    else:
        check_table_upload(kind, file.filename)
    if sheet and suffix not in WORKBOOKS:
        raise BadRequest(ONLY_WORKBOOKS_HAVE_SHEETS, field="sheet")
    folder = new_upload_folder(settings)
    limit = settings.api.max_upload_mb << 20
    path = save_upload(file, folder, limit)
    mapping_path = save_upload(mapping, folder, 1 << 20) if mapping is not None and mapping.filename else None
    if mapping_path is not None:
        try:  # a bad mapping is refused now, not in the background, and nothing of the upload is kept
            parsed = load_mapping(mapping_path)
            if parsed.kind != kind:
                raise BadRequest(f"the mapping is for {parsed.kind}, not {kind}", field="mapping")
        except InnolinkError:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return job_public(jobs.submit(kind, path, path.name, mapping_path, dry_run, reprocess, sheet or None))


@router.post("/columns", response_model=MappingSuggestionOut)
def suggest_columns(
    _: AdminDep, settings: SettingsDep,
    file: Annotated[UploadFile, File(description="a spreadsheet: CSV, XLSX, XLS, ODS, JSONL or Parquet")],
    kind: Annotated[str, Form(description=", ".join(KINDS))],
    sheet: Annotated[str | None, Form(max_length=100, description="the workbook's sheet to read")] = None,
) -> MappingSuggestionOut:
    """Which column would feed which field, from the headers and first values (nothing is loaded): the suggestion
    and its mapping, to send with the import (as it is or with choices changed)."""
    check_table_upload(kind, file.filename)
    folder = new_upload_folder(settings)  # removed once read
    try:
        path = save_upload(file, folder, settings.api.max_upload_mb << 20)
        guess = guess_file_mapping(kind, path, sheet=sheet or None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return MappingSuggestionOut(
        kind=kind, columns=[ColumnGuessOut.model_validate(g, from_attributes=True) for g in guess.columns],
        fields=list(guess.fields), missing_required=guess.missing_required(), mapping_yaml=guess.yaml_text())


@router.get("", response_model=Page[ImportJobPublic])
def list_imports(_: AdminDep, store: StoreDep, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                 limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Page[ImportJobPublic]:
    runs = [r for r in store.list_nodes("LoadRun", order_by="started_at", descending=True, offset=offset,
                                        limit=limit) if isinstance(r, LoadRun)]
    reports = stored_reports(store, runs)  # one look-up for the page
    return Page(data=[job_public(r, reports=reports) for r in runs], count=store.count("LoadRun"), offset=offset,
                limit=limit)


@router.post("/journals/prune", response_model=list[ImportJobPublic])
def prune_journals(_: AdminDep, store: StoreDep,
                   older_than_days: Annotated[int, Query(ge=0, le=36_500)] = 180,
                   dry_run: bool = False) -> list[ImportJobPublic]:
    """Delete the undo journals of imports and loads finished more than ``older_than_days`` ago, to keep the graph
    small (``innolink runs prune``): those can no longer be undone, and say so; a failed one's journal is kept. The
    imports pruned (that would be, with ``dry_run``), the oldest first."""
    from loaders.journals import prune_journals as prune

    before = datetime.now(UTC) - timedelta(days=older_than_days)
    runs = prune(store, before, dry_run=dry_run)
    reports = stored_reports(store, runs)  # one look-up for them all, as list_imports does
    return [job_public(run, reports=reports) for run in runs]


def _run(store: StoreDep, run_id: str) -> LoadRun:
    run = store.get(run_id) if run_id.startswith("run:") else None
    if not isinstance(run, LoadRun):
        raise NotFound("import", run_id)
    return run


@router.get("/{run_id}", response_model=ImportJobPublic)
def get_import(_: AdminDep, store: StoreDep, run_id: str) -> ImportJobPublic:
    return job_public(_run(store, run_id), store)


@router.get("/{run_id}/rejects.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "the rejects report"}})
def rejects(_: AdminDep, store: StoreDep, run_id: str) -> Response:
    """The rows this import rejected: file, line, field, value, reason (and the reason in Korean)."""
    return _report(store, _run(store, run_id), "rejects", "rejects report")


@router.get("/{run_id}/review.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "the review report"}})
def review_report(_: AdminDep, store: StoreDep, run_id: str) -> Response:
    """The pairs this import raised for review, with both names, score and evidence."""
    return _report(store, _run(store, run_id), "review", "review report")


def _report(store: StoreDep, run: LoadRun, name: str, what: str) -> Response:
    """A run's report, from its file here or its copy in the graph (a load from another machine)."""
    data = run_report(store, run, name)
    if data is None:
        raise NotFound(what, run.id)
    return Response(data, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{run.id.replace(":", "_")}-{name}.csv"'})


@router.post("/{run_id}/stop", response_model=ImportJobPublic)
def stop(admin: AdminDep, store: StoreDep, jobs: JobsDep, run_id: str) -> ImportJobPublic:
    """Stop an import: a queued one never starts; a running one stops at its next step and what it had written is
    taken back (its status turns failed once it has). A load left running by a process that has ended (on another
    machine: silent for 10 minutes, see ``heard_at``) is settled. 409 for an import that has ended (undo it instead)
    or a load still at work elsewhere (stop it there)."""
    return job_public(jobs.stop_import(_run(store, run_id).id, by=admin.name), store)


@router.post("/{run_id}/undo", response_model=ImportJobPublic)
def undo(_: AdminDep, store: StoreDep, run_id: str) -> ImportJobPublic:
    from loaders.curation import undo_run

    return job_public(undo_run(store, _run(store, run_id).id), store)
