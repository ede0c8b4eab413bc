"""The time-split evaluation on a real patent file (innolink evaluate --dataset patentsview), here the bundled
Gwangju slice of PatentsView: small enough that one task has nothing to train on, which must not stop the rest."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from graph.config import Settings
from graph.errors import BadRequest
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


def _without(tmp_path: Path, columns: list[str]) -> Path:
    frame = pd.read_parquet(SAMPLE / "patentsview_gwangju.parquet")
    path = tmp_path / "slice.parquet"
    frame.drop(columns=columns).to_parquet(path)
    return path


def test_grant_dates_split_a_file_that_has_no_filing_dates(settings: Settings, extractor: TechnologyExtractor,
                                                             tmp_path: Path) -> None:
    store = open_store(settings)
    try:
        load_patentsview(LoadPipeline(store, settings, extractor=extractor), _without(tmp_path, ["filing_date"]))
        results, notes = evaluate_dataset(store, max_queries=40)
    finally:
        store.close()
    assert any(r.task == "licensees" and r.queries == 40 for r in results)
    assert "cut-off" in notes


def test_a_file_without_dates_is_refused_with_the_reason(settings: Settings, extractor: TechnologyExtractor,
                                                         tmp_path: Path) -> None:
    store = open_store(settings)
    try:
        load_patentsview(LoadPipeline(store, settings, extractor=extractor),
                         _without(tmp_path, ["filing_date", "patent_date"]))
        with pytest.raises(BadRequest, match="no patent in the graph has a filing or grant date"):
            evaluate_dataset(store, max_queries=40)
    finally:
        store.close()
