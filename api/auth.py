"""API keys and roles.

A key looks like ``ink_<id>_<secret>``; the store keeps ``ApiKey(id="key:<id>")`` with the SHA-256 digest of
the secret only (keys are long random strings, so a fast digest is enough; compared in constant time).
Roles are ordered: viewer < tto < admin. A missing or wrong key is 401; a known key without the role
is 403.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from graph.config import Settings
from graph.errors import Forbidden, NotFound, Unauthenticated
from graph.schema import ApiKey
from graph.store import GraphStore

Role = Literal["viewer", "tto", "admin"]
RANK: dict[str, int] = {"viewer": 0, "tto": 1, "admin": 2}


@dataclass(frozen=True)
class Principal:
    """Who is calling."""

    name: str
    role: Role
    key_id: str | None = None

    def can(self, role: Role) -> bool:
        return RANK[self.role] >= RANK[role]

    def require(self, role: Role) -> Principal:
        if not self.can(role):
            raise Forbidden(f"this needs the {role} role; your key has {self.role}", required=role)
        return self

    @property
    def sees_contacts(self) -> bool:
        """Personal contact data (e-mail, phone) is hidden from viewers."""
        return self.can("tto")


ANONYMOUS_VIEWER = Principal("anonymous", "viewer")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(store: GraphStore, name: str, role: Role) -> tuple[str, ApiKey]:
    """A new key: returns the key text (shown once) and its stored record."""
    if role not in RANK:
        raise ValueError(f"role must be one of {', '.join(RANK)}")
    key_id, secret = secrets.token_hex(4), secrets.token_urlsafe(24)
    record = ApiKey(id=f"key:{key_id}", name=name, role=role, key_hash=_digest(secret),
                    created_at=datetime.now(UTC), source="innolink")
    store.upsert_nodes([record])
    return f"ink_{key_id}_{secret}", record


def revoke_key(store: GraphStore, key_id: str) -> ApiKey:
    node_id = key_id if key_id.startswith("key:") else f"key:{key_id}"
    record = store.get(node_id)
    if not isinstance(record, ApiKey):
        raise NotFound("API key", key_id)
    revoked = record.model_copy(update={"revoked": True})
    store.upsert_nodes([revoked])
    _KEY_CACHE.pop((id(store), node_id), None)
    return revoked


def list_keys(store: GraphStore) -> list[ApiKey]:
    return [k for k in store.list_nodes("ApiKey", order_by="created_at", limit=10_000) if isinstance(k, ApiKey)]


KEY_CACHE_SECONDS = 5.0
"""How long a key record is trusted without re-reading it: a key revoked by another process stops working
within this time (at once in the process that revoked it)."""
_KEY_CACHE: dict[tuple[int, str], tuple[float, object]] = {}


def _key_record(store: GraphStore, node_id: str) -> object:
    """The stored key record, re-read at most every few seconds (a store read per request is most of
    a cached recommendation's time)."""
    now = time.monotonic()
    cached = _KEY_CACHE.get((id(store), node_id))
    if cached is not None and now - cached[0] < KEY_CACHE_SECONDS:
        return cached[1]
    record = store.get(node_id)
    if len(_KEY_CACHE) > 10_000:
        _KEY_CACHE.clear()
    _KEY_CACHE[(id(store), node_id)] = (now, record)
    return record


def authenticate(store: GraphStore, settings: Settings, key: str | None) -> Principal:
    """The principal for a presented key (or for no key, when open reads are on)."""
    if not key:
        if settings.api.open_reads:
            return ANONYMOUS_VIEWER
        raise Unauthenticated("an API key is required: send it as X-API-Key (or Authorization: Bearer …)")
    bootstrap = settings.api.bootstrap_admin_key
    if bootstrap is not None and hmac.compare_digest(key, bootstrap.get_secret_value()):
        return Principal("bootstrap-admin", "admin")
    prefix, _, rest = key.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != "ink" or not key_id or not secret or not key_id.isalnum():
        raise Unauthenticated("malformed API key")
    record = _key_record(store, f"key:{key_id}")
    if not isinstance(record, ApiKey) or record.revoked or not hmac.compare_digest(record.key_hash, _digest(secret)):
        raise Unauthenticated("unknown or revoked API key")
    return Principal(record.name, record.role, record.id)
