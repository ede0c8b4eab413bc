"""The web UI: server-rendered Jinja2 pages with htmx partials, in Korean (default) or English.

Pages call the same services as the REST API (store, matcher, import jobs). Login stores the API key in an
HTTP-only cookie; form posts carry a CSRF token that must match the csrf cookie (double submit).

This module holds the helpers every page uses, search, entity pages, the graph view, the dashboard and the session;
pages that take a description (need, founder, invention) and the TTO portfolio are in ``queries.py``, the
administrators' pages in ``admin.py`` and ``adding.py``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from contextlib import suppress
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from api.auth import Principal, authenticate
from api.deps import KEY_COOKIE, presented_key
from api.routes.recommendations import follow_up_for, recommendations_of
from api.routes.stats import stats
from api.schemas import LABEL_KINDS, NodePublic, RecommendationPageOut
from api.web.i18n import Terms, translator
from graph.errors import Forbidden, InnolinkError, NotFound, Unauthenticated
from graph.schema import DeletionRecord, Node, Outreach, OutreachStatus, node_type_for_id
from graph.store import GraphStore
from loaders.deletions import deletion
from loaders.editing import corrections_of, form_fields
from loaders.evidence_text import EvidenceReader
from loaders.reasons_ko import note_in_korean
from matcher.outreach import involving, names_of
from matcher.service import RecommendationPage

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE.parent / "templates"))
templates.env.filters["fromjson"] = json.loads


@pass_context
def _local_time(context: Mapping[str, object], moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time (UTC) as the web UI shows it: in ``api.display_timezone`` (Asia/Seoul unless configured)."""
    if moment is None:
        return ""
    request = context["request"]
    assert isinstance(request, Request)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(
        _zone(request.app.state.settings.api.display_timezone)).strftime(pattern)


@lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


templates.env.filters["local"] = _local_time
EXTERNAL_PAGES = {"orcid": "https://orcid.org/{}", "scopus_id": "https://www.scopus.com/authid/detail.uri?authorId={}",
                  "doi": "https://doi.org/{}", "wos_id": "https://www.webofscience.com/wos/alldb/full-record/{}",
                  "scopus_eid": "https://www.scopus.com/record/display.uri?eid={}",
                  "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
                  "researcher_id": "https://www.webofscience.com/wos/author/rid/{}",
                  "kci_id": "https://www.kci.go.kr/kciportal/ci/sereArticleSearch/ciSereArtiView.kci"
                            "?sereArticleSearchBean.artiId={}"}
"""A record's identifiers that have a public page, shown on its page as a link to it."""


def _external_url(key: str, value: object) -> str | None:
    """The public page of an identifier (``EXTERNAL_PAGES``), or of a web site an organisation gives."""
    if key == "homepage" and str(value).startswith(("http://", "https://")):
        return str(value)
    return EXTERNAL_PAGES[key].format(quote(str(value), safe="/:")) if key in EXTERNAL_PAGES else None


templates.env.globals["external_url"] = _external_url
router = APIRouter(include_in_schema=False)
CSRF_COOKIE = "innolink_csrf"
LANG_COOKIE = "lang"


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(HERE.parent / "static")), name="static")


# ------------------------------------------------------------------ helpers


class LoginRequired(Exception):
    pass


def principal_of(request: Request) -> Principal:
    app = request.app
    try:
        return authenticate(app.state.store, app.state.settings, presented_key(request))
    except Unauthenticated as exc:
        raise LoginRequired from exc


def lang_of(request: Request) -> str:
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "ko"


def render(request: Request, name: str, context: Mapping[str, object], *, status: int = 200,
           principal: Principal | None = None) -> HTMLResponse:
    lang = lang_of(request)
    names = context.get("names")  # node ids -> names, for the evidence of reviews and merges
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(16)
    response = templates.TemplateResponse(request, name, {
        "t": translator(lang), "terms": Terms(lang), "lang": lang, "principal": principal, "csrf": token,
        "kind_of": LABEL_KINDS, "why": EvidenceReader(lang, names if isinstance(names, Mapping) else None),
        "entity_url": entity_url, **context}, status_code=status)
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def entity_url(node_id: str) -> str:
    return "/e/" + quote(node_id, safe=":")


def check_csrf(request: Request, token: str) -> None:
    expected = request.cookies.get(CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, token):
        raise Forbidden("the form's security token is missing or stale; reload the page and try again")


def guarded(request: Request, role: str = "viewer", *, csrf: str | None = None) -> Principal | Response:
    """The caller, or the response that sends them to log in (401) or explains they cannot (403).
    A form post passes its ``csrf`` token, checked once the caller is known."""
    try:
        principal = principal_of(request)
    except LoginRequired:
        return RedirectResponse(f"/login?{urlencode({'next': request.url.path})}", status_code=303)
    if not principal.can(role):  # type: ignore[arg-type]
        return render(request, "error.html", {"message": translator(lang_of(request))["forbidden"]}, status=403,
                      principal=principal)
    if csrf is not None:
        check_csrf(request, csrf)
    return principal


def error_page(request: Request, exc: InnolinkError, principal: Principal | None) -> HTMLResponse:
    """An error's page; in Korean where its message has a Korean rendering (the English kept as its title)."""
    said = note_in_korean(exc.message) if lang_of(request) == "ko" else exc.message
    return render(request, "error.html", {"message": said, "message_en": exc.message if said != exc.message else None},
                  status=exc.status, principal=principal)


# ------------------------------------------------------------------ pages


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    principal = guarded(request)
    if isinstance(principal, Response):
        return principal
    summary = stats(principal, request.app.state.store, request.app.state.matcher)
    return render(request, "home.html", {"stats": summary}, principal=principal)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", type: str = "", region: str = "", year: str = "",
                institution: str = "", industry: str = "", page: int = 1) -> Response:
    principal = guarded(request)
    if isinstance(principal, Response):
        return principal
    limit, page = 20, max(1, page)
    index = request.app.state.matcher.state().search
    result = index.search(q, types={type} if type else None, region=region or None,
                          year=int(year) if year.isdigit() else None, institution=institution or None,
                          industry=industry or None, offset=(page - 1) * limit, limit=limit) if q else None
    filters = {"type": type, "region": region, "year": year, "institution": institution, "industry": industry}
    context = {"q": q, "result": result, "filters": filters, "page": page, "limit": limit, "names": index.names,
               "query_with": lambda **kw: "/search?" + urlencode({k: v for k, v in {"q": q, **filters, **kw}.items()
                                                                   if v})}
    template = "partials/search_results.html" if request.headers.get("hx-request") else "search.html"
    return render(request, template, context, principal=principal)


@router.get("/e/{node_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, node_id: str) -> Response:
    principal = guarded(request)
    if isinstance(principal, Response):
        return principal
    node = domain_node(request.app.state.store, node_id)
    if node is None:
        return error_page(request, NotFound("node", node_id), principal)
    done = request.query_params.get("done", "")
    notice = {"saved": "edit_saved", "merged": "merge_done", "restored": "restored",
              "restored_partly": "restored_partly", "unlinked": "unlinked", "edit_undone": "edit_undone",
              "merge_undone": "merge_undone", "merge_undone_load_again": "merge_undone_load_again"}.get(
        done, done if done in ADDED_NOTICES else None)
    removed = None
    if done == "unlinked" and principal.can("admin"):  # the relationship just removed, to restore at once
        with suppress(NotFound):  # an address made up or stale: no offer to restore
            removed = deletion(request.app.state.store, request.query_params.get("deletion", ""))
    return entity_response(request, principal, node, notice=notice,
                           removed=removed if removed and not removed.restored else None)


ADDED_NOTICES = frozenset({"added_created", "added_updated", "added_merged", "added_unchanged", "added_review"})
"""What the page says after a record added by hand (``api/web/adding.py``) landed on this one."""


def entity_response(request: Request, principal: Principal, node: Node, *, notice: str | None = None,
                     error: str | None = None, submitted: Mapping[str, str] | None = None,
                     removed: DeletionRecord | None = None, status: int = 200) -> HTMLResponse:
    """The entity page; for an administrator with the form to correct the record (as submitted, after an error)."""
    store = request.app.state.store
    neighbours = store.neighbours(node.id, limit=200)
    groups: dict[str, list[object]] = {}
    for n in neighbours:
        groups.setdefault(f"{n.edge.label}|{n.direction}", []).append(n)
    named_at = {at for n in neighbours if (at := getattr(n.edge, "organization", None))}  # '염정완 (숭실대학교)'
    at_names = {i: found.display_name() for i, found in store.get_many(named_at).items()} if named_at else {}
    recommend = {"Organization": "partners", "Patent": "licensees", "Person": "cofounders"}.get(node.label)
    if node.label == "Organization" and getattr(node, "kind", "") != "company":
        recommend = None
    public = NodePublic.of(node, contacts=principal.sees_contacts)
    editable = [(name, (submitted or {}).get(name, written), choices) for name, written, choices in form_fields(node)
                ] if principal.can("admin") else []
    add_here = add_here_links(node) if principal.can("admin") else []
    corrections = corrections_of(store, node.id) if principal.can("admin") else []
    follow_ups = involving(store, node.id) if principal.can("tto") else []
    return render(request, "entity.html", {"node": node, "public": public, "groups": groups,
                                           "recommend": recommend, "kind": LABEL_KINDS.get(node.label),
                                           "editable": editable, "notice": notice, "edit_error": error,
                                           "add_here": add_here, "removed": removed, "corrections": corrections,
                                           "follow_ups": follow_ups, "follow_up_names": names_of(store, follow_ups),
                                           "at_names": at_names},
                  principal=principal, status=status)


ADD_HERE = {
    "Organization": [("add_here_person", "people", "organization"), ("add_here_licence_taken", "licenses", "licensee")],
    "Patent": [("add_here_licence", "licenses", "patent")],
    "Person": [("add_here_affiliation", "affiliations", "person"), ("add_here_founding", "founders", "person")],
}
"""Records an administrator may add about a node from its page: (label, kind of record, the field naming it)."""


def add_here_links(node: Node) -> list[tuple[str, str]]:
    """(label key, address of the form to add a record about ``node``, with ``node`` filled in)."""
    return [(label, f"/admin/add/{kind}?" + urlencode({field: node.id})) for label, kind, field in
            ADD_HERE.get(node.label, [])]


def domain_node(store: GraphStore, node_id: str) -> Node | None:
    """The graph's record (organisation, person, patent, …) with this id; None for anything else."""
    try:
        return store.get(node_id) if node_type_for_id(node_id).domain else None
    except InnolinkError:
        return None


@router.get("/ui/recommendations/{kind}/{node_id:path}", response_class=HTMLResponse)
def recommendations_partial(request: Request, kind: str, node_id: str, page: int = 1,
                            include_declined: bool = False) -> Response:
    principal = guarded(request)
    if isinstance(principal, Response):
        return principal
    return recommendations_list(request, principal, kind, node_id, page, include_declined)


def recommendations_list(request: Request, principal: Principal, kind: str, node_id: str, page: int,
                         include_declined: bool, *, notice: str | None = None) -> Response:
    """One page of a record's recommendations; for the tto role, each with its follow-up and a form to set it, and
    the declined left out unless ``include_declined``."""
    matcher, store = request.app.state.matcher, request.app.state.store
    offset = page_offset(page)
    marks, hide = follow_up_for(principal, store, kind, node_id, include_declined)
    try:
        result, new = recommendations_of(principal, store, matcher, kind, node_id, offset=offset, limit=PAGE_SIZE,
                                         hide=hide)
    except InnolinkError as exc:
        return error_page(request, exc, principal)
    context = {**recommendation_context(result, kind, node_id, page, marks, new), **follow_up_context(principal),
               "include_declined": include_declined, "notice": notice}
    return render(request, "partials/recommendations.html", context, principal=principal)


def follow_up_context(principal: Principal) -> dict[str, object]:
    """What the recommendations partial needs to offer the follow-up form (to the tto role and above)."""
    return {"follows_up": principal.can("tto"), "statuses": [s.value for s in OutreachStatus]}


PAGE_SIZE = 10
"""Recommendations per page in the web UI (the partial's numbering and pager count in tens too)."""


def page_offset(page: int) -> int:
    """The first recommendation of a page (pages count from 1; anything lower is the first)."""
    return (max(1, page) - 1) * PAGE_SIZE


def recommendation_context(result: RecommendationPage, kind: str, node_id: str | None, page: int,
                           marks: dict[str, Outreach] | None = None, new: frozenset[str] = frozenset()
                           ) -> dict[str, object]:
    out = RecommendationPageOut.of(result, marks, new)
    return {"rec": out, "rec_kind": kind, "node_id": node_id, "page": max(1, page)}


@router.get("/graph/{node_id:path}", response_class=HTMLResponse)
def graph_page(request: Request, node_id: str, depth: int = 1) -> Response:
    principal = guarded(request)
    if isinstance(principal, Response):
        return principal
    node = request.app.state.store.get(node_id)
    if node is None:
        return error_page(request, NotFound("node", node_id), principal)
    return render(request, "graph.html", {"node": node, "depth": 2 if depth == 2 else 1}, principal=principal)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request) -> Response:
    principal = guarded(request)
    if isinstance(principal, Response):
        return principal
    summary = stats(principal, request.app.state.store, request.app.state.matcher)
    industries = request.app.state.matcher.state().projection.industries
    lang = lang_of(request)
    for row in summary.by_industry:
        row.name = industries.name(industries.index[row.id], lang)
    return render(request, "dashboard.html", {"stats": summary, "charts": json.dumps({
        "industry": [[r.name, r.count] for r in summary.by_industry],
        "institution": [[r.name, r.count] for r in summary.by_institution],
        "year": [[r.year, r.count] for r in summary.by_year]}, ensure_ascii=False)}, principal=principal)


# ------------------------------------------------------------------ session


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": next if next.startswith("/") else "/", "failed": False})


@router.post("/login")
def login(request: Request, key: Annotated[str, Form()], csrf: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/") -> Response:
    check_csrf(request, csrf)
    try:
        authenticate(request.app.state.store, request.app.state.settings, key.strip())
    except Unauthenticated:
        return render(request, "login.html", {"next": next, "failed": True}, status=401)
    response = RedirectResponse(next if next.startswith("/") and not next.startswith("//") else "/", status_code=303)
    response.set_cookie(KEY_COOKIE, key.strip(), httponly=True, samesite="lax")
    return response


@router.get("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(KEY_COOKIE)
    return response


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str) -> Response:
    back = request.headers.get("referer") or "/"
    response = RedirectResponse(back if back.startswith(str(request.base_url)) or back.startswith("/") else "/",
                                status_code=303)
    response.set_cookie(LANG_COOKIE, "en" if lang == "en" else "ko", samesite="lax", max_age=365 * 86400)
    return response
