"""What a workbook's bytes say it is, whatever its name says. Offices' and portals' files are often named for
what Excel opens them as, not for what they are: a portal's "Excel download" (엑셀 다운로드) is a web page or
tab-separated text named ``.xls``, a workbook saved as Excel 97-2003 keeps its ``.xlsx`` name. A workbook locked
with a password, or a web archive (MHTML), cannot be read and is refused saying how to save it instead."""

from __future__ import annotations

import zipfile
from pathlib import Path

from graph.errors import UnsupportedFormat
from loaders.html_tables import looks_like_html

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file: an Excel 97-2003 workbook, or a workbook encrypted with a password."""
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def workbook_kind(path: Path, kind: str, name: str) -> str:
    """What a workbook's bytes say it is, whatever its name says: an .xls that is an XLSX or a web page (a portal's
    'Excel download', ``loaders.html_tables``), an .xlsx saved as Excel 97-2003. A workbook locked with a password
    or a web archive (MHTML) is refused saying what to do."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(_OLE):
        if _ENCRYPTED in path.read_bytes():
            raise UnsupportedFormat(f"{name}: the workbook is locked with a password (encrypted): open it in Excel "
                                    "and save a copy without one", file=name)
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                members = set(archive.namelist())
                if "xl/workbook.xml" in members:
                    return "xlsx"
                if "mimetype" in members and b"spreadsheet" in archive.read("mimetype"):
                    return "ods"
        except (zipfile.BadZipFile, OSError):
            pass
        return kind
    if looks_like_html(head):
        return "html"
    if head.lstrip().upper().startswith(b"MIME-VERSION"):
        raise UnsupportedFormat(f"{name}: a web archive (MHTML) saved as a spreadsheet: open it in Excel and save "
                                "it as an Excel workbook (.xlsx)", file=name)
    if kind == "xls" and _looks_like_text_table(head):  # tab- or comma-separated text named .xls, as portals
        return "csv"  # send it (an .xlsx is a zip: text named so is refused as no workbook)
    return kind


def _looks_like_text_table(head: bytes) -> bool:
    """Whether a file's first bytes are text whose first line separates cells (UTF-16 with its BOM too)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    elif b"\x00" in head:
        return False
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return b"\t" in first or b"," in first
