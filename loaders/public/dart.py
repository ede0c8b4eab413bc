"""OpenDART's company register: the corpCode.xml zip the FSS serves (``CORPCODE.xml`` inside), the XML itself,
or a table of it (CSV, XLSX …) with the register's column names (corp_code, corp_name or corp_name_ko,
corp_eng_name or corp_name_en, stock_code).

Each company becomes an organisation row keyed by its DART code (고유번호), with its KRX ticker when listed:
two rows with one name but two codes stay two companies (and the pair goes to review).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.parsers import expat

from graph.errors import UnsupportedFormat
from loaders.readers import SourceRow

XML_SUFFIXES = (".xml", ".zip")
FIELDS = {"corp_code": "dart_code", "corp_name": "name_ko", "corp_eng_name": "name_en", "stock_code": "stock_code"}
"""The register's element -> the organisation record's field (modify_date is not kept)."""


def register_xml(path: Path) -> bytes:
    """The register's XML: the file itself, or the one XML member of OpenDART's zip."""
    if path.suffix.lower() != ".zip":
        return path.read_bytes()
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if m.lower().endswith(".xml")]
            if len(members) != 1:
                raise UnsupportedFormat(f"{path.name}: expected one XML file (CORPCODE.xml) in the zip, found "
                                        f"{members or 'none'}", file=path.name)
            return archive.read(members[0])
    except zipfile.BadZipFile as exc:
        raise UnsupportedFormat(f"{path.name}: not a zip file ({exc})", file=path.name) from exc


def dart_rows(path: Path) -> list[SourceRow]:
    """One organisation row per ``<list>`` element, at the line where it starts; the record ref is its DART code."""
    rows: list[SourceRow] = []
    current: dict[str, str] | None = None
    field: str | None = None
    line = 0
    parser = expat.ParserCreate()

    def start(name: str, _attributes: dict[str, str]) -> None:
        nonlocal current, field, line
        if name == "list":
            current, line = {}, parser.CurrentLineNumber
        elif current is not None and name in FIELDS:
            field = FIELDS[name]
            current[field] = ""

    def text(data: str) -> None:
        if current is not None and field is not None:
            current[field] += data

    def end(name: str) -> None:
        nonlocal current, field
        if name == "list" and current is not None:
            data: dict[str, object] = {k: v.strip() for k, v in current.items()}
            data.update(country="KR", org_kind="company")
            rows.append(SourceRow(path.name, line, data, ref=str(data.get("dart_code") or "") or None))
            current = None
        field = None

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.EndElementHandler = end
    try:
        parser.Parse(register_xml(path), True)
    except expat.ExpatError as exc:
        raise UnsupportedFormat(f"{path.name}: not well-formed XML ({exc})", file=path.name) from exc
    if not rows:
        raise UnsupportedFormat(f"{path.name}: not an OpenDART company register: no <list> element "
                                "(expected result/list/corp_code, corp_name …)", file=path.name)
    return rows
