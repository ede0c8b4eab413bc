"""Uploaded files on the server: the checks a spreadsheet upload passes, where it is kept (a folder of its own under
``api.jobs_dir``, named by 32 hex digits), and how long.

An import's file stays ``api.keep_uploads_days`` (30 by default) after it was last used, so its columns can be checked
again and the import repeated from its page; a file whose columns were checked but that was never loaded stays
``STAGED_DAYS``. Both are removed when a later upload arrives. Run records and rejects reports (``data_dir/runs``)
are not uploads and stay.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import uuid
from pathlib import Path

from fastapi import UploadFile

from graph.config import Settings
from graph.errors import BadRequest, PayloadTooLarge, UnsupportedFormat
from graph.schema import LoadRun
from loaders.mapping import KINDS
from loaders.readers import FORMAT_NAMES, FORMATS

STAGED = "staged.json"
"""What the upload form said (kind, sheet, dry run, reprocess), kept beside a file whose columns are being checked."""
STAGED_DAYS = 7
"""How long a file whose columns were checked but never loaded is kept."""
UPLOAD_FOLDER = re.compile(r"[0-9a-f]{32}")


def check_table_upload(kind: str, filename: str | None) -> None:
    """Refuse a spreadsheet upload for a kind no template reads (400) or in a format no reader reads (415)."""
    if kind not in KINDS:
        raise BadRequest(f"kind must be one of {', '.join(KINDS)}", field="kind")
    if Path(filename or "").suffix.lower() not in FORMATS:
        raise UnsupportedFormat(f"{filename}: use {FORMAT_NAMES}", file=filename)


def new_upload_folder(settings: Settings) -> Path:
    """A folder for one upload, after removing the uploads kept past their time (``prune_uploads``)."""
    jobs_dir = Path(settings.api.jobs_dir)
    if jobs_dir.is_dir():
        prune_uploads(jobs_dir, kept_days=settings.api.keep_uploads_days)
    folder = jobs_dir / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(upload: UploadFile, folder: Path, limit: int) -> Path:
    """Write an uploaded file into ``folder`` (removed with it, and refused, past ``limit`` bytes)."""
    name = Path(upload.filename or "").name
    name = name if name.strip(". ") else "upload"  # '..' or '.' would name the folder itself
    target = folder / name
    written = 0
    with target.open("wb") as handle:
        while chunk := upload.file.read(1 << 20):
            written += len(chunk)
            if written > limit:
                handle.close()
                shutil.rmtree(folder, ignore_errors=True)
                raise PayloadTooLarge(f"{name} is larger than the {limit >> 20} MB upload limit")
            handle.write(chunk)
    return target


def prune_uploads(jobs_dir: Path, *, staged_days: float = STAGED_DAYS, kept_days: float | None = None
                  ) -> list[str]:
    """Remove the uploads whose columns were checked but that were never loaded, untouched for ``staged_days``, and
    (unless ``kept_days`` is None) every other upload untouched for ``kept_days``: an import's file, or one checked
    again from its import's page. Returns the folders removed."""
    now = time.time()
    removed = []
    for folder in sorted(jobs_dir.iterdir()):
        if not folder.is_dir() or not UPLOAD_FOLDER.fullmatch(folder.name):
            continue
        staged = folder / STAGED
        try:  # another upload's pruning may remove it meanwhile
            never_loaded = staged.is_file() and "run" not in json.loads(staged.read_text(encoding="utf-8"))
            unused = now - _last_used(folder)
        except (OSError, ValueError):
            continue
        days = staged_days if never_loaded else kept_days
        if days is not None and unused > days * 86400:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def _last_used(folder: Path) -> float:
    return max([folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.iterdir())])


def kept_upload(run: LoadRun, jobs_dir: Path) -> Path | None:
    """The file an import read, while it is kept (an upload not yet removed by ``prune_uploads``)."""
    folder = Path(jobs_dir) / str(run.upload or "-")
    if not run.upload or not UPLOAD_FOLDER.fullmatch(run.upload) or not folder.is_dir():
        return None
    return next((p for p in sorted(folder.iterdir()) if p.suffix.lower() in FORMATS), None)
