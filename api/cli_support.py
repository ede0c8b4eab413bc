"""What every ``innolink`` command shares: the console, errors as one-line messages, opening the store, progress
bars and load summaries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from graph.config import Settings
from graph.errors import InnolinkError
from graph.store import GraphStore, open_store

console = Console()
T = TypeVar("T")


def run_cli(work: Callable[[], T]) -> T:
    """Run a command; an innolink error becomes a one-line message (a line per field, when it lists the fields it
    refused) and exit status 1; Ctrl-C a line saying what became of a load it stopped, and exit status 130."""
    try:
        return work()
    except KeyboardInterrupt:
        console.print("[red]interrupted.[/red] A load it stopped half-way is taken back (the graph is as it was "
                      "before it) and its run marked failed: `innolink runs list`")
        raise typer.Exit(130) from None
    except InnolinkError as exc:
        problems = exc.context.get("errors")
        if isinstance(problems, list):
            for problem in problems:
                console.print(f"[red]refused:[/red] {problem['field'] or 'record'}: {problem['message']}")
        else:
            console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc


def id_table(*headers: str, rows: list[tuple[str, ...]], title: str | None = None) -> Table:
    """A table whose first column, an id to pass to another command, is never cut short however narrow the
    terminal: the other columns wrap instead."""
    width = max((len(row[0]) for row in rows), default=len(headers[0]))
    table = Table(Column(headers[0], no_wrap=True, min_width=width), *headers[1:], title=title)
    for row in rows:
        table.add_row(*map(escape, row))  # names and values as written: '[주]' is not markup
    return table


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
    # refreshed on each update, not by a thread: a load may fork NLP workers, safe only without other threads
    progress = Progress(TextColumn("{task.description:24s}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True, auto_refresh=False)
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total or None)
        progress.update(tasks[stage], completed=done, total=total or None, refresh=True)

    with progress:
        yield update


def print_summary(summary: object) -> None:
    from loaders.hand_corrections import correction_notes
    from loaders.run_summary import RunSummary, reading_note

    assert isinstance(summary, RunSummary)
    counts = summary.counts()
    line = ", ".join(f"{k} {v}" for k, v in counts.items())
    mode = (" (dry run: nothing written)" if summary.dry_run
            else " (unchanged since its last load: skipped)" if summary.skipped else "")
    console.print(f"[bold]{escape(summary.file)}[/bold] {escape(f'[{summary.kind}]')}{mode}: {line} in "
                  f"{summary.seconds:.1f}s")
    if note := reading_note(summary):
        console.print(note, markup=False)
    for note in correction_notes(summary.corrections):
        console.print(note, markup=False)
    if summary.rejects:
        table = Table("line", "field", "value", "reason", title=f"{len(summary.rejects)} rejected rows")
        for r in summary.rejects[:20]:
            table.add_row(str(r.line), escape(r.field), escape(r.value[:40]), escape(r.reason))
        console.print(table)
        if summary.rejects_path:
            console.print(f"rejects report: {summary.rejects_path}")
    if summary.review_path:
        console.print(f"review report ({len(summary.review_items)} pairs to decide with `innolink reviews "
                      f"approve|reject ID`): {summary.review_path}")
