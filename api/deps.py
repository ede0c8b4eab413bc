"""FastAPI dependencies: settings, the store, the matcher, the caller and their role.

The look-ups that never block are ``async def``: FastAPI runs a plain ``def`` dependency in its thread pool,
and a thread hop costs more than they do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from api.auth import Principal, Role, authenticate
from api.jobs import ImportJobs
from graph.config import Settings
from graph.store import GraphStore
from matcher.service import Matcher

KEY_COOKIE = "innolink_key"


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


async def get_matcher(request: Request) -> Matcher:
    matcher: Matcher = request.app.state.matcher
    return matcher


async def get_jobs(request: Request) -> ImportJobs:
    jobs: ImportJobs = request.app.state.jobs
    return jobs


def presented_key(request: Request) -> str | None:
    """The API key from X-API-Key, Authorization: Bearer, or the web UI's cookie."""
    key = request.headers.get("x-api-key")
    if not key:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            key = auth[7:].strip()
    return key or request.cookies.get(KEY_COOKIE) or None


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
MatcherDep = Annotated[Matcher, Depends(get_matcher)]
JobsDep = Annotated[ImportJobs, Depends(get_jobs)]


def get_principal(request: Request, store: StoreDep, settings: SettingsDep) -> Principal:
    """Plain ``def`` (thread pool): it may read the caller's key record from the store."""
    principal = authenticate(store, settings, presented_key(request))
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(role: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency letting through only callers with ``role`` or higher: 401 without a key, 403 without the role."""

    async def check(principal: PrincipalDep) -> Principal:
        return principal.require(role)

    return check


ViewerDep = Annotated[Principal, Depends(require("viewer"))]
TtoDep = Annotated[Principal, Depends(require("tto"))]
AdminDep = Annotated[Principal, Depends(require("admin"))]
