"""Settings for a fresh store on each chosen backend, for the load benchmarks: a temporary folder for the
embedded store (and run reports), the real Neo4j of tests/neo4j_server.py started and stopped around its turn."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from graph.config import EmbeddedSettings, Neo4jSettings, Settings


def fresh_stores(choice: str) -> Iterator[tuple[str, Settings]]:
    """(backend name, settings) for ``embedded``, ``neo4j`` or ``both``."""
    if choice in ("embedded", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            yield "embedded", Settings(store="embedded", data_dir=Path(tmp),
                                       embedded=EmbeddedSettings(path=Path(tmp) / "g.lbdb"))
    if choice in ("neo4j", "both"):
        from tests.neo4j_server import start

        server = start()
        try:
            with tempfile.TemporaryDirectory() as tmp:
                yield "neo4j", Settings(store="neo4j", data_dir=Path(tmp),
                                        neo4j=Neo4jSettings(uri=server.uri, password=server.password))
        finally:
            server.stop()
