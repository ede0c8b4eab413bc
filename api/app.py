"""The FastAPI application: opens the store once in the lifespan and closes it on shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from graph.config import Settings, get_settings
from graph.store import open_store


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.store = open_store(settings)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(title="innolink", version="0.1.0", lifespan=lifespan)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/stats")
    def stats() -> dict[str, dict[str, int]]:
        store = app.state.store
        return {"nodes": store.count_nodes(), "edges": store.count_edges()}

    return app
