"""Shared fixtures: the real Neo4j server for the session, and a store fixture over both backends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.backends.embedded import EmbeddedStore
from graph.backends.neo4j import Neo4jStore
from graph.config import EmbeddedSettings, MatcherSettings, Neo4jSettings, Settings
from graph.store import GraphStore
from tests.neo4j_server import Neo4jUnavailable, RunningNeo4j, start

BACKENDS = ["embedded", "neo4j"]
_neo4j_status: dict[str, str] = {}


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[RunningNeo4j]:
    try:
        server = start()
    except Neo4jUnavailable as exc:
        _neo4j_status["problem"] = str(exc)
        if os.environ.get("INNOLINK_REQUIRE_NEO4J") == "1":
            pytest.fail(f"INNOLINK_REQUIRE_NEO4J=1 but Neo4j could not be started: {exc}")
        pytest.skip(f"NEO4J COULD NOT BE STARTED, Neo4j half skipped: {exc}")
    _neo4j_status["uri"] = server.uri
    yield server
    server.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if "problem" in _neo4j_status:
        terminalreporter.write_sep("!", "NEO4J TESTS WERE SKIPPED: NO NEO4J COULD BE STARTED", red=True, bold=True)
        terminalreporter.write_line(_neo4j_status["problem"], red=True)
    elif "uri" in _neo4j_status:
        terminalreporter.write_line(f"Neo4j backend tests ran against a real Neo4j 5.26 at {_neo4j_status['uri']}",
                                    green=True)


def neo4j_settings_for(server: RunningNeo4j) -> Neo4jSettings:
    return Neo4jSettings(uri=server.uri, user=server.user, password=server.password)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def neo4j_store(neo4j_server: RunningNeo4j) -> Iterator[Neo4jStore]:
    store = Neo4jStore(neo4j_settings_for(neo4j_server), batch_size=5000)
    store.ensure_schema()
    yield store
    store.close()


def embedded_settings(path: Path) -> EmbeddedSettings:
    return EmbeddedSettings(path=path, buffer_pool_mb=256, max_db_size_gb=8)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """An empty store on each backend: a fresh embedded folder, or the session's Neo4j wiped clean."""
    if backend == "embedded":
        embedded = EmbeddedStore(embedded_settings(tmp_path / "graph.lbdb"))
        embedded.ensure_schema()
        yield embedded
        embedded.close()
    else:
        neo: Neo4jStore = request.getfixturevalue("neo4j_store")
        neo.clear()
        yield neo


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Settings for the backend under test; on Neo4j the database is wiped first."""
    common = dict(
        environment="test",
        data_dir=tmp_path / "var",  # runs and the load ledger: each test its own, never the product's ./var
        embedded=embedded_settings(tmp_path / "graph.lbdb"),
        matcher=MatcherSettings(cache_dir=tmp_path / "projection"),
        batch_size=2000,
    )
    if backend == "neo4j":
        neo: Neo4jStore = request.getfixturevalue("neo4j_store")
        neo.clear()
        server: RunningNeo4j = request.getfixturevalue("neo4j_server")
        return Settings(store="neo4j", neo4j=neo4j_settings_for(server), **common)  # type: ignore[arg-type]
    return Settings(store="embedded", **common)  # type: ignore[arg-type]
