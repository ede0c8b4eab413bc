"""Records added by hand (administrators): one record of a template's kind, sent as JSON, loaded as a one-row file
(validated, resolved against the graph, undone like an import). See ``loaders/adding.py``."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Body, Path, Query, Response

from api.deps import AdminDep, JobsDep
from api.schemas import LABEL_KINDS, RecordAddedPublic, RelationshipPublic
from graph.schema import node_type_for_id
from loaders.adding import Added, FieldValue
from loaders.mapping import KINDS

router = APIRouter(prefix="/api/v1/records", tags=["imports"])
RecordKind = Annotated[str, Path(pattern="^(" + "|".join(KINDS) + ")$", description=", ".join(KINDS))]
EXAMPLE = {"name_ko": "(주)한빛광학", "name_en": "Hanbit Optics Co., Ltd.", "business_number": "220-81-62517",
           "region": "광주", "technologies": ["LiDAR", "광학 설계"]}


@router.post("/{kind}", response_model=RecordAddedPublic, responses={201: {"model": RecordAddedPublic},
                                                                     202: {"model": RecordAddedPublic}})
def add_record(principal: AdminDep, jobs: JobsDep, response: Response, kind: RecordKind,
               fields: Annotated[dict[str, FieldValue], Body(examples=[EXAMPLE], description=(
                   "the fields of the kind's template (docs/TEMPLATES.md); a list field takes a list or one text "
                   "with the template's separators"))],
               dry_run: Annotated[bool, Query(description="only say what the record would become")] = False,
               ) -> RecordAddedPublic:
    """Add one record: 201 with ``Location`` when it made a new node or relationship; 200 when it landed on one the
    graph held (updated, unchanged, merged) or was listed for review with a possible duplicate; 202 while it waits
    behind a long import; 422 naming every field refused (nothing written)."""
    run_id, added = jobs.add_record(kind, fields, by=principal.name, dry_run=dry_run)
    if added is None:
        response.status_code = 202
        response.headers["Location"] = f"/api/v1/imports/{run_id}"
        return RecordAddedPublic(run_id=run_id, status="queued")
    assert isinstance(added, Added)
    out = record_added_public(added, None if dry_run else run_id)
    if out.outcome == "created":
        response.status_code = 201
        target = added.landed_on
        kind_of = LABEL_KINDS.get(node_type_for_id(target).label) if target else None
        if target and kind_of:
            response.headers["Location"] = f"/api/v1/{kind_of}/{quote(target, safe=':')}"  # ids may be Hangul
    return out


def record_added_public(added: Added, run_id: str | None) -> RecordAddedPublic:
    ship = added.relationship
    return RecordAddedPublic(
        run_id=run_id, status="done", outcome=added.outcome, node_id=added.node_id,
        relationship=RelationshipPublic(type=ship.label, source=ship.src, target=ship.dst) if ship else None,
        review_id=added.review.id if added.review else None, review_with=added.review_with)
