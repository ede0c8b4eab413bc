"""The ``innolink`` command line: load data, serve the API and web UI, evaluate, recommend; curation commands
(reviews, merges, runs, deletions, edits, follow-ups, keys) are in ``cli_curation``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli_curation import SUB_COMMANDS
from api.cli_support import console, print_summary, progress_bar, run_cli, store_for
from graph.config import get_settings

app = typer.Typer(help="innolink: graph database and matching service for the Gwangju innovation cluster",
                  no_args_is_help=True, pretty_exceptions_enable=False)
for name, sub_app in SUB_COMMANDS.items():
    app.add_typer(sub_app, name=name)
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


REPROCESS_HELP = ("process every row even if the file is unchanged since its last load and the graph still "
                  "holds that load's result (by default such a file is skipped)")

@app.command()
def load(
    kind: Annotated[str, typer.Argument(help="organizations, people, patents, publications, projects, affiliations, "
                                             "licenses, collaborations, founders; or a public format: patentsview "
                                             "(Parquet), patstat (CSV), dart (OpenDART's corpCode zip or XML, or a "
                                             "table of it)")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a file: CSV, XLSX, XLS, ODS, JSONL, "
                                                                          "Parquet, RIS or MEDLINE .nbib (dart: also "
                                                                          "ZIP or XML)")],
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
        if summary.unread_columns and mapping is None and kind not in PUBLIC_KINDS:
            sheet_option = f" --sheet {sheet}" if sheet else ""
            console.print(f"`innolink suggest-mapping {kind} {file}{sheet_option}` suggests a field for each column "
                          "and writes the mapping to load it with", markup=False, highlight=False)


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


@app.command("suggest-mapping")
def suggest_mapping(
    kind: Annotated[str, typer.Argument(help="organizations, people, patents, publications, projects, affiliations, "
                                             "licenses, collaborations, founders")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="the spreadsheet (CSV, XLSX, XLS, ODS, "
                                                                          "JSONL, Parquet)")],
    sheet: Annotated[str | None, typer.Option(help="the workbook's sheet to read")] = None,
    out: Annotated[Path | None, typer.Option(help="write the suggested mapping here (YAML), to edit and pass to "
                                                  "`load --mapping`")] = None,
) -> None:
    """Suggest which column feeds which field, from the headers and the first values; writes it as a mapping."""
    from rich.markup import escape
    from rich.table import Table

    from loaders.mapping_guess import guess_file_mapping

    guess = run_cli(lambda: guess_file_mapping(kind, file, sheet=sheet))
    table = Table("column", "field", "why", "first values", title=escape(f"{file.name} as {kind}"))
    for column in guess.columns:  # the file's text shown as it is ('[Kim, J] GIST' is no markup)
        table.add_row(escape(column.column), column.field or "[dim](not read)[/dim]", escape(column.reason),
                      escape(" | ".join(column.samples)))
    console.print(table)
    if missing := guess.missing_required():
        console.print(f"[red]no column found for required field(s):[/red] {', '.join(missing)}")
    if out is None:
        console.print(guess.yaml_text(), markup=False, highlight=False)
    else:
        out.write_text(guess.yaml_text(), encoding="utf-8")
        console.print(f"wrote {out}: load with `innolink load {kind} {file} --mapping {out}`")
    if missing:
        raise typer.Exit(1)


@app.command("dump")
def dump_graph(file: Annotated[Path, typer.Argument(dir_okay=False, help="the dump to write: JSON lines, gzip-"
                                                                         "compressed when it ends in .gz")]) -> None:
    """Write the whole graph (records, relationships, runs, merges, edits, deletions, reviews, keys) to a file,
    with the loads' reports and ledger."""
    from graph.dump import dump

    settings = get_settings()
    with store_for(settings, read_only=True) as store, progress_bar() as progress:
        counts = run_cli(lambda: dump(store, file, folders=settings.bookkeeping_dirs, progress=progress))
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

    settings = get_settings()
    with store_for(settings) as store, progress_bar() as progress:
        counts = run_cli(lambda: restore(store, file, into_nonempty=into_nonempty, folders=settings.bookkeeping_dirs,
                                         progress=progress))
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


@app.command()
def completeness(examples: Annotated[int, typer.Option(help="records listed per gap")] = 5,
                 export: Annotated[str | None, typer.Option(
                     help="a gap's key (shown in brackets): write all its records to --file to fill in")] = None,
                 file: Annotated[Path | None, typer.Option(help="where --export writes (CSV)")] = None) -> None:
    """Records that need attention: what they lack that the matcher or search uses, how many, the first few. With
    --export KEY --file F, every record of one gap in its kind's template, to fill in and load back as that kind."""
    from loaders.completeness import find_gaps
    from loaders.gap_files import gap_csv

    if export is not None:
        if file is None:
            raise typer.BadParameter("--export needs --file: where to write the records", param_hint="--file")
        with store_for(get_settings(), read_only=True) as store:
            kind, text = run_cli(lambda: gap_csv(store, export))
        file.write_text(text, encoding="utf-8")
        console.print(f"wrote {text.count(chr(10)) - 1:,} records to {file}: fill it in, then "
                      f"innolink load {kind} {file}", soft_wrap=True, markup=False)
        return
    with store_for(get_settings(), read_only=True) as store:
        gaps = run_cli(lambda: find_gaps(store, examples=examples))
    for gap in gaps:
        console.print(f"[bold]{gap.check.en}[/bold] \\[{gap.check.key}]: {gap.count:,} of {gap.checked:,} "
                      f"({gap.check.why_en})", soft_wrap=True)
        for node_id, name in gap.examples:
            console.print(f"  {node_id}  {name}", soft_wrap=True, markup=False)


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
