"""Batch recommendations for scripts (``innolink recommend``): one query or a JSONL file of them, written as
JSON lines (one per query, with the evidence) or CSV (one row per recommendation)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import IO

from api.app import LazyFinder
from graph.config import Settings
from graph.errors import BadRequest, InnolinkError
from graph.store import GraphStore
from matcher.service import Matcher, RecommendationPage

CSV_COLUMNS = ["query", "rank", "id", "name", "score", "technologies", "why"]


def queries(id: str | None, text: str | None, input: Path | None, brings: str | None = None
            ) -> Iterator[tuple[str, dict[str, str]]]:
    """(label, query) pairs; a bad line of the input file is a clear error naming the line."""
    if input is None:
        if not (id or text):
            raise BadRequest("give --id, --text or --input")
        yield (id or text or ""), ({"id": id} if id else {"text": text or ""} | ({"brings": brings} if brings else {}))
        return
    for number, line in enumerate(input.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            query = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadRequest(f"{input.name} line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(query, dict) or not (query.get("id") or query.get("text")):
            raise BadRequest(f"{input.name} line {number}: needs an 'id' or a 'text' field")
        yield str(query.get("id") or query.get("text")), {k: str(v) for k, v in query.items()}


def ask(matcher: Matcher, kind: str, query: dict[str, str], top: int) -> RecommendationPage:
    if kind == "partners":
        return matcher.partners(company_id=query.get("id"), text=query.get("text"), limit=top)
    if kind == "cofounders":
        return matcher.cofounders(query.get("id"), text=query.get("text"), brings=query.get("brings"), limit=top)
    return matcher.licensees(query.get("id"), text=query.get("text"), limit=top)


def recommend_batch(store: GraphStore, settings: Settings, kind: str, *, id: str | None, text: str | None,
                    input: Path | None, top: int, format: str, out: IO[str], brings: str | None = None) -> int:
    """Write recommendations for every query; a query that fails (unknown id) is reported in its own line or
    row and the others go on. Returns the number of queries answered."""
    matcher = Matcher(store, settings.matcher, finder=LazyFinder(settings))
    writer = csv.writer(out) if format == "csv" else None
    if writer:
        writer.writerow(CSV_COLUMNS)
    answered = 0
    for label, query in queries(id, text, input, brings):
        try:
            page = ask(matcher, kind, query, top)
        except InnolinkError as exc:
            if input is None:
                raise
            if writer:
                writer.writerow([label, "", "", f"error: {exc.message}", "", "", ""])
            else:
                out.write(json.dumps({"query": query, "error": exc.message}, ensure_ascii=False) + "\n")
            continue
        answered += 1
        if writer:
            for item in page.data:
                techs = "; ".join(t[1] for t in item.evidence.technologies) if item.evidence else ""
                why = item.evidence.sentence_en if item.evidence else ""
                writer.writerow([label, item.rank, item.id, item.name, f"{item.score:.4f}", techs, why])
        else:
            results = [{"rank": r.rank, "id": r.id, "name": r.name, "score": round(r.score, 4),
                        "parts": r.parts, "evidence": asdict(r.evidence) if r.evidence else None} for r in page.data]
            out.write(json.dumps({"query": query, "kind": kind, "results": results}, ensure_ascii=False) + "\n")
    return answered
