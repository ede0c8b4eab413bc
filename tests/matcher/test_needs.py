"""The written needs' ranker: which patents are held out, and what a graph too small to learn from gets."""

from __future__ import annotations

import numpy as np

from graph.store import GraphStore
from matcher.needs import held_out_patents, train_needs
from matcher.recommenders import PartnerRecommender
from matcher.service import Matcher


def test_the_newest_patents_with_a_known_inventor_are_held_out(matcher: Matcher) -> None:
    p = matcher.state().projection
    held = held_out_patents(p, 200)
    assert len(held) == 200 == len(set(held))
    per_person = p.person_patent.getnnz(1)
    for row in held:  # each has an inventor with another patent, who stays known without it
        assert (per_person[p.column("person_patent", row)] > 1).any()
    eligible = [r for r in range(len(p.patents)) if (per_person[p.column("person_patent", r)] > 1).any()]
    newest = sorted(eligible, key=lambda r: (int(p.patent_year[r]), r))[-200:]
    assert held == newest
    assert min(p.patent_year[held]) >= np.percentile(p.patent_year[eligible], 50)


def test_too_few_needs_fall_back_to_the_default_weights(matcher: Matcher, sample_store: GraphStore) -> None:
    p = matcher.state().projection
    rec = PartnerRecommender()
    assert not train_needs(sample_store, p, rec, limit=20).learned  # fewer than MIN_NEEDS
    assert train_needs(sample_store, p, rec, limit=300).learned
