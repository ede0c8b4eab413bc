"""API keys (administrators), who-am-I, a backup of the whole graph and the records that need attention
(administrators)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.auth import create_key, list_keys, revoke_key
from api.deps import AdminDep, PrincipalDep, SettingsDep, StoreDep
from api.schemas import GapOut, KeyCreate, KeyCreated, KeyPublic, WhoAmI
from graph.dump import dump
from graph.schema import ApiKey
from loaders.completeness import find_gaps
from loaders.gap_files import gap_csv

router = APIRouter(prefix="/api/v1", tags=["auth"])


def key_public(record: ApiKey) -> KeyPublic:
    return KeyPublic(id=record.id, name=record.name, role=record.role, revoked=record.revoked,
                     created_at=record.created_at)


@router.get("/completeness", response_model=list[GapOut], tags=["admin"])
def completeness(_: AdminDep, store: StoreDep, examples: Annotated[int, Query(ge=0, le=100)] = 10) -> list[GapOut]:
    """What records lack that the matcher or search uses (companies without a business number, researchers the
    matcher knows nothing about, patents without an applicant …): for each, how many, why it matters, and the first
    ``examples`` by id."""
    return [GapOut.of(gap) for gap in find_gaps(store, examples=examples)]


@router.get("/completeness/{check}.csv", response_class=Response, tags=["admin"])
def completeness_file(_: AdminDep, store: StoreDep, check: str) -> Response:
    """Every record with one gap (a ``GapOut.key``) as a file to fill in: the canonical template of its kind with
    each record's id (``org_id``, ``person_id``; patents and publications by their numbers) and what the graph holds
    now. Imported back as that kind (``X-Innolink-Kind``), each row updates its record; blank cells change
    nothing."""
    kind, body = gap_csv(store, check)
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{kind}-{check}.csv"', "X-Innolink-Kind": kind})


@router.get("/me", response_model=WhoAmI)
def me(principal: PrincipalDep) -> WhoAmI:
    return WhoAmI(name=principal.name, role=principal.role)


@router.get("/keys", response_model=list[KeyPublic])
def keys(_: AdminDep, store: StoreDep) -> list[KeyPublic]:
    return [key_public(k) for k in list_keys(store)]


@router.post("/keys", response_model=KeyCreated, status_code=201)
def new_key(_: AdminDep, store: StoreDep, body: KeyCreate) -> KeyCreated:
    text, record = create_key(store, body.name, body.role)
    return KeyCreated(**key_public(record).model_dump(), key=text)


@router.post("/keys/{key_id}/revoke", response_model=KeyPublic)
def revoke(_: AdminDep, store: StoreDep, key_id: str) -> KeyPublic:
    return key_public(revoke_key(store, key_id))


@router.get("/dump", response_class=FileResponse, tags=["admin"],
            responses={200: {"content": {"application/gzip": {}}, "description": "the dump, gzip-compressed"}})
def backup(_: AdminDep, store: StoreDep, settings: SettingsDep) -> FileResponse:
    """The whole graph as a dump (JSON lines, gzip) that ``innolink restore`` loads into either backend: every
    record and relationship, load runs (with their undo journals, reports and the load ledger), merges, edits,
    deletions, reviews and API keys (their hashes). Loads that run while it is written may show in part."""
    folder = Path(settings.api.jobs_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"dump-{uuid.uuid4().hex}.jsonl.gz"
    dump(store, path, folders=settings.bookkeeping_dirs)
    return FileResponse(path, media_type="application/gzip",
                        filename=f"innolink-{datetime.now(UTC):%Y%m%d-%H%M%S}.jsonl.gz",
                        background=BackgroundTask(path.unlink, missing_ok=True))
