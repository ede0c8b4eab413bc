"""The ``innolink`` command line: load and curate data, serve the API and web UI, evaluate, recommend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.config import Settings, get_settings
from graph.errors import InnolinkError
from graph.store import GraphStore, open_store

app = typer.Typer(help="innolink: graph database and matching service for the Gwangju innovation cluster",
                  no_args_is_help=True, pretty_exceptions_enable=False)
reviews_app = typer.Typer(help="Duplicate pairs awaiting a decision", no_args_is_help=True)
merges_app = typer.Typer(help="Merges made by resolution (each can be undone)", no_args_is_help=True)
runs_app = typer.Typer(help="Load runs (each can be undone)", no_args_is_help=True)
app.add_typer(reviews_app, name="reviews")
app.add_typer(merges_app, name="merges")
app.add_typer(runs_app, name="runs")
console = Console()
T = TypeVar("T")
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


def run_cli(work: Callable[[], T]) -> T:
    """Run a command; an innolink error becomes a one-line message and exit status 1."""
    try:
        return work()
    except InnolinkError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc


@contextmanager
def store_for(settings: Settings, *, read_only: bool = False) -> Iterator[GraphStore]:
    store = run_cli(lambda: open_store(settings, read_only=read_only))
    try:
        yield store
    finally:
        store.close()


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress display fed by the loaders' progress(stage, done, total) callback."""
    progress = Progress(TextColumn("{task.description:24s}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True)
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total or None)
        progress.update(tasks[stage], completed=done, total=total or None)

    with progress:
        yield update


def print_summary(summary: object) -> None:
    from loaders.pipeline import RunSummary

    assert isinstance(summary, RunSummary)
    counts = summary.counts()
    line = ", ".join(f"{k} {v}" for k, v in counts.items())
    mode = " (dry run: nothing written)" if summary.dry_run else ""
    console.print(f"[bold]{summary.file}[/bold] [{summary.kind}]{mode}: {line} in {summary.seconds:.1f}s")
    if summary.rejects:
        table = Table("line", "field", "value", "reason", title=f"{len(summary.rejects)} rejected rows")
        for r in summary.rejects[:20]:
            table.add_row(str(r.line), r.field, r.value[:40], r.reason)
        console.print(table)
        if summary.rejects_path:
            console.print(f"rejects report: {summary.rejects_path}")


@app.command()
def load(
    kind: Annotated[str, typer.Argument(help="organizations, people, patents, publications, projects, affiliations, "
                                             "licenses, collaborations, founders, patentsview or patstat")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV, XLSX, JSONL or Parquet file")],
    mapping: Annotated[Path | None, typer.Option(help="YAML column mapping (default: the canonical template)")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="validate and report; write nothing")] = False,
) -> None:
    """Load one file into the graph."""
    from loaders import build_pipeline

    settings = get_settings()
    with store_for(settings) as store, progress_bar() as progress:
        pipeline = build_pipeline(store, settings, progress=progress)
        summary = run_cli(lambda: pipeline.load(kind, file, mapping=mapping, dry_run=dry_run))
    print_summary(summary)


@app.command("load-dir")
def load_dir(
    folder: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run")] = False,
) -> None:
    """Load every file of a folder, in the order of its manifest.yaml (or by file name)."""
    from loaders import build_pipeline, directory_plan

    settings = get_settings()
    with store_for(settings) as store, progress_bar() as progress:
        pipeline = build_pipeline(store, settings, progress=progress)
        summaries = []
        for path, kind in directory_plan(folder):
            summaries.append(run_cli(partial(pipeline.load, kind, path, dry_run=dry_run)))
    for summary in summaries:
        print_summary(summary)


@reviews_app.command("list")
def reviews_list(status: str = "open", limit: int = 50) -> None:
    """Pairs that resolution was unsure about."""
    with store_for(get_settings(), read_only=False) as store:
        table = Table("id", "left", "right", "score", "evidence")
        for item in store.list_nodes("ReviewItem", where={"status": status}, order_by="score", descending=True,
                                     limit=limit):
            table.add_row(item.id, item.left_id, item.right_id, f"{item.score:.2f}",  # type: ignore[attr-defined]
                          item.evidence[:80])  # type: ignore[attr-defined]
        console.print(table)


@reviews_app.command("approve")
def reviews_approve(review_id: str) -> None:
    """Merge the pair (the right node into the left)."""
    from loaders.curation import approve_review

    with store_for(get_settings()) as store:
        record = run_cli(lambda: approve_review(store, review_id, decided_by="cli"))
    console.print(f"merged {record.merged_id} into {record.kept_id} ({record.id})")


@reviews_app.command("reject")
def reviews_reject(review_id: str) -> None:
    """Keep the pair apart."""
    from loaders.curation import reject_review

    with store_for(get_settings()) as store:
        run_cli(lambda: reject_review(store, review_id))
    console.print(f"{review_id} rejected")


@merges_app.command("list")
def merges_list(limit: int = 50) -> None:
    with store_for(get_settings()) as store:
        table = Table("id", "kept", "merged", "method", "score", "undone")
        for m in store.list_nodes("MergeRecord", order_by="created_at", descending=True, limit=limit):
            table.add_row(m.id, m.kept_id, m.merged_id, m.method, f"{m.score:.2f}",  # type: ignore[attr-defined]
                          str(m.undone))  # type: ignore[attr-defined]
        console.print(table)


@merges_app.command("undo")
def merges_undo(merge_id: str) -> None:
    """Split a merged node back into two."""
    from loaders.curation import undo_merge

    with store_for(get_settings()) as store:
        record = run_cli(lambda: undo_merge(store, merge_id))
    console.print(f"undone: {record.merged_id} is separate from {record.kept_id} again")


@runs_app.command("list")
def runs_list(limit: int = 30) -> None:
    with store_for(get_settings()) as store:
        table = Table("id", "kind", "file", "status", "created", "updated", "unchanged", "merged", "rejected")
        for r in store.list_nodes("LoadRun", order_by="started_at", descending=True, limit=limit):
            table.add_row(r.id, r.kind, r.file, r.status, *(str(getattr(r, k)) for k in  # type: ignore[attr-defined]
                          ("created", "updated", "unchanged", "merged", "rejected")))
        console.print(table)


@runs_app.command("undo")
def runs_undo(run_id: str) -> None:
    """Remove what a run created and restore what it changed."""
    from loaders.curation import undo_run

    with store_for(get_settings()) as store:
        run_cli(lambda: undo_run(store, run_id))
    console.print(f"{run_id} undone")


@app.command()
def serve(host: str | None = None, port: int | None = None) -> None:
    """Run the API and web UI on the configured store."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings), host=host or settings.api.host, port=port or settings.api.port)


@app.command()
def demo(host: str | None = None, port: int | None = None) -> None:
    """Load the bundled sample into the store if it is empty, then serve the web UI and API."""
    from loaders import build_pipeline, directory_plan

    settings = get_settings()
    with store_for(settings) as store:
        if store.count("Organization") == 0:
            console.print(f"loading the bundled sample from {SAMPLE_DIR} …")
            with progress_bar() as progress:
                pipeline = build_pipeline(store, settings, progress=progress)
                for path, kind in directory_plan(SAMPLE_DIR):
                    run_cli(partial(pipeline.load, kind, path))
    console.print(f"innolink on http://{host or settings.api.host}:{port or settings.api.port}/")
    serve(host=host, port=port)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
