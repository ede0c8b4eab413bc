"""Where an installation keeps its files: under the data folder, unless a setting names a place itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.config import Settings


def test_the_default_installation_keeps_its_graph_and_projection_under_var() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.embedded.path, settings.matcher.cache_dir) == (Path("var/graph.lbdb"), Path("var/projection"))


def test_a_data_folder_set_by_the_environment_holds_the_graph_and_the_projection_cache(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INNOLINK_DATA_DIR", str(tmp_path))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.embedded.path == tmp_path / "graph.lbdb"
    assert settings.matcher.cache_dir == tmp_path / "projection" and settings.runs_dir == tmp_path / "runs"


def test_a_graph_path_set_itself_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INNOLINK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("INNOLINK_EMBEDDED__PATH", str(tmp_path / "elsewhere.lbdb"))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.embedded.path == tmp_path / "elsewhere.lbdb"
    assert settings.matcher.cache_dir == tmp_path / "data" / "projection"
