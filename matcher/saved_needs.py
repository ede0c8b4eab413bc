"""Running a saved need again: today's researchers for it, with those that have come into its top ``TOP`` since its
owner last ran it (the graph has grown, or changed enough to bring them up) marked new.

A run of its first page is a visit: it remembers the need's top researchers as they are now, and keeps those of the
visit before to compare with, so the later pages of the same visit are marked against the same earlier top."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from graph.schema import SavedNeed
from graph.store import GraphStore
from matcher.recommenders import Filters
from matcher.service import Matcher, RecommendationPage

TOP = 50
"""How far down a saved need's researchers are compared between visits."""


def run_saved_need(matcher: Matcher, store: GraphStore, need: SavedNeed, *, offset: int = 0, limit: int = 10,
                   hide: frozenset[str] = frozenset(), visit: bool = True) -> tuple[RecommendationPage, frozenset[str]]:
    """One page of the need's researchers, and those on it in today's top ``TOP`` that were not in the top at the
    visit before (none before a second visit). ``visit=False``: the first page shown again within a visit (after a
    follow-up was set), compared as the visit's other pages are."""
    filters = Filters(**json.loads(need.filters))
    page = matcher.partners(text=need.text, filters=filters, offset=offset, limit=limit, hide=hide)
    if offset == 0 and visit:  # a visit: today's top is remembered, the last visit's becomes the one to compare with
        top = [r.id for r in matcher.partners(text=need.text, filters=filters, limit=TOP, explain=False,
                                              hide=hide).data]
        if need.last_run_at is not None:
            need = need.model_copy(update={"seen_before": need.seen, "previous_run_at": need.last_run_at})
        need = need.model_copy(update={"seen": top, "last_run_at": datetime.now(UTC)})
        store.upsert_nodes([need])
    if need.previous_run_at is None:
        return page, frozenset()
    before, now = set(need.seen_before), set(need.seen)
    return page, frozenset(r.id for r in page.data if r.id in now and r.id not in before)
