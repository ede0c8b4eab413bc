"""The FastAPI application: REST API under /api/v1, the web UI at /, health and metrics.

The lifespan opens the store once, creates the matcher (its projection is built on first use, or at start-up
in the background when ``warm``, and cached per graph version) and the import-job runner, and closes them on
shutdown.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from prometheus_client import Counter, Histogram

from api import problems
from api.jobs import ImportJobs
from api.routes import (
    admin,
    curation,
    entities,
    graph_view,
    health,
    imports,
    outreach,
    recommendation_files,
    recommendations,
    records,
    search,
    stats,
)
from graph.config import Settings, get_settings
from graph.store import GraphStore, open_store
from graph.versioned_cache import VersionedCache
from matcher.service import Matcher, TechnologyFinder

ENTITY_VIEW_CACHE_SIZE = 2048
"""Entity pages (a node and its neighbours) kept for the current graph version."""
REQUESTS = Counter("innolink_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("innolink_request_seconds", "HTTP request latency", ["route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
log = logging.getLogger("innolink.api")


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the request fields when present."""

    def format(self, record: logging.LogRecord) -> str:
        data = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
                "message": record.getMessage()}
        for key in ("request_id", "method", "path", "status", "ms", "principal"):
            if hasattr(record, key):
                data[key] = getattr(record, key)
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def configure_logging() -> None:
    root = logging.getLogger("innolink")
    if not any(isinstance(h.formatter, JsonLogFormatter) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonLogFormatter())
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        root.propagate = False


class LazyFinder:
    """The loaders' technology extractor, built on the first free-text need (it loads spaCy and kiwipiepy)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._extractor: TechnologyFinder | None = None
        self._lock = threading.Lock()

    def technologies(self, text: str) -> list[tuple[str, float]]:
        if self._extractor is None:
            with self._lock:  # built once, however many needs arrive together
                if self._extractor is None:
                    from loaders import build_extractor

                    self._extractor = build_extractor(self.settings, workers=1)
        return self._extractor.technologies(text)


def warm_up(matcher: Matcher, finder: TechnologyFinder) -> None:
    """Build what the first requests would otherwise wait for: the matcher's projection and search index, and
    the technology extractor of free-text needs (seconds each on a freshly loaded graph)."""
    started = time.perf_counter()
    try:
        matcher.state()
        finder.technologies("광학 렌즈 설계")
    except Exception:  # noqa: BLE001 - a request will try again and report the problem
        log.exception("warm-up failed; the first request will build what it needs")
        return
    log.info("warmed up in %.1f s", time.perf_counter() - started)


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None,
               finder: TechnologyFinder | None = None, warm: bool = False) -> FastAPI:
    """The application. Pass ``store`` to serve an already open store (tests); it is then not closed here.
    ``warm``: build the matcher and the extractor in the background at start-up (``innolink serve``)."""
    settings = settings or get_settings()
    configure_logging()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store or open_store(settings)
        app.state.settings = settings
        app.state.store = opened
        needs = finder or LazyFinder(settings)
        app.state.matcher = Matcher(opened, settings.matcher, finder=needs)
        app.state.warming = None
        if warm:
            app.state.warming = threading.Thread(target=warm_up, args=(app.state.matcher, needs),
                                                 name="innolink-warm-up", daemon=True)
            app.state.warming.start()
        app.state.entity_views = VersionedCache(ENTITY_VIEW_CACHE_SIZE)
        app.state.jobs = ImportJobs(opened, settings, on_done=lambda: app.state.matcher.refresh())
        try:
            yield
        finally:
            app.state.jobs.stop()
            if store is None:
                opened.close()

    app = FastAPI(
        title="innolink", version="0.1.0", lifespan=lifespan,
        description="Graph of the Gwangju innovation cluster and recommendations of research partners, "
                    "licensees and co-founders, each with its evidence. Authenticate with an API key in "
                    "X-API-Key (roles: viewer < tto < admin).",
    )
    problems.install(app)
    problems.document(app)

    @app.middleware("http")
    async def observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
        request.state.request_id = request_id
        started = time.perf_counter()
        response = await call_next(request)
        elapsed = time.perf_counter() - started
        route = getattr(request.scope.get("route"), "path", "unmatched")
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        LATENCY.labels(route).observe(elapsed)
        response.headers["X-Request-ID"] = request_id
        principal = getattr(request.state, "principal", None)
        log.info("request", extra={"request_id": request_id, "method": request.method, "path": request.url.path,
                                   "status": response.status_code, "ms": round(elapsed * 1000, 1),
                                   "principal": principal.name if principal else None})
        return response

    for router in (health.router, search.router, recommendation_files.router, recommendations.router, outreach.router,
                   graph_view.router, imports.router, records.router, curation.router, admin.router, stats.router):
        app.include_router(router)
    from api.web import adding as web_adding
    from api.web import admin as web_admin
    from api.web import columns as web_columns
    from api.web import outreach as web_outreach
    from api.web import queries as web_queries
    from api.web import review_files
    from api.web import routes as web
    from api.web import standing as web_standing

    app.include_router(web.router)
    app.include_router(web_admin.router)
    app.include_router(web_columns.router)
    app.include_router(web_adding.router)
    app.include_router(web_queries.router)
    app.include_router(web_outreach.router)
    app.include_router(web_standing.router)
    app.include_router(review_files.router)
    web.mount_static(app)
    app.include_router(entities.router)  # last: its /api/v1/{kind} would otherwise shadow the others
    return app
