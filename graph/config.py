"""Settings for every layer, read once from ``INNOLINK_*`` environment variables (and ``.env``).

``INNOLINK_STORE=embedded|neo4j`` picks the backend; nested groups use ``__``:
``INNOLINK_NEO4J__URI``, ``INNOLINK_EMBEDDED__PATH``, ``INNOLINK_API__OPEN_READS``.
Nothing reads the environment anywhere else.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "changethis"


class EmbeddedSettings(BaseModel):
    """The embedded LadybugDB store: one folder on disk, one writing process."""

    path: Path = Path("var/graph.lbdb")
    buffer_pool_mb: int = Field(default=2048, ge=64)
    max_db_size_gb: int = Field(default=64, ge=1)


class Neo4jSettings(BaseModel):
    """A Neo4j 5 server reached over Bolt."""

    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: SecretStr = SecretStr(DEFAULT_SECRET)
    database: str = "neo4j"
    max_retry_seconds: float = 15.0


class MatcherSettings(BaseModel):
    """Where the projection is cached and how candidates are shortlisted."""

    cache_dir: Path = Path("var/projection")
    shortlist: int = Field(default=300, ge=10)
    lsa_components: int = Field(default=0, ge=0)


class ApiSettings(BaseModel):
    """The HTTP service."""

    host: str = "127.0.0.1"
    port: int = 8000
    open_reads: bool = False
    """Let anonymous callers read (viewer role) without a key: for the local demo only."""
    bootstrap_admin_key: SecretStr | None = None
    """If set, this key is accepted as admin (production bootstrapping; store real keys with `keys create`)."""
    max_upload_mb: int = Field(default=50, ge=1)
    jobs_dir: Path = Path("var/jobs")
    """Uploaded files, a folder each (``api/uploads.py``)."""
    keep_uploads_days: float | None = Field(default=30, gt=0)
    """How long an import's uploaded file is kept after it was last used (for its columns to be checked again and
    the import repeated from its page); None keeps them all."""
    keep_journals_days: float | None = Field(default=None, gt=0)
    """How long the undo journal of a finished load is kept in the graph: the server deletes older ones when it
    starts and as each import starts (``loaders.journals.prune_journals``; those loads can no longer be undone).
    None keeps them all, for ``innolink runs prune`` by hand."""
    display_timezone: str = "Asia/Seoul"
    """The time zone the web UI shows times in (they are stored in UTC)."""


class Settings(BaseSettings):
    """All of innolink's configuration."""

    model_config = SettingsConfigDict(
        env_prefix="INNOLINK_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    environment: Literal["development", "test", "production"] = "development"
    store: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path = Path("var")
    """Run reports (rejects, review pairs) and the technology-extraction cache live here; so do the embedded graph
    and the projection cache unless their own settings say otherwise."""
    batch_size: int = Field(default=5000, ge=1)
    embedded: EmbeddedSettings = EmbeddedSettings()
    neo4j: Neo4jSettings = Neo4jSettings()
    matcher: MatcherSettings = MatcherSettings()
    api: ApiSettings = ApiSettings()

    @model_validator(mode="after")
    def _everything_under_the_data_dir(self) -> Settings:
        """With ``data_dir`` moved (``INNOLINK_DATA_DIR``), the embedded graph and the projection cache move with
        it unless set themselves: a second installation, or a measurement in a fresh folder, does not open the
        graph under ./var."""
        if self.data_dir != Path("var"):
            if "path" not in self.embedded.model_fields_set:
                self.embedded = self.embedded.model_copy(update={"path": self.data_dir / "graph.lbdb"})
            if "cache_dir" not in self.matcher.model_fields_set:
                self.matcher = self.matcher.model_copy(update={"cache_dir": self.data_dir / "projection"})
        return self

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> Settings:
        if self.environment == "production" and self.store == "neo4j":
            if self.neo4j.password.get_secret_value() == DEFAULT_SECRET:
                raise ValueError(
                    "INNOLINK_NEO4J__PASSWORD is still the default 'changethis'; set a real password "
                    "before running with INNOLINK_ENVIRONMENT=production"
                )
        if self.environment == "production" and self.api.open_reads:
            raise ValueError("INNOLINK_API__OPEN_READS=true is for the demo; turn it off in production")
        return self


    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"

    @property
    def ledger_dir(self) -> Path:
        """Where an older release kept the load ledger (now in the graph: ``loaders.ledger``), read until each file's
        next load."""
        return self.data_dir / "ledger"

    @property
    def bookkeeping_dirs(self) -> dict[str, Path]:
        """The folders of the loads' bookkeeping a dump carries with the graph (``graph.dump``): each run's rejects
        and review reports, and an older release's load ledger."""
        return {"runs": self.runs_dir, "ledger": self.ledger_dir}

    @property
    def nlp_cache_path(self) -> Path:
        return self.data_dir / "nlp-cache.sqlite"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read on first use (never at import time)."""
    return Settings()
