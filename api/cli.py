"""The ``innolink`` command line."""

from __future__ import annotations

import typer
import uvicorn

from api.app import create_app
from graph.config import get_settings

app = typer.Typer(help="innolink: graph database and matching service for the Gwangju innovation cluster")


@app.command()
def serve(host: str | None = None, port: int | None = None) -> None:
    """Run the API and web UI on the configured store."""
    settings = get_settings()
    uvicorn.run(create_app(settings), host=host or settings.api.host, port=port or settings.api.port)


@app.command()
def demo(host: str | None = None, port: int | None = None) -> None:
    """Serve the product on the embedded store (the default)."""
    serve(host=host, port=port)


def main() -> None:
    app()
