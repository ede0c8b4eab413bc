"""API keys (administrators) and who-am-I."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth import create_key, list_keys, revoke_key
from api.deps import AdminDep, PrincipalDep, StoreDep
from api.schemas import KeyCreate, KeyCreated, KeyPublic, WhoAmI
from graph.schema import ApiKey

router = APIRouter(prefix="/api/v1", tags=["auth"])


def key_public(record: ApiKey) -> KeyPublic:
    return KeyPublic(id=record.id, name=record.name, role=record.role, revoked=record.revoked,
                     created_at=record.created_at)


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
