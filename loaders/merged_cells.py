"""Cells merged down several rows of a sheet's records, read into each row they span.

Office spreadsheets often merge one cell over the rows it applies to: one 소속 box beside four researchers of
the same institute, one 기업명 beside a company's three patents. The file keeps the value in the top cell only, so
read row by row the rows below it would lack it, and load without an affiliation or an applicant. A range merged
over two or more rows below the header is therefore read into each of its rows that holds a record, in the
range's first column; what was filled is said in the run's message. A merged range within the header (grouped
columns) is the header's business (``readers._with_second_row``), and a range merged across columns of one row
fills nothing (a wide note is one value, not one per column).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from xml.etree.ElementTree import iterparse

from openpyxl.utils.cell import range_boundaries

MergedRange = tuple[int, int, int, int]
"""(first row, first column, last row, last column), all from 1, as the sheet's rows are numbered and its cells
listed in a row the reader gives."""

_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Za-z]+[0-9]+:[A-Za-z]+[0-9]+)\"")
_CHUNK = 1 << 20
_OVERLAP = 512


def xml_windows(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """A zip member's bytes a megabyte at a time, each window beginning with the last ``_OVERLAP`` bytes of the one
    before: an element cut at a window's end is whole in the next (a pattern may match twice)."""
    tail = b""
    with archive.open(member) as source:
        while chunk := source.read(_CHUNK):
            yield tail + chunk
            tail = chunk[-_OVERLAP:]


def xlsx_merged_ranges(archive: zipfile.ZipFile, member: str) -> list[MergedRange]:
    """The merged ranges of the XLSX sheet stored as ``member`` (its ``<mergeCell ref="B2:B5"/>`` elements)."""
    refs = {ref for window in xml_windows(archive, member) for ref in _MERGE_CELL.findall(window)}
    ranges = []
    for ref in refs:
        first_column, first_row, last_column, last_row = range_boundaries(ref.decode())
        ranges.append((first_row, first_column, last_row, last_column))
    return sorted(ranges)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


def ods_merged_ranges(archive: zipfile.ZipFile) -> dict[str, list[MergedRange]]:
    """The merged ranges of each sheet of an ODS document, by its name (cells spanning rows or columns,
    ``table:number-rows-spanned``; python-calamine does not report them). Columns count from the sheet's first."""
    found: dict[str, list[MergedRange]] = {}
    sheet: list[MergedRange] = []
    row = column = 0
    with archive.open("content.xml") as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == f"{_TABLE}table":
                    sheet, row = found.setdefault(element.get(f"{_TABLE}name", ""), []), 0
                elif element.tag == f"{_TABLE}table-row":
                    column = 0
                continue
            if element.tag in _ODS_CELLS:
                rows = int(element.get(f"{_TABLE}number-rows-spanned", "1"))
                columns = int(element.get(f"{_TABLE}number-columns-spanned", "1"))
                if rows > 1 or columns > 1:
                    sheet.append((row + 1, column + 1, row + rows, column + columns))
                column += int(element.get(f"{_TABLE}number-columns-repeated", "1"))
                element.clear()
            elif element.tag == f"{_TABLE}table-row":
                row += int(element.get(f"{_TABLE}number-rows-repeated", "1"))
                element.clear()
    return found


@dataclass
class FillDown:
    """Fills a sheet's record rows, as they come in order, from the ranges merged down over them."""

    ranges: Sequence[MergedRange]
    """The sheet's merged ranges. One that starts in the header fills nothing: its value is the header's, and the
    header's rows do not pass through ``fill``."""
    columns: Sequence[str]
    filled: dict[str, list[int]] = field(default_factory=dict)
    """The rows each column was filled in, by the column's name."""
    _starting: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _open: list[tuple[int, int, object]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for first_row, first_column, last_row, _ in self.ranges:
            if last_row > first_row:
                self._starting.setdefault(first_row, []).append((first_column, last_row))

    def __bool__(self) -> bool:
        return bool(self._starting)

    def fill(self, row: int, cells: list[object]) -> None:
        """Fill ``cells`` (row ``row``, which holds a record) in place."""
        self._open = [(column, last, value) for column, last, value in self._open if last >= row]
        for column, _, value in self._open:
            if column > len(cells) and column <= len(self.columns):  # a row read only as far as its last cell
                cells.extend([None] * (column - len(cells)))
            if column <= len(cells) and cells[column - 1] in (None, ""):
                cells[column - 1] = value
                if column <= len(self.columns) and self.columns[column - 1]:
                    self.filled.setdefault(self.columns[column - 1], []).append(row)
        for column, last in self._starting.get(row, ()):
            if column <= len(cells) and cells[column - 1] not in (None, ""):
                self._open.append((column, last, cells[column - 1]))


def spans(rows: Sequence[int]) -> str:
    """Row numbers as runs: '3-4, 7-9, 12'."""
    runs: list[list[int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
