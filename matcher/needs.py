"""A ranker for written needs (partners for free text), learnt from the graph's own patents.

Companies' collaborations teach the company partner ranker; a written need is another question. Here the
newest patents whose inventors the rest of the graph knows are held out: a projection is built without them,
each one's titles and abstracts become a need, and its inventors are the truth — the PatentsView evaluation's
learned row (``dataset_eval``), on whatever graph is loaded. With too few such patents the default weights,
checked on that evaluation, rank needs instead.
"""

from __future__ import annotations

import numpy as np

from graph.schema import Patent
from graph.store import GraphStore
from matcher.dataset_eval import Case, PartnerTask, fit_ranker
from matcher.engine import Scorer
from matcher.projection import Exclusions, Projection, ProjectionBuilder
from matcher.recommenders import PartnerRecommender

HELD_OUT = 1500
"""Patents held out as needs (the newest)."""
MIN_NEEDS = 50
"""Fewer needs with a known inventor than this: the default weights."""


def held_out_patents(p: Projection, limit: int = HELD_OUT) -> list[int]:
    """Rows of the newest patents (by filing year, then id) with an inventor who has another patent."""
    per_person = p.person_patent.getnnz(1)
    known = np.zeros(len(p.patents), dtype=bool)
    coo = p.person_patent.tocoo()
    known[coo.col[per_person[coo.row] > 1]] = True
    rows = np.flatnonzero(known)
    order = np.lexsort((rows, p.patent_year[rows]))  # oldest first, ties by row (= id order)
    return [int(r) for r in rows[order][-limit:]]


def need_text(patent: Patent) -> str:
    return ". ".join(t for t in (patent.title_ko, patent.title_en, patent.abstract_ko, patent.abstract_en) if t)


def train_needs(store: GraphStore, p: Projection, rec: PartnerRecommender, *, limit: int = HELD_OUT,
                seed: int = 7) -> Scorer:
    """A learned scorer for written needs, or the default weights when the graph holds too few patents to learn
    from (fewer than ``MIN_NEEDS`` whose inventors it otherwise knows)."""
    default = Scorer(rec.kind, rec.feature_names)
    held = held_out_patents(p, limit)
    if len(held) < MIN_NEEDS:
        return default
    ids = [p.patents.ids[r] for r in held]
    documents = store.get_many(ids)
    before = ProjectionBuilder(store).build(Exclusions(patents=set(ids)))
    known = set(np.flatnonzero(before.person_patent.getnnz(1) > 0).tolist())
    cases = []
    for row, patent_id in zip(held, ids, strict=True):
        patent = documents.get(patent_id)
        if not isinstance(patent, Patent):
            continue
        inventors = {before.people.index[p.people.ids[int(r)]] for r in p.column("person_patent", row)}
        truth = inventors & known
        raw = p.patent_tech[row]
        techs = [(p.techs.ids[int(c)], float(w)) for c, w in zip(raw.indices, raw.data, strict=True)]
        if truth:
            cases.append(Case(rec.query_for_text(before, need_text(patent), techs), truth, False))
    if len(cases) < MIN_NEEDS:
        return default
    model = fit_ranker(PartnerTask(), before, cases, seed=seed)  # the product recommender's features
    return Scorer(rec.kind, rec.feature_names, model) if model is not None else default
