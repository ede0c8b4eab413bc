"""Readers: every supported file becomes a stream of ``SourceRow`` (file name, line, cells by column name).

CSV in UTF-8, UTF-8 with BOM, or CP949/EUC-KR (Korean Excel exports) — the encoding is detected; workbooks:
XLSX (openpyxl), and XLS (Excel 97-2003) and ODS (OpenDocument) through python-calamine; JSONL (one object per
line); Parquet. A Web of Science plain-text export (.txt) is read as rows of its field tags (``wos``), and RIS
references (.ris, or a .txt holding them) and PubMed's MEDLINE records (.nbib, or a .txt) as rows of the
publications template's columns (``ris``, ``medline``).

The header of a CSV or a sheet is its first row, unless that row names no column the load knows and a row
further down does: spreadsheets kept by offices often open with a title ("2024년 광주 지역 기업 현황"), a
unit line or blank rows. The rows above the header found are skipped, and ``TableInfo.header_line`` says where
it was. A header whose merged cells group columns ('소재지' over '시도' and '시군구') names them in its second row,
which is read with it (``_with_second_row``). Likewise a workbook read without a sheet named is read from its
first sheet unless that sheet names no known column and another does (a cover or instructions sheet, 작성요령,
comes first); rows of a sheet other than the first are named ``file#sheet`` in reports and provenance.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from graph.errors import UnsupportedFormat
from loaders.file_kinds import workbook_kind
from loaders.formula_cells import Position, UncomputedFormula, marked_rows, uncomputed_cells
from loaders.html_tables import HtmlTable, html_tables
from loaders.medline import is_medline, medline_records
from loaders.merged_cells import FillDown, MergedRange, ods_merged_ranges, xlsx_merged_ranges
from loaders.ris import is_ris, ris_records
from loaders.wos import is_tagged, is_wos_table, tagged_records

csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
"""A cell may hold a whole pasted document (the csv module's default limit, 128 KiB, failed such a file)."""

HEADER_SEARCH_ROWS = 20
"""How far down a sheet its header is looked for when the first row names no known column."""

HeaderScore = Callable[[list[str]], int]
"""How many known columns a row of cells names (the load's mapping counts them)."""

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".ris": "csv", ".nbib": "csv", ".xlsx": "xlsx", ".xls": "xls",
           ".ods": "ods", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
FORMAT_NAMES = "CSV, XLSX, XLS, ODS, JSONL, Parquet, RIS or MEDLINE (.nbib)"
"""The file types a load reads, as messages name them."""
WORKBOOKS = (".xlsx", ".xls", ".ods")
"""File types with sheets."""
ONLY_WORKBOOKS_HAVE_SHEETS = f"a sheet can be named only for a workbook ({', '.join(WORKBOOKS)})"


@dataclass(frozen=True)
class SourceRow:
    file: str
    line: int
    data: dict[str, object]
    error: str | None = None
    """Set when the row could not be read as a record at all (e.g. more cells than columns)."""
    ref: str | None = None
    """The record's own reference in its source, when it is not a line (a patent number, a mention id)."""
    also: tuple[str, ...] = ()
    """References of other source records this row stands for (a PatentsView person row: its other mentions):
    they become sources of the node too, so the resolution export maps each of them."""
    formulas: tuple[tuple[str, str], ...] = ()
    """(column, formula) of the row's cells that hold a formula and no saved result (``loaders.formula_cells``):
    read as blank, and refused by the pipeline where a field reads them."""

    @property
    def record_id(self) -> str:
        return f"{self.file}:{self.ref or self.line}"

    @property
    def also_ids(self) -> list[str]:
        return [f"{self.file}:{ref}" for ref in self.also]


@dataclass
class TableInfo:
    """What a reader found out about its file."""

    format: str
    encoding: str | None = None
    columns: list[str] | None = None
    header_line: int = 1
    """The line (or sheet row) of the header: after a title or blank rows, below 1."""
    sheet: str | None = None
    """The sheet of a workbook that was read."""
    first_sheet: bool = True
    """False when that sheet is not the workbook's first (chosen by name, or because the first names no column)."""
    skipped: dict[int, str] = field(default_factory=dict)
    """Lines below the header that hold no record, and why: a repeated header, a total row (합계)."""
    renamed: list[str] = field(default_factory=list)
    """The names ``named_once`` gave the header's later columns of a name it repeats ('전화_2')."""
    filled: dict[str, list[int]] = field(default_factory=dict)
    """The rows each column was read into from a cell merged down over them (``loaders.merged_cells``)."""


def detect_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise UnsupportedFormat(
            f"{path.name}: unsupported file type {path.suffix!r}; use {FORMAT_NAMES}", file=path.name) from None


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Text and encoding of a CSV file: UTF-8 (with or without BOM), else CP949 (covers EUC-KR), else a guess."""
    try:
        return raw.decode("utf-8-sig"), "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp949"), "cp949"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        raise UnsupportedFormat(f"{name}: cannot tell the text encoding; save it as UTF-8", file=name)
    return str(best), best.encoding


def read_rows(path: Path, *, display_name: str | None = None, sheet: str | None = None,
              info: TableInfo | None = None, header_score: HeaderScore | None = None) -> Iterator[SourceRow]:
    """Rows of a file. ``display_name`` is the name recorded as provenance (defaults to the file name);
    ``header_score``, when given, finds a CSV's or a sheet's header below a title (see the module's doc)."""
    name = display_name or path.name
    kind = detect_format(path)
    if path.suffix.lower() in WORKBOOKS:
        kind = workbook_kind(path, kind, name)
    info = info if info is not None else TableInfo(kind)
    info.format = kind
    if kind == "csv":
        yield from _read_csv(path, name, info, header_score)
    elif kind == "html":
        yield from _read_html(path, name, sheet, info, header_score)
    elif kind == "xlsx":
        yield from _read_xlsx(path, name, sheet, info, header_score)
    elif kind in ("xls", "ods"):
        yield from _read_calamine(path, name, sheet, info, header_score)
    elif kind == "jsonl":
        yield from _read_jsonl(path, name, info)
    else:
        yield from _read_parquet(path, name, info)


def read_table(path: Path) -> tuple[list[SourceRow], dict[str, str]]:
    """A small spreadsheet an administrator sends back (a decisions file, a follow-up file): its readable rows, and
    its columns by their name trimmed and in lower case (-> the column as written)."""
    info = TableInfo(format="")
    rows = [row for row in read_rows(path, info=info) if not row.error]
    return rows, {c.strip().lower(): c for c in (info.columns or [])}


def _clean_header(cells: list[object]) -> list[str]:
    return [str(c).strip().lstrip("\ufeff") if c is not None else "" for c in cells]


NumberedCells = tuple[int, list[object]]


def _find_header(numbered: Iterator[NumberedCells], score: HeaderScore | None, info: TableInfo | None = None
                 ) -> tuple[int, list[str], Iterable[NumberedCells]] | None:
    """(line of the header, its cells, the rows after it), or None for an empty file. The first row is the
    header unless ``score`` finds no known column in it and finds some in a row of the next few (the row that
    names the most, the first of equals)."""
    first = next(numbered, None)
    if first is None:
        return None
    header = _clean_header(first[1])
    if score is None or score(header) > 0:
        return _with_second_row(first[0], header, numbered, score, info)
    looked = [first, *islice(numbered, HEADER_SEARCH_ROWS - 1)]
    scores = [score(_clean_header(cells)) for _, cells in looked]
    best = _first_best(scores)
    if scores[best] == 0:
        return first[0], header, chain(looked[1:], numbered)
    line, cells = looked[best]
    return _with_second_row(line, _clean_header(cells), chain(looked[best + 1:], numbered), score, info)


def _with_second_row(line: int, header: list[str], rows: Iterable[NumberedCells], score: HeaderScore | None,
                     info: TableInfo | None) -> tuple[int, list[str], Iterable[NumberedCells]]:
    """The header, with its second row when it has one: a sheet whose header groups columns under a merged cell
    ('소재지' over '시도' and '시군구', '연구책임자' over '성명' and '소속'; a merged cell is blank to the right of its
    title, or repeats it in a file written out from one) names them in the row below, which fills only the columns
    of such groups, with short words. Each grouped column is named by its word below, or by the group and that
    word where the word alone is another column's name too or names fewer known columns."""
    grouped = any(not title for title in header[1:]) or any(
        a and a == b for a, b in zip(header, header[1:], strict=False))
    if score is None:
        return line, header, rows
    if not grouped:  # no blank cell and no title repeated beside itself: no group
        return line, header, _without_header_echo(iter(rows), score, info)
    rows = iter(rows)
    following = next(rows, None)
    if following is None:
        return line, header, rows
    ahead = list(islice(rows, HEADER_SEARCH_ROWS))
    combined = _two_row_header(header, _clean_header(following[1]), [cells for _, cells in ahead], score)
    if combined is None:
        return line, header, chain([following], ahead, rows)
    if info is not None:
        info.skipped[following[0]] = SECOND_HEADER_ROW
    return line, combined, chain(ahead, rows)


def _without_header_echo(rows: Iterator[NumberedCells], score: HeaderScore, info: TableInfo | None
                         ) -> Iterator[NumberedCells]:
    """The rows, but a first one that names the columns again in other words (a bilingual header: 기업명 over
    'Company Name'), skipped: two or more of its cells name known columns, and at most one cell does not."""
    following = next(rows, None)
    if following is None:
        return rows
    cells = [c for c in _clean_header(following[1]) if c]
    named = score(cells)
    if named >= 2 and named >= len(cells) - 1:
        if info is not None:
            info.skipped[following[0]] = HEADER_ECHO
        return rows
    return chain([following], rows)


HEADER_ECHO = "the header again, in other words"
SECOND_HEADER_ROW = "the header's second row"


def _two_row_header(header: list[str], below: list[str], later: list[list[object]], score: HeaderScore
                    ) -> list[str] | None:
    """The header's columns named with the row ``below`` it, or None when that row is not the header's second: a
    word outside the groups, a long one or a number, fewer known columns than the header outside its groups names,
    or a word that comes again as a value in its column in the ``later`` rows (광주 under 소재지 is a value)."""
    width = max(len(header), len(below))
    top, sub = header + [""] * (width - len(header)), below + [""] * (width - len(below))
    group_of: dict[int, str] = {}  # column -> the group title above it: blank or the same title to its right
    for j, title in enumerate(top):
        if title and j not in group_of and j + 1 < width and top[j + 1] in ("", title):
            k = j
            while k < width and top[k] in ("", title):
                group_of[k] = title
                k += 1
    filled = [j for j, word in enumerate(sub) if word]
    if (len([j for j in filled if j in group_of]) < 2 or any(j not in group_of for j in filled)
            or any(len(sub[j]) > MAX_SUB_HEADER or _number_like(sub[j]) for j in filled)):
        return None
    if any(_clean_header(cells[j:j + 1]) == [sub[j]] for cells in later for j in filled):
        return None
    alone = [sub[j] if j in group_of and sub[j] else (top[j] if j not in group_of or top[j] else "")
             for j in range(width)]
    counts = Counter(n for n in alone if n)
    alone = [f"{group_of[j]} {n}" if j in group_of and sub[j] and counts[n] > 1 else n for j, n in enumerate(alone)]
    grouped = [f"{group_of[j]} {sub[j]}" if j in group_of and sub[j] else n for j, n in enumerate(alone)]
    best = max((alone, grouped), key=score)  # the first of equals
    outside = [title if j not in group_of else "" for j, title in enumerate(top)]
    return best if score(best) >= score(outside) else None


MAX_SUB_HEADER = 30
"""The longest word taken for a column's name in a header's second row."""


def _number_like(text: str) -> bool:
    return not any(c.isalpha() for c in text)


DELIMITERS = (",", "\t", ";")
"""What separates a CSV's cells: commas, tabs (a sheet copied out), semicolons (Excel where ',' is the decimal
mark)."""


def _delimiter(sample: str) -> str:
    """The delimiter that cuts the sample's rows into the same number of cells most often (the first of
    ``DELIMITERS`` on a tie): a comma file whose list cells hold ';' still reads as commas."""
    complete = sample.rpartition("\n")[0] or sample  # without a last line cut short
    best, best_score = DELIMITERS[0], (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = Counter(len(row) for row in csv.reader(io.StringIO(complete, newline=""), delimiter=delimiter)
                             if any(cell.strip() for cell in row))
        except csv.Error:  # the read proper names the line
            continue
        width, rows = widths.most_common(1)[0] if widths else (0, 0)
        score = (rows, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _record_rows(name: str, info: TableInfo, records: list[tuple[int, dict[str, str], str | None]]
                 ) -> Iterator[SourceRow]:
    """The rows of a text file of tagged records (line, values by column, why it is refused or None): its columns
    are every column a record gives."""
    info.columns = list(dict.fromkeys(column for _, fields, _ in records for column in fields))
    for line, fields, refused in records:
        yield SourceRow(name, line, dict(fields), refused)


def _read_csv(path: Path, name: str, info: TableInfo, header_score: HeaderScore | None) -> Iterator[SourceRow]:
    text, encoding = decode(path.read_bytes(), name)
    info.encoding = encoding
    if is_tagged(text):  # a Web of Science plain-text export: its records as rows of its field tags
        yield from _record_rows(name, info, [(line, fields, None) for line, fields in tagged_records(text)])
        return
    if is_ris(text):  # RIS references: rows of the publications template's columns
        info.format = "ris"
        yield from _record_rows(name, info, list(ris_records(text)))
        return
    if is_medline(text):  # PubMed's MEDLINE records: rows of the publications template's columns
        info.format = "medline"
        yield from _record_rows(name, info, [(line, fields, None) for line, fields in medline_records(text)])
        return
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(text[:8192])
    unquoted = is_wos_table(text)  # WoS writes quotes as they are ('"Smart" sensors'), never around a cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        quoting=csv.QUOTE_NONE if unquoted else csv.QUOTE_MINIMAL)
    found = _find_header(_numbered_lines(reader, name), header_score, info)
    if found is None:
        return
    info.header_line, header, rows = found
    info.columns = columns = named_once(header, info)
    for line, cells in rows:
        if not any(str(c).strip() for c in cells) or _not_a_record(line, header, cells, info):
            continue
        data: dict[str, object] = {h: c for h, c in zip(columns, cells, strict=False) if h}
        if len(cells) > len(header) and any(str(c).strip() for c in cells[len(header):]):
            yield SourceRow(name, line, data, f"{len(cells)} cells but the header has {len(header)} columns")
            continue
        yield SourceRow(name, line, data)


def named_once(header: list[str], info: TableInfo) -> list[str]:
    """The header with each name it repeats kept by its first column: a later column of the name is called
    'name_2', 'name_3'... (listed in ``info.renamed``), so that no cell of it overwrites the first's. A list field
    (IPC codes, keywords) reads them all as numbered columns; any other field reads the first, and the run's note
    names the others among the columns not read (a mapping may name one to read it)."""
    seen: Counter[str] = Counter()
    columns = []
    for name in header:
        seen[name] += 1
        if name and seen[name] > 1:
            name = f"{name}_{seen[name]}"
            info.renamed.append(name)
        columns.append(name)
    return columns


TOTAL_LABELS = frozenset({"합계", "소계", "총계", "계", "누계", "total", "subtotal", "grand total", "sum"})
"""What the first cell of a sheet's total row says."""


def _not_a_record(line: int, header: list[str], cells: Sequence[object], info: TableInfo) -> bool:
    """A row that only repeats the header (files exported in parts and joined) or totals the rows above it
    (합계, 소계): skipped, and noted in ``info.skipped`` with why."""
    texts = [str(c).strip() if c is not None else "" for c in cells]
    filled = [(h, t) for h, t in zip(header, texts, strict=False) if t]
    named = sum(1 for h in header if h)
    if len(filled) >= min(2, named) and all(h == t for h, t in filled):
        info.skipped[line] = "a repeated header"
        return True
    rest = [t for t in texts if t]
    if rest and rest[0].casefold().replace(" ", "") in _TOTAL_KEYS and all(
            t.replace(",", "").replace(".", "", 1).isdigit() for t in rest[1:]):  # 합계 and sums, nothing else
        info.skipped[line] = "a total row"
        return True
    return False


_TOTAL_KEYS = frozenset(label.replace(" ", "") for label in TOTAL_LABELS)


def _numbered_lines(reader: Iterator[list[str]], name: str) -> Iterator[NumberedCells]:
    """(first line of the row, its cells): a quoted cell may span lines. A file the csv module cannot go on
    reading is named with its line."""
    start = 1
    try:
        for cells in reader:
            line, start = start, getattr(reader, "line_num", 0) + 1
            yield line, list(cells)
    except csv.Error as exc:
        line = getattr(reader, "line_num", 0)
        raise UnsupportedFormat(f"{name}: cannot read line {line} as CSV: {exc}", file=name) from exc


@contextmanager
def refused_unless_readable(name: str, what: str, *errors: type[Exception]) -> Iterator[None]:
    """Turn a library's ``errors`` while opening a file into an UnsupportedFormat naming the file."""
    try:
        yield
    except errors as exc:
        raise UnsupportedFormat(f"{name}: not a readable {what}: {exc}", file=name) from exc


SheetRows = Callable[[], Iterator[NumberedCells]]
"""A sheet's rows, numbered as the spreadsheet numbers them, read afresh on each call."""


def _read_xlsx(path: Path, name: str, sheet: str | None, info: TableInfo,
               header_score: HeaderScore | None) -> Iterator[SourceRow]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    handle = path.open("rb")  # not the path: openpyxl refuses a name not ending in .xlsx (an .xls that is one)
    try:
        with refused_unless_readable(name, "Excel workbook (.xlsx)", zipfile.BadZipFile, InvalidFileException,
                                     KeyError, OSError):
            book = load_workbook(handle, read_only=True, data_only=True)
    except UnsupportedFormat:
        handle.close()
        raise
    try:
        found: dict[str, dict[Position, UncomputedFormula]] = {}

        def rows_of(ws: Any) -> Iterator[NumberedCells]:
            if ws.title not in found:  # read-only openpyxl keeps the archive open; the sheet's member is its path
                found[ws.title] = uncomputed_cells(book._archive, ws._worksheet_path)
            return marked_rows(ws.iter_rows(values_only=True), found[ws.title])

        sheets: dict[str, SheetRows] = {ws.title: partial(rows_of, ws) for ws in book.worksheets}
        merged = {ws.title: partial(xlsx_merged_ranges, book._archive, ws._worksheet_path) for ws in book.worksheets}
        yield from _read_sheets(name, sheets, sheet, info, header_score, merged)
    finally:
        book.close()
        handle.close()


def _read_html(path: Path, name: str, sheet: str | None, info: TableInfo,
               header_score: HeaderScore | None) -> Iterator[SourceRow]:
    """A web page saved as a spreadsheet: its tables are its sheets (``loaders.html_tables``)."""
    from lxml.etree import ParserError

    text, info.encoding = decode(path.read_bytes(), name)
    with refused_unless_readable(name, "web page saved as a spreadsheet", ParserError, ValueError):
        tables = html_tables(text)
    by_title: dict[str, HtmlTable] = {}
    for table in tables:
        title = table.title
        while title in by_title:  # two captions alike
            title = f"{title} ({len(by_title) + 1})"
        by_title[title] = table

    def rows_of(table: HtmlTable) -> Iterator[NumberedCells]:
        return ((i, list(cells)) for i, cells in enumerate(table.rows, start=1))  # copies: a merge fills them

    def fit(title: str) -> tuple[int, int]:  # the known columns its header names, then its rows
        return _columns_named(rows_of(by_title[title]), header_score), len(by_title[title].rows)

    if sheet is None and by_title:  # a page's first table is often its search conditions: the best fit is read
        sheet = max(by_title, key=fit)
    sheets: dict[str, SheetRows] = {title: partial(rows_of, table) for title, table in by_title.items()}
    merged = {title: table.merged.copy for title, table in by_title.items()}
    yield from _read_sheets(name, sheets, sheet, info, header_score, merged)


def _read_calamine(path: Path, name: str, sheet: str | None, info: TableInfo,
                   header_score: HeaderScore | None) -> Iterator[SourceRow]:
    """.xls (Excel 97-2003, still what many offices save) and .ods (OpenDocument) through python-calamine."""
    from python_calamine import CalamineError, CalamineWorkbook

    what = "Excel 97-2003 workbook (.xls)" if info.format == "xls" else "OpenDocument spreadsheet (.ods)"
    with refused_unless_readable(name, what, CalamineError, ValueError, OSError):
        with path.open("rb") as handle:  # read by its bytes, not its name (an .xlsx saved as Excel 97-2003)
            book = CalamineWorkbook.from_filelike(handle)

    read: dict[str, Any] = {}

    def sheet_data(title: str) -> Any:
        if title not in read:  # a sheet is read when first asked
            with refused_unless_readable(name, what, CalamineError, ValueError):
                read[title] = book.get_sheet_by_name(title)
        return read[title]

    def rows_of(title: str) -> Iterator[NumberedCells]:
        data = sheet_data(title)
        first = data.start[0] if data.start else 0  # the sheet's used range may begin below row 1
        return ((first + i, list(cells)) for i, cells in enumerate(data.iter_rows(), start=1))

    def merged_of(title: str) -> list[MergedRange]:
        data = sheet_data(title)  # rows as the sheet numbers them, columns from its first read
        column = data.start[1] if data.start else 0
        if info.format == "ods":  # calamine reports no ODS merges: read from the document (from 1)
            with zipfile.ZipFile(path) as archive:
                ranges = ods_merged_ranges(archive).get(title, [])
            return [(top, left - column, bottom, right - column) for top, left, bottom, right in ranges]
        return [(top + 1, left - column + 1, bottom + 1, right - column + 1)  # calamine's, from 0
                for (top, left), (bottom, right) in data.merged_cell_ranges or ()]

    try:
        sheets: dict[str, SheetRows] = {title: partial(rows_of, title) for title in book.sheet_names}
        merged = {title: partial(merged_of, title) for title in book.sheet_names}
        yield from _read_sheets(name, sheets, sheet, info, header_score, merged)
    finally:
        book.close()


def _read_sheets(name: str, sheets: dict[str, SheetRows], sheet: str | None, info: TableInfo,
                 header_score: HeaderScore | None, merged: Mapping[str, Callable[[], list[MergedRange]]]
                 ) -> Iterator[SourceRow]:
    """Rows of the named sheet, or of the sheet ``_sheet_with_columns`` picks, from the header found; a cell
    merged down over record rows is read into each of them (``loaders.merged_cells``)."""
    titles = list(sheets)
    if sheet and sheet not in sheets:
        raise UnsupportedFormat(f"{name}: no sheet named {sheet!r}; it has {titles}", file=name)
    if not titles:
        return
    chosen = sheet or _sheet_with_columns(sheets, header_score)
    info.sheet, info.first_sheet = chosen, chosen == titles[0]
    name = name if info.first_sheet else f"{name}#{chosen}"
    found = _find_header(sheets[chosen](), header_score, info)
    if found is None:
        return
    info.header_line, header, rows = found
    info.columns = columns = named_once(header, info)
    fill = FillDown(merged[chosen](), columns)
    info.filled = fill.filled
    for index, values in rows:
        if not any(v not in (None, "") for v in values):
            continue
        if fill:
            fill.fill(index, values)
        if _not_a_record(index, header, values, info):
            continue
        data = {h: _cell(v) for h, v in zip(columns, values, strict=False) if h}
        formulas = tuple((h, v.formula) for h, v in zip(columns, values, strict=False)
                         if h and isinstance(v, UncomputedFormula))
        yield SourceRow(name, index, data, formulas=formulas)


def _sheet_with_columns(sheets: dict[str, SheetRows], score: HeaderScore | None) -> str:
    """The first sheet, unless it names no known column in its first rows and a later sheet does (the one naming
    the most, the first of equals)."""
    def best(title: str) -> int:
        return _columns_named(sheets[title](), score)

    titles = list(sheets)
    if score is None or len(titles) == 1 or best(titles[0]) > 0:
        return titles[0]
    scores = [0, *(best(title) for title in titles[1:])]
    return titles[_first_best(scores)]


def _columns_named(rows: Iterable[NumberedCells], score: HeaderScore | None) -> int:
    """The most known columns a row among a sheet's first ``HEADER_SEARCH_ROWS`` names (0 without a score)."""
    if score is None:
        return 0
    return max((score(_clean_header(cells)) for _, cells in islice(rows, HEADER_SEARCH_ROWS)), default=0)


def _first_best(scores: list[int]) -> int:
    """The index of the highest score, the first of equals."""
    return max(range(len(scores)), key=lambda i: (scores[i], -i))


def _cell(value: object) -> object:
    """A cell as a CSV would hold it: numbers, dates and booleans as text; lists cell by cell; None as is, and a
    formula with no saved result as None (the row names it in ``SourceRow.formulas``); an object stays an object,
    which validation then refuses for a text field."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, UncomputedFormula):
        return None
    if isinstance(value, list | tuple):
        return [_cell(v) for v in value]
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # cells read as text, as from a CSV: a business number stays a string
    return value


def _read_jsonl(path: Path, name: str, info: TableInfo) -> Iterator[SourceRow]:
    text, encoding = decode(path.read_bytes(), name)
    info.encoding = encoding
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceRow(name, line_no, {}, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(data, dict):
            yield SourceRow(name, line_no, {}, "each line must be a JSON object")
            continue
        yield SourceRow(name, line_no, {str(k): _cell(v) for k, v in data.items()})


PARQUET_BATCH = 2048
"""Rows of a Parquet file read at a time."""


def _read_parquet(path: Path, name: str, info: TableInfo) -> Iterator[SourceRow]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    with refused_unless_readable(name, "Parquet file", pa.ArrowException, OSError):
        parquet = pq.ParquetFile(path)
        info.columns = parquet.schema_arrow.names
        batches = parquet.iter_batches(batch_size=PARQUET_BATCH)  # read as asked: the first rows come at once
    index = 0
    while True:
        with refused_unless_readable(name, "Parquet file", pa.ArrowException, OSError):
            batch = next(batches, None)
        if batch is None:
            return
        for batch_row in batch.to_pylist():
            index += 1
            yield SourceRow(name, index, {k: _cell(v) for k, v in batch_row.items()})
