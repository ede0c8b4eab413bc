"""Loading a folder: its files in the order a manifest (``manifest.yaml``) or their names give."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from graph.errors import MappingError
from loaders.handlers import HANDLERS
from loaders.pipeline import LoadPipeline
from loaders.readers import FORMAT_NAMES, ONLY_WORKBOOKS_HAVE_SHEETS, WORKBOOKS
from loaders.run_summary import RunSummary

KIND_BY_STEM = {"companies": "organizations", "institutions": "organizations", "organizations": "organizations",
                "people": "people", "researchers": "people", "patents": "patents", "publications": "publications",
                "projects": "projects", "affiliations": "affiliations", "licenses": "licenses",
                "collaborations": "collaborations", "founders": "founders",
                "savedrecs": "publications", "scopus": "publications"}
"""A file's kind by its name: the templates' names, and the names Web of Science and Scopus give their exports."""
BIBLIOGRAPHIC_SUFFIXES = (".ris", ".nbib")
"""Files that hold papers whatever their name (RIS references, PubMed's MEDLINE records)."""


def kind_by_name(path: Path) -> str | None:
    """The kind a file holds by its name (``KIND_BY_STEM``, ``BIBLIOGRAPHIC_SUFFIXES``), if it says."""
    return KIND_BY_STEM.get(path.stem) or ("publications" if path.suffix.lower() in BIBLIOGRAPHIC_SUFFIXES else None)


class PlannedFile(NamedTuple):
    """One file of a folder to load, with what its manifest entry says about it."""

    path: Path
    kind: str
    sheet: str | None = None
    mapping: Path | None = None


def directory_plan(folder: Path) -> list[PlannedFile]:
    """Files in load order: from ``manifest.yaml`` if present, else from the file names.
    Nothing to load, or a manifest entry that cannot be followed, is a MappingError saying what to fix."""
    manifest = folder / "manifest.yaml"
    if manifest.exists():
        return _manifest_plan(folder, manifest)
    order = list(dict.fromkeys(KIND_BY_STEM.values()))
    found = [PlannedFile(p, kind) for p in sorted(folder.iterdir()) if (kind := kind_by_name(p))]
    if not found:
        raise MappingError(f"{folder}: no file has a known name ({', '.join(sorted(KIND_BY_STEM))}, as a "
                           f"{FORMAT_NAMES} file) and there is no manifest.yaml naming each file's kind")
    return sorted(found, key=lambda item: order.index(item[1]))


def _manifest_plan(folder: Path, manifest: Path) -> list[PlannedFile]:
    """Entries ``{file, kind}``, each with an optional ``sheet`` (a workbook's sheet: one workbook may hold several
    kinds) and ``mapping`` (a column mapping file in the folder)."""
    import yaml

    from loaders.public import PUBLIC_KINDS

    try:
        entries = yaml.safe_load(manifest.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise MappingError(f"{manifest}: not valid YAML: {exc}") from exc
    if not isinstance(entries, list):
        raise MappingError(f"{manifest}: expected a list of entries like '- {{file: companies.csv, kind: "
                           "organizations}'")
    kinds = [*HANDLERS, *PUBLIC_KINDS]
    plan = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("file") or not entry.get("kind"):
            raise MappingError(f"{manifest}: entry {number} needs 'file' and 'kind', got {entry!r}")
        path, kind = folder / str(entry["file"]), str(entry["kind"])
        if kind not in kinds:
            raise MappingError(f"{manifest}: entry {number}: unknown kind {kind!r}; use one of {', '.join(kinds)}")
        if not path.is_file():
            raise MappingError(f"{manifest}: entry {number}: no file {entry['file']!r} in {folder}")
        sheet = str(entry["sheet"]) if entry.get("sheet") is not None else None
        if sheet is not None and (kind in PUBLIC_KINDS or path.suffix.lower() not in WORKBOOKS):
            raise MappingError(f"{manifest}: entry {number}: {ONLY_WORKBOOKS_HAVE_SHEETS}")
        mapping = folder / str(entry["mapping"]) if entry.get("mapping") else None
        if mapping is not None and not mapping.is_file():
            raise MappingError(f"{manifest}: entry {number}: no mapping file {entry['mapping']!r} in {folder}")
        plan.append(PlannedFile(path, kind, sheet, mapping))
    return plan


def load_directory(pipeline: LoadPipeline, folder: Path, *, dry_run: bool = False) -> list[RunSummary]:
    """Every file of a folder; public formats (patentsview, patstat) go through their own readers."""
    from loaders.public import PUBLIC_KINDS, load_public

    out: list[RunSummary] = []
    for path, kind, sheet, mapping in directory_plan(folder):
        if kind in PUBLIC_KINDS:
            out.extend(load_public(pipeline, kind, path, dry_run=dry_run))
        else:
            out.append(pipeline.load(kind, path, dry_run=dry_run, sheet=sheet, mapping=mapping))
    return out
