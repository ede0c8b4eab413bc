"""Web pages saved with a spreadsheet's name: many Korean portals' 'Excel download' (엑셀 다운로드) sends an HTML
table named ``.xls``, often in EUC-KR, which Excel opens without a word and which no workbook library reads.

Each table of the page is read as a sheet (``table 1``, ``table 2``, … or its caption), its rows as the rows of
cells a browser shows: a cell spanning rows or columns (``rowspan``, ``colspan``) holds its text in its first
position and is listed as a merged range, as a workbook's merged cells are (``loaders.merged_cells`` then reads a
cell spanning records' rows into each of them). A table that holds other tables (a page's layout) is a sheet too,
one whose cells hold whole tables' text: the reader takes the table whose header names the most known columns.
Parsed with lxml's HTML parser, which reads the broken markup such pages hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from loaders.merged_cells import MergedRange

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPAN_LIMIT = 1000
"""Spans beyond this many rows or columns are taken as this many (a page's typo must not build a huge grid)."""


@dataclass
class HtmlTable:
    """One table of a page, as a sheet: its rows of cells, numbered from 1, and its merged ranges."""

    title: str
    rows: list[list[object]] = field(default_factory=list)
    merged: list[MergedRange] = field(default_factory=list)


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes begin a web page (after a BOM and blanks): '<html', '<table', '<!DOCTYPE'…"""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    return text.startswith((b"<html", b"<!doctype html", b"<table", b"<head", b"<meta", b"<body", b"<?xml",
                            b"<style", b"<!--"))


def html_tables(text: str) -> list[HtmlTable]:
    """The tables of a page's text, in page order (a table inside another's cell is its own; the outer one's cell
    holds its text)."""
    import lxml.html

    document = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text) or "<html></html>")
    tables = list(document.iter("table"))
    out = []
    for number, table in enumerate(tables, start=1):
        caption = " ".join(" ".join(c.text_content().split()) for c in table.xpath("./caption"))
        out.append(_read_table(table, caption or f"table {number}"))
    return out


def _read_table(table: Any, title: str) -> HtmlTable:
    read = HtmlTable(title)
    taken: dict[tuple[int, int], bool] = {}
    """Positions (row, column), from 1, that a cell spanning from above already fills."""
    for row_number, row in enumerate(table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"), start=1):
        cells: list[object] = []
        column = 1
        for cell in row.xpath("./td | ./th"):
            while taken.pop((row_number, column), False):
                cells.append(None)
                column += 1
            rows, columns = _span(cell, "rowspan"), _span(cell, "colspan")
            cells.extend([_text(cell), *([None] * (columns - 1))])
            if rows > 1 or columns > 1:
                read.merged.append((row_number, column, row_number + rows - 1, column + columns - 1))
                for below in range(row_number + 1, row_number + rows):
                    for right in range(column, column + columns):
                        taken[below, right] = True
            column += columns
        while taken.pop((row_number, column), False):
            cells.append(None)
            column += 1
        read.rows.append(cells)
    width = max((len(cells) for cells in read.rows), default=0)
    for cells in read.rows:
        cells.extend([None] * (width - len(cells)))
    return read


def _span(cell: Any, attribute: str) -> int:
    try:
        return max(1, min(int(str(cell.get(attribute, "1")).strip() or 1), _SPAN_LIMIT))
    except ValueError:
        return 1


def _text(cell: Any) -> str | None:
    """A cell's text as a browser shows it: each line's blanks folded, a <br> a new line."""
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for inner in cell.iter("td", "th", "p", "div", "li"):  # a table or paragraphs inside: their words kept apart
        if inner is not cell:
            inner.tail = " " + (inner.tail or "")
    lines = [" ".join(line.split()) for line in cell.text_content().replace("\xa0", " ").splitlines()]
    text = "\n".join(line for line in lines if line)
    return text or None
