"""Declarative column mappings: a small YAML file says which spreadsheet column feeds which record field,
so an administrator can load their own sheet without code.

    kind: organizations
    columns:                      # record field: the column(s) that may hold it, first present wins
      name_ko: [회사명, 기업명]
      business_number: 사업자등록번호
    lists:                        # fields whose cell holds several values, and their separator(s)
      aliases: ";"
      technologies: [";", ","]
    defaults:                     # values for fields no column provides
      kind: company
    joined:                       # a field written across columns, in order (or several ways: [[a, b], [c, d]])
      technologies: [기술1, 기술2, 기술3]

A join is read when the file has all its columns and no column of the field's own (a whole name beats its parts;
the people template joins 성 + 이름 and first_name + last_name into a name). A list field takes the items of each
of its columns; other parts are joined with a space, or with none between two Hangul parts (김 + 민수 → 김민수,
Minsu + Kim → Minsu Kim), and a part left blank is left out.

Every kind has a built-in mapping for its canonical template (``loaders/mappings/<kind>.yaml``, documented
in docs/TEMPLATES.md); it accepts the English field names and the usual Korean headers.

A header matches a column name exactly or, failing that, once both are reduced to their letters and digits
(case, width, spaces, line breaks, ``_``/``-``, a leading ``*`` and a trailing note in brackets aside):
"사업자 등록번호", "사업자\n등록번호", "*기업명", "종업원수(명)" and "Business Number" all find their field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.errors import MappingError
from loaders.curation import FORMULA_STARTS
from loaders.normalize import has_hangul
from loaders.records import RECORD_TYPES

KINDS = ("organizations", "people", "patents", "publications", "projects", "affiliations", "licenses",
         "collaborations", "founders")
DEFAULT_SEPARATOR = ";"


class ColumnMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    columns: dict[str, list[str]] = Field(default_factory=dict)
    lists: dict[str, str | list[str]] = Field(default_factory=dict)
    """Field -> its separator, or several (any of them splits: IPC codes separated by ';', ',' or '|')."""
    defaults: dict[str, object] = Field(default_factory=dict)
    joined: dict[str, list[list[str]]] = Field(default_factory=dict)
    """Field -> ways a file may write it in parts: each the columns of its parts, in order (first present wins)."""
    name: str = "custom"

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        return value

    @field_validator("columns", mode="before")
    @classmethod
    def _listify(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    @field_validator("joined", mode="before")
    @classmethod
    def _one_way_or_several(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, list) and all(isinstance(c, str) for c in v) else v
                    for k, v in value.items()}
        return value

    @field_validator("joined")
    @classmethod
    def _parts(cls, value: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
        for field, ways in value.items():
            if any(len(set(parts)) < 2 for parts in ways):
                raise ValueError(f"{field}: a joined field needs two columns or more")
        return value

    def matched_columns(self, header: list[str]) -> dict[str, str]:
        """Record field -> the header column that feeds it: a column named exactly, else one whose
        ``header_key`` is a named column's; a trailing note in brackets is set aside only where that leaves one
        column ('발명의명칭(한글)' and '발명의명칭(영문)' are told apart by theirs). A column feeds one field, and
        the columns joined into a field (``joined_columns``) feed no field alone."""
        return self.match(header)[0]

    def joined_columns(self, header: list[str]) -> dict[str, tuple[str, ...]]:
        """Field -> the columns joined into it: each join the file has all the columns of and no column of the
        field's own, and a list field's numbered columns ('IPC1', 'IPC2', '키워드 1' … where the field reads 'IPC'
        or '키워드'), with its own column if the file has it, in their numbers' order."""
        return self.match(header)[1]

    def match(self, header: list[str]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """``matched_columns`` and ``joined_columns`` of ``header``, worked out once."""
        joins = self._joins_present(header)
        parts = {c for columns in joins.values() for c in columns}
        alone = self._matched_alone([c for c in header if c not in parts])
        joins = {field: columns for field, columns in joins.items() if field not in alone}
        used = {*alone.values(), *(c for columns in joins.values() for c in columns)}
        numbered = numbered_columns(header)
        for field in self.lists:
            names = {header_key(n) for n in [field, *self.columns.get(field, [])]}
            own_numbered = sorted((n, c) for stem in names for n, c in numbered.get(stem, []) if c not in used)
            if field in joins or not own_numbered:
                continue
            columns = [*([alone[field]] if field in alone else []), *(c for _, c in own_numbered)]
            if len(columns) == 1:
                alone[field] = columns[0]
            else:
                alone.pop(field, None)
                joins[field] = tuple(columns)
            used.update(columns)
        return alone, joins

    def _joins_present(self, header: list[str]) -> dict[str, tuple[str, ...]]:
        by_key: dict[str, str] = {}
        for column in header:
            if column:
                by_key.setdefault(header_key(column), column)
        found: dict[str, tuple[str, ...]] = {}
        taken: set[str] = set()
        for field, ways in self.joined.items():
            for parts in ways:
                columns = tuple(c if c in header else by_key.get(header_key(c), "") for c in parts)
                if all(columns) and len(set(columns)) == len(columns) and not taken & set(columns):
                    found[field] = columns
                    taken.update(columns)
                    break
        return found

    def _matched_alone(self, header: list[str]) -> dict[str, str]:
        present = set(header)
        found: dict[str, str] = {}
        for field, candidates in self.columns.items():
            for column in candidates:
                if column in present:
                    found[field] = column
                    break
        for keep_note in (True, False):
            taken = set(found.values())
            by_key: dict[str, list[str]] = {}
            for column in header:
                if column and column not in taken:
                    by_key.setdefault(header_key(column, keep_note=keep_note), []).append(column)
            for field, candidates in self.columns.items():
                if field in found:
                    continue
                for candidate in candidates:
                    key = header_key(candidate, keep_note=keep_note)
                    columns = by_key.get(key, [])
                    if len(columns) == 1 or (keep_note and columns):
                        found[field] = columns[0]
                        by_key[key] = []
                        break
        return found

    def _splitter(self, field: str) -> re.Pattern[str]:
        separators = self.lists[field]
        separators = [separators] if isinstance(separators, str) else separators
        return _splitter("|".join(re.escape(s) for s in separators if s))

    def apply(self, data: dict[str, object], matched: dict[str, str],
              joined: Mapping[str, Sequence[str]] | None = None) -> dict[str, object]:
        """One row's cells as record fields: blanks dropped, list cells split, ``joined`` columns (field -> columns)
        joined (a list field takes each column's items), defaults filled in."""
        out: dict[str, object] = {}
        for field, columns in (joined or {}).items():
            cells = [_cell(data.get(c)) for c in columns]
            if field in self.lists:
                if items := [i for cell in cells for i in self._items(field, cell)]:
                    out[field] = items
            elif whole := join_parts(cells):
                out[field] = whole
        for field, column in matched.items():
            value = _cell(data.get(column))
            if value is None:
                continue
            if field in self.lists and isinstance(value, str):
                if parts := self._items(field, value):
                    out[field] = parts
            else:
                out[field] = value
        for field, value in self.defaults.items():
            out.setdefault(field, value)
        return out

    def _items(self, field: str, cell: object) -> list[object]:
        """A list field's items in one cell: a text split by the field's separators, a list cell's own items."""
        if cell is None:
            return []
        if isinstance(cell, str):
            return [p.strip() for p in self._splitter(field).split(cell) if p.strip()]
        return list(cell) if isinstance(cell, list | tuple) else [cell]


def _cell(value: object) -> object:
    """A cell's value: None when blank, without the apostrophe an export put before a formula's first character
    (``curation.neutralise``) for spreadsheets."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def join_parts(parts: Sequence[object]) -> str:
    """A value written in parts, joined: with no space between two Hangul parts (김 + 민수 → 김민수), else with a
    space (Minsu + Kim → Minsu Kim); blank parts left out."""
    texts = [t for p in parts if p is not None and (t := str(p).strip())]
    out = texts[:1]
    for before, text in zip(texts, texts[1:], strict=False):
        out.append(text if _all_hangul(before) and _all_hangul(text) else " " + text)
    return "".join(out)


def _all_hangul(text: str) -> bool:
    return all(has_hangul(c) for c in text)


_NUMBERED = re.compile(r"(.*\D)(\d{1,2})")


def numbered_columns(header: Sequence[str]) -> dict[str, list[tuple[int, str]]]:
    """The columns whose header (reduced by ``header_key``) ends in a number, by what comes before it: one of a
    list's numbered columns ('IPC1', '키워드 2' → 'ipc', '키워드'), each with its number."""
    found: dict[str, list[tuple[int, str]]] = {}
    for column in header:
        if column and (match := _NUMBERED.fullmatch(header_key(column))):
            found.setdefault(match[1], []).append((int(match[2]), column))
    return found
_NOTE = re.compile(r"\s*[(\[（［][^()\[\]]*[)\]）］]\s*$")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def header_key(column: str, *, keep_note: bool = False) -> str:
    """A header reduced to its letters and digits, case folded, and (unless ``keep_note``) without a trailing
    note in brackets: '종업원수(명)' → 종업원수."""
    text = unicodedata.normalize("NFKC", column).strip().lstrip("*※•").strip()
    if not keep_note:
        text = _NOTE.sub("", text) or text
    return _NOT_LETTER_OR_DIGIT.sub("", text.casefold())


def template_header(kind: str, lang: str = "en") -> list[str]:
    """The columns of a blank template for ``kind``: the field names, or (``lang='ko'``) each field's first
    Korean header where it has one. The built-in mapping reads either back, every column to its field."""
    mapping = load_mapping(kind)
    header = []
    for field in RECORD_TYPES[kind].model_fields:
        accepted = mapping.columns.get(field, [field])
        korean = next((c for c in accepted if has_hangul(c)), None)
        header.append(korean if lang == "ko" and korean else accepted[0])
    return header


@lru_cache(maxsize=256)
def _splitter(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern or ";")


def load_mapping(source: Path | str) -> ColumnMapping:
    """A mapping from a YAML file path, or the built-in one for a kind name."""
    if isinstance(source, str) and source in KINDS:
        text = resources.files("loaders.mappings").joinpath(f"{source}.yaml").read_text(encoding="utf-8")
        name = f"builtin:{source}"
    else:
        path = Path(source)
        if not path.exists():
            raise MappingError(f"mapping file {path} does not exist")
        text, name = path.read_text(encoding="utf-8"), path.name
    try:
        raw = yaml.safe_load(text)
        if not isinstance(raw, dict):
            raise MappingError(f"{name}: a mapping must be a YAML mapping with kind/columns")
        return ColumnMapping.model_validate({**raw, "name": raw.get("name", name)})
    except yaml.YAMLError as exc:
        raise MappingError(f"{name}: not valid YAML: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise MappingError(f"{name}: {problems}") from exc
