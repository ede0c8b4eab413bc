"""The web UI's pages for administrators: loads (upload, progress, rejects, undo), the duplicate review, merges and
deletions to undo, API keys, and corrections made on a record's page (edit, fold a duplicate in, delete)."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.auth import Principal, create_key, list_keys, revoke_key
from api.schemas import KeyCreate
from api.web.columns import columns_to_check, stage_upload
from api.web.i18n import translator
from api.web.routes import (
    domain_node,
    entity_response,
    entity_url,
    error_page,
    guarded,
    lang_of,
    render,
)
from graph.errors import InnolinkError, NotFound
from graph.schema import ApiKey, DeletionRecord, EditRecord, LoadRun, MergeRecord, Node, ReviewItem
from graph.store import GraphStore, Scalar
from loaders.curation import (
    approve_review,
    files_loaded_since,
    holders,
    merged_away_name,
    reject_review,
    undo_merge,
    undo_run,
)
from loaders.deletions import delete_by_hand, page_of_deleted, restore_deleted, unlink_by_hand
from loaders.editing import edit_node, merge_by_hand, parse_form, undo_edit
from loaders.evidence_text import names_for
from loaders.mapping import KINDS, template_header
from loaders.public import PUBLIC_KINDS
from loaders.reasons_ko import in_korean, note_in_korean
from loaders.run_reports import run_report

router = APIRouter(include_in_schema=False)


# ------------------------------------------------------------------ corrections on a record's page


@router.post("/ui/edit/{node_id:path}", response_class=HTMLResponse)
async def edit_entity(request: Request, node_id: str) -> Response:
    """Correct a record from its page (administrators): the changed fields, checked against the schema first."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    return await run_in_threadpool(_edit_entity, request, node_id, form)  # the store's calls block


def _edit_entity(request: Request, node_id: str, form: dict[str, str]) -> Response:
    found = _admin_with_record(request, node_id, form.get("csrf", ""))
    if isinstance(found, Response):
        return found
    principal, node = found
    store = request.app.state.store
    try:
        changes = parse_form(node, form)
        if changes:
            edit_node(store, node, changes, by=principal.name, source="web")
    except InnolinkError as exc:
        field = f" ({exc.context.get('field')})" if exc.context.get("field") else ""
        return entity_response(request, principal, node, error=f"{exc.message}{field}", submitted=form,
                               status=exc.status)
    return RedirectResponse(entity_url(node.id) + "?done=saved", status_code=303)


@router.post("/ui/merge-into/{node_id:path}", response_class=HTMLResponse)
def merge_into_entity(request: Request, node_id: str, drop_id: Annotated[str, Form()],
                      csrf: Annotated[str, Form()]) -> Response:
    """Fold a duplicate, named by its id, into this record (administrators); undone from the admin page."""
    found = _admin_with_record(request, node_id, csrf)
    if isinstance(found, Response):
        return found
    principal, kept = found
    store = request.app.state.store
    dropped = domain_node(store, drop_id.strip())
    try:
        if dropped is None:
            raise NotFound("node", drop_id.strip())
        merge_by_hand(store, kept, dropped, by=principal.name, source="web")
    except InnolinkError as exc:
        return entity_response(request, principal, kept, error=exc.message, status=exc.status)
    return RedirectResponse(entity_url(kept.id) + "?done=merged", status_code=303)


@router.post("/ui/delete/{node_id:path}", response_class=HTMLResponse)
def delete_entity(request: Request, node_id: str, csrf: Annotated[str, Form()],
                  confirm: Annotated[bool, Form()] = False) -> Response:
    """Delete a record (administrators), once its box is ticked; restored from the admin page's deletions."""
    found = _admin_with_record(request, node_id, csrf)
    if isinstance(found, Response):
        return found
    principal, node = found
    if not confirm:
        return entity_response(request, principal, node, error=translator(lang_of(request))["delete_unconfirmed"],
                               status=400)
    record = delete_by_hand(request.app.state.store, node, by=principal.name, source="web")
    return RedirectResponse("/admin?" + urlencode({"deleted": record.id}) + "#deletions", status_code=303)


@router.post("/ui/unlink/{node_id:path}", response_class=HTMLResponse)
def unlink_from_entity(request: Request, node_id: str, csrf: Annotated[str, Form()], type: Annotated[str, Form()],
                       other: Annotated[str, Form()], direction: Annotated[str, Form()]) -> Response:
    """Remove one of a record's relationships (administrators); the page then offers to restore it at once."""
    found = _admin_with_record(request, node_id, csrf)
    if isinstance(found, Response):
        return found
    principal, node = found
    src, dst = (other, node.id) if direction == "in" else (node.id, other)
    try:
        record = unlink_by_hand(request.app.state.store, type, src, dst, by=principal.name, source="web")
    except InnolinkError as exc:
        return entity_response(request, principal, node, error=exc.message, status=exc.status)
    return RedirectResponse(entity_url(node.id) + "?" + urlencode({"done": "unlinked", "deletion": record.id}),
                            status_code=303)


def _admin_with_record(request: Request, node_id: str, csrf: str) -> tuple[Principal, Node] | Response:
    """The administrator posting a correction and the record it is for; else the login, refusal or 404 page."""
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    node = domain_node(request.app.state.store, node_id)
    if node is None:
        return error_page(request, NotFound("node", node_id), principal)
    return principal, node


# ------------------------------------------------------------------ administration


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request) -> Response:
    principal = guarded(request, "admin")
    if isinstance(principal, Response):
        return principal
    return render(request, "admin.html", admin_context(request.app.state.store, request.query_params.get("deleted")),
                  principal=principal)


def admin_context(store: GraphStore, deleted_now: str | None = None) -> dict[str, object]:
    """What the administration page shows: open review pairs, recent loads, merges, edits and deletions (``deleted_now``
    the one just made), with the names they need."""
    reviews, names = _open_reviews(store, {})
    runs = [r for r in store.list_nodes("LoadRun", order_by="started_at", descending=True, limit=15)
            if isinstance(r, LoadRun)]
    merges = [m for m in store.list_nodes("MergeRecord", order_by="created_at", descending=True, limit=15)
              if isinstance(m, MergeRecord)]
    names |= _merge_names(store, merges)
    deletions = [d for d in store.list_nodes("DeletionRecord", order_by="created_at", descending=True, limit=15)
                 if isinstance(d, DeletionRecord)]
    edits = [e for e in store.list_nodes("EditRecord", order_by="created_at", descending=True, limit=15)
             if isinstance(e, EditRecord)]
    return {"reviews": reviews, "names": names, "runs": runs, "merges": merges, "deletions": deletions, "edits": edits,
            "deleted_now": next((d for d in deletions if d.id == deleted_now), None), "kinds": KINDS,
            "deleted_pages": {d.id: page_of_deleted(d) for d in deletions},
            "public_kinds": PUBLIC_KINDS, "open_reviews": store.count("ReviewItem", where={"status": "open"})}


def _merge_names(store: GraphStore, merges: list[MergeRecord]) -> dict[str, str]:
    """Names of the nodes merges kept, of those they merged away (from the merge's snapshot: they are gone) and
    of the nodes their evidence lists."""
    names = names_for(store, (m.evidence for m in merges), (m.kept_id for m in merges))
    for merge in merges:
        names.setdefault(merge.merged_id, merged_away_name(merge))
    return names


@router.get("/admin/keys", response_class=HTMLResponse)
def keys_page(request: Request) -> Response:
    principal = guarded(request, "admin")
    if isinstance(principal, Response):
        return principal
    return _keys_response(request, principal)


def _keys_response(request: Request, principal: Principal, *, created: tuple[str, ApiKey] | None = None,
                   error: str | None = None, status: int = 200) -> Response:
    """The API keys, newest first; a key just made is shown in the page once (never in a URL)."""
    keys = list_keys(request.app.state.store)[::-1]  # listed oldest first
    return render(request, "keys.html", {"keys": keys, "created": created[1] if created else None,
                                         "created_key": created[0] if created else None, "error": error},
                  principal=principal, status=status)


@router.post("/admin/keys", response_class=HTMLResponse)
def create_key_from_form(request: Request, csrf: Annotated[str, Form()], name: Annotated[str, Form()],
                         role: Annotated[str, Form()]) -> Response:
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    try:
        wanted = KeyCreate(name=name.strip(), role=role)  # type: ignore[arg-type]
    except ValidationError as exc:
        problem = exc.errors()[0]
        return _keys_response(request, principal, error=f"{problem['loc'][0]}: {problem['msg']}", status=422)
    return _keys_response(request, principal, created=create_key(request.app.state.store, wanted.name, wanted.role),
                          status=201)


@router.post("/admin/keys/{key_id}/revoke")
def revoke_key_from_form(request: Request, key_id: str, csrf: Annotated[str, Form()]) -> Response:
    """Revoke a key; not the one the administrator is signed in with (they would lock themselves out)."""
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    if key_id == principal.key_id:
        return _keys_response(request, principal, status=409,
                              error=translator(lang_of(request))["key_yours"] + ": " + key_id)
    try:
        revoke_key(request.app.state.store, key_id)
    except InnolinkError as exc:
        return _keys_response(request, principal, error=exc.message, status=exc.status)
    return RedirectResponse("/admin/keys", status_code=303)


@router.get("/admin/backup")
def backup_download(request: Request) -> Response:
    """The whole graph as a dump (``GET /api/v1/dump``), for the signed-in administrator."""
    principal = guarded(request, "admin")
    if isinstance(principal, Response):
        return principal
    from api.routes.admin import backup

    return backup(principal, request.app.state.store, request.app.state.settings)


@router.get("/admin/completeness", response_class=HTMLResponse)
def completeness_page(request: Request) -> Response:
    """Records that need attention: what they lack, why it matters, the first few of each to correct."""
    principal = guarded(request, "admin")
    if isinstance(principal, Response):
        return principal
    from loaders.completeness import find_gaps
    from loaders.gap_files import KIND_OF_LABEL
    return render(request, "completeness.html", {"gaps": find_gaps(request.app.state.store),
                                                 "kind_of": KIND_OF_LABEL}, principal=principal)


@router.get("/admin/templates/{kind}.csv")
def template_download(request: Request, kind: str) -> Response:
    """A blank template for a kind of records: its header row, in the page's language (UTF-8 with BOM for Excel)."""
    principal = guarded(request, "admin")
    if isinstance(principal, Response):
        return principal
    if kind not in KINDS:
        return error_page(request, NotFound("template", kind), principal)
    buffer = io.StringIO()
    csv.writer(buffer).writerow(template_header(kind, lang_of(request)))
    return Response("\ufeff" + buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{kind}.csv"'})


@router.post("/admin/import")
def admin_import(request: Request, csrf: Annotated[str, Form()], kind: Annotated[str, Form()],
                 file: Annotated[UploadFile, File()], mapping: Annotated[UploadFile | None, File()] = None,
                 dry_run: Annotated[bool, Form()] = False, reprocess: Annotated[bool, Form()] = False,
                 sheet: Annotated[str | None, Form(max_length=100)] = None,
                 check_columns: Annotated[bool, Form()] = False) -> Response:
    """Load an uploaded file; or, with ``check_columns``, keep it and show which column feeds which field first."""
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    from api.routes.imports import create_import

    try:
        if check_columns:
            return stage_upload(request, file, kind, sheet.strip() if sheet and sheet.strip() else None, dry_run,
                                reprocess)
        job = create_import(principal, request.app.state.settings, request.app.state.jobs, file, kind,
                            mapping if mapping is not None and mapping.filename else None, dry_run, reprocess,
                            sheet.strip() if sheet and sheet.strip() else None)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    return RedirectResponse("/admin/imports/" + quote(job.id, safe=":"), status_code=303)


@router.get("/admin/imports/{run_id}", response_class=HTMLResponse)
def import_page(request: Request, run_id: str) -> Response:
    principal = guarded(request, "admin")
    if isinstance(principal, Response):
        return principal
    run = request.app.state.store.get(run_id) if run_id.startswith("run:") else None
    if not isinstance(run, LoadRun):
        return error_page(request, NotFound("import", run_id), principal)
    report = run_report(request.app.state.store, run, "rejects")  # its file here, or its copy in the graph
    rejects = list(csv.DictReader(io.StringIO(report.decode("utf-8-sig"))))[:100] if report else []
    message = run.message
    if lang_of(request) == "ko":  # the reasons and notes in Korean, the English words kept as the cells' titles
        rejects = [{**r, "reason_en": r["reason"], "reason": r.get("이유") or in_korean(r["reason"])} for r in rejects]
        message = note_in_korean(message) if message else message
    reviews, names = _open_reviews(request.app.state.store, {"run_id": run.id}) if run.status == "done" else ([], {})
    template = "partials/job.html" if request.headers.get("hx-request") else "job.html"
    corrections = _kept_corrections(request.app.state.store, json.loads(run.corrections or "[]"))
    recheck = columns_to_check(run, request.app.state.settings.api.jobs_dir) is not None
    return render(request, template, {"run": run, "rejects": rejects, "reviews": reviews, "names": names,
                                      "corrections": corrections, "message": message, "columns_to_check": recheck,
                                      "stoppable": request.app.state.jobs.stoppable(run)},
                  principal=principal)


def _kept_corrections(store: GraphStore, corrections: list[dict[str, object]]) -> list[dict[str, object]]:
    """An import's kept corrections as its page lists them: each record by its name and type (a deleted one as its
    deletion kept them), linked to its page while it has one (a relationship: its source's)."""
    deletions = store.get_many(str(c["correction_id"]) for c in corrections if c["what"] in ("deleted", "removed"))
    pages = {}
    for c in corrections:
        record, deletion = str(c["record"]), deletions.get(str(c["correction_id"]))
        pages[record] = page_of_deleted(deletion) if isinstance(deletion, DeletionRecord) else record
    nodes = store.get_many(set(pages.values()))
    rows = []
    for c in corrections:
        record, deletion = str(c["record"]), deletions.get(str(c["correction_id"]))
        node = nodes.get(record)
        if node is not None:
            name, label = node.display_name(), node.label
        elif isinstance(deletion, DeletionRecord):
            name, label = deletion.name or record, deletion.node_label
        else:
            name, label = record, ""
        rows.append({**c, "name": name, "label": label, "page": pages[record] if pages[record] in nodes else None})
    return rows


def _open_reviews(store: GraphStore, where: dict[str, Scalar], limit: int = 30
                  ) -> tuple[list[ReviewItem], dict[str, str]]:
    """Open review items (best score first) and the names of the nodes they pair."""
    reviews = [r for r in store.list_nodes("ReviewItem", where={"status": "open", **where}, order_by="score",
                                           descending=True, limit=limit) if isinstance(r, ReviewItem)]
    pairs = holders(store, (node_id for r in reviews for node_id in (r.left_id, r.right_id)))
    names = names_for(store, (r.evidence for r in reviews))
    return reviews, names | {node_id: node.display_name() for node_id, node in pairs.items()}


@router.post("/ui/reviews/{review_id}/{decision}", response_class=HTMLResponse)
def decide_review(request: Request, review_id: str, decision: str, csrf: Annotated[str, Form()]) -> Response:
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    store = request.app.state.store
    try:
        if decision == "approve":
            approve_review(store, review_id, decided_by=principal.name)
        elif decision == "reject":
            reject_review(store, review_id)
        else:
            raise NotFound("decision", decision)
    except InnolinkError as exc:
        return HTMLResponse(f"<td colspan='4'>{translator(lang_of(request))['error']}: {exc.message}</td>",
                            status_code=exc.status)
    label = translator(lang_of(request))["approve" if decision == "approve" else "reject"]
    return HTMLResponse(f"<td colspan='4' class='done'>✓ {label}</td>")


@router.post("/ui/imports/{run_id}/stop")
def stop_import(request: Request, run_id: str, csrf: Annotated[str, Form()]) -> Response:
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    try:
        request.app.state.jobs.stop_import(run_id, by=principal.name)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    return RedirectResponse(f"/admin/imports/{run_id}", status_code=303)


@router.post("/ui/{what}/{item_id}/undo")
def undo_item(request: Request, what: str, item_id: str, csrf: Annotated[str, Form()]) -> Response:
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response):
        return principal
    store = request.app.state.store
    try:
        if what == "runs":
            undo_run(store, item_id)
        elif what == "merges":
            merge = undo_merge(store, item_id)
            done = "merge_undone_load_again" if files_loaded_since(store, merge.created_at) else "merge_undone"
            return RedirectResponse(entity_url(merge.kept_id) + "?done=" + done, status_code=303)
        elif what == "edits":
            edit = undo_edit(store, item_id)
            return RedirectResponse(entity_url(edit.node_id) + "?done=edit_undone", status_code=303)
        elif what == "deletions":
            record, not_restored = restore_deleted(store, item_id)
            done = "restored_partly" if not_restored else "restored"
            return RedirectResponse(entity_url(page_of_deleted(record)) + "?done=" + done, status_code=303)
        else:
            raise NotFound("item", item_id)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    return RedirectResponse("/admin", status_code=303)
