"""Loader fixtures: one technology extractor per session (it loads spaCy and kiwipiepy)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.config import Settings
from graph.store import GraphStore, open_store
from loaders import LoadPipeline, TechnologyExtractor, Vocabulary
from loaders.nlp import ExtractionCache

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


@pytest.fixture(scope="session")
def extractor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TechnologyExtractor]:
    cache = ExtractionCache(tmp_path_factory.mktemp("nlp") / "cache.sqlite")
    extractor = TechnologyExtractor(Vocabulary.load(), cache=cache)
    yield extractor
    extractor.close()


@pytest.fixture
def graph(settings: Settings) -> Iterator[GraphStore]:
    store = open_store(settings)
    yield store
    store.close()


@pytest.fixture
def pipeline(graph: GraphStore, settings: Settings, extractor: TechnologyExtractor) -> LoadPipeline:
    return LoadPipeline(graph, settings, extractor=extractor)
