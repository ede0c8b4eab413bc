"""Start a real Neo4j 5.26 (embedded in a small Java launcher, Bolt on 127.0.0.1) for tests and benchmarks.

The launcher lives in ``tools/neo4j-launcher`` (pom.xml + one class); ``make neo4j-launcher`` builds it and
writes its classpath. Run ``python tests/neo4j_server.py`` to start one by hand (Ctrl-C stops it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = ROOT / "tools" / "neo4j-launcher"
CLASSPATH_FILE = LAUNCHER / "target" / "classpath.txt"
TEST_PASSWORD = "innolink-test-pw"
JAVA_OPTIONS = ("-Xmx2g", "-XX:+UseParallelGC")
"""The throughput collector: bulk loads here ran ~15% faster than with the default G1 (benchmarks/store_bench.py).
``INNOLINK_NEO4J_JAVA_OPTS`` adds options for experiments."""


class Neo4jUnavailable(RuntimeError):
    """No Neo4j can be started here (no Java or Maven, or the launcher failed)."""


@dataclass
class RunningNeo4j:
    uri: str
    user: str
    password: str
    process: subprocess.Popen[bytes] | None
    data_dir: Path | None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()  # the launcher shuts down when stdin closes
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.data_dir is not None:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def build_launcher() -> None:
    """Compile the launcher and resolve Neo4j from Maven Central (cached in ~/.m2)."""
    if not (shutil.which("java") and shutil.which("mvn")):
        raise Neo4jUnavailable("java and mvn are needed to start Neo4j (apt-get install openjdk-17-jdk maven)")
    classes = LAUNCHER / "target" / "classes" / "innolink" / "Neo4jLauncher.class"
    if classes.exists() and CLASSPATH_FILE.exists():
        return
    for goals in (["package", "-DskipTests"],
                  ["dependency:build-classpath", f"-Dmdep.outputFile={CLASSPATH_FILE}"]):
        done = subprocess.run(["mvn", "-q", "-B", *goals], cwd=LAUNCHER, capture_output=True, text=True)
        if done.returncode != 0:
            raise Neo4jUnavailable(f"building the Neo4j launcher failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _set_password(uri: str) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "neo4j")) as driver:
        with driver.session(database="system") as session:
            session.run(f"ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO '{TEST_PASSWORD}'").consume()


def start(timeout: float = 180.0) -> RunningNeo4j:
    """Use ``INNOLINK_TEST_NEO4J_URI`` if set, else start the launcher on a free loopback port."""
    external = os.environ.get("INNOLINK_TEST_NEO4J_URI")
    if external:
        return RunningNeo4j(external, os.environ.get("INNOLINK_TEST_NEO4J_USER", "neo4j"),
                            os.environ.get("INNOLINK_TEST_NEO4J_PASSWORD", TEST_PASSWORD), None, None)
    build_launcher()
    port = _free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="innolink-neo4j-"))
    classpath = f"{LAUNCHER / 'target' / 'classes'}:{CLASSPATH_FILE.read_text().strip()}"
    log = open(data_dir / "launcher.log", "wb")  # noqa: SIM115 - lives as long as the process
    process = subprocess.Popen(
        ["java", *JAVA_OPTIONS, *os.environ.get("INNOLINK_NEO4J_JAVA_OPTS", "").split(),
         "-cp", classpath, "innolink.Neo4jLauncher", str(data_dir / "db"), str(port)],
        stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + timeout
    log_path = data_dir / "launcher.log"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Neo4jUnavailable(f"Neo4j launcher exited: {log_path.read_text(errors='replace')[-3000:]}")
        if b"READY" in log_path.read_bytes():
            break
        time.sleep(0.2)
    else:
        process.kill()
        raise Neo4jUnavailable(f"Neo4j did not start within {timeout:.0f}s")
    uri = f"bolt://127.0.0.1:{port}"
    _set_password(uri)
    return RunningNeo4j(uri, "neo4j", TEST_PASSWORD, process, data_dir)


if __name__ == "__main__":
    server = start()
    print(f"Neo4j ready at {server.uri} (user {server.user}, password {server.password}); Ctrl-C stops it",
          flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
        sys.exit(0)
