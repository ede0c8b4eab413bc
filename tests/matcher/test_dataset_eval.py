"""The time-split evaluation on a real patent file (innolink evaluate --dataset patentsview), here the bundled
Gwangju slice of PatentsView: small enough that one task has nothing to train on, which must not stop the rest."""

from __future__ import annotations

from graph.config import Settings
from graph.store import open_store
from loaders import LoadPipeline, TechnologyExtractor
from loaders.public import load_patentsview
from matcher.dataset_eval import evaluate_dataset
from tests.loaders.conftest import SAMPLE


def test_a_small_slice_is_evaluated_and_a_task_without_training_queries_is_named(
        settings: Settings, extractor: TechnologyExtractor) -> None:
    store = open_store(settings)
    try:
        load_patentsview(LoadPipeline(store, settings, extractor=extractor), SAMPLE / "patentsview_gwangju.parquet")
        results, notes = evaluate_dataset(store, max_queries=40)
    finally:
        store.close()
    rows = {(r.task, r.method, r.subset): r for r in results}
    learned, popularity = rows[("licensees", "learned", "all")], rows[("licensees", "popularity", "all")]
    assert learned.queries == 40 and learned.mrr >= popularity.mrr
    assert ("partners", "learned", "all") in rows
    assert not any(task == "collaborators" and method == "learned" for task, method, _ in rows)
    assert "collaborators: 0 test queries" in notes and "too few to fit the learned ranker" in notes
