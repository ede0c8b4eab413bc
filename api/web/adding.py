"""The web UI's form to add one record by hand (administrators): the fields of a kind's template, loaded through the
import queue like the API's ``POST /api/v1/records/{kind}`` (``loaders/adding.py``). An entity page links here with
the record it is about filled in (a licence of this patent, a person at this organisation)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.auth import Principal
from api.schemas import KIND_LABELS
from api.web.i18n import translator
from api.web.routes import domain_node, entity_url, error_page, guarded, lang_of, render
from graph.errors import InnolinkError, NotFound
from loaders.adding import Added, FieldValue, form_fields
from loaders.mapping import KINDS
from loaders.reasons_ko import in_korean

router = APIRouter(include_in_schema=False)


@router.get("/admin/add/{kind}", response_class=HTMLResponse)
def add_page(request: Request, kind: str) -> Response:
    """The empty form, with any field the query names filled in (``?patent=pat:…``)."""
    principal = _admin_for(request, kind)
    if isinstance(principal, Response):
        return principal
    given = {f.name: request.query_params[f.name] for f in form_fields(kind) if request.query_params.get(f.name)}
    return _form(request, principal, kind, given)


@router.post("/admin/add/{kind}", response_class=HTMLResponse)
async def add_from_form(request: Request, kind: str) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    return await run_in_threadpool(_add, request, kind, form)  # waits for the import queue


def _add(request: Request, kind: str, form: dict[str, str]) -> Response:
    principal = _admin_for(request, kind, csrf=form.get("csrf", ""))
    if isinstance(principal, Response):
        return principal
    fields: dict[str, FieldValue] = {f.name: form[f.name].strip() for f in form_fields(kind)
                                     if form.get(f.name, "").strip()}
    check_only = form.get("check_only") == "true"
    try:
        run_id, added = request.app.state.jobs.add_record(kind, fields, by=principal.name, dry_run=check_only)
    except InnolinkError as exc:
        problems = cast(list[dict[str, str]], exc.context.get("errors")) or [
            {"field": str(exc.context.get("field", "")), "value": "", "message": exc.message}]
        return _form(request, principal, kind, fields, problems=problems, status=exc.status)
    t = translator(lang_of(request))
    if added is None:
        return _form(request, principal, kind, fields, notice=t["add_queued"].format(run=run_id), status=202)
    assert isinstance(added, Added)
    target = added.landed_on or ""
    if check_only:
        node = domain_node(request.app.state.store, target) if target else None
        name = f"{node.display_name()} ({target})" if node else target
        return _form(request, principal, kind, fields, checked=t[f"add_would_{added.outcome}"].format(target=name),
                     checked_url=entity_url(target) if node else None)
    return RedirectResponse(entity_url(target) + "?" + urlencode({"done": f"added_{added.outcome}"}),
                            status_code=303)


def _admin_for(request: Request, kind: str, csrf: str | None = None) -> Principal | Response:
    """The administrator adding a ``kind`` record; else the login, refusal or 404 page."""
    principal = guarded(request, "admin", csrf=csrf)
    if isinstance(principal, Response) or kind in KINDS:
        return principal
    return error_page(request, NotFound("kind of record", kind), principal)


def _form(request: Request, principal: Principal, kind: str, values: Mapping[str, FieldValue], *,
          problems: list[dict[str, str]] | None = None, checked: str | None = None,
          checked_url: str | None = None, notice: str | None = None, status: int = 200) -> HTMLResponse:
    problems = problems or []
    if lang_of(request) == "ko":  # the loader's reasons in Korean
        problems = [{**p, "message": in_korean(p["message"])} for p in problems]
    fields = form_fields(kind)
    names = {f.name for f in fields}
    by_field = {p["field"]: p["message"] for p in problems if p.get("field") in names}
    general = [p["message"] for p in problems if p.get("field") not in names]
    label = KIND_LABELS.get(kind, "Person" if kind == "affiliations" else "")  # whose 'title' the form asks for
    return render(request, "add.html", {"kind": kind, "kinds": KINDS, "fields": fields, "values": values,
                                        "label": label,
                                        "field_errors": by_field, "general_errors": general, "refused": bool(problems),
                                        "checked": checked, "checked_url": checked_url, "notice": notice},
                  principal=principal, status=status)
