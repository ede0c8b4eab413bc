"""The load pipeline: read → validate → extract technologies → resolve → build → upsert, per file.

Invalid rows go to a rejects report (file, line, field, value, reason) and never reach the graph; valid
rows are written in chunks, each chunk in one transaction, so the graph never holds part of a record.
Every run ends with a summary (created, updated, unchanged, merged, review, rejected) and, unless it was a
dry run, a ``LoadRun`` record whose journal lets the run be undone. A file loaded before, unchanged, whose
nodes and relationships the graph still holds as that load left them, is not processed again; a changed one
has only its changed and new rows processed (``ledger``).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from graph.config import Settings
from graph.errors import MappingError
from graph.gc_pacing import fewer_collections
from graph.schema import PROVENANCE_FIELDS, Edge, MergeRecord, Node, ReviewItem, node_type_for_id
from graph.store import EdgeKey, GraphStore, MergeOutcome, UpsertResult, edge_key_of, edge_key_text
from loaders.builders import Built, GraphBuilder, Plan, RecordProblem
from loaders.formula_cells import UNCOMPUTED_FORMULA
from loaders.hand_corrections import HandCorrections
from loaders.handlers import HANDLERS, KindHandler
from loaders.journals import Journal, extend, new_journal, written
from loaders.ledger import (
    Footprint,
    LedgerEntry,
    LoadLedger,
    SavedEntry,
    context_digest,
    file_fingerprint,
    row_digest,
    rows_fingerprint,
)
from loaders.mapping import ColumnMapping, load_mapping
from loaders.nlp import RULES_VERSION, TechHit, TechnologyExtractor
from loaders.normalize import NameNormalizer
from loaders.readers import SourceRow, TableInfo, read_rows
from loaders.records import RECORD_TYPES, Record, field_problems
from loaders.resolution import REGISTRY_PREFIXES, Resolution, Resolver
from loaders.run_records import RunRecords
from loaders.run_summary import Reject, RunSummary, count_outcome, new_summary, short_value
from loaders.vocabulary import Vocabulary
from loaders.withdrawal import given_values, withdrawal

ProgressFn = Callable[[str, int, int], None]
"""progress(stage, done, total)"""

_REFERENCE_PREFIXES = ("org:", *(f"{prefix}:" for prefix in REGISTRY_PREFIXES))
"""An organisation named by its id or a registry number ('brn:…'): found exactly, never compared by its name."""


@dataclass
class _Valid:
    row: SourceRow
    record: Record


class LoadPipeline:
    """Loads files into a store. Build once (the extractor is heavy) and reuse for many files."""

    def __init__(self, store: GraphStore, settings: Settings, *, extractor: TechnologyExtractor,
                 normalizer: NameNormalizer | None = None, progress: ProgressFn | None = None,
                 chunk_size: int | None = None, min_keyphrase_records: int = 3,
                 skip_unchanged: bool = True) -> None:
        self.store = store
        self.settings = settings
        self.runs = RunRecords(store, settings.runs_dir)
        self.extractor = extractor
        self.vocabulary: Vocabulary = extractor.vocabulary
        self.normalizer = normalizer or NameNormalizer()
        self.progress = progress or (lambda stage, done, total: None)
        self.chunk_size = chunk_size or settings.batch_size
        self.min_keyphrase_records = min_keyphrase_records
        self.skip_unchanged = skip_unchanged
        """Consult the ledger: a re-load of an unchanged file whose result the graph still holds is skipped."""
        self.ledger = LoadLedger(store, settings.ledger_dir)

    # ------------------------------------------------------------------ entry point

    def load(self, kind: str, path: Path, *, mapping: ColumnMapping | Path | str | None = None,
             dry_run: bool = False, display_name: str | None = None, run_id: str | None = None,
             sheet: str | None = None) -> RunSummary:
        """Load one file (see ``readers.FORMATS``); ``sheet`` names a workbook's sheet (the load is then
        known as ``file#sheet``, so each sheet of a workbook is remembered apart)."""
        name = display_name or path.name
        info = TableInfo(format="")
        checked = _checked_mapping(kind, mapping)
        rows = read_rows(path, display_name=name, sheet=sheet, info=info,
                         header_score=lambda cells: len(checked.matched_columns(cells)))
        return self.load_rows(kind, rows, f"{name}#{sheet}" if sheet else name, mapping=checked, dry_run=dry_run,
                              run_id=run_id, info=info, source_file=path)

    def load_rows(self, kind: str, rows: Iterable[SourceRow], name: str, *,
                  mapping: ColumnMapping | Path | str | None = None, dry_run: bool = False,
                  run_id: str | None = None, info: TableInfo | None = None,
                  source_file: Path | None = None, related: list[str] | None = None,
                  remember: bool = True, keep_corrections: bool = True) -> RunSummary:
        """Load rows already read (public formats are turned into canonical rows first).

        ``source_file``, when the rows are that file's, lets the ledger fingerprint its bytes without parsing;
        ``related`` names other runs of the same file on this run's record; ``remember=False`` keeps the load
        out of the ledger (a record added by hand: no file will be loaded again under its name);
        ``keep_corrections=False`` lets the rows undo corrections made by hand (``hand_corrections``: a record added
        by hand is one).
        """
        started = time.perf_counter()
        mapping = _checked_mapping(kind, mapping)
        summary = new_summary(kind, name, dry_run, run_id)
        summary.related = list(related or [])
        info = info or TableInfo(format="rows")
        fingerprint = None
        ledger_before: SavedEntry | None = None
        held: Footprint | None = None
        previous: Footprint | None = None
        if not dry_run:
            self.runs.check_alone()
        if not dry_run and remember:
            context = self._context(kind, name, mapping)
            if source_file is not None:
                fingerprint = file_fingerprint(source_file, context)
            else:
                rows = list(rows)
                fingerprint = rows_fingerprint(rows, context)
            if self._skipped(summary, mapping, fingerprint, started):
                return summary
            ledger_before = self.ledger.saved(kind, name)  # read once; kept in the run's journal to put back
            previous = ledger_before.given()  # what its rows gave then (``withdrawal``)
            if previous is None and (note := self.runs.ledger_elsewhere(kind, name)):
                summary.notes.append(note)
            held = self._held_result(summary, context, ledger_before.footprint() if self.skip_unchanged else None)
        elif dry_run and remember:
            previous = self.ledger.given(kind, name)  # what a load would withdraw is reported
        run = None if dry_run else self.runs.start(summary, mapping.name)
        journal = new_journal()
        set_aside = self._set_aside(summary, ledger_before, journal) if ledger_before is not None else []
        try:
            with fewer_collections():
                t = time.perf_counter()
                valid = self._read_and_validate(kind, rows, info, mapping, summary)
                summary.stages["read+validate"] = time.perf_counter() - t
                handler = HANDLERS[kind]()
                t = time.perf_counter()
                hits = self._extract(handler, valid)
                summary.stages["technology extraction"] = time.perf_counter() - t
                t = time.perf_counter()
                corrections = HandCorrections.in_force(self.store) if keep_corrections else HandCorrections()
                footprint = self._process(handler, valid, hits, held, summary, corrections, journal,
                                          previous=previous)
                summary.corrections = list(corrections.report.values())
                summary.stages["resolve+write"] = time.perf_counter() - t
        except BaseException as exc:  # an error, or the load interrupted (Ctrl-C, the server stopping)
            if run is not None:  # taken back, the file's ledger entry with it
                self.runs.stopped(run, summary, journal, exc)
            raise
        summary.rejected = len(summary.rejects)
        summary.seconds = time.perf_counter() - started
        if run is not None:
            self.runs.finish(run, summary, status="done")
        owner = summary.run_id
        if ledger_before is not None and not written(journal):  # nothing to undo: the entry stays the last load's
            self.store.delete_nodes(set_aside)
            owner = str((ledger_before.header or {}).get("run_id") or owner)
        if fingerprint is not None:
            self._remember(kind, name, fingerprint, context, summary, footprint, owner)
        return summary

    def _report(self, stage: str, done: int, total: int) -> None:
        """A step of the load: told to ``progress``, and on the run's record that it is still at work."""
        self.progress(stage, done, total)
        self.runs.beat()

    # ------------------------------------------------------------------ unchanged files

    def skip_if_unchanged(self, kind: str, path: Path, *, display_name: str | None = None,
                          mapping: ColumnMapping | Path | str | None = None, run_id: str | None = None
                          ) -> RunSummary | None:
        """The summary of a skipped load if ``path`` has not changed since its last load as ``kind`` and the
        graph still holds that load's result; None (and nothing written) otherwise.

        For formats whose rows are expensive to make (PatentsView's inventor resolution runs first).
        """
        started = time.perf_counter()
        name = display_name or path.name
        checked = _checked_mapping(kind, mapping)
        summary = new_summary(kind, name, False, run_id)
        fingerprint = file_fingerprint(path, self._context(kind, name, checked))
        return summary if self._skipped(summary, checked, fingerprint, started) else None

    def _skipped(self, summary: RunSummary, mapping: ColumnMapping, fingerprint: str, started: float) -> bool:
        """Skip the load described by ``summary`` if the ledger allows it."""
        t = time.perf_counter()
        kind, name = summary.kind, summary.file
        entry = self.ledger.unchanged_since(kind, name, fingerprint, self.store) if self.skip_unchanged else None
        summary.stages["unchanged-file check"] = time.perf_counter() - t
        if entry is None:
            return False
        self._skip(summary, mapping, entry, started)
        return True

    def _held_result(self, summary: RunSummary, context: str, footprint: Footprint | None) -> Footprint | None:
        """What the file's last load wrote, if the graph still holds it and its rows can stand for this load's
        unchanged ones."""
        t = time.perf_counter()
        held = (self.ledger.held_result(summary.kind, summary.file, context_digest(context), self.store, footprint)
                if self.skip_unchanged and footprint is not None else None)
        summary.stages["unchanged-rows check"] = time.perf_counter() - t
        return held

    def _set_aside(self, summary: RunSummary, saved: SavedEntry, journal: Journal) -> list[str]:
        """Move the file's ledger entry into the starting run's journal, in one transaction: until the load succeeds
        nothing may be skipped, and undoing the run (or taking back a load that stopped) puts the entry back.
        Returns the ids of the journal parts holding it."""
        delta: Journal = {"ledger_before": saved.journal_items()}
        parts = [part for item in delta["ledger_before"]  # a part each: a section's piece is up to 4 MB
                 for part in self.runs.journal_part(summary.run_id, {"ledger_before": [item]})]
        with self.store.transaction() as tx:
            tx.upsert_nodes(parts)
            self.ledger.forget(summary.kind, summary.file)
        extend(journal, delta)
        return [part.id for part in parts]

    def _context(self, kind: str, name: str, mapping: ColumnMapping) -> str:
        """What besides the rows and the code decides a load's result (part of the ledger fingerprint)."""
        return "\x00".join([kind, name, mapping.model_dump_json(), self.vocabulary.version, RULES_VERSION,
                            str(self.min_keyphrase_records), str(self.chunk_size)])

    def _remember(self, kind: str, name: str, fingerprint: str, context: str, summary: RunSummary,
                  footprint: Footprint, owner: str) -> None:
        """Record the load in the ledger; ``owner``: the run whose undoing puts back the entry it replaced (this one,
        unless it wrote nothing: then the load before it)."""
        processed = summary.created + summary.updated + summary.unchanged + summary.merged + summary.review
        entry = LedgerEntry(fingerprint=fingerprint, graph_version=self.store.version(), run_id=owner,
                            read=summary.read, processed=processed, encoding=summary.encoding,
                            rejects=[[r.file, r.line, r.field, r.value, r.reason] for r in summary.rejects],
                            context=context_digest(context))
        self.ledger.record(kind, name, entry, footprint)

    def _skip(self, summary: RunSummary, mapping: ColumnMapping, entry: LedgerEntry, started: float) -> None:
        """Report an unchanged file as its full re-load would: every record unchanged, the same rejects."""
        summary.skipped = True
        summary.read = entry.read
        summary.encoding = entry.encoding
        summary.rejects = [Reject(str(f), int(str(line)), str(c), str(v), str(why))
                           for f, line, c, v, why in entry.rejects]
        summary.unchanged = entry.processed
        run = self.runs.start(summary, mapping.name)
        summary.seconds = time.perf_counter() - started
        self.runs.finish(run, summary, status="done",
                         message=f"unchanged since run {entry.run_id}, whose result the graph still holds: skipped")
        entry.graph_version = self.store.version()
        self.ledger.record(summary.kind, summary.file, entry)

    # ------------------------------------------------------------------ reading

    def _read_and_validate(self, kind: str, rows: Iterable[SourceRow], info: TableInfo, mapping: ColumnMapping,
                           summary: RunSummary) -> list[_Valid]:
        record_type = RECORD_TYPES[kind]
        valid: list[_Valid] = []
        matched: dict[str, str] | None = None
        joined: dict[str, tuple[str, ...]] = {}
        matched_labels: dict[str, str] = {}
        field_of: dict[str, str] = {}
        for row in rows:
            summary.read += 1
            if row.error:
                summary.rejects.append(Reject(row.file, row.line, "", "", row.error))
                continue
            if matched is None:
                header = info.columns or list(row.data)
                matched, joined = mapping.match(header)
                self._check_required(record_type, mapping, {**matched, **joined}, header)
                used = {*matched.values(), *(c for columns in joined.values() for c in columns)}
                summary.unread_columns = [c for c in dict.fromkeys(header) if c and c not in used]
                matched_labels = {**matched, **{f: " + ".join(columns) for f, columns in joined.items()}}
                field_of = {**{c: f for f, c in matched.items()},
                            **{c: f for f, columns in joined.items() for c in columns}}
            if row.formulas and any(column in field_of for column, _ in row.formulas):
                summary.rejects.extend(
                    Reject(row.file, row.line, f"{field_of[column]} (column {column})", short_value(formula),
                           UNCOMPUTED_FORMULA) for column, formula in row.formulas if column in field_of)
                continue
            data = mapping.apply(row.data, matched, joined)
            try:
                valid.append(_Valid(row, record_type.model_validate(data)))
            except (TypeError, AttributeError) as exc:  # a value no check expected (an object for a text field)
                summary.rejects.append(Reject(row.file, row.line, "", "", f"a value of an unexpected type: {exc}"))
            except ValidationError as exc:
                for field_name, value, message in field_problems(exc, data):
                    column = matched_labels.get(field_name, field_name)
                    label = field_name if column == field_name else (
                        f"{field_name} (column{'s' if field_name in joined else ''} {column})")
                    summary.rejects.append(Reject(row.file, row.line, label, short_value(value), message))
            if summary.read % 5000 == 0:
                self._report("read", summary.read, 0)
        summary.encoding = info.encoding
        summary.header_line, summary.sheet, summary.first_sheet = info.header_line, info.sheet, info.first_sheet
        summary.skipped_lines = dict(info.skipped)
        summary.renamed_columns = list(info.renamed)
        summary.filled_from_merged = dict(info.filled)
        if info.format == "html":
            summary.notes.append(f"the file is a web page (HTML) saved as a spreadsheet: read its table {info.sheet!r}")
        if summary.read == 0 and info.format != "rows":  # a file, not rows a public format's reader made
            summary.notes.append("the file has a header but no rows below it: nothing to load" if info.columns
                                 else "the file is empty: nothing to load")
        return valid

    @staticmethod
    def _check_required(record_type: type[Record], mapping: ColumnMapping, matched: Mapping[str, object],
                        header: list[str]) -> None:
        for name, spec in record_type.model_fields.items():
            if spec.is_required() and name not in matched and name not in mapping.defaults:
                wanted = mapping.columns.get(name, [name])
                raise MappingError(
                    f"no column for required field {name!r}: expected one of {wanted}, the file has {header}"
                )

    # ------------------------------------------------------------------ technologies

    def _extract(self, handler: KindHandler, valid: list[_Valid]) -> list[list[TechHit]]:
        texts = [handler.texts(v.record) for v in valid]
        results = self.extractor.extract_many(
            texts, progress=lambda done, total: self._report("technology extraction", done, total))
        spread = Counter(h.technology_id for hits in results for h in hits if h.extractor == "keyphrase")
        keep = {t for t, n in spread.items() if n >= self.min_keyphrase_records}
        return [[h for h in hits if h.extractor != "keyphrase" or h.technology_id in keep] for hits in results]

    # ------------------------------------------------------------------ resolving and writing

    def _process(self, handler: KindHandler, valid: list[_Valid], hits: list[list[TechHit]], held: Footprint | None,
                 summary: RunSummary, corrections: HandCorrections, journal: Journal, *,
                 previous: Footprint | None = None) -> Footprint:
        """Resolve and write the valid rows but those ``held`` (the file's last load, whose result the graph still
        holds) built as they are now: processing them again would change nothing, so each is counted unchanged. An
        unchanged row that made the node (or relationship) a processed row above it made is processed again after
        it, so it speaks last as it would in a full pass; an unchanged link row whose subject (the person of an
        affiliation) a processed row names is processed again too, wherever it stands. What a processed row's record
        gave in the file's ``previous`` load and gives no longer is removed (``withdrawal``; a dry run lists it).
        Returns the footprint of the file as this load leaves it: what the last load wrote, updated with what this
        one wrote, and every row built now with what it made. ``journal`` gathers what undoing the load takes as it
        writes."""
        digests = [row_digest(v.row, [(h.technology_id, h.weight, h.extractor) for h in record_hits])
                   for v, record_hits in zip(valid, hits, strict=True)]
        unchanged = held.rows if held is not None else {}
        pool = [(v.record, h) for v, h in zip(valid, hits, strict=True)]
        made: dict[str, str] = {}
        todo = [i for i, digest in enumerate(digests) if digest not in unchanged]
        written = self._resolve_and_write(handler, [valid[i] for i in todo], [hits[i] for i in todo], summary,
                                          pool=pool, journal=journal, made=made, corrections=corrections)
        first_made: dict[str, int] = {}  # who owns what a processed row made -> the first such row
        for i in todo:
            if made.get(valid[i].row.record_id):
                first_made.setdefault(_owner(made[valid[i].row.record_id]), i)
        # a link row goes again wherever it stands: its subject's relationships are then all said by this load
        again = [j for j, digest in enumerate(digests) if digest in unchanged and (
            first_made.get(_owner(unchanged[digest]), len(valid)) < j
            or (edge_key_of(unchanged[digest]) is not None and _owner(unchanged[digest]) in first_made))]
        if again:
            later = self._resolve_and_write(handler, [valid[j] for j in again], [hits[j] for j in again], summary,
                                            pool=pool, journal=journal, made=made, corrections=corrections)
            written.nodes.update(later.nodes)
            written.edges.update(later.edges)
            written.take_given(later)
            todo = sorted(todo + again)
        kept = sorted(set(range(len(valid))) - set(todo))
        kept_nodes = {unchanged[digests[i]] for i in kept}
        kept_owners = {_owner(made_by) for made_by in kept_nodes}  # a link row's: the subject of its relationship
        given = previous or Footprint()
        gone = withdrawal(self.store, self.ledger, summary.kind, summary.file, before=given.owned,
                          now=written.owned, said_before=given.said, said_now=written.said, kept=kept_owners,
                          sources={v.row.file for v in valid},
                          corrected={node_id: pins.keys() for node_id, pins in corrections.pins.items()})
        summary.unlinked = sorted(edge_key_text(*key) for key in gone.edges)
        summary.unlinked_records = [node.id for node in gone.records]
        summary.cleared = gone.cleared_said
        cleared: dict[str, str] = {}
        if not summary.dry_run:
            delta = new_journal()
            with self.store.transaction() as tx:  # all of it or none: the journal says what to put back
                cleared = gone.apply(tx, delta)
                self._journal(tx, summary, delta)
            extend(journal, delta)
        given.take_given(written, kept_owners)
        built = {digests[i]: made.get(valid[i].row.record_id, "") for i in todo
                 if valid[i].row.record_id in summary.outcomes}
        for i in kept:
            summary.outcomes[valid[i].row.record_id] = "unchanged"
        summary.made = made
        _count_withdrawn(summary, made, gone.changed())
        summary.unchanged += len(kept)
        summary.rows_skipped = len(kept)
        footprint = held or Footprint()
        footprint.nodes.update(written.nodes)
        footprint.edges.update(written.edges)
        footprint.rows = built | {digests[i]: unchanged[digests[i]] for i in kept}
        footprint.deletions_kept = sorted(set(footprint.deletions_kept) | corrections.left_out)
        footprint.edges = {k: v for k, v in footprint.edges.items() if k not in gone.edges}
        dropped = {node.id for node in gone.records}
        footprint.nodes = {k: v for k, v in footprint.nodes.items() if k not in dropped}
        footprint.nodes.update((k, v) for k, v in cleared.items() if k in footprint.nodes)
        footprint.owned, footprint.said = given.owned, given.said
        return footprint

    def _resolve_and_write(self, handler: KindHandler, valid: list[_Valid], hits: list[list[TechHit]],
                           summary: RunSummary, *, pool: Sequence[tuple[Record, list[TechHit]]],
                           journal: Journal, made: dict[str, str],
                           corrections: HandCorrections) -> Footprint:
        """Resolve, build and write the valid records (but nothing that would undo ``corrections``); returns the
        content hashes of everything written, adds to ``journal`` what undoing it takes and to ``made`` what each
        record made (its node, or a link record's relationship). ``pool`` holds every valid record of the file (with
        its technologies), including those not processed again: what one entity's records share is pooled over all
        of them (``prepare``)."""
        resolver = Resolver(self.normalizer)
        builder = GraphBuilder(resolver, self.vocabulary)
        created_before = len(journal["created_nodes"])
        if valid:  # else nothing to resolve: the graph's entities need not be indexed
            resolver.warm(self.store, set(handler.labels), corrections)
            handler.prepare(builder, pool)
        footprint = Footprint()
        if not summary.dry_run:
            self._ensure_vocabulary(corrections, summary.run_id)
        seen_main: set[str] = set()
        deferred: list[tuple[str | None, Callable[[], Edge | None]]] = []
        done = 0
        for start in range(0, len(valid), self.chunk_size):
            chunk = valid[start:start + self.chunk_size]
            plans = self._plan(handler, builder, chunk, hits[start:start + self.chunk_size], summary)
            needed = {i for p in plans for i in p.needed()} - builder.current.keys()
            builder.remember_existing(self.store.get_many(needed) if needed else {})
            built: list[tuple[Plan, Built, Node | None]] = []
            for plan in plans:
                previous = builder.current.get(plan.resolution.node_id) if plan.resolution else None
                try:
                    built.append((plan, handler.build(builder, plan), previous))
                except (RecordProblem, ValidationError) as problem:
                    summary.rejects.append(_reject(plan, problem))
            deferred.extend((result.main_id, d) for plan, result, _ in built for d in plan.deferred)
            for plan, result, _ in built:
                made[plan.record_id] = result.main_id or (edge_key_text(*result.edges[0].key) if result.edges else "")
            if summary.dry_run:
                _own(footprint, built)
                if corrections:  # what a load would keep of them is said, though nothing is written
                    corrections.apply(*_chunk_contents(built, builder), self.store.get_many)
                for plan, _, _ in built:
                    summary.outcomes[plan.record_id] = _dry_outcome(plan)
                    count_outcome(summary, summary.outcomes[plan.record_id])
            else:
                nodes, edges = corrections.apply(*_chunk_contents(built, builder), self.store.get_many)
                self._write(built, nodes, edges, builder, resolver, summary, seen_main, journal, footprint)
            done += len(chunk)
            self._report("resolve+write", done, len(valid))
        late: dict[EdgeKey, Edge] = {}
        for owner, make in deferred:
            if (edge := make()) is not None:
                late[edge.key] = edge
                if owner is not None:
                    footprint.owned.setdefault(owner, set()).add(edge.key)
        if not summary.dry_run:
            _, late = corrections.apply({}, late, self.store.get_many)
            if late:
                with self.store.transaction() as tx:
                    late_result = tx.upsert_edges(list(late.values()))
                    delta = {"created_edges": list(late_result.created)}
                    self._journal(tx, summary, delta)
                extend(journal, delta)
                _add_edges(footprint, late, late_result)
            if "Organization" in handler.labels:
                created = [str(i) for i in journal["created_nodes"][created_before:]]
                self._letter_pairs(resolver, created, made, summary, footprint)
        return footprint

    def _letter_pairs(self, resolver: Resolver, created: list[str], made: dict[str, str], summary: RunSummary,
                      footprint: Footprint) -> None:
        """Review pairs for the organisations this load made, named in one script only, with the organisation of
        the other script whose name's letters are closest (``OrganizationIndex.letter_pairs``)."""
        new = [node_id for node_id in created if node_id.startswith("org:")]
        found = resolver.organizations.letter_pairs(new, resolver.decided_pairs) if new else []
        if found is None:
            summary.notes.append("organisations named in one script only were not paired across scripts by their "
                                 "letters: too many names to compare in one load (loaders/script_pairs.py)")
            return
        if not found:
            return
        record_of: dict[str, str] = {}
        for record_id, node_id in made.items():
            record_of.setdefault(node_id, record_id)
        now = datetime.now(UTC)
        reviews = [review for resolution in found
                   if (review := self._review(resolution, summary.file, record_of.get(resolution.node_id, ""),
                                              resolver, summary.run_id, now))]
        if reviews:
            with self.store.transaction() as tx:
                footprint.nodes.update(tx.upsert_nodes(reviews).hashes)
            summary.review_items.extend(reviews)

    def _plan(self, handler: KindHandler, builder: GraphBuilder, chunk: Sequence[_Valid],
              hits: Sequence[list[TechHit]], summary: RunSummary) -> list[Plan]:
        plans = []
        names = [(n, handler.registered(item.record)) for item in chunk for n in handler.org_names(item.record)
                 if not n.startswith(_REFERENCE_PREFIXES)]
        if names:
            builder.resolver.organizations.expect(names)
        for item, record_hits in zip(chunk, hits, strict=True):
            plan = Plan(item.record, item.row.file, item.row.record_id, hits=record_hits, also=item.row.also_ids)
            try:
                handler.plan(builder, plan)
            except (RecordProblem, ValidationError) as problem:
                for undo in reversed(plan.undo):
                    undo()
                summary.rejects.append(_reject(plan, problem))
                continue
            plans.append(plan)
        return plans

    def _write(self, built: list[tuple[Plan, Built, Node | None]], nodes: dict[str, Node],
               edges: dict[tuple[str, str, str], Edge], builder: GraphBuilder, resolver: Resolver,
               summary: RunSummary, seen_main: set[str], journal: Journal,
               footprint: Footprint) -> None:
        """Write one chunk and account for it: outcomes, merges, reviews, journal."""
        with self.store.transaction() as tx:
            node_result = tx.upsert_nodes(list(nodes.values()))
            edge_result = tx.upsert_edges(list(edges.values()))
            restated = {i for i in node_result.updated
                        if (stored := builder.written.get(i, builder.before.get(i))) and _same_facts(stored, nodes[i])}
            bookkeeping = self._bookkeeping(built, node_result, edge_result, resolver, summary, seen_main, restated)
            if bookkeeping:
                footprint.nodes.update(tx.upsert_nodes(bookkeeping).hashes)
            delta: Journal = {
                "created_nodes": list(node_result.created), "created_edges": list(edge_result.created),
                "previous_nodes": [builder.before[i].model_dump(mode="json") for i in node_result.updated
                                   if i in builder.before],
                "written_nodes": [[i, node_result.hashes[i]] for i in node_result.created + node_result.updated]}
            self._journal(tx, summary, delta)
        footprint.nodes.update(node_result.hashes)
        _add_edges(footprint, edges, edge_result)
        _own(footprint, built)
        extend(journal, delta)
        for node_id in node_result.created + node_result.updated:
            builder.before.pop(node_id, None)
            builder.written[node_id] = nodes[node_id]

    def _journal(self, tx: GraphStore, summary: RunSummary, delta: Journal) -> None:
        """Write, in the transaction ``tx`` that writes it, the journal part recording ``delta``."""
        if parts := self.runs.journal_part(summary.run_id, delta):
            tx.upsert_nodes(parts)

    def _bookkeeping(self, built: list[tuple[Plan, Built, Node | None]], nodes: UpsertResult,
                     edges: UpsertResult, resolver: Resolver, summary: RunSummary, seen_main: set[str],
                     restated: set[str]) -> list[Node]:
        """Each record's outcome, and the merges and reviews to record. A node whose only change is another source
        restating it (its ``sources`` grew) counts as unchanged: what it says is what the graph held."""
        created_nodes, updated_nodes = set(nodes.created), set(nodes.updated) - restated
        created_edges, updated_edges = set(edges.created), set(edges.updated)
        changed_edges = created_edges | updated_edges
        now = datetime.now(UTC)
        records: list[Node] = []
        for plan, result, previous in built:
            keys = {edge_key_text(e.label, e.src, e.dst) for e in result.edges}
            main = result.main_id
            edges_changed = not keys.isdisjoint(changed_edges)
            node_changed = main in created_nodes or main in updated_nodes
            if main is None:
                outcome = ("created" if keys & created_edges else "updated" if keys & updated_edges
                           else "unchanged")
            elif main in seen_main:  # an earlier record of this load already made this node: a duplicate
                outcome = "merged" if node_changed or edges_changed else "unchanged"
            elif main in created_nodes:
                outcome = "created"
            elif main in updated_nodes or edges_changed:
                outcome = "updated"
            else:
                outcome = "unchanged"
            if main is not None:
                seen_main.add(main)
            resolution = plan.resolution
            if resolution and resolution.merged and previous is not None and plan.own is not None:
                merge = self._merge_record(plan, result, previous, keys & created_edges, summary.run_id, now)
                # a re-load finds its merges already recorded, or made by an administrator approving a review
                approved = (merge.kept_id, merge.merged_id) in resolver.approved_pairs
                if merge.id not in resolver.merge_ids and not approved:
                    resolver.merge_ids.add(merge.id)
                    records.append(merge)
                    outcome = "merged"
            for stub_resolution in plan.stub_reviews:
                review = self._review(stub_resolution, plan.source, plan.record_id, resolver, summary.run_id, now)
                if review:
                    records.append(review)
                    summary.review_items.append(review)
            if resolution and resolution.review_with:
                review = self._review(resolution, plan.source, plan.record_id, resolver, summary.run_id, now)
                if review:
                    records.append(review)
                    summary.review_items.append(review)
                    outcome = "review"
            summary.outcomes[plan.record_id] = outcome
            count_outcome(summary, outcome)
        return records

    @staticmethod
    def _review(resolution: Resolution, source: str, record_id: str, resolver: Resolver, run_id: str, now: datetime
                ) -> ReviewItem | None:
        """A review item for a pair resolution could not decide, unless that pair was already listed."""
        assert resolution.review_with is not None
        pair = frozenset((resolution.review_with, resolution.node_id))
        if pair in resolver.decided_pairs:
            return None
        resolver.decided_pairs.add(pair)
        left, right = resolution.review_with, resolution.node_id
        if resolution.review_keeps_record:
            left, right = right, left
        return ReviewItem(
            id=f"rev:{_digest(*sorted(pair))}", left_id=left, right_id=right,
            node_label=node_type_for_id(resolution.node_id).label, score=resolution.review_score,
            evidence=json.dumps(resolution.review_evidence, ensure_ascii=False), run_id=run_id, created_at=now,
            source=source, source_record_id=record_id)

    def _merge_record(self, plan: Plan, result: Built, previous: Node, created_keys: set[str], run_id: str,
                      now: datetime) -> MergeRecord:
        assert plan.resolution is not None and plan.own is not None and result.main_id is not None
        after = result.nodes[0]
        outcome = MergeOutcome(
            kept_before=previous, kept_after=after, dropped=plan.own,
            dropped_edges=result.own_edges,
            moved=[e for e in result.edges if edge_key_text(e.label, e.src, e.dst) in created_keys],
        )
        return MergeRecord(
            id=f"mrg:{_digest(result.main_id, plan.record_id)}", kept_id=result.main_id, merged_id=plan.own.id,
            node_label=previous.label, method=plan.resolution.method, score=plan.resolution.score,
            evidence=json.dumps({**plan.resolution.evidence, "record": plan.record_id}, ensure_ascii=False),
            snapshot=outcome.model_dump_json(), run_id=run_id, created_at=now, source=plan.source,
            source_record_id=plan.record_id,
        )

    # ------------------------------------------------------------------ bookkeeping

    def _ensure_vocabulary(self, corrections: HandCorrections, run_id: str) -> None:
        """Write the focus industries, concepts and IPC subclasses, but not over what an administrator corrected
        (a label edited, a technology deleted). The first load after a correction says it kept it; later loads
        say so only where their own records meet it."""
        vocab = self.vocabulary
        nodes: dict[str, Node] = {n.id: n for n in [*vocab.industries.values(), *vocab.concept_technologies(),
                                                    *(vocab.ipc_technology(code) for code in vocab.ipc)]}
        earlier = set(corrections.report)
        nodes, edges = corrections.apply(nodes, {e.key: e for e in vocab.relations()}, self.store.get_many,
                                         of_rows=False)
        if corrections.report.keys() - earlier:
            corrections.forget_reported_before(self.runs.last_load_started(run_id), earlier)
        with self.store.transaction() as tx:
            tx.upsert_nodes(list(nodes.values()))
            tx.upsert_edges(list(edges.values()))


def _add_edges(footprint: Footprint, edges: dict[tuple[str, str, str], Edge], result: UpsertResult) -> None:
    for key in edges:
        footprint.edges[key] = result.hashes[edge_key_text(*key)]


def _count_withdrawn(summary: RunSummary, made: dict[str, str], changed: set[str]) -> None:
    """A processed record found unchanged whose node lost a relationship or a value counts as updated."""
    for record_id, node_id in made.items():
        if node_id in changed and summary.outcomes.get(record_id) == "unchanged":
            summary.outcomes[record_id] = "updated"
            summary.unchanged -= 1
            summary.updated += 1


def _own(footprint: Footprint, built: list[tuple[Plan, Built, Node | None]]) -> None:
    """Add to ``footprint.owned`` the relationships each built record gives, and to ``footprint.said`` its values.
    A link record (an affiliation, a licence) has no node of its own: its relationships are its subject's (the
    person at an organisation, the patent licensed), so that a corrected row withdraws the relationship it gave
    before, as a record's row does."""
    for plan, result, _ in built:
        if result.main_id is not None:
            footprint.owned.setdefault(result.main_id, set()).update(e.key for e in result.edges)
            if plan.own is not None:
                footprint.said.setdefault(result.main_id, {}).update(given_values(plan.own))
        elif result.edges:
            footprint.owned.setdefault(result.edges[0].src, set()).update(e.key for e in result.edges)


def _owner(made: str) -> str:
    """Who owns what a row made (``made``): its node, or for a link row (the key text of its relationship,
    'LABEL:src->dst') the relationship's subject."""
    key = edge_key_of(made)
    return made if key is None else key[1]


def _checked_mapping(kind: str, mapping: ColumnMapping | Path | str | None) -> ColumnMapping:
    if kind not in HANDLERS:
        raise MappingError(f"unknown kind {kind!r}; use one of {', '.join(HANDLERS)}")
    checked = mapping if isinstance(mapping, ColumnMapping) else load_mapping(mapping or kind)
    if checked.kind != kind:
        raise MappingError(f"mapping {checked.name} is for {checked.kind}, not {kind}")
    return checked


def _chunk_contents(built: list[tuple[Plan, Built, Node | None]], builder: GraphBuilder
                    ) -> tuple[dict[str, Node], dict[tuple[str, str, str], Edge]]:
    """What a chunk writes: a record's own node as the chunk leaves it, any other node (a keyword technology,
    a stub organisation) as the first record that made it, which later chunks then see as it was written: the
    graph does not depend on where chunks end."""
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    for _, result, _ in built:
        for node in result.nodes:
            nodes.setdefault(node.id, builder.current.get(node.id, node))
        for edge in result.edges:
            edges[edge.key] = edge
    for node_id, node in nodes.items():
        builder.current.setdefault(node_id, node)
    return nodes, edges


def _dry_outcome(plan: Plan) -> str:
    if plan.resolution is None:
        return "new"
    if plan.resolution.review_with:
        return "review"
    if plan.resolution.merged:
        return "merged"
    return "existing" if plan.resolution.method == "same" else "new"


def _reject(plan: Plan, problem: RecordProblem | ValidationError) -> Reject:
    """The reject of a planned record: a problem placing it, or a node the schema refused (its first error)."""
    if isinstance(problem, ValidationError):
        problem = RecordProblem.from_validation(problem)
    file, _, line = plan.record_id.rpartition(":")
    return Reject(file, int(line) if line.isdigit() else 0, problem.field, short_value(problem.value),
                  problem.reason)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


_PROVENANCE = frozenset({*PROVENANCE_FIELDS, "sources"})


def _same_facts(before: Node, after: Node) -> bool:
    """Whether two states of a node say the same, their provenance (which files stated it) aside."""
    return before.model_dump(exclude=set(_PROVENANCE)) == after.model_dump(exclude=set(_PROVENANCE))
