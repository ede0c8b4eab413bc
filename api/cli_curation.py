"""The ``innolink`` commands that curate what a load made and who may use it: review pairs, merges, runs, deletions,
edits, follow-ups and API keys (each group a sub-command, ``innolink reviews list`` …)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from api.cli_support import console, id_table, run_cli, store_for
from graph.config import get_settings
from graph.schema import DeletionRecord, EditRecord, LoadRun, MergeRecord

reviews_app = typer.Typer(help="Duplicate pairs awaiting a decision", no_args_is_help=True)
merges_app = typer.Typer(help="Merges made by resolution (each can be undone)", no_args_is_help=True)
runs_app = typer.Typer(help="Load runs (each can be undone)", no_args_is_help=True)
deletions_app = typer.Typer(help="Records deleted by hand (each can be restored)", no_args_is_help=True)
edits_app = typer.Typer(help="Records' fields changed by hand (each can be undone)", no_args_is_help=True)
outreach_app = typer.Typer(help="Follow-up of recommended candidates (tto)", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (roles: viewer, tto, admin)", no_args_is_help=True)
SUB_COMMANDS = {"keys": keys_app, "reviews": reviews_app, "merges": merges_app, "runs": runs_app,
                "deletions": deletions_app, "edits": edits_app, "outreach": outreach_app}

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
        console.print(id_table("id", "left", "right", "score", "why", rows=[
            (item.id, names.get(item.left_id, item.left_id), names.get(item.right_id, item.right_id),
             f"{item.score:.2f}", "; ".join(why.lines(item.evidence))) for item in items]))


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
    console.print(f"[bold]{escape(file.name)}[/bold]{mode}: approved {len(report.approved)}, rejected "
                  f"{len(report.rejected)}, already decided {report.unchanged}, left open {report.blank}, problems "
                  f"{len(report.problems)}")
    if report.problems:
        table = Table("line", "review_id", "field", "value", "reason", title=f"{len(report.problems)} rows not applied")
        for p in report.problems:
            table.add_row(str(p.line), *map(escape, (p.review_id, p.field, p.value, p.reason)))
        console.print(table)
        raise typer.Exit(1)


@merges_app.command("list")
def merges_list(limit: int = 50) -> None:
    with store_for(get_settings()) as store:
        merges = [m for m in store.list_nodes("MergeRecord", order_by="created_at", descending=True, limit=limit)
                  if isinstance(m, MergeRecord)]
        for m in merges:  # a line each: ids whole, however narrow the terminal
            console.print(f"{m.id}  {m.merged_id} into {m.kept_id} by {m.method} ({m.score:.2f})"
                          + (" [undone]" if m.undone else ""), soft_wrap=True, markup=False, highlight=False)


@merges_app.command("undo")
def merges_undo(merge_id: str) -> None:
    """Split a merged node back into two."""
    from loaders.curation import files_loaded_since, undo_merge

    with store_for(get_settings()) as store:
        record = run_cli(lambda: undo_merge(store, merge_id))
        again = files_loaded_since(store, record.created_at)
    console.print(f"undone: {record.merged_id} is separate from {record.kept_id} again")
    if again:
        console.print(f"files loaded since the merge may have placed on {record.kept_id} rows that named "
                      f"{record.merged_id}: load them again with --reprocess to place those rows apart: "
                      f"{', '.join(again[:10])}{' …' if len(again) > 10 else ''}", markup=False)


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
    console.print(f"[bold]{escape(file.name)}[/bold]{mode}: new {len(report.created)}, changed {len(report.updated)}, "
                  f"unchanged {report.unchanged}, blank {report.blank}, problems {len(report.problems)}")
    if report.problems:
        table = Table("line", "field", "value", "reason", title=f"{len(report.problems)} rows not applied")
        for p in report.problems:
            table.add_row(str(p.line), *map(escape, (p.field, p.value, p.reason)))
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
        deletions = [d for d in store.list_nodes("DeletionRecord", order_by="created_at", descending=True,
                                                 limit=limit) if isinstance(d, DeletionRecord)]
        for d in deletions:  # a line each: ids whole, however narrow the terminal
            console.print(f"{d.id}  {d.deleted_id} ({d.name}) with {d.relationships} relationships, deleted by "
                          f"{d.source_record_id or '?'}" + (" [restored]" if d.restored else ""), soft_wrap=True,
                          markup=False, highlight=False)


@deletions_app.command("restore")
def deletions_restore(deletion_id: str) -> None:
    """Put a deleted record back with its relationships."""
    from loaders.deletions import restore_deleted

    with store_for(get_settings()) as store:
        record, not_restored = run_cli(lambda: restore_deleted(store, deletion_id))
    lost = f"; {not_restored} relationships not restored (their other end is gone)" if not_restored else ""
    console.print(f"restored {record.deleted_id}{lost}; files loaded while it was deleted bring in the rows that "
                  "named it when loaded again")


@runs_app.command("list")
def runs_list(limit: int = 30) -> None:
    """One line per load, latest first: its id (for `runs undo`), status, kind, file, counts and when; a failed
    load's line says why, and what became of what it had written; a running one's when it was last heard from, and
    whether it is to be settled (`runs settle`)."""
    from loaders.run_records import RunRecords

    settings = get_settings()
    with store_for(settings) as store:
        records = RunRecords(store, settings.runs_dir)
        for r in store.list_nodes("LoadRun", order_by="started_at", descending=True, limit=limit):
            assert isinstance(r, LoadRun)
            when = f"; started {r.started_at:%Y-%m-%d %H:%M}" if r.started_at else ""
            counts = ", ".join(f"{k} {getattr(r, k)}" for k in ("created", "updated", "unchanged", "merged",
                                                                  "rejected"))
            why = f"; {r.message}" if r.status == "failed" and r.message else ""
            if r.status == "running" and r.heard_at:
                why = f"; last heard from at {r.heard_at:%Y-%m-%d %H:%M} UTC ({r.process or 'its process'})"
            if r.status in ("queued", "running") and records.settle_refusal(r) is None:
                why += f"; its process has ended or fallen silent: innolink runs settle {r.id}"
            dry = " (dry run)" if r.dry_run else ""
            console.print(f"{r.id}  {r.status}{dry}  {r.kind} {r.file}: {counts}{when}{why}", soft_wrap=True,
                          markup=False, highlight=False)


@runs_app.command("settle")
def runs_settle(run_id: str, keep_written: Annotated[bool, typer.Option(
        "--keep-written", help="mark it failed and keep what it wrote, to be undone later (innolink runs undo) if "
                               "need be")] = False) -> None:
    """Settle a load left running by a process that has ended: on this machine (the next load does it too), or on
    another machine once it has been silent for 10 minutes. What it had written is taken back."""
    from loaders.run_records import RunRecords

    settings = get_settings()
    with store_for(settings) as store:
        run = run_cli(lambda: RunRecords(store, settings.runs_dir).settle(run_id, keep_written=keep_written))
    console.print(f"{run.id} {run.status}: {run.message}", soft_wrap=True, markup=False, highlight=False)


@runs_app.command("undo")
def runs_undo(run_id: str) -> None:
    """Remove what a run created and restore what it changed."""
    from loaders.curation import undo_run

    with store_for(get_settings()) as store:
        run_cli(lambda: undo_run(store, run_id))
    console.print(f"{run_id} undone")


@runs_app.command("prune")
def runs_prune(older_than: Annotated[int, typer.Option(
        "--older-than", min=0, help="days since a load finished, after which its undo journal goes")] = 180,
               dry_run: Annotated[bool, typer.Option("--dry-run", help="list the runs only")] = False) -> None:
    """Delete the undo journals of loads finished more than --older-than days ago, to keep the graph small: those
    runs can no longer be undone. A failed load's journal is kept."""
    from datetime import UTC, datetime, timedelta

    from loaders.journals import prune_journals

    before = datetime.now(UTC) - timedelta(days=older_than)
    with store_for(get_settings()) as store:
        runs = run_cli(lambda: prune_journals(store, before, dry_run=dry_run))
    for run in runs:
        console.print(f"{run.id}  {run.kind} {run.file}", soft_wrap=True, markup=False, highlight=False)
    verb = "would be pruned" if dry_run else "pruned: those runs can no longer be undone"
    console.print(f"{len(runs)} undo journal(s) of loads finished before {before:%Y-%m-%d %H:%M} UTC {verb}",
                  soft_wrap=True, markup=False, highlight=False)


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
        console.print(id_table("id", "name", "role", "created", "revoked", rows=[
            (k.id, k.name, k.role, str(k.created_at)[:19], str(k.revoked)) for k in list_keys(store)]))


@keys_app.command("revoke")
def keys_revoke(key_id: str) -> None:
    from api.auth import revoke_key

    with store_for(get_settings()) as store:
        record = run_cli(lambda: revoke_key(store, key_id))
    console.print(f"{record.id} revoked")
