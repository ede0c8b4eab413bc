"""The production compose file stays valid and wires the API to Neo4j."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def compose_command() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def test_compose_file_is_valid_for_docker_compose() -> None:
    command = compose_command()
    if command is None:
        pytest.fail("neither docker-compose nor the docker compose plugin is installed (make test installs it)")
    env = {**os.environ, "NEO4J_PASSWORD": "a-real-password"}
    done = subprocess.run([*command, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_compose_runs_neo4j_lts_and_the_api_on_it() -> None:
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = spec["services"]
    assert services["neo4j"]["image"] == "neo4j:5.26"
    assert "healthcheck" in services["neo4j"] and "neo4j-data:/data" in services["neo4j"]["volumes"]
    api_env = services["api"]["environment"]
    assert api_env["INNOLINK_STORE"] == "neo4j" and api_env["INNOLINK_NEO4J__URI"] == "bolt://neo4j:7687"
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
