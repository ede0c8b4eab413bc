"""Evaluation on a real patent dataset with a time split (``innolink evaluate --dataset patentsview``).

Patents filed from the cut-off year on are the test period; the graph they are ranked on is projected without
them (no text, inventors, assignees or technologies of a test patent). The learned ranker is trained the same
way one period earlier: patents of the validation years are hidden and ranked from the graph before them.

1. licensees: a test patent's assignee is hidden; rank organisations; truth = its real assignee(s);
2. partners: a test patent's title + abstract is the free-text need; truth = its inventors; rank people;
3. collaborators: co-inventor pairs first seen in the test period, ranked from the graph before it.
Only truths the earlier graph knows can be found (a first-time inventor has no row); counts say how many.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from graph.errors import BadRequest
from graph.store import GraphStore
from matcher.engine import Scorer, shortlist_mask
from matcher.evaluation import score_ranking
from matcher.features import (
    Capacity,
    ClosestDocument,
    Feature,
    IndustryAlignment,
    InventorHistory,
    Query,
    Rows,
    TechnologySimilarity,
    TextSimilarity,
    feature_matrix,
)
from matcher.projection import Exclusions, Projection, ProjectionBuilder
from matcher.ranker import LinkRanker
from matcher.recommenders import LicenseeRecommender, PartnerRecommender, Recommender

Scores = NDArray[np.float64]
SHORTLIST = 300


@dataclass
class PatentFacts:
    """What the store says about each patent, read once."""

    year: dict[str, int] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    inventors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    assignees: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    techs: dict[str, list[tuple[str, float]]] = field(default_factory=lambda: defaultdict(list))
    korean_people: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, store: GraphStore) -> PatentFacts:
        facts = cls()
        for chunk in store.stream_rows("Patent", ["id", "application_date", "registration_date", "title_en",
                                                  "abstract_en"]):
            for pid, filed, granted, title, abstract in chunk:
                if date := filed or granted:  # a file without filing dates still has grant dates
                    facts.year[str(pid)] = int(str(date)[:4])
                facts.text[str(pid)] = f"{title or ''}. {abstract or ''}"
        for chunk in store.stream_edges("INVENTED"):
            for person, patent in chunk:
                facts.inventors[str(patent)].append(str(person))
        for chunk in store.stream_edges("APPLICANT_OF"):
            for org, patent in chunk:
                facts.assignees[str(patent)].append(str(org))
        for chunk in store.stream_edges("HAS_TECHNOLOGY", ["weight"]):
            for src, tech, weight in chunk:
                if str(src).startswith("pat:"):
                    facts.techs[str(src)].append((str(tech), float(weight or 1.0)))  # type: ignore[arg-type]
        for chunk in store.stream_rows("Person", ["id", "country"]):
            facts.korean_people.update(str(pid) for pid, country in chunk if country == "KR")
        return facts

    def korean(self, patent: str) -> bool:
        return any(person in self.korean_people for person in self.inventors.get(patent, []))


@dataclass
class Case:
    """One query: its profiles, the rows that are the truth, rows to leave out, and whether it is from Korea."""

    query: Query
    truth: set[int]
    korea: bool
    skip: set[int] = field(default_factory=set)
    person: int | None = None


def _profile_query(p: Projection, text: str, techs: list[tuple[str, float]]) -> Query:
    return PartnerRecommender().query_for_text(p, text, techs)


class Task:
    name: str
    features: list[Feature]
    baselines: tuple[str, ...]
    product: Recommender | None = None
    """The product's recommender for this task: its features and default weights are measured as well."""

    def cases(self, p: Projection, facts: PatentFacts, patents: list[str]) -> list[Case]:
        raise NotImplementedError

    def candidates(self, p: Projection, case: Case) -> Rows:
        raise NotImplementedError

    def extra(self, p: Projection, case: Case, rows: Rows) -> NDArray[np.float64]:
        return np.zeros((rows.size, 0))

    def baseline(self, method: str, p: Projection, case: Case, rows: Rows) -> Scores:
        raise NotImplementedError

    def shortlist(self, p: Projection, case: Case, rows: Rows, cheap: Scores) -> NDArray[np.bool_]:
        """Which rows are scored in full, as the product's ``engine.shortlist`` picks them: the best by text +
        technology (``cheap``), and those the graph links to the query directly."""
        linked = self.product.linked(p, case.query) if self.product is not None else np.zeros(0, dtype=np.int64)
        return shortlist_mask(cheap, rows, linked, SHORTLIST)

    def cheap(self, p: Projection, case: Case, rows: Rows) -> Scores:
        X = feature_matrix(self.features[:2], p, case.query, rows)
        return np.asarray(X.sum(axis=1), dtype=np.float64)

    def matrix(self, p: Projection, case: Case, rows: Rows) -> NDArray[np.float64]:
        return np.hstack([feature_matrix(self.features, p, case.query, rows), self.extra(p, case, rows)])


def _known_people(p: Projection) -> Rows:
    return np.flatnonzero(p.person_patent.getnnz(1) > 0).astype(np.int64)


class LicenseeTask(Task):
    name = "licensees"
    baselines = ("popularity", "text", "inventors' earlier assignee")
    product = LicenseeRecommender()

    def __init__(self) -> None:
        self.features = [TextSimilarity("org"), TechnologySimilarity("org"), IndustryAlignment("org"), Capacity("org"),
                         InventorHistory()]

    def cases(self, p: Projection, facts: PatentFacts, patents: list[str]) -> list[Case]:
        holders = p.org_patent.getnnz(1)
        out = []
        for patent in patents:
            truth = {p.orgs.index[o] for o in facts.assignees.get(patent, []) if o in p.orgs.index}
            truth = {o for o in truth if holders[o] > 0}
            if truth:
                query = _profile_query(p, facts.text[patent], facts.techs.get(patent, []))
                query.inventors = np.asarray(sorted({p.people.index[x] for x in facts.inventors.get(patent, [])
                                                     if x in p.people.index}), dtype=np.int64)
                out.append(Case(query, truth, facts.korean(patent)))
        return out

    def candidates(self, p: Projection, case: Case) -> Rows:
        return np.flatnonzero(p.org_patent.getnnz(1) > 0).astype(np.int64)

    def baseline(self, method: str, p: Projection, case: Case, rows: Rows) -> Scores:
        if method == "popularity":
            return np.asarray(p.org_patent.getnnz(1)[rows], dtype=np.float64)
        if method == "text":
            return TextSimilarity("org")(p, case.query, rows)
        return InventorHistory()(p, case.query, rows) + 1e-6 * TextSimilarity("org")(p, case.query, rows)


class PartnerTask(Task):
    name = "partners"
    baselines = ("popularity", "text", "closest document")
    product = PartnerRecommender()

    def __init__(self) -> None:
        """The product recommender's features: the learned row is the product's ranker for written needs
        (``matcher.needs``), trained the same way on the validation years."""
        self.features = self.product.features

    def cheap(self, p: Projection, case: Case, rows: Rows) -> Scores:
        """Text + technology, as ``engine.shortlist`` (the product's features start with the closest document)."""
        return TextSimilarity("person")(p, case.query, rows) + TechnologySimilarity("person")(p, case.query, rows)

    def cases(self, p: Projection, facts: PatentFacts, patents: list[str]) -> list[Case]:
        known = set(_known_people(p).tolist())
        out = []
        for patent in patents:
            truth = {p.people.index[x] for x in facts.inventors.get(patent, []) if x in p.people.index}
            truth &= known
            if truth:
                out.append(Case(_profile_query(p, facts.text[patent], facts.techs.get(patent, [])), truth,
                                facts.korean(patent)))
        return out

    def candidates(self, p: Projection, case: Case) -> Rows:
        return _known_people(p)

    def baseline(self, method: str, p: Projection, case: Case, rows: Rows) -> Scores:
        if method == "popularity":
            return np.asarray(p.person_patent.getnnz(1)[rows], dtype=np.float64)
        if method == "closest document":
            return ClosestDocument("person")(p, case.query, rows)
        return TextSimilarity("person")(p, case.query, rows)


class CollaboratorTask(Task):
    name = "collaborators"
    baselines = ("popularity", "text", "common co-inventors")

    def __init__(self) -> None:
        self.features = [TextSimilarity("person"), TechnologySimilarity("person")]

    def cases(self, p: Projection, facts: PatentFacts, patents: list[str]) -> list[Case]:
        known = set(_known_people(p).tolist())
        new: dict[int, set[int]] = defaultdict(set)
        korea: dict[int, bool] = defaultdict(bool)
        for patent in patents:
            rows = sorted({p.people.index[x] for x in facts.inventors.get(patent, []) if x in p.people.index} & known)
            for a in rows:
                for b in rows:
                    if a != b and not p.person_person[a, b]:
                        new[a].add(b)
                        korea[a] |= p.people.ids[a] in facts.korean_people
        return [Case(Query(text=p.person_text[a], tech=p.person_tech[a], person=a), truth, korea[a],
                     skip={a, *p.person_person[a].indices.tolist()}, person=a) for a, truth in sorted(new.items())]

    def candidates(self, p: Projection, case: Case) -> Rows:
        rows = _known_people(p)
        return rows[~np.isin(rows, list(case.skip))]

    def _adamic_adar(self, p: Projection, case: Case, rows: Rows) -> Scores:
        assert case.person is not None
        degree = np.asarray(p.person_person.getnnz(1), dtype=np.float64)
        weights = sp.diags(1 / np.log(np.maximum(degree, 2)))
        paths = (p.person_person[case.person] @ weights @ p.person_person[:, rows]).toarray().ravel()
        return np.asarray(paths, dtype=np.float64)

    def extra(self, p: Projection, case: Case, rows: Rows) -> NDArray[np.float64]:
        assert case.person is not None
        same_org = np.asarray((p.person_org[rows] @ p.person_org[case.person].T).toarray()).ravel() > 0
        degree = np.log1p(np.asarray(p.person_person.getnnz(1)[rows], dtype=np.float64))
        return np.column_stack([self._adamic_adar(p, case, rows), same_org.astype(np.float64), degree])

    def baseline(self, method: str, p: Projection, case: Case, rows: Rows) -> Scores:
        if method == "popularity":
            return np.asarray(p.person_person.getnnz(1)[rows], dtype=np.float64)
        if method == "text":
            return TextSimilarity("person")(p, case.query, rows)
        return self._adamic_adar(p, case, rows)


TASKS: dict[str, Callable[[], Task]] = {"licensees": LicenseeTask, "partners": PartnerTask,
                                        "collaborators": CollaboratorTask}


def fit_ranker(task: Task, p: Projection, cases: list[Case], *, negatives: int = 8, seed: int = 7
               ) -> LinkRanker | None:
    """Pairwise logistic ranker: (truth − other candidate of the same query), half the others from the shortlist.
    None when no query has both a truth and another candidate (a small file's validation years)."""
    rng = random.Random(seed)
    parts: list[NDArray[np.float64]] = []
    for case in cases:
        rows = task.candidates(p, case)
        others = rows[~np.isin(rows, list(case.truth))].tolist()  # a loop over every candidate cost seconds
        if not others:
            continue
        close = rows[task.shortlist(p, case, rows, task.cheap(p, case, rows))]
        close_others = [int(r) for r in close if int(r) not in case.truth]
        sampled = rng.sample(close_others, min(len(close_others), negatives // 2))
        sampled += rng.sample(others, min(len(others), negatives - len(sampled)))
        X = task.matrix(p, case, np.asarray(sorted(case.truth) + sampled, dtype=np.int64))
        pos, neg = X[: len(case.truth)], X[len(case.truth):]
        parts.append((pos[:, np.newaxis, :] - neg[np.newaxis, :, :]).reshape(-1, X.shape[1]))
    if not parts:
        return None
    diffs = np.vstack(parts)
    X_pairs = np.vstack([diffs, -diffs])
    y = np.asarray([1] * len(diffs) + [0] * len(diffs))
    return LinkRanker(fit_intercept=False, monotone=True).fit(X_pairs, y)


def _shortlist_scores(task: Task, p: Projection, case: Case, rows: Rows,
                      score_kept: Callable[[Rows], Scores]) -> Scores:
    """The product's path: shortlist as ``engine.shortlist`` does (``Task.shortlist``), score the shortlist with
    ``score_kept``, the rest after in their text + technology order."""
    cheap = task.cheap(p, case, rows)
    keep = task.shortlist(p, case, rows, cheap)
    scores = cheap - 1e6
    scores[keep] = score_kept(rows[keep])
    return scores


def learned_scores(task: Task, model: LinkRanker, p: Projection, case: Case, rows: Rows) -> Scores:
    """The shortlist scored by the ranker learned on the validation years."""
    return _shortlist_scores(task, p, case, rows, lambda kept: model.score_pairs(task.matrix(p, case, kept)))


def default_scores(task: Task, p: Projection, case: Case, rows: Rows) -> Scores:
    """What a graph with too few links to learn from is served: the shortlist scored with the product
    recommender's features and default weights."""
    product = task.product
    assert product is not None
    scorer = Scorer(product.kind, product.feature_names)
    return _shortlist_scores(task, p, case, rows,
                             lambda kept: scorer.score(feature_matrix(product.features, p, case.query, kept)))


@dataclass
class DatasetResult:
    task: str
    method: str
    subset: str
    queries: int
    hr10: float
    ndcg10: float
    mrr: float

    def row(self) -> list[str]:
        return [self.task, self.method, self.subset, str(self.queries), f"{self.hr10:.3f}", f"{self.ndcg10:.3f}",
                f"{self.mrr:.3f}"]


def evaluate_dataset(store: GraphStore, *, cutoff: int | None = None, validation_years: int = 3,
                     max_queries: int = 400, seed: int = 7) -> tuple[list[DatasetResult], str]:
    facts = PatentFacts.read(store)
    years = sorted(facts.year.values())
    if not years:
        raise BadRequest("no patent in the graph has a filing or grant date: nothing to split by time")
    cutoff = cutoff or years[int(len(years) * 0.85)]
    test = sorted(p for p, y in facts.year.items() if y >= cutoff)
    val = sorted(p for p, y in facts.year.items() if cutoff - validation_years <= y < cutoff)
    builder = ProjectionBuilder(store)
    before_test = builder.build(Exclusions(patents=set(test)))
    before_val = builder.build(Exclusions(patents=set(test) | set(val)))
    rng = random.Random(seed)
    results: list[DatasetResult] = []
    notes = [f"cut-off {cutoff}: {len(test):,} test patents, {len(val):,} validation patents "
             f"({cutoff - validation_years}-{cutoff - 1}) for training, {len(years) - len(test):,} before"]
    for name, make in TASKS.items():
        task = make()
        train_cases = task.cases(before_val, facts, val)
        train_cases = rng.sample(train_cases, min(len(train_cases), 1500))
        model = fit_ranker(task, before_val, train_cases, seed=seed)
        cases = task.cases(before_test, facts, test)
        notes.append(f"{name}: {len(cases):,} test queries with a truth the earlier graph knows, "
                     f"{len(train_cases):,} training queries" + ("" if model else
                                                                  ": too few to fit the learned ranker (no row)"))
        cases = rng.sample(cases, min(len(cases), max_queries))
        per: dict[tuple[str, str], list[tuple[float, float, float, float]]] = defaultdict(list)
        for case in cases:
            rows = task.candidates(before_test, case)
            methods = {m: task.baseline(m, before_test, case, rows) for m in task.baselines}
            if task.product is not None:
                methods["default weights"] = default_scores(task, before_test, case, rows)
            if model is not None:
                methods["learned"] = learned_scores(task, model, before_test, case, rows)
            for method, scores in methods.items():
                ranking = rows[np.lexsort((rows, -scores))].tolist()
                measured = score_ranking(ranking, case.truth)
                per[(method, "all")].append(measured)
                if case.korea:
                    per[(method, "inventors in Korea")].append(measured)
        for (method, subset), values in per.items():
            arr = np.asarray(values)
            results.append(DatasetResult(name, method, subset, len(values), float(arr[:, 1].mean()),
                                         float(arr[:, 2].mean()), float(arr[:, 3].mean())))
    results.sort(key=lambda r: (list(TASKS).index(r.task), r.subset != "all", r.subset))
    return results, "\n".join(notes)


def format_dataset_table(rows: list[DatasetResult]) -> str:
    header = ["task", "method", "subset", "queries", "HR@10", "NDCG@10", "MRR"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r.row()) + " |" for r in rows]
    return "\n".join(lines)
