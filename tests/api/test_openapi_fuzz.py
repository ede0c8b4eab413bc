"""schemathesis against the live OpenAPI of a running server (loopback, bounded examples):
no 5xx and every documented response matches its schema."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.app import create_app
from api.auth import create_key
from graph.config import ApiSettings, EmbeddedSettings, MatcherSettings, Settings
from graph.store import open_store
from loaders import LoadPipeline, TechnologyExtractor
from tests.api.conftest import trimmed_sample
from tests.live_server import serving
from tests.loaders.conftest import extractor  # noqa: F401 - session fixture

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, extractor: TechnologyExtractor) -> Iterator[tuple[str, str]]:  # noqa: F811
    folder = tmp_path_factory.mktemp("fuzz")
    cfg = Settings(data_dir=folder, embedded=EmbeddedSettings(path=folder / "g.lbdb", buffer_pool_mb=256),
                   matcher=MatcherSettings(cache_dir=folder / "p"), api=ApiSettings(jobs_dir=folder / "jobs"))
    store = open_store(cfg)
    data = trimmed_sample(folder / "data")
    pipeline = LoadPipeline(store, cfg, extractor=extractor)
    for name, kind in (("institutions.csv", "organizations"), ("companies.csv", "organizations"),
                       ("people.csv", "people"), ("patents.csv", "patents")):
        pipeline.load(kind, data / name)
    key, _ = create_key(store, "fuzz-admin", "admin")
    with serving(create_app(cfg, store=store, finder=extractor)) as url:
        yield url, key
    store.close()


def test_no_server_errors_and_responses_match_the_schema(live: tuple[str, str], tmp_path: Path) -> None:
    url, key = live
    command = [shutil.which("schemathesis") or str(ROOT / ".venv" / "bin" / "schemathesis"), "run",
               f"{url}/openapi.json", "--header", f"X-API-Key: {key}", "--max-examples", "8", "--seed", "7",
               "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
               "--phases", "examples,fuzzing", "--request-timeout", "30", "--max-failures", "20",
               "--report", "junit", "--report-dir", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    print(done.stdout[-4000:])
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
