"""Duplicate review, merges, edits, deletions and relationships removed by hand (administrators)."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import AdminDep, StoreDep
from api.routes.entities import merge_public, reasons_of
from api.schemas import (
    DecisionProblemOut,
    DeletionPublic,
    EditPublic,
    MergePublic,
    NodeSummary,
    Page,
    ReviewDecisionsIn,
    ReviewDecisionsOut,
    ReviewPublic,
)
from graph.errors import NotFound
from graph.schema import DeletionRecord, EditRecord, MergeRecord, ReviewItem
from graph.store import GraphStore, Scalar
from loaders.curation import (
    approve_review,
    files_loaded_since,
    holders,
    reject_review,
    review_report_text,
    undo_merge,
)
from loaders.deletions import deletion, restore_deleted, unlink_by_hand
from loaders.editing import undo_edit
from loaders.review_decisions import DecisionReport, apply_decisions

router = APIRouter(prefix="/api/v1", tags=["curation"])


def review_public(store: GraphStore, item: ReviewItem) -> ReviewPublic:
    nodes = holders(store, [item.left_id, item.right_id])  # a side merged away since: the node holding it now
    left, right = nodes.get(item.left_id), nodes.get(item.right_id)
    return ReviewPublic(id=item.id, left=NodeSummary.of(left) if left else None,
                        right=NodeSummary.of(right) if right else None, node_label=item.node_label, score=item.score,
                        evidence=json.loads(item.evidence), reasons=reasons_of(store, item.evidence),
                        status=item.status, created_at=item.created_at)


ReviewStatus = Literal["open", "approved", "rejected"]


@router.get("/reviews", response_model=Page[ReviewPublic])
def list_reviews(_: AdminDep, store: StoreDep, status: ReviewStatus = "open",
                 type: Annotated[Literal["Organization", "Person", "Patent", "Publication", "Project"] | None,
                                 Query(description="the pairs of one node type")] = None,
                 run_id: Annotated[str | None, Query(max_length=200, description="the pairs one load raised")] = None,
                 offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0, limit: Annotated[int, Query(ge=1, le=100)] = 20
                 ) -> Page[ReviewPublic]:
    where: dict[str, Scalar] = {"status": status}
    where.update({k: v for k, v in (("node_label", type), ("run_id", run_id)) if v})
    items = store.list_nodes("ReviewItem", where=where, order_by="score", descending=True, offset=offset, limit=limit)
    return Page(data=[review_public(store, i) for i in items if isinstance(i, ReviewItem)],
                count=store.count("ReviewItem", where=where), offset=offset, limit=limit)


@router.get("/reviews.csv", response_class=Response)
def reviews_report(_: AdminDep, store: StoreDep, status: ReviewStatus = "open") -> Response:
    """Every review item of a status as the review report (CSV): write approve or reject in its ``decision`` column
    and send the decisions back (``POST /reviews/decisions``, ``innolink reviews apply``)."""
    return Response(review_report_text(store, status), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="reviews-{status}.csv"'})


@router.post("/reviews/{review_id}/approve", response_model=MergePublic)
def approve(principal: AdminDep, store: StoreDep, review_id: str) -> MergePublic:
    return merge_public(store, approve_review(store, review_id, decided_by=principal.name))


@router.post("/reviews/{review_id}/reject", response_model=ReviewPublic)
def reject(_: AdminDep, store: StoreDep, review_id: str) -> ReviewPublic:
    return review_public(store, reject_review(store, review_id))


@router.post("/reviews/decisions", response_model=ReviewDecisionsOut)
def decide_many(principal: AdminDep, store: StoreDep, body: ReviewDecisionsIn) -> ReviewDecisionsOut:
    """Approve or reject many review items; a decision naming no open item, or neither approve nor reject, is
    reported (``problems``, by its position in the list) and the others are applied."""
    report = apply_decisions(store, ((i, d.review_id, d.decision) for i, d in enumerate(body.decisions, start=1)),
                             decided_by=principal.name, dry_run=body.dry_run)
    return decisions_out(report)


def decisions_out(report: DecisionReport) -> ReviewDecisionsOut:
    return ReviewDecisionsOut(approved=report.approved, merges=report.merges, rejected=report.rejected,
                              unchanged=report.unchanged, blank=report.blank, dry_run=report.dry_run,
                              problems=[DecisionProblemOut(line=p.line, review_id=p.review_id, field=p.field,
                                                           value=p.value, reason=p.reason) for p in report.problems])


@router.get("/merges", response_model=Page[MergePublic])
def list_merges(_: AdminDep, store: StoreDep, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Page[MergePublic]:
    merges = store.list_nodes("MergeRecord", order_by="created_at", descending=True, offset=offset, limit=limit)
    return Page(data=[merge_public(store, m) for m in merges if isinstance(m, MergeRecord)],
                count=store.count("MergeRecord"), offset=offset, limit=limit)


@router.post("/merges/{merge_id}/undo", response_model=MergePublic)
def undo(_: AdminDep, store: StoreDep, merge_id: str) -> MergePublic:
    if not merge_id.startswith("mrg:"):
        raise NotFound("merge", merge_id)
    record = undo_merge(store, merge_id)
    return merge_public(store, record).model_copy(
        update={"load_again": files_loaded_since(store, record.created_at)})


@router.get("/edits", response_model=Page[EditPublic])
def list_edits(_: AdminDep, store: StoreDep, node_id: Annotated[str | None, Query(max_length=500)] = None,
               offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
               limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Page[EditPublic]:
    """Records' fields changed by hand, latest first; ``node_id`` keeps one record's."""
    where: dict[str, Scalar] | None = {"node_id": node_id} if node_id else None
    edits = store.list_nodes("EditRecord", where=where, order_by="created_at", descending=True, offset=offset,
                             limit=limit)
    return Page(data=[EditPublic.of(e) for e in edits if isinstance(e, EditRecord)],
                count=store.count("EditRecord", where=where), offset=offset, limit=limit)


@router.post("/edits/{edit_id}/undo", response_model=EditPublic)
def undo_an_edit(_: AdminDep, store: StoreDep, edit_id: str) -> EditPublic:
    """Put the fields an edit changed back; refused (409) when one has changed since."""
    return EditPublic.of(undo_edit(store, edit_id))


@router.get("/deletions", response_model=Page[DeletionPublic])
def list_deletions(_: AdminDep, store: StoreDep, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                   limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Page[DeletionPublic]:
    """Records deleted by hand, latest first."""
    deletions = store.list_nodes("DeletionRecord", order_by="created_at", descending=True, offset=offset, limit=limit)
    return Page(data=[DeletionPublic.of(d) for d in deletions if isinstance(d, DeletionRecord)],
                count=store.count("DeletionRecord"), offset=offset, limit=limit)


@router.delete("/relationships", status_code=204)
def remove_relationship(
    principal: AdminDep, store: StoreDep,
    type: Annotated[str, Query(min_length=1, max_length=40, description="the relationship's type, e.g. LICENSED_TO")],
    source: Annotated[str, Query(min_length=1, max_length=500, description="the id of the node it starts at")],
    target: Annotated[str, Query(min_length=1, max_length=500, description="the id of the node it ends at")],
) -> Response:
    """Remove one relationship (a wrong affiliation, a licence on the wrong company); kept as a deletion
    (``Location``) that ``POST /deletions/{id}/restore`` undoes."""
    record = unlink_by_hand(store, type, source, target, by=principal.name, source="api")
    return Response(status_code=204, headers={"Location": f"/api/v1/deletions/{record.id}"})


@router.get("/deletions/{deletion_id}", response_model=DeletionPublic)
def get_deletion(_: AdminDep, store: StoreDep, deletion_id: str) -> DeletionPublic:
    return DeletionPublic.of(deletion(store, deletion_id))


@router.post("/deletions/{deletion_id}/restore", response_model=DeletionPublic)
def restore(_: AdminDep, store: StoreDep, deletion_id: str) -> DeletionPublic:
    """Put a deleted record back with its relationships (those whose other end still exists). Files loaded while it
    was deleted bring in the rows that named it when they are loaded again (they are not skipped as unchanged)."""
    record, not_restored = restore_deleted(store, deletion_id)
    return DeletionPublic.of(record, not_restored=not_restored)
