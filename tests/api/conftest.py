"""API fixtures: a trimmed copy of the sample loaded once per backend, and keys for each role."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import create_key
from graph.config import ApiSettings, EmbeddedSettings, MatcherSettings, Settings
from graph.store import GraphStore, open_store
from loaders import LoadPipeline, TechnologyExtractor, load_directory
from tests.conftest import neo4j_settings_for
from tests.loaders.conftest import SAMPLE, extractor  # noqa: F401 - session fixture

TRIM = {"patents.csv": 500, "publications.csv": 200, "projects.csv": 60}


def trimmed_sample(folder: Path) -> Path:
    """The bundled sample with fewer documents (the API tests need its shape, not its size)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SAMPLE.iterdir():
        target = folder / path.name
        if path.name in TRIM:
            with path.open(encoding="utf-8") as src, target.open("w", encoding="utf-8", newline="") as dst:
                reader, writer = csv.reader(src), csv.writer(dst)
                for i, row in enumerate(reader):
                    if i <= TRIM[path.name]:
                        writer.writerow(row)
        else:
            shutil.copy(path, target)
    return folder


@dataclass
class Api:
    client: TestClient
    store: GraphStore
    settings: Settings
    keys: dict[str, str]
    backend: str

    def as_(self, role: str) -> dict[str, str]:
        return {"X-API-Key": self.keys[role]}


def make_settings(backend: str, folder: Path, request: pytest.FixtureRequest) -> Settings:
    common = dict(environment="test", data_dir=folder, batch_size=2000,
                  embedded=EmbeddedSettings(path=folder / "g.lbdb", buffer_pool_mb=256, max_db_size_gb=8),
                  matcher=MatcherSettings(cache_dir=folder / "projection"), api=ApiSettings(jobs_dir=folder / "jobs"))
    if backend == "neo4j":
        neo = request.getfixturevalue("neo4j_store")
        neo.clear()
        return Settings(store="neo4j", neo4j=neo4j_settings_for(request.getfixturevalue("neo4j_server")),
                        **common)  # type: ignore[arg-type]
    return Settings(**common)  # type: ignore[arg-type]


def start(settings: Settings, extractor: TechnologyExtractor, data: Path | None) -> tuple[GraphStore, dict[str, str]]:  # noqa: F811
    store = open_store(settings)
    if data is not None:
        pipeline = LoadPipeline(store, settings, extractor=extractor)
        load_directory(pipeline, data)
    keys = {role: create_key(store, f"test-{role}", role)[0] for role in ("viewer", "tto", "admin")}  # type: ignore[arg-type]
    return store, keys


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
        extractor: TechnologyExtractor) -> Iterator[Api]:  # noqa: F811
    folder = tmp_path_factory.mktemp(f"api-{request.param}")
    settings = make_settings(request.param, folder, request)
    store, keys = start(settings, extractor, trimmed_sample(folder / "data"))
    with TestClient(create_app(settings, store=store, finder=extractor)) as client:
        yield Api(client, store, settings, keys, request.param)
    store.close() if request.param == "embedded" else None


@pytest.fixture
def fresh_api(backend: str, tmp_path: Path, request: pytest.FixtureRequest,
              extractor: TechnologyExtractor) -> Iterator[Api]:  # noqa: F811
    """An API over an empty graph (with keys), for tests that change things."""
    settings = make_settings(backend, tmp_path, request)
    store, keys = start(settings, extractor, None)
    with TestClient(create_app(settings, store=store, finder=extractor)) as client:
        yield Api(client, store, settings, keys, backend)
    store.close() if backend == "embedded" else None
