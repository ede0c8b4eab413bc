"""The ``innolink`` command line: load and curate data, serve the API and web UI, evaluate, recommend."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.config import Settings, get_settings
from graph.errors import InnolinkError
from graph.schema import EditRecord
from graph.store import GraphStore, open_store

app = typer.Typer(help="innolink: graph database and matching service for the Gwangju innovation cluster",
                  no_args_is_help=True, pretty_exceptions_enable=False)
reviews_app = typer.Typer(help="Duplicate pairs awaiting a decision", no_args_is_help=True)
merges_app = typer.Typer(help="Merges made by resolution (each can be undone)", no_args_is_help=True)
runs_app = typer.Typer(help="Load runs (each can be undone)", no_args_is_help=True)
deletions_app = typer.Typer(help="Records deleted by hand (each can be restored)", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (roles: viewer, tto, admin)", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(reviews_app, name="reviews")
app.add_typer(merges_app, name="merges")
app.add_typer(runs_app, name="runs")
app.add_typer(deletions_app, name="deletions")
edits_app = typer.Typer(help="Records' fields changed by hand (each can be undone)", no_args_is_help=True)
app.add_typer(edits_app, name="edits")
outreach_app = typer.Typer(help="Follow-up of recommended candidates (tto)", no_args_is_help=True)
app.add_typer(outreach_app, name="outreach")
console = Console()
T = TypeVar("T")
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


def run_cli(work: Callable[[], T]) -> T:
    """Run a command; an innolink error becomes a one-line message (a line per field, when it lists the fields it
    refused) and exit status 1."""
    try:
        return work()
    except InnolinkError as exc:
        problems = exc.context.get("errors")
        if isinstance(problems, list):
            for problem in problems:
                console.print(f"[red]refused:[/red] {problem['field'] or 'record'}: {problem['message']}")
        else:
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
    from loaders.run_summary import RunSummary, reading_note

    assert isinstance(summary, RunSummary)
    counts = summary.counts()
    line = ", ".join(f"{k} {v}" for k, v in counts.items())
    mode = (" (dry run: nothing written)" if summary.dry_run
            else " (unchanged since its last load: skipped)" if summary.skipped else "")
    console.print(f"[bold]{summary.file}[/bold] [{summary.kind}]{mode}: {line} in {summary.seconds:.1f}s")
    if note := reading_note(summary):
        console.print(note)
    if summary.rejects:
        table = Table("line", "field", "value", "reason", title=f"{len(summary.rejects)} rejected rows")
        for r in summary.rejects[:20]:
            table.add_row(str(r.line), r.field, r.value[:40], r.reason)
        console.print(table)
        if summary.rejects_path:
            console.print(f"rejects report: {summary.rejects_path}")
    if summary.review_path:
        console.print(f"review report ({len(summary.review_items)} pairs to decide with `innolink reviews "
                      f"approve|reject ID`): {summary.review_path}")


REPROCESS_HELP = ("process every row even if the file is unchanged since its last load and the graph still "
                  "holds that load's result (by default such a file is skipped)")


@app.command()
def load(
    kind: Annotated[str, typer.Argument(help="organizations, people, patents, publications, projects, affiliations, "
                                             "licenses, collaborations, founders; or a public format: patentsview "
                                             "(Parquet), patstat (CSV), dart (OpenDART's corpCode zip or XML, or a "
                                             "table of it)")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a file: CSV, XLSX, XLS, ODS, JSONL or "
                                                                          "Parquet (dart: also ZIP or XML)")],
    mapping: Annotated[Path | None, typer.Option(help="YAML column mapping (default: the canonical template)")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="validate and report; write nothing")] = False,
    reprocess: Annotated[bool, typer.Option("--reprocess", help=REPROCESS_HELP)] = False,
    sheet: Annotated[str | None, typer.Option(help="the workbook's sheet to read (default: the first sheet that "
                                                   "names the kind's columns)")] = None,
) -> None:
    """Load one file into the graph."""
    from loaders import build_pipeline
    from loaders.public import PUBLIC_KINDS, load_public

    settings = get_settings()
    with store_for(settings) as store, progress_bar() as progress:
        pipeline = build_pipeline(store, settings, progress=progress)
        pipeline.skip_unchanged = not reprocess
        if kind in PUBLIC_KINDS:
            if mapping is not None or sheet is not None:
                console.print(f"[red]error:[/red] --mapping and --sheet are for the canonical kinds; {kind} files "
                              "are read by their own reader")
                raise typer.Exit(2)
            summaries = run_cli(lambda: load_public(pipeline, kind, file, dry_run=dry_run))
        else:
            summaries = [run_cli(lambda: pipeline.load(kind, file, mapping=mapping, dry_run=dry_run, sheet=sheet))]
    for summary in summaries:
        print_summary(summary)


@app.command()
def add(
    kind: Annotated[str, typer.Argument(help="organizations, people, patents, publications, projects, affiliations, "
                                             "licenses, collaborations, founders")],
    fields: Annotated[list[str], typer.Argument(help="FIELD=VALUE pairs of the kind's template (docs/TEMPLATES.md); "
                                                     "several values of a list field with ';' between")],
    by: Annotated[str, typer.Option(help="who adds it (the record's source names them)")] = "cli",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="only say what the record would become")] = False,
) -> None:
    """Add one record by hand, as a one-row file: checked, resolved against the graph, undone with `runs undo`."""
    from loaders import build_pipeline
    from loaders.adding import FieldValue, add_record

    values: dict[str, FieldValue] = {}
    for pair in fields:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            console.print(f"[red]error:[/red] {pair!r}: write each field as FIELD=VALUE")
            raise typer.Exit(2)
        values[name.strip()] = value
    settings = get_settings()
    with store_for(settings) as store:
        pipeline = build_pipeline(store, settings)
        added = run_cli(lambda: add_record(pipeline, kind, values, by=by, dry_run=dry_run))
    made = added.node_id or (f"{added.relationship.label} {added.relationship.src} -> {added.relationship.dst}"
                             if added.relationship else "")
    review = f"; listed for review with {added.review_with}" if added.review else ""
    run = "" if dry_run else f" (run {added.summary.run_id})"
    console.print(f"{added.outcome}: {made}{review}{run}")


@app.command("dump")
def dump_graph(file: Annotated[Path, typer.Argument(dir_okay=False, help="the dump to write: JSON lines, gzip-"
                                                                         "compressed when it ends in .gz")]) -> None:
    """Write the whole graph (records, relationships, runs, merges, edits, deletions, reviews, keys) to a file."""
    from graph.dump import dump

    with store_for(get_settings(), read_only=True) as store, progress_bar() as progress:
        counts = run_cli(lambda: dump(store, file, progress=progress))
    console.print(f"dumped {counts.line()} to {file}", soft_wrap=True)


@app.command("restore")
def restore_graph(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a dump `innolink dump` wrote")],
    into_nonempty: Annotated[bool, typer.Option("--into-nonempty", help="restore over a graph that holds records "
                                                                          "(the dump's overwrite theirs)")] = False,
) -> None:
    """Load a dump into the configured store (embedded or Neo4j): to move a graph between backends or restore a
    backup. Every line is checked before anything is written."""
    from graph.dump import restore

    with store_for(get_settings()) as store, progress_bar() as progress:
        counts = run_cli(lambda: restore(store, file, into_nonempty=into_nonempty, progress=progress))
    console.print(f"restored {counts.line()} from {file}", soft_wrap=True)


@app.command("load-dir")
def load_dir(
    folder: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run")] = False,
    reprocess: Annotated[bool, typer.Option("--reprocess", help=REPROCESS_HELP)] = False,
) -> None:
    """Load every file of a folder, in the order of its manifest.yaml (or by file name)."""
    from loaders import build_pipeline, load_directory

    settings = get_settings()
    with store_for(settings) as store, progress_bar() as progress:
        pipeline = build_pipeline(store, settings, progress=progress)
        pipeline.skip_unchanged = not reprocess
        summaries = run_cli(lambda: load_directory(pipeline, folder, dry_run=dry_run))
    for summary in summaries:
        print_summary(summary)


@reviews_app.command("list")
def reviews_list(status: str = "open", limit: int = 50,
                 export: Annotated[Path | None, typer.Option(help="write every such pair, with both names, to this "
                                                                    "CSV file (the review report)")] = None) -> None:
    """Pairs that resolution was unsure about."""
    with store_for(get_settings(), read_only=False) as store:
        if export is not None:
            from loaders.curation import reviews_with_status, write_review_report

            items = reviews_with_status(store, status)
            write_review_report(store, items, export)
            console.print(f"{len(items)} {status} review item(s) written to {export}")
            return
        from graph.schema import ReviewItem
        from loaders.evidence_text import EvidenceReader, names_for

        items = [i for i in store.list_nodes("ReviewItem", where={"status": status}, order_by="score",
                                             descending=True, limit=limit) if isinstance(i, ReviewItem)]
        names = names_for(store, (i.evidence for i in items), (n for i in items for n in (i.left_id, i.right_id)))
        why = EvidenceReader("en", names)
        table = Table("id", "left", "right", "score", "why")
        for item in items:
            table.add_row(item.id, names.get(item.left_id, item.left_id), names.get(item.right_id, item.right_id),
                          f"{item.score:.2f}", "; ".join(why.lines(item.evidence)))
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


@reviews_app.command("apply")
def reviews_apply(file: Path,
                  dry_run: Annotated[bool, typer.Option("--dry-run", help="check every row, change nothing")] = False
                  ) -> None:
    """Decide many pairs from a file: the review report (`reviews list --export`, or an import's review.csv) with
    approve or reject (승인 / 거절) written in its decision column; blank rows stay open."""
    from loaders.review_decisions import apply_decisions, read_decisions

    decisions = run_cli(lambda: read_decisions(file))
    with store_for(get_settings()) as store:
        report = run_cli(lambda: apply_decisions(store, decisions, decided_by="cli", dry_run=dry_run))
    mode = " (dry run: nothing changed)" if dry_run else ""
    console.print(f"[bold]{file.name}[/bold]{mode}: approved {len(report.approved)}, rejected {len(report.rejected)}, "
                  f"already decided {report.unchanged}, left open {report.blank}, problems {len(report.problems)}")
    if report.problems:
        table = Table("line", "review_id", "field", "value", "reason", title=f"{len(report.problems)} rows not applied")
        for p in report.problems:
            table.add_row(str(p.line), p.review_id, p.field, p.value, p.reason)
        console.print(table)
        raise typer.Exit(1)


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


@app.command()
def delete(node_id: Annotated[str, typer.Argument(help="the record's id, e.g. org:한빛광학")],
           by: Annotated[str, typer.Option(help="who deletes it (kept with the deletion)")] = "cli") -> None:
    """Delete a record and its relationships; `innolink deletions restore` puts them back."""
    from graph.errors import NotFound
    from loaders.deletions import delete_by_hand

    def work() -> str:
        node = store.get(node_id)
        if node is None or not node.domain:
            raise NotFound("record", node_id)
        record = delete_by_hand(store, node, by=by, source="cli")
        return f"deleted {node.display_name()} ({node_id}) and {record.relationships} relationships: {record.id}"

    with store_for(get_settings()) as store:
        console.print(run_cli(work))


@app.command()
def unlink(rel_type: Annotated[str, typer.Argument(metavar="TYPE", help="its type, e.g. AFFILIATED_WITH")],
           source: Annotated[str, typer.Argument(help="the id of the node it starts at")],
           target: Annotated[str, typer.Argument(help="the id of the node it ends at")],
           by: Annotated[str, typer.Option(help="who removes it (kept with the deletion)")] = "cli") -> None:
    """Remove one relationship; `innolink deletions restore` puts it back."""
    from loaders.deletions import unlink_by_hand

    with store_for(get_settings()) as store:
        record = run_cli(lambda: unlink_by_hand(store, rel_type, source, target, by=by, source="cli"))
    console.print(f"removed {record.deleted_id} ({record.name}): {record.id}")


@edits_app.command("list")
def edits_list(node: Annotated[str | None, typer.Option(help="one record's edits")] = None, limit: int = 50) -> None:
    """One line per edit, latest first: its id (for `edits undo`), the record, the fields, who and when."""
    with store_for(get_settings()) as store:
        for e in store.list_nodes("EditRecord", where={"node_id": node} if node else None, order_by="created_at",
                                  descending=True, limit=limit):
            assert isinstance(e, EditRecord)
            when = f"{e.created_at:%Y-%m-%d %H:%M}" if e.created_at else ""
            console.print(f"{e.id}  {e.node_id} ({e.name}): {', '.join(e.fields)} by {e.source_record_id} {when}"
                          + (" [undone]" if e.undone else ""), soft_wrap=True, markup=False)


@edits_app.command("undo")
def edits_undo(edit_id: str) -> None:
    """Put the fields an edit changed back as they were."""
    from loaders.editing import undo_edit

    with store_for(get_settings()) as store:
        record = run_cli(lambda: undo_edit(store, edit_id))
    console.print(f"undone: {', '.join(record.fields)} of {record.node_id} as they were")


@app.command()
def completeness(examples: Annotated[int, typer.Option(help="records listed per gap")] = 5) -> None:
    """Records that need attention: what they lack that the matcher or search uses, how many, the first few."""
    from loaders.completeness import find_gaps

    with store_for(get_settings(), read_only=True) as store:
        gaps = run_cli(lambda: find_gaps(store, examples=examples))
    for gap in gaps:
        console.print(f"[bold]{gap.check.en}[/bold]: {gap.count:,} of {gap.checked:,} ({gap.check.why_en})",
                      soft_wrap=True)
        for node_id, name in gap.examples:
            console.print(f"  {node_id}  {name}", soft_wrap=True, markup=False)


@outreach_app.command("mark")
def outreach_mark(
    kind: Annotated[str, typer.Argument(help="partners, licensees or cofounders")],
    query_id: Annotated[str, typer.Argument(help="the company or saved need, patent or person recommended for")],
    candidate_id: Annotated[str, typer.Argument(help="the recommended researcher, company or person")],
    status: Annotated[str, typer.Argument(help="shortlisted, contacted, interested, declined or not_a_fit")],
    note: Annotated[str | None, typer.Option(help="what happened")] = None,
    by: Annotated[str, typer.Option(help="who is recording it")] = "cli",
) -> None:
    """Set where the office stands with a recommended candidate (declined and not_a_fit leave its list)."""
    from matcher.outreach import mark

    with store_for(get_settings()) as store:
        record, outcome = run_cli(lambda: mark(store, kind, query_id, candidate_id, status, note=note, by=by))
    console.print(f"{outcome}: {record.id} {record.candidate_id} {record.status.value}", markup=False)


@outreach_app.command("apply")
def outreach_apply(file: Path,
                   dry_run: Annotated[bool, typer.Option("--dry-run", help="check every row, change nothing")] = False,
                   by: Annotated[str, typer.Option(help="who is recording them")] = "cli") -> None:
    """Apply a follow-up file: the export (`outreach list --export`) with statuses and notes changed or rows added
    (kind, query_id, candidate_id, status; note optional). Bad rows are reported by line and change nothing."""
    from matcher.outreach_files import apply_follow_ups, read_follow_ups

    rows = run_cli(lambda: read_follow_ups(file))
    with store_for(get_settings()) as store:
        report = run_cli(lambda: apply_follow_ups(store, rows, by=by, dry_run=dry_run))
    mode = " (dry run: nothing changed)" if dry_run else ""
    console.print(f"[bold]{file.name}[/bold]{mode}: new {len(report.created)}, changed {len(report.updated)}, "
                  f"unchanged {report.unchanged}, blank {report.blank}, problems {len(report.problems)}")
    if report.problems:
        table = Table("line", "field", "value", "reason", title=f"{len(report.problems)} rows not applied")
        for p in report.problems:
            table.add_row(str(p.line), p.field, p.value, p.reason)
        console.print(table)
        raise typer.Exit(1)


@outreach_app.command("list")
def outreach_list(
    status: Annotated[str | None, typer.Option(help="only this status")] = None,
    kind: Annotated[str | None, typer.Option(help="only partners, licensees or cofounders")] = None,
    export: Annotated[Path | None, typer.Option(help="write them all to this CSV instead")] = None,
    limit: int = 50,
) -> None:
    """One line per follow-up, latest change first; ``--export`` writes every one to a CSV."""
    from matcher.outreach import list_marks, marks_csv, names_of

    with store_for(get_settings()) as store:
        records, count = list_marks(store, kind=kind, status=status, limit=10**6 if export else limit)
        if export is not None:
            export.write_text(marks_csv(store, records), encoding="utf-8")
            console.print(f"{count} follow-ups written to {export}", markup=False)
            return
        names = names_of(store, records)
        for r in records:
            when = f"{r.updated_at:%Y-%m-%d %H:%M}" if r.updated_at else ""
            console.print(f"{r.id}  {r.kind}: {names.get(r.query_id, r.query_id)} -> "
                          f"{names.get(r.candidate_id, r.candidate_id)}  {r.status.value}  {r.note or ''}  "
                          f"{r.by or ''} {when}", soft_wrap=True, markup=False)
        console.print(f"{len(records)} of {count}", markup=False)


@deletions_app.command("list")
def deletions_list(limit: int = 50) -> None:
    with store_for(get_settings()) as store:
        table = Table("id", "deleted", "name", "relationships", "by", "restored")
        for d in store.list_nodes("DeletionRecord", order_by="created_at", descending=True, limit=limit):
            table.add_row(d.id, d.deleted_id, d.name, str(d.relationships),  # type: ignore[attr-defined]
                          d.source_record_id, str(d.restored))  # type: ignore[attr-defined]
        console.print(table)


@deletions_app.command("restore")
def deletions_restore(deletion_id: str) -> None:
    """Put a deleted record back with its relationships."""
    from loaders.deletions import restore_deleted

    with store_for(get_settings()) as store:
        record, not_restored = run_cli(lambda: restore_deleted(store, deletion_id))
    lost = f"; {not_restored} relationships not restored (their other end is gone)" if not_restored else ""
    console.print(f"restored {record.deleted_id}{lost}")


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


@keys_app.command("create")
def keys_create(name: Annotated[str, typer.Option(help="who the key is for")],
                role: Annotated[str, typer.Option(help="viewer, tto or admin")] = "viewer") -> None:
    """Create a key; it is printed once and stored only as a digest."""
    from api.auth import create_key

    if role not in ("viewer", "tto", "admin"):
        console.print("[red]error:[/red] role must be viewer, tto or admin")
        raise typer.Exit(2)
    with store_for(get_settings()) as store:
        key, record = create_key(store, name, role)  # type: ignore[arg-type]
    console.print(f"{record.id} ({record.role}) for {record.name}:\n{key}")


@keys_app.command("list")
def keys_list() -> None:
    from api.auth import list_keys

    with store_for(get_settings()) as store:
        table = Table("id", "name", "role", "created", "revoked")
        for k in list_keys(store):
            table.add_row(k.id, k.name, k.role, str(k.created_at)[:19], str(k.revoked))
        console.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: str) -> None:
    from api.auth import revoke_key

    with store_for(get_settings()) as store:
        record = run_cli(lambda: revoke_key(store, key_id))
    console.print(f"{record.id} revoked")


@app.command()
def evaluate(
    dataset: Annotated[str, typer.Option(help="'graph' (held-out links of this store) or 'patentsview'")] = "graph",
    file: Annotated[Path | None, typer.Option(help="the PatentsView Parquet file (for --dataset patentsview)")] = None,
    cutoff: Annotated[int | None, typer.Option(help="first test year (default: the newest 15% of patents)")] = None,
    queries: Annotated[int, typer.Option(help="test queries per task at most")] = 400,
) -> None:
    """Measure the recommenders on held-out links and print a table (Markdown)."""
    if dataset == "graph":
        from matcher.evaluation import evaluate as evaluate_graph
        from matcher.evaluation import format_table

        with store_for(get_settings(), read_only=True) as store:
            rows, notes = run_cli(lambda: evaluate_graph(store))
        typer.echo(format_table(rows))
        for kind, note in notes.items():
            typer.echo(f"{kind}: {note}")
        return
    if dataset != "patentsview" or file is None:
        console.print("[red]error:[/red] --dataset patentsview needs --file PATH (or use --dataset graph)")
        raise typer.Exit(2)
    import tempfile

    from graph.config import EmbeddedSettings
    from loaders import build_pipeline
    from loaders.public import load_patentsview
    from matcher.dataset_eval import evaluate_dataset, format_dataset_table

    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings().model_copy(update={
            "store": "embedded", "data_dir": Path(tmp), "embedded": EmbeddedSettings(path=Path(tmp) / "eval.lbdb")})
        with store_for(settings) as store, progress_bar() as progress:
            run_cli(lambda: load_patentsview(build_pipeline(store, settings, progress=progress), file))
        with store_for(settings) as store:
            results, summary = run_cli(lambda: evaluate_dataset(store, cutoff=cutoff, max_queries=queries))
    typer.echo(format_dataset_table(results))
    typer.echo(summary)


@app.command()
def resolve(
    export: Annotated[Path, typer.Option(help="CSV to write: source record -> entity id")],
) -> None:
    """Export entity resolution: every loaded source record (file:record) and the entity it became."""
    import csv

    from loaders.evaluation import source_clusters

    with store_for(get_settings(), read_only=True) as store:
        clusters = source_clusters(store)
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source_record", "entity_id"])
        writer.writerows(sorted(clusters.items()))
    console.print(f"{len(clusters):,} source records in {len(set(clusters.values())):,} entities -> {export}")


@app.command()
def recommend(
    kind: Annotated[str, typer.Argument(help="licensees (for a patent or an invention described in a text), "
                                             "partners (for a company or a text), cofounders (for a person or a "
                                             "founder described in a text)")],
    id: Annotated[str | None, typer.Option("--id", help="patent, company or person id")] = None,
    text: Annotated[str | None, typer.Option(help="a need (partners), an invention (licensees) or a founder "
                                                  "(cofounders) in words")] = None,
    brings: Annotated[str | None, typer.Option(help="cofounders for a text: what the founder brings, technical "
                                                    "or business")] = None,
    input: Annotated[Path | None, typer.Option("--input", help="JSONL of queries: {\"id\": …} or {\"text\": …} "
                                                              "(with \"brings\" for cofounders)")] = None,
    top: Annotated[int, typer.Option(help="recommendations per query")] = 10,
    format: Annotated[str, typer.Option("--format", help="json (one line per query) or csv")] = "json",
    candidate: Annotated[str | None, typer.Option(help="with --id: where this one candidate stands instead (its "
                                                       "rank, score, parts and evidence, or why it is never "
                                                       "offered), as JSON")] = None,
) -> None:
    """Recommendations with their evidence, for one query or a file of them (for scripts)."""
    from api.batch import recommend_batch

    if kind not in ("licensees", "partners", "cofounders") or format not in ("json", "csv"):
        console.print("[red]error:[/red] kind is licensees, partners or cofounders; format json or csv")
        raise typer.Exit(2)
    settings = get_settings()
    if candidate is not None:
        if id is None:
            console.print("[red]error:[/red] --candidate needs --id: the patent, company or person it is placed for")
            raise typer.Exit(2)
        from api.schemas import StandingOut
        from matcher.service import Matcher

        with store_for(settings, read_only=True) as store:
            found = run_cli(lambda: Matcher(store, settings.matcher).standing(kind, id, candidate))
        sys.stdout.write(StandingOut.of(kind, id, found).model_dump_json() + "\n")
        return
    with store_for(settings, read_only=True) as store:
        run_cli(lambda: recommend_batch(store, settings, kind, id=id, text=text, brings=brings, input=input,
                                        top=top, format=format, out=sys.stdout))


@app.command()
def serve(host: str | None = None, port: int | None = None) -> None:
    """Run the API and web UI on the configured store."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings, warm=True), host=host or settings.api.host, port=port or settings.api.port)


@app.command()
def demo(host: str | None = None, port: int | None = None) -> None:
    """Load the bundled sample into the store if it is empty, then serve the web UI and API."""
    from api.auth import create_key
    from loaders import build_pipeline, load_directory

    settings = get_settings()
    if settings.environment != "production":
        settings.api.open_reads = True  # the demo can be browsed without a key
    with store_for(settings) as store:
        if store.count("Organization") == 0:
            console.print(f"loading the bundled sample from {SAMPLE_DIR} …")
            with progress_bar() as progress:
                pipeline = build_pipeline(store, settings, progress=progress)
                run_cli(lambda: load_directory(pipeline, SAMPLE_DIR))
        key, _ = create_key(store, "demo-admin", "admin")
    url = f"http://{host or settings.api.host}:{port or settings.api.port}/"
    console.print(f"innolink on {url}  (reading needs no key in the demo)\n"
                  f"admin key for this session (log in at {url}login): [bold]{key}[/bold]")
    serve(host=host, port=port)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
