"""A live server on loopback with the trimmed sample, and headless Chromium (Debian's, never downloaded)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from api.app import create_app
from api.auth import create_key
from graph.config import ApiSettings, EmbeddedSettings, MatcherSettings, Settings
from graph.store import GraphStore, open_store
from loaders import LoadPipeline, TechnologyExtractor, load_directory
from tests.api.conftest import trimmed_sample
from tests.live_server import serving
from tests.loaders.conftest import extractor  # noqa: F401 - session fixture

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = os.environ.get("INNOLINK_CHROMIUM", "/usr/bin/chromium")


@dataclass
class Live:
    url: str
    store: GraphStore
    keys: dict[str, str]


@dataclass
class Visit:
    """A browser page that records console errors and failed requests."""

    page: Page
    url: str
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        self.page.goto(self.url + path)

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def expect_error(self, fragment: str) -> None:
        """Acknowledge console errors this test caused on purpose (e.g. Chromium logs a 403 page load)."""
        assert any(fragment in e for e in self.errors), self.errors
        self.errors[:] = [e for e in self.errors if fragment not in e]

    def login(self, key: str) -> None:
        self.go("/login")
        self.page.fill("#key", key)
        self.page.click("form.login button[type=submit]")
        self.page.wait_for_url(self.url + "/")


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory, extractor: TechnologyExtractor) -> Iterator[Live]:  # noqa: F811
    folder = tmp_path_factory.mktemp("web")
    cfg = Settings(data_dir=folder, embedded=EmbeddedSettings(path=folder / "g.lbdb", buffer_pool_mb=256),
                   matcher=MatcherSettings(cache_dir=folder / "p"), api=ApiSettings(jobs_dir=folder / "jobs"))
    store = open_store(cfg)
    pipeline = LoadPipeline(store, cfg, extractor=extractor)
    load_directory(pipeline, trimmed_sample(folder / "data"))
    keys = {role: create_key(store, f"web-{role}", role)[0] for role in ("viewer", "tto", "admin")}  # type: ignore[arg-type]
    with serving(create_app(cfg, store=store, finder=extractor)) as url:
        yield Live(url, store, keys)
    store.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield instance
        instance.close()


@pytest.fixture
def visit(browser: Browser, live: Live) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="ko-KR")
    page = context.new_page()
    current = Visit(page, live.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            current.errors.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: current.errors.append(f"{page.url}: {exc}"))
    page.on("dialog", lambda dialog: (current.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield current
    context.close()
    assert not current.errors, current.errors
