"""Formula cells of an XLSX sheet that hold no saved result.

A workbook saved by Excel or LibreOffice keeps each formula's last result beside it, and a load reads that result.
A workbook written by a program (openpyxl, a report generator) often keeps the formula only: read for its values,
such a cell is empty, and the load would take a blank for what the sheet shows as a name or a number. The reader
marks those cells (``UncomputedFormula``) so that the pipeline refuses a row whose read field holds one, naming
the field and the formula, instead of loading a blank in its place.

openpyxl reads a formula whose result is the empty text (``=IF(A2="","",A2)``) and a formula with no result alike
(both empty), so the sheet's XML is looked at directly (``_has_result``). A sheet whose XML holds no formula at
all (most sheets) is passed over after one scan of its bytes. A program that saves a made-up result with each
formula (xlsxwriter saves 0) cannot be told from a spreadsheet's save: its results are read as they are.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, iterparse

from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import coordinate_to_tuple

from loaders.merged_cells import xml_windows

UNCOMPUTED_FORMULA = ("a formula with no saved result (the workbook was written by a program, not saved by a "
                      "spreadsheet): open and save it in Excel or LibreOffice, or paste the values in its place")
"""The reason a record is refused for a read field holding a formula with no result."""

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass(frozen=True)
class UncomputedFormula:
    """A formula cell whose result the file does not hold. Reads as blank wherever a cell's text is looked at
    (headers, blank rows, total rows); the pipeline refuses a record whose read field holds one."""

    formula: str

    def __str__(self) -> str:
        return ""


Position = tuple[int, int]
"""(row, column), both from 1, as the sheet numbers them."""


def uncomputed_cells(archive: zipfile.ZipFile, member: str) -> dict[Position, UncomputedFormula]:
    """The cells of the sheet stored as ``member`` that hold a formula and no result."""
    if not _has_formulas(archive, member):
        return {}
    found: dict[Position, UncomputedFormula] = {}
    shared: dict[str, tuple[str, str]] = {}  # a shared formula's id: its text and the cell that gives it
    with archive.open(member) as source:
        for _, element in iterparse(source, events=("end",)):
            if element.tag != f"{_MAIN}c":
                continue
            formula, coordinate = element.find(f"{_MAIN}f"), element.get("r")
            if formula is not None and coordinate:
                text = _formula_text(formula, coordinate, shared)
                if not _has_result(element):
                    found[coordinate_to_tuple(coordinate)] = UncomputedFormula(text)
            element.clear()
    return found


def _has_result(cell: Element) -> bool:
    """Whether a formula cell holds its result: a ``<v>`` with text, or an empty one in a cell typed as text
    (Excel's and LibreOffice's way of saving a formula whose result is the empty text). openpyxl writes an empty
    ``<v/>`` in an untyped cell for a formula it cannot compute."""
    value = cell.find(f"{_MAIN}v")
    if value is None:
        return cell.get("t") == "inlineStr"
    return bool(value.text) or cell.get("t") == "str"


def _formula_text(formula: Element, coordinate: str, shared: dict[str, tuple[str, str]]) -> str:
    """The formula as the cell shows it; a cell sharing another's formula gets it moved to its own place."""
    text, group = f"={formula.text}" if formula.text else "", formula.get("si")
    if formula.get("t") != "shared" or group is None:
        return text
    if text:
        shared[group] = (text, coordinate)
        return text
    if group in shared:
        origin_text, origin = shared[group]
        return str(Translator(origin_text, origin=origin).translate_formula(coordinate))
    return "a formula shared with another cell"


def _has_formulas(archive: zipfile.ZipFile, member: str) -> bool:
    return any(_FORMULA_TAG.search(window) for window in xml_windows(archive, member))


def marked_rows(rows: Iterator[tuple[Any, ...]], cells: dict[Position, UncomputedFormula]
                ) -> Iterator[tuple[int, list[object]]]:
    """``rows`` (a sheet's values from row 1) numbered, with the ``cells`` that have no result marked."""
    by_row: dict[int, list[tuple[int, UncomputedFormula]]] = {}
    for (row, column), mark in cells.items():
        by_row.setdefault(row, []).append((column, mark))
    for number, values in enumerate(rows, start=1):
        listed = list(values)
        for column, mark in by_row.get(number, ()):
            if column <= len(listed):
                listed[column - 1] = mark
        yield number, listed
