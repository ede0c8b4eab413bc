"""Known public data formats, turned into canonical rows and loaded through the normal pipeline
(mapping, validation, rejects, provenance, idempotent upsert)."""

from __future__ import annotations

from pathlib import Path

from graph.errors import UnsupportedFormat
from loaders.org_kinds import org_kind_from_name
from loaders.pipeline import LoadPipeline
from loaders.public.dart import XML_SUFFIXES, dart_rows
from loaders.readers import FORMATS, SourceRow, TableInfo, read_rows
from loaders.run_summary import RunSummary

PUBLIC_KINDS = ("patentsview", "patstat", "dart")
PUBLIC_SUFFIXES = {"patentsview": (".parquet",), "patstat": (".csv",), "dart": (*XML_SUFFIXES, *FORMATS)}
"""The file types each public format comes as."""


def load_patentsview(pipeline: LoadPipeline, path: Path, *, dry_run: bool = False, run_id: str | None = None
                     ) -> list[RunSummary]:
    """PatentsView inventor mentions (Parquet): inventors resolved into people, then people and patents loaded.
    Assignees become organisations (resolved like any organisation), CPC groups technologies.

    Two runs: the patents' under ``run_id`` (when given), the inventors' under ``run_id`` + '-inventors'."""
    people_run = f"{run_id}-inventors" if run_id else None
    from loaders.public.patentsview import (
        InventorResolver,
        canonical_rows,
        mention_features,
        read_mentions,
        records,
    )

    runs = {"people": people_run, "patents": run_id}
    done = {} if dry_run else {kind: pipeline.skip_if_unchanged(kind, path, run_id=runs[kind])
                               for kind in ("people", "patents")}
    if done and all(done.values()):  # unchanged since its last load: no inventor resolution needed
        return [summary for summary in done.values() if summary is not None]
    mentions = records(read_mentions(path))
    pipeline.progress("resolving inventors", 0, len(mentions))
    clusters = InventorResolver().resolve(mention_features(mentions, pipeline.normalizer))
    people, patents = canonical_rows(mentions, clusters, path.name, pipeline.normalizer)
    inventors = done.get("people") or pipeline.load_rows("people", people, path.name, dry_run=dry_run,
                                                          source_file=path, run_id=people_run)
    related = [f"people loaded as {inventors.run_id} (created {inventors.created}, merged {inventors.merged}, "
               f"unchanged {inventors.unchanged}, rejected {inventors.rejected})"]
    return [inventors, done.get("patents") or pipeline.load_rows("patents", patents, path.name, dry_run=dry_run,
                                                                 source_file=path, run_id=run_id, related=related)]


_PATSTAT_LEGAL_FORM_TOKENS = frozenset({"N", "B", "V", "NV", "BV"})
"""What is left of N.V. and B.V. in PATSTAT's cleaned names, whose words come sorted ('AKZO NOBEL V',
'B GLOBAL HITACHI … V'): a legal form anywhere in the name, not only at its end where legal forms are looked for."""


def patstat_name(name: str) -> str:
    """A PATSTAT applicant name without the remnants of its Dutch legal form (kept whole if nothing else is left)."""
    words = [w for w in name.split() if w.upper() not in _PATSTAT_LEGAL_FORM_TOKENS]
    return " ".join(words) if words else name.strip()


def patstat_rows(path: Path) -> list[SourceRow]:
    """PATSTAT applicants (CSV with '**'-separated lists) as organisation rows; the record ref is person_id.
    Read as any CSV is (encoding, delimiter, line numbers)."""
    info = TableInfo("csv")
    read = list(read_rows(path, info=info))
    if "Name" not in (info.columns or []):
        raise UnsupportedFormat(f"{path.name}: not a PATSTAT applicant file: no 'Name' column "
                                f"(columns: {info.columns or []})", file=path.name)
    rows = []
    for row in read:
        record = {k: str(v or "").strip() for k, v in row.data.items()}
        classes = [c.strip() for c in record.get("Class", "").split("**") if c.strip()]
        # no country: applicants of Dutch patents come from anywhere (Agilent, Hitachi), and the file does not say
        name = patstat_name(record.get("Name", ""))
        data: dict[str, object] = {"name_en": name, "org_kind": org_kind_from_name(name).value,
                                   "technologies": classes}
        rows.append(SourceRow(row.file, row.line, data, row.error, ref=record.get("person_id") or str(row.line)))
    return rows


def load_patstat(pipeline: LoadPipeline, path: Path, *, dry_run: bool = False, run_id: str | None = None
                 ) -> list[RunSummary]:
    return [pipeline.load_rows("organizations", patstat_rows(path), path.name, dry_run=dry_run, source_file=path,
                               run_id=run_id)]


def load_dart(pipeline: LoadPipeline, path: Path, *, dry_run: bool = False, run_id: str | None = None
              ) -> list[RunSummary]:
    """OpenDART's company register: its zip or XML read here, a table of it through the organisations mapping
    (which knows the register's column names)."""
    if path.suffix.lower() not in XML_SUFFIXES:
        return [pipeline.load("organizations", path, dry_run=dry_run, run_id=run_id)]
    return [pipeline.load_rows("organizations", dart_rows(path), path.name, dry_run=dry_run, source_file=path,
                               run_id=run_id)]


def load_public(pipeline: LoadPipeline, kind: str, path: Path, *, dry_run: bool = False,
                run_id: str | None = None) -> list[RunSummary]:
    """Load a public format's file; ``run_id`` names the run of its main records (the last summary)."""
    if not dry_run:
        pipeline.runs.check_alone()  # before the format's own work (PatentsView's inventors take a while)
    if kind == "dart":
        return load_dart(pipeline, path, dry_run=dry_run, run_id=run_id)
    if kind == "patentsview":
        return load_patentsview(pipeline, path, dry_run=dry_run, run_id=run_id)
    if kind == "patstat":
        return load_patstat(pipeline, path, dry_run=dry_run, run_id=run_id)
    raise ValueError(f"unknown public format {kind!r}")
