"""The matcher as the API uses it: one projection per graph version (cached on disk with its trained
rankers), refreshed after loads, and the three recommenders behind one facade."""

from __future__ import annotations

import json
import pickle
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from graph.config import MatcherSettings
from graph.errors import BadRequest, NotFound
from graph.schema import SavedNeed
from graph.store import GraphStore
from graph.versioned_cache import VersionedCache
from matcher.engine import Scorer, rank, train
from matcher.features import Query
from matcher.needs import train_needs
from matcher.projection import Projection, ProjectionBuilder
from matcher.recommenders import (
    CofounderRecommender,
    Evidence,
    Filters,
    LicenseeRecommender,
    PartnerRecommender,
    Recommender,
)
from matcher.search import SearchIndex
from matcher.standing import Standing, standing

PAGE_CACHE_SIZE = 4096
"""Recommendation pages kept per graph version (a page with evidence is a few kB)."""
STATE_FORMAT = "4"
"""Part of the cached state's file name: changed whenever the features, the text analysis or the projection's
fields change, so a state saved by an older version is rebuilt rather than read."""


NEEDS = "needs"
"""The scorers' key of the partners' ranker for written needs."""


class TechnologyFinder(Protocol):
    """What the matcher needs from the loaders' extractor to read a free-text need."""

    def technologies(self, text: str) -> list[tuple[str, float]]: ...


@dataclass
class Recommendation:
    id: str
    name: str
    rank: int
    score: float
    parts: dict[str, float]
    evidence: Evidence | None = None


@dataclass
class RecommendationPage:
    kind: str
    query: dict[str, object]
    data: list[Recommendation]
    count: int
    offset: int
    limit: int
    ranker: str
    weights: dict[str, float] = field(default_factory=dict)
    hidden: int = 0
    """Candidates left out because the caller asked (``hide``: those marked declined or not a fit)."""


@dataclass
class MatcherState:
    projection: Projection
    scorers: dict[str, Scorer]
    search: SearchIndex


class Matcher:
    """Recommendations over a store; thread-safe; rebuilds its projection when the graph changes."""

    def __init__(self, store: GraphStore, settings: MatcherSettings, *, finder: TechnologyFinder | None = None,
                 check_every: float = 2.0, train_rankers: bool = True) -> None:
        self.store = store
        self.settings = settings
        self.finder = finder
        self.check_every = check_every
        self.train_rankers = train_rankers
        self.recommenders: dict[str, Recommender] = {
            "partners": PartnerRecommender(), "licensees": LicenseeRecommender(), "cofounders": CofounderRecommender(),
        }
        self._state: MatcherState | None = None
        self._checked = 0.0
        self._dirty = False
        self._lock = threading.Lock()
        self._pages: VersionedCache[RecommendationPage] = VersionedCache(PAGE_CACHE_SIZE)

    # ------------------------------------------------------------------ state

    def state(self) -> MatcherState:
        now = time.monotonic()
        state = self._state
        if state is not None and not self._dirty and now - self._checked < self.check_every:
            return state
        with self._lock:
            self._checked = time.monotonic()
            version = self.store.knowledge_version()  # bookkeeping alone (a saved need, a key) changes nothing here
            if self._state is None or self._state.projection.version != version:
                self._state = self._load(version) or self._build()
            self._dirty = False
            return self._state

    @property
    def built(self) -> bool:
        """Whether a projection is in memory (so no request has to wait for one to be built or read)."""
        return self._state is not None

    def refresh(self) -> MatcherState:
        """Rebuild now if the graph changed (call after a load); requests meanwhile wait for the new state
        rather than answer from the old one."""
        self._dirty = True
        return self.state()

    def _cache_file(self, version: str) -> Path:
        return Path(self.settings.cache_dir) / f"matcher-{STATE_FORMAT}-{version}.pkl"

    def _load(self, version: str) -> MatcherState | None:
        path = self._cache_file(version)
        if not path.exists():
            return None
        try:
            with path.open("rb") as handle:
                state = pickle.load(handle)  # noqa: S301 - our own cache file
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        return state if isinstance(state, MatcherState) else None

    def _build(self) -> MatcherState:
        projection = ProjectionBuilder(self.store).build()
        scorers = {
            kind: train(rec, projection) if self.train_rankers else Scorer(kind, rec.feature_names)
            for kind, rec in self.recommenders.items()
        }
        partners = self.recommenders["partners"]
        assert isinstance(partners, PartnerRecommender)
        scorers[NEEDS] = (train_needs(self.store, projection, partners) if self.train_rankers
                          else Scorer(partners.kind, partners.feature_names))
        state = MatcherState(projection, scorers, SearchIndex.build(self.store))
        folder = Path(self.settings.cache_dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = self._cache_file(projection.version)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in folder.glob("matcher-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
        return state

    # ------------------------------------------------------------------ recommendations

    def partners(self, *, company_id: str | None = None, text: str | None = None, filters: Filters | None = None,
                 offset: int = 0, limit: int = 10, explain: bool = True, hide: frozenset[str] = frozenset()
                 ) -> RecommendationPage:
        """Researchers for a company (by id) or a free-text need; never the people in ``hide`` (ids)."""
        key = ("partners", company_id, text, astuple(filters or Filters()), offset, limit, explain,
               tuple(sorted(hide)))
        return self._cached(key, lambda: self._partners(company_id, text, filters, offset, limit, explain, hide))

    def licensees(self, patent_id: str | None = None, *, text: str | None = None, technologies: Sequence[str] = (),
                  inventors: Sequence[str] = (), filters: Filters | None = None, offset: int = 0, limit: int = 10,
                  explain: bool = True, hide: frozenset[str] = frozenset()) -> RecommendationPage:
        """Companies for a patent, never its owner; or for an invention not in the graph, described in words, with
        technology ids it is known to have (its IPC subclasses) and the ids of its inventors in the graph. Never the
        companies in ``hide``."""
        described = (text, tuple(technologies), tuple(inventors))
        key = ("licensees", patent_id, described, astuple(filters or Filters()), offset, limit, explain,
               tuple(sorted(hide)))
        return self._cached(key, lambda: self._licensees(patent_id, described, filters, offset, limit, explain, hide))

    def cofounders(self, person_id: str | None = None, *, text: str | None = None, brings: str | None = None,
                   filters: Filters | None = None, offset: int = 0, limit: int = 10,
                   explain: bool = True, hide: frozenset[str] = frozenset()) -> RecommendationPage:
        """People with complementary skills for a founder or researcher (by id), or for a founder described in
        words with what they bring (technical or business). Never the people in ``hide``."""
        key = ("cofounders", person_id, (text, brings), astuple(filters or Filters()), offset, limit, explain,
               tuple(sorted(hide)))
        return self._cached(key, lambda: self._cofounders(person_id, text, brings, filters, offset, limit, explain,
                                                          hide))

    def _cached(self, key: tuple[object, ...], compute: Callable[[], RecommendationPage]) -> RecommendationPage:
        """Pages are deterministic for a graph version, so a repeated query is answered from memory
        (least recently used pages go first; the whole cache goes when the graph changes). A record the projection
        does not know, asked for after the graph changed (a record just added, or corrected by hand, within
        ``check_every`` of the last look at the graph's version), is looked for again in a projection rebuilt."""
        try:
            return self._pages.get(self.state().projection.version, key, compute)
        except NotFound:
            if self.store.knowledge_version() == self.state().projection.version:
                raise
            return self._pages.get(self.refresh().projection.version, key, compute)

    def _partners(self, company_id: str | None, text: str | None, filters: Filters | None, offset: int, limit: int,
                  explain: bool, hide: frozenset[str]) -> RecommendationPage:
        state = self.state()
        p = state.projection
        rec = self.recommenders["partners"]
        assert isinstance(rec, PartnerRecommender)
        if company_id:
            row = self._row(p.orgs.index, company_id, "organization")
            q, name, qid = rec.query_for_row(p, row), p.orgs.names[row], company_id
            scorer = state.scorers[rec.kind]
        elif text and text.strip():
            q, name, qid = rec.query_for_text(p, text, self._technologies_in(text)), text[:80], None
            # A written need has its own ranker (``matcher.needs``): the company ranker learnt from companies'
            # collaborations, where a company's pooled text says little.
            scorer = state.scorers[NEEDS]
        else:
            raise BadRequest("give a company id or a text describing the need")
        query: dict[str, object] = {"company_id": company_id, "text": text}
        return self._page(state, rec, q, qid, name, query, filters, offset, limit, explain, hide, scorer=scorer)

    def _licensees(self, patent_id: str | None, described: tuple[str | None, tuple[str, ...], tuple[str, ...]],
                   filters: Filters | None, offset: int, limit: int, explain: bool, hide: frozenset[str]
                   ) -> RecommendationPage:
        state = self.state()
        p = state.projection
        rec = self.recommenders["licensees"]
        assert isinstance(rec, LicenseeRecommender)
        text, technologies, inventors = described
        if patent_id:
            row = self._row(p.patents.index, patent_id, "patent")
            q, name = rec.query_for_row(p, row), p.patents.names[row]
            query: dict[str, object] = {"patent_id": patent_id}
        elif text and text.strip():
            techs = self._technologies_in(text) + [(t, 1.0) for t in technologies]
            rows = np.asarray(sorted({self._row(p.people.index, i, "person") for i in inventors}), dtype=np.int64)
            q, name = rec.query_for_text(p, text, techs, rows, (filters or Filters()).region), text[:80]
            query = {"text": text, "technologies": list(technologies), "inventors": list(inventors)}
        else:
            raise BadRequest("give a patent id or a text describing the invention")
        return self._page(state, rec, q, patent_id, name, query, filters, offset, limit, explain, hide)

    def _cofounders(self, person_id: str | None, text: str | None, brings: str | None, filters: Filters | None,
                    offset: int, limit: int, explain: bool, hide: frozenset[str]) -> RecommendationPage:
        state = self.state()
        p = state.projection
        rec = self.recommenders["cofounders"]
        assert isinstance(rec, CofounderRecommender)
        if person_id:
            row = self._row(p.people.index, person_id, "person")
            q, name = rec.query_for_row(p, row), p.people.names[row]
        elif text and text.strip():
            if brings not in (None, "technical", "business"):
                raise BadRequest("brings is technical or business", field="brings", value=brings)
            region = (filters or Filters()).region
            q, name = rec.query_for_text(p, text, self._technologies_in(text), brings, region), text[:80]
        else:
            raise BadRequest("give a person id or a text describing the founder")
        query: dict[str, object] = {"person_id": person_id} if person_id else {"text": text, "brings": brings}
        return self._page(state, rec, q, person_id, name, query, filters, offset, limit, explain, hide)

    def standing(self, kind: str, query_id: str, candidate_id: str, *, hide: frozenset[str] = frozenset()
                 ) -> Standing:
        """Where one candidate stands for a query in the graph (a company or saved need for partners, a patent for
        licensees, a person for co-founders): its rank, score, parts and evidence, or why it is never offered. Its
        rank is its place in the list that leaves out the candidates ``hide`` names (as ``partners`` and the
        others take them)."""
        state = self.state()
        p = state.projection
        rec = self.recommenders.get(kind)
        if rec is None:
            raise NotFound("recommender", kind)
        table = rec.candidate_table(p)
        candidate = self._row(table.index, candidate_id, "person" if table is p.people else "organization")
        hidden = table.rows_of(hide)
        if isinstance(rec, PartnerRecommender) and query_id.startswith("need:"):
            need = self.store.get(query_id)
            if not isinstance(need, SavedNeed):
                raise NotFound("saved need", query_id)
            q = rec.query_for_text(p, need.text, self._technologies_in(need.text))
            return standing(rec, p, q, state.scorers[NEEDS], candidate, None, need.name, self.settings.shortlist,
                            Filters(**json.loads(need.filters)), hidden)
        query_table = {"partners": (p.orgs, "organization"), "licensees": (p.patents, "patent"),
                       "cofounders": (p.people, "person")}[kind]
        row = self._row(query_table[0].index, query_id, query_table[1])
        return standing(rec, p, rec.query_for_row(p, row), state.scorers[rec.kind], candidate, query_id,
                        query_table[0].names[row], self.settings.shortlist, hidden=hidden)

    def _technologies_in(self, text: str) -> list[tuple[str, float]]:
        """(technology id, weight) the extractor finds in a query written in words (none without an extractor)."""
        return self.finder.technologies(text) if self.finder else []

    def _row(self, index: dict[str, int], node_id: str, what: str) -> int:
        row = index.get(node_id)
        if row is None:
            raise NotFound(what, node_id)
        return row

    def _page(self, state: MatcherState, rec: Recommender, q: Query, query_id: str | None, query_name: str,
              query: dict[str, object], filters: Filters | None, offset: int, limit: int, explain: bool,
              hide: frozenset[str], scorer: Scorer | None = None) -> RecommendationPage:
        if offset < 0 or not 1 <= limit <= 100:
            raise BadRequest("offset must be ≥ 0 and limit between 1 and 100")
        p = state.projection
        scorer = scorer or state.scorers[rec.kind]
        table = rec.candidate_table(p)
        hidden_rows = table.rows_of(hide)
        size = max(self.settings.shortlist, offset + limit)
        ranked = rank(rec, p, q, scorer, filters or Filters(), size=size + hidden_rows.size)
        shown = ~np.isin(ranked.rows, hidden_rows)
        hidden = int(ranked.rows.size - shown.sum())
        ranked = replace(ranked, rows=ranked.rows[shown], scores=ranked.scores[shown], features=ranked.features[shown])
        names = rec.feature_names
        data = []
        for position in range(offset, min(offset + limit, ranked.rows.size)):
            row = int(ranked.rows[position])
            parts = {n: round(float(v), 4) for n, v in zip(names, ranked.features[position], strict=True)}
            evidence = rec.explain(p, q, row, query_id, query_name) if explain else None
            data.append(Recommendation(table.ids[row], table.names[row], position + 1,
                                       round(float(ranked.scores[position]), 5), parts, evidence))
        return RecommendationPage(rec.kind, query, data, min(ranked.total - hidden, size), offset, limit,
                                  "learned" if scorer.learned else "default", scorer.describe(), hidden)
