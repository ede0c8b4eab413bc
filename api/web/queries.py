"""The web UI's pages where a user describes what they look for: a need in words (research partners), a founder in
words (co-founders), an invention in words (licensees, for tech transfer offices); and a TTO's portfolio."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.routes.recommendations import follow_up_for, own_need
from api.routes.stats import portfolio
from api.web.routes import (
    PAGE_SIZE,
    error_page,
    follow_up_context,
    guarded,
    page_offset,
    recommendation_context,
    render,
)
from graph.errors import BadRequest, InnolinkError, NotFound
from graph.schema import SavedNeed
from loaders.vocabulary import ipc_technology_ids
from matcher.projection import Projection
from matcher.recommenders import Filters, workplace
from matcher.saved_needs import run_saved_need

router = APIRouter(include_in_schema=False)


def industries_of(p: Projection) -> list[tuple[str, str]]:
    """(id, name) of every industry, for a form's industry filter."""
    return list(zip(p.industries.ids, p.industries.names, strict=True))


@router.get("/need", response_class=HTMLResponse)
def need_page(request: Request, text: str = "", institution: str = "", region: str = "", industry: str = "",
              page: int = 1, saved: str = "") -> Response:
    """Researchers for a need written in the form, or for one of the caller's saved needs (``saved``: its id), whose
    researchers no earlier run showed are marked new."""
    principal = guarded(request)
    if isinstance(principal, Response):
        return principal
    store, matcher = request.app.state.store, request.app.state.matcher
    result = None
    need = None
    if saved:
        try:
            need = own_need(principal, store, saved)
            marks, hide = follow_up_for(principal, store, "partners", need.id, False)
            found, new = run_saved_need(matcher, store, need, offset=page_offset(page), limit=PAGE_SIZE, hide=hide)
        except InnolinkError as exc:
            return error_page(request, exc, principal)
        result = {**recommendation_context(found, "partners", need.id, page, marks, new),
                  **follow_up_context(principal)}
        text = need.text
        institution, region, industry = (json.loads(need.filters).get(k, "") for k in
                                         ("institution", "region", "industry"))
    elif text.strip():
        filters = Filters(institution=institution or None, region=region or None, industry=industry or None)
        try:
            result = recommendation_context(
                matcher.partners(text=text, filters=filters, offset=page_offset(page), limit=PAGE_SIZE), "need", None,
                page)
        except InnolinkError as exc:
            return error_page(request, exc, principal)
    owner = principal.key_id or principal.name
    saved_needs = [n for n in store.list_nodes("SavedNeed", where={"owner": owner}, order_by="created_at",
                                               descending=True, limit=20) if isinstance(n, SavedNeed)]
    p = matcher.state().projection
    institutions = [(p.orgs.ids[i], p.orgs.names[i]) for i, k in enumerate(p.org_kind)
                    if k in ("university", "research_institute")]
    filters_in = {"institution": institution, "region": region, "industry": industry}
    page_url = _page_url("/need", {"saved": need.id} if need is not None else {"text": text, **filters_in})
    context = {"text": text, "filters": filters_in, "result": result, "saved": saved_needs,
               "institutions": institutions, "industries": industries_of(p), "page_url": page_url,
               "running": need}
    return render(request, "need.html", context, principal=principal)


@router.get("/founder", response_class=HTMLResponse)
def founder_page(request: Request, text: str = "", brings: str = "technical", region: str = "", industry: str = "",
                 page: int = 1) -> Response:
    """Co-founders for a founder not in the graph, described in words with what they bring."""
    principal = guarded(request)
    if isinstance(principal, Response):
        return principal
    matcher = request.app.state.matcher
    result = None
    if text.strip():
        try:
            found = matcher.cofounders(text=text, brings=brings or None,
                                       filters=Filters(region=region or None, industry=industry or None),
                                       offset=page_offset(page), limit=PAGE_SIZE)
        except InnolinkError as exc:
            return error_page(request, exc, principal)
        result = recommendation_context(found, "founder", None, page)
    p = matcher.state().projection
    filters_in = {"region": region, "industry": industry}
    context = {"text": text, "brings": brings, "filters": filters_in, "result": result,
               "industries": industries_of(p),
               "page_url": _page_url("/founder", {"text": text, "brings": brings, **filters_in})}
    return render(request, "founder.html", context, principal=principal)


def _page_url(path: str, params: Mapping[str, str]) -> Callable[[int], str]:
    """Another page of a result asked for in a form: the same query with ``page``."""
    return lambda page: path + "?" + urlencode({**{k: v for k, v in params.items() if v}, "page": page})


@router.post("/need/save")
def save_need(request: Request, csrf: Annotated[str, Form()], name: Annotated[str, Form()],
              text: Annotated[str, Form()], institution: Annotated[str, Form()] = "",
              region: Annotated[str, Form()] = "", industry: Annotated[str, Form()] = "") -> Response:
    principal = guarded(request, csrf=csrf)
    if isinstance(principal, Response):
        return principal

    filters = {k: v for k, v in (("institution", institution), ("region", region), ("industry", industry)) if v}
    need = SavedNeed(id=f"need:{uuid.uuid4().hex[:12]}", name=name.strip()[:200] or text[:40], text=text[:4000],
                     filters=json.dumps(filters, ensure_ascii=False), owner=principal.key_id or principal.name,
                     created_at=datetime.now(UTC), source="web")
    request.app.state.store.upsert_nodes([need])
    return RedirectResponse("/need?" + urlencode({"text": text, **filters}), status_code=303)


@router.get("/tto", response_class=HTMLResponse)
def tto_page(request: Request, org: str = "") -> Response:
    principal = guarded(request, "tto")
    if isinstance(principal, Response):
        return principal
    matcher = request.app.state.matcher
    p = matcher.state().projection
    institutions = [(p.orgs.ids[i], p.orgs.names[i]) for i, k in enumerate(p.org_kind)
                    if k != "company" and p.org_patent[i].nnz]
    rows = None
    if org:
        try:
            rows = portfolio(matcher, request.app.state.store, org, 3, 50)
        except InnolinkError as exc:
            return error_page(request, exc, principal)
    return render(request, "tto.html", {"institutions": institutions, "org": org, "rows": rows},
                  principal=principal)


@router.get("/tto/invention", response_class=HTMLResponse)
def invention_page(request: Request, text: str = "", ipc: str = "", inventors: str = "", page: int = 1) -> Response:
    """Licensees for an invention not in the graph, described in words with its IPC codes and inventors."""
    principal = guarded(request, "tto")
    if isinstance(principal, Response):
        return principal
    result, error, status = None, None, 200
    if text.strip():
        try:
            codes = ipc_technology_ids(re.split(r"[;,]", ipc))
            matcher = request.app.state.matcher
            found = matcher.licensees(text=text, technologies=codes,
                                      inventors=inventor_ids(matcher.state().projection, inventors),
                                      offset=page_offset(page), limit=PAGE_SIZE)
            result = recommendation_context(found, "invention", None, page)
        except ValueError as exc:  # an IPC code that is not one
            error, status = str(exc), 400
        except InnolinkError as exc:  # an inventor the graph does not hold
            error, status = exc.message, exc.status
    params = {"text": text, "ipc": ipc, "inventors": inventors}
    return render(request, "invention.html", {**params, "result": result, "error": error,
                                              "page_url": _page_url("/tto/invention", params)},
                  principal=principal, status=status)


def inventor_ids(p: Projection, written: str) -> list[str]:
    """Inventors as a form writes them, separated by ';': an id (per:…), or a name that one person in the graph
    has; a name several people have is refused with their ids and workplaces, to pick one."""
    ids = []
    for part in (piece.strip() for piece in written.split(";")):
        if part.startswith("per:"):
            ids.append(part)
        elif part:
            rows = p.people_named(part)
            if not rows:
                raise NotFound("person", part)
            if len(rows) > 1:
                raise BadRequest(f"{len(rows)} people are named {part}: " + ", ".join(
                    f"{p.people.ids[r]} ({workplace(p, r) or '—'})" for r in rows[:8]) + "; write the one you mean")
            ids.append(p.people.ids[rows[0]])
    return ids
