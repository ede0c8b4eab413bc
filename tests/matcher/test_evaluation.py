"""The evaluation harness on held-out links of the sample."""

from __future__ import annotations

from graph.store import GraphStore
from matcher.evaluation import evaluate, format_table, score_ranking


def test_metrics_of_one_ranking() -> None:
    recall, hit, ndcg, rr = score_ranking([5, 3, 9, 1], {3, 1})
    assert recall == 1.0 and hit == 1.0 and rr == 0.5
    assert abs(ndcg - (1 / 1.585 + 1 / 2.322) / (1 + 1 / 1.585)) < 1e-3
    assert score_ranking([1, 2], {7}) == (0.0, 0.0, 0.0, 0.0)


def test_learned_ranker_beats_every_baseline_on_the_sample(sample_store: GraphStore) -> None:
    table, notes = evaluate(sample_store)
    print("\n" + format_table(table) + "\n" + "\n".join(f"{k}: {v}" for k, v in notes.items()))
    by = {(m.recommender, m.method): m for m in table}
    for kind in ("partners", "licensees", "cofounders"):
        learned = by[(kind, "learned")]
        assert learned.queries >= 30, kind
        for baseline in ("random", "popularity", "text"):
            other = by[(kind, baseline)]
            assert learned.recall10 > other.recall10 and learned.ndcg10 > other.ndcg10, (kind, baseline)
