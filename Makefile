# The two commands (see README):  make run   |   make test
# Each sets up what it needs on a fresh machine: a virtualenv, Python packages, and (for tests) Java + Maven
# for the real Neo4j, Debian's Chromium + CJK fonts for the browser tests.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAUNCHER_CP := tools/neo4j-launcher/target/classpath.txt

.PHONY: run test setup system-deps neo4j-launcher lint typecheck pytest bench clean vendor-js

run: $(STAMP)
	$(BIN)/innolink demo

test: $(STAMP) system-deps neo4j-launcher
	$(BIN)/ruff check .
	$(BIN)/mypy
	INNOLINK_REQUIRE_NEO4J=1 $(BIN)/pytest

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

system-deps:
	bash tools/install-system-deps.sh

neo4j-launcher: $(LAUNCHER_CP)

$(LAUNCHER_CP): tools/neo4j-launcher/pom.xml tools/neo4j-launcher/src/main/java/innolink/Neo4jLauncher.java
	cd tools/neo4j-launcher && mvn -q -B package -DskipTests && \
	  mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP) neo4j-launcher
	$(BIN)/python benchmarks/store_bench.py

vendor-js:
	bash tools/vendor-js.sh

clean:
	rm -rf $(VENV) var test-output tools/neo4j-launcher/target
