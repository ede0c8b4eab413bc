"""Loaders: readers, validation, entity resolution, technology extraction and idempotent bulk upsert."""

import os

from graph.config import Settings
from graph.store import GraphStore
from loaders.directory import directory_plan, load_directory
from loaders.mapping import ColumnMapping, load_mapping
from loaders.nlp import ExtractionCache, TechnologyExtractor
from loaders.pipeline import LoadPipeline, ProgressFn
from loaders.run_summary import Reject, RunSummary
from loaders.vocabulary import Vocabulary


def build_extractor(settings: Settings, *, workers: int = 2) -> TechnologyExtractor:
    """The technology extractor with its on-disk cache (loads spaCy and kiwipiepy: a few seconds).
    Large English batches use up to ``workers`` forked processes where that is safe (see ``extract_many``)."""
    processes = max(1, min(workers, os.cpu_count() or 1))
    return TechnologyExtractor(Vocabulary.load(), cache=ExtractionCache(settings.nlp_cache_path), workers=workers,
                               processes=processes)


def build_pipeline(store: GraphStore, settings: Settings, *, progress: ProgressFn | None = None,
                   extractor: TechnologyExtractor | None = None) -> LoadPipeline:
    """A pipeline for ``store``; runs an ended process left unfinished on this machine are settled first
    (``RunRecords.settle_abandoned``)."""
    pipeline = LoadPipeline(store, settings, extractor=extractor or build_extractor(settings), progress=progress)
    pipeline.runs.settle_abandoned()
    return pipeline


__all__ = [
    "ColumnMapping",
    "ExtractionCache",
    "LoadPipeline",
    "ProgressFn",
    "Reject",
    "RunSummary",
    "TechnologyExtractor",
    "Vocabulary",
    "build_extractor",
    "build_pipeline",
    "directory_plan",
    "load_directory",
    "load_mapping",
]
