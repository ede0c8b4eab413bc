"""Where one candidate stands for one query: "we think this company would license the patent — where does it rank,
and why not higher?". Its rank among the candidates scored in full, its score and the parts it is made of, its
evidence; or, for someone the recommender never offers (the patent's owner, the company's own staff, an existing
co-founder, an organisation that is not a company), the reason in words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.engine import Scorer, rank
from matcher.features import Query, feature_matrix
from matcher.projection import Projection
from matcher.recommenders import Evidence, Filters, Recommender

FILTERED_OUT = ("the need's filters (institution, region or industry) leave it out",
                "수요의 조건(기관·지역·산업)에 맞지 않습니다")


@dataclass
class Standing:
    candidate_id: str
    name: str
    candidates: int
    """How many candidates the recommender considers for this query."""
    scored_in_full: int
    """How many of them the shortlist scored in full (the best by text and technology, and those the graph links)."""
    rank: int | None = None
    """Its place in the recommendations (1 = first), when it was scored in full."""
    would_rank: int | None = None
    """Outside the shortlist: the place its score would take among those scored in full."""
    score: float | None = None
    parts: dict[str, float] | None = None
    evidence: Evidence | None = None
    reason_en: str | None = None
    """Why it is never recommended for this query (it is not a candidate), else None."""
    reason_ko: str | None = None
    hidden_above: int = 0
    """Candidates ranked above it that the caller's list leaves out (those its office declined): not counted in
    ``rank`` / ``would_rank``, so the place is the one it has in that list."""


def standing(rec: Recommender, p: Projection, q: Query, scorer: Scorer, row: int, query_id: str | None,
             query_name: str, shortlist: int, filters: Filters | None = None,
             hidden: NDArray[np.int64] | None = None) -> Standing:
    """Where candidate ``row`` (of the recommender's candidate table) stands for ``q`` under ``filters`` (a saved
    need's) in a list that leaves out the candidate rows ``hidden``; ``query_id`` is None for a query written in words
    (its evidence then has no path from it)."""
    filters = filters or Filters()
    table = rec.candidate_table(p)
    candidates = rec.candidates(p, q, filters)
    if not np.isin(row, candidates):
        filtered_out = bool(np.isin(row, rec.candidates(p, q, Filters())))
        en, ko = FILTERED_OUT if filtered_out else _why_not(rec, p, q, row)
        return Standing(table.ids[row], table.names[row], int(candidates.size), 0, reason_en=en, reason_ko=ko)
    hidden = hidden[hidden != row] if hidden is not None else np.empty(0, dtype=np.int64)
    ranked = rank(rec, p, q, scorer, filters, size=shortlist + hidden.size)  # the list's shortlist, as a page's
    evidence = rec.explain(p, q, row, query_id, query_name)
    found = np.flatnonzero(ranked.rows == row)
    if found.size:
        at = int(found[0])
        values, score, above = ranked.features[at], float(ranked.scores[at]), ranked.rows[:at]
    else:
        values = feature_matrix(rec.features, p, q, np.asarray([row], dtype=np.int64))[0]
        score = float(scorer.score(values[None, :])[0])
        above = ranked.rows[ranked.scores >= score]
    hidden_above = int(np.isin(above, hidden).sum())
    place = int(above.size) - hidden_above + 1
    parts = {n: round(float(v), 4) for n, v in zip(rec.feature_names, values, strict=True)}
    scored = int(ranked.rows.size - np.isin(ranked.rows, hidden).sum())
    return Standing(table.ids[row], table.names[row], int(candidates.size), scored,
                    rank=place if found.size else None, would_rank=None if found.size else place,
                    score=round(score, 5), parts=parts, evidence=evidence, hidden_above=hidden_above)


def _why_not(rec: Recommender, p: Projection, q: Query, row: int) -> tuple[str, str]:
    """Why the recommender never offers ``row`` for ``q``, in English and Korean."""
    if rec.kind == "licensees":
        if row in q.excluded:
            return "it owns this patent", "이 특허의 출원인(권리자)입니다"
        return (f"it is recorded as a {p.org_kind[row] or 'organisation of no kind'}, and licensees are companies",
                f"기업이 아닌 기관({p.org_kind[row] or '미분류'})으로 등록되어 있습니다")
    if rec.kind == "partners":
        if q.org is not None and q.org in p.person_org[row].indices:
            return "they work at this company: its own staff are left out", "이 기업 소속이라 제외됩니다"
        return "they are not recorded as a researcher", "연구자로 등록되어 있지 않습니다"
    if q.person == row:
        return "this is the person asked about", "질의한 본인입니다"
    return "they already founded a company with this person", "이미 이 사람과 함께 창업했습니다"
