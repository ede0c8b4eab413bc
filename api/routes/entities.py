"""Entities: read with neighbours (any role); change, delete and merge (administrators)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.deps import AdminDep, PrincipalDep, StoreDep, ViewerDep
from api.schemas import (
    KIND_LABELS,
    EntityPublic,
    MergePublic,
    MergeRequest,
    NeighbourPublic,
    NodePatch,
    NodePublic,
    NodeSummary,
    Page,
    Reasons,
)
from graph.errors import NotFound, SchemaViolation
from graph.regions import canonical_region
from graph.schema import PROVENANCE_FIELDS, MergeRecord, Node, node_type, node_type_for_id
from graph.store import GraphStore
from graph.versioned_cache import VersionedCache
from loaders.deletions import delete_by_hand
from loaders.editing import edit_node, merge_by_hand
from loaders.evidence_text import EvidenceReader, names_for

router = APIRouter(prefix="/api/v1", tags=["entities"])
Kind = Annotated[str, Path(pattern="^(" + "|".join(KIND_LABELS) + ")$", description="organizations, people, …")]


def load(store: GraphStore, kind: str, node_id: str) -> Node:
    """The node of this kind with this id, or 404 (also for ids of another type)."""
    label = KIND_LABELS[kind]
    try:
        same_type = node_type_for_id(node_id).label == label
    except SchemaViolation:
        same_type = False
    node = store.get(node_id) if same_type else None
    if node is None:
        raise NotFound(label, node_id)
    return node


@router.get("/{kind}", response_model=Page[NodeSummary])
def list_entities(_: ViewerDep, store: StoreDep, kind: Kind, region: str | None = None,
                  offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                  limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Page[NodeSummary]:
    label = KIND_LABELS[kind]
    region = canonical_region(region)  # as stored: 광주광역시 → 광주
    where = {"region": region} if region and "region" in node_type(label).model_fields else None
    nodes = store.list_nodes(label, where=where, offset=offset, limit=limit)
    return Page(data=[NodeSummary.of(n) for n in nodes], count=store.count(label, where=where),
                offset=offset, limit=limit)


@router.post("/{kind}/{node_id:path}/merge", response_model=MergePublic)
def merge_entity(principal: AdminDep, store: StoreDep, kind: Kind, node_id: str, body: MergeRequest) -> MergePublic:
    """Fold ``drop_id`` into this node; recorded with a snapshot, so it can be undone."""
    kept, dropped = load(store, kind, node_id), load(store, kind, body.drop_id)
    return merge_public(store, merge_by_hand(store, kept, dropped, by=principal.name, source="api"))


@router.get("/{kind}/{node_id:path}", response_model=EntityPublic)
def get_entity(request: Request, principal: PrincipalDep, store: StoreDep, kind: Kind, node_id: str,
               limit: Annotated[int, Query(ge=1, le=500, description="neighbours to return")] = 100) -> EntityPublic:
    """A node with its neighbours. Views are kept per graph version: any write shows up at once."""
    principal.require("viewer")
    views: VersionedCache[EntityPublic] = request.app.state.entity_views
    return views.get(store.version(), (kind, node_id, limit, principal.sees_contacts),
                     lambda: _entity_view(store, kind, node_id, limit, contacts=principal.sees_contacts))


def _entity_view(store: GraphStore, kind: str, node_id: str, limit: int, *, contacts: bool) -> EntityPublic:
    node = load(store, kind, node_id)
    neighbours = [
        NeighbourPublic(
            relationship=n.edge.label, direction=n.direction, source_record_id=n.edge.source_record_id,
            properties={k: v for k, v in n.edge.model_dump(mode="json").items()
                        if k not in ("src", "dst", *PROVENANCE_FIELDS)},
            node=NodeSummary.of(n.node))
        for n in store.neighbours(node.id, limit=limit)
    ]
    return EntityPublic(node=NodePublic.of(node, contacts=contacts), neighbours=neighbours)


@router.patch("/{kind}/{node_id:path}", response_model=NodePublic)
def patch_entity(principal: AdminDep, store: StoreDep, kind: Kind, node_id: str, patch: NodePatch) -> NodePublic:
    """Change properties; recorded as an edit (``GET /edits?node_id=…``) that ``POST /edits/{id}/undo`` undoes."""
    edited = edit_node(store, load(store, kind, node_id), patch.properties, by=principal.name, source="api")
    return NodePublic.of(edited, contacts=True)


@router.delete("/{kind}/{node_id:path}", status_code=204)
def delete_entity(principal: AdminDep, store: StoreDep, kind: Kind, node_id: str) -> Response:
    """Delete a record and its relationships; kept as a deletion (``Location``) that ``POST …/restore`` undoes."""
    record = delete_by_hand(store, load(store, kind, node_id), by=principal.name, source="api")
    return Response(status_code=204, headers={"Location": f"/api/v1/deletions/{record.id}"})


def merge_public(store: GraphStore, record: MergeRecord) -> MergePublic:
    return MergePublic(id=record.id, kept_id=record.kept_id, merged_id=record.merged_id, node_label=record.node_label,
                       method=record.method, score=record.score, evidence=json.loads(record.evidence),
                       reasons=reasons_of(store, record.evidence), created_at=record.created_at, undone=record.undone)


def reasons_of(store: GraphStore, evidence: str) -> Reasons:
    """Resolution's evidence in Korean and English sentences, the nodes it lists by name."""
    names = names_for(store, [evidence])
    return Reasons(ko=EvidenceReader("ko", names).lines(evidence), en=EvidenceReader("en", names).lines(evidence))
