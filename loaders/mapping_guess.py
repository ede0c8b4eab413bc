"""Suggest a column mapping for a file the kind's template does not fully name: each column's field, and why.

For each column the template does not name, two kinds of evidence:

- its header, compared with each field's name and the template's headers for it (both reduced by
  ``mapping.header_key``; rapidfuzz's ratio, or a template header contained in it: '대표 홈페이지 주소' holds
  '홈페이지', 'filing/creation date' the words of 'filing date');
- its first values: a field with a check of its own (a business number's check digit, an ORCID iD, a DOI, an
  e-mail address) is named by values that nearly all pass it and no other field's check (a date passes both of
  a patent's dates': the header chooses), unless the header names another field exactly (a 'Position' of 교수
  is a title, though 교수 is also a role). A header's guess is dropped when most of the
  values fail the field's check, when a field of names or text gets bare numbers ('inventor_sequence' is not the
  inventors) or a field of whole names a part of one ('first_name'); a Korean field (``name_ko``) whose values
  are in Latin letters goes to its English twin (``name_en``), and back.

A column the template names keeps that field unless its values are in the other script (``corp_name``
holding English names feeds ``name_en``). Each field goes to one column, the best supported first, except where
columns are joined into it (``ColumnMapping.joined``): a person's name written in two columns (the template's
joins, 성 + 이름 and first_name + last_name, or two columns whose headers differ only in naming the given and the
family name, 'raw_inventor_name_first' / '_last'), and a list field's numbered columns (키워드1, 키워드2). A field
whose check passes any bare number of a length (a Scopus author id) is never named by values alone, and a header
about someone or something else than the row's record ('patent_title' or 'raw_attorney_organization' in a file of
inventors, a company's 'CEO name') names no field. The result is a complete mapping (the file's columns only, with
the template's list separators), so it loads as it is or after an administrator changes a choice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz

from graph.errors import MappingError
from loaders.mapping import KINDS, ColumnMapping, header_key, join_parts, load_mapping, numbered_columns
from loaders.normalize import has_hangul
from loaders.readers import SourceRow, TableInfo, read_rows
from loaders.records import RECORD_TYPES

SAMPLE_ROWS = 200
"""The rows read for the values' evidence."""
MAX_HEADER = 40
"""The longest cell taken for a column's header while looking for the header row below a title."""
SAMPLE_WIDTH = 60
"""The longest first value shown for a column (longer ones are cut)."""
HEADER_MATCH = 80.0
"""How close a header must come to a field's name or template header (0-100) to name the field."""
VALUES_NAME = 0.9
"""The share of a column's values a field's own check must pass for the values alone to name the field."""
VALUES_AGREE = 0.6
"""The share of a column's values a field's checks must pass for a header naming the field to stand."""
_PROBES = ("abc", "Hanbit Optics", "한빛광학", "12345", "2020", "3.5", "광주광역시 북구")
"""Values of no particular shape: a field that refuses every one has a check of its own."""

Source = Literal["template", "header", "values", "none"]


@dataclass(frozen=True)
class ColumnGuess:
    """One column of the file: the field it would feed (None: left unread), on what evidence, and its first values."""

    column: str
    field: str | None
    source: Source
    reason: str
    reason_ko: str
    samples: tuple[str, ...]
    joined: tuple[str, ...] = ()
    """The columns whose values are joined into the field, this one among them, in order (a name written in two
    columns); empty when the column feeds its field alone."""


def joinable_names(template: ColumnMapping) -> frozenset[str]:
    """The kind's fields of one person's whole name, which its template joins from parts (``name_ko``, ``name_en``,
    ``person``): two columns chosen for one of them are joined."""
    return frozenset(f for f in template.joined if f not in template.lists)


@dataclass(frozen=True)
class MappingGuess:
    kind: str
    columns: tuple[ColumnGuess, ...]
    fields: tuple[str, ...]
    """Every field of the kind, for a choice to be changed to."""

    @property
    def chosen(self) -> dict[str, str]:
        """Field -> the column suggested for it alone."""
        return {g.field: g.column for g in self.columns if g.field and not g.joined}

    @property
    def joined(self) -> dict[str, tuple[str, ...]]:
        """Field -> the columns suggested to be joined into it."""
        return {g.field: g.joined for g in self.columns if g.field and g.joined}

    def missing_required(self, chosen: Mapping[str, object] | None = None) -> list[str]:
        """The required fields (and groups of which one is required: 'name_ko or name_en') no column feeds."""
        record_type = RECORD_TYPES[self.kind]
        given = {**self.chosen, **self.joined} if chosen is None else chosen
        missing = [f for f, spec in record_type.model_fields.items() if spec.is_required() and f not in given]
        return missing + [" or ".join(group) for group in record_type.needs_one_of
                          if not any(f in given for f in group)]

    def mapping(self, choices: Mapping[str, str | None] | None = None) -> ColumnMapping:
        """The mapping of the suggestion, with ``choices`` (column -> field, or None to leave it unread) applied."""
        by_column = {g.column: g.field for g in self.columns}
        unknown = set(choices or {}) - set(by_column)
        if unknown:
            raise ValueError(f"no such column in the file: {', '.join(sorted(unknown))}")
        by_column.update(choices or {})
        chosen: dict[str, list[str]] = {}
        for column, field in by_column.items():
            if field is None:
                continue
            if field not in self.fields:
                raise ValueError(f"column {column!r}: {field!r} is not a field of {self.kind}")
            chosen.setdefault(field, []).append(column)
        template = load_mapping(self.kind)
        columns: dict[str, list[str]] = {}
        joined: dict[str, list[list[str]]] = {}
        for field, given in chosen.items():
            if len(given) == 1:
                columns[field] = given
            elif field in joinable_names(template) or field in template.lists:
                suggested = self.joined.get(field, ())  # a name in parts: in the suggested order, else in the file's
                joined[field] = [list(suggested) if set(suggested) == set(given) else given]
            else:
                several = ", ".join(sorted({*joinable_names(template), *template.lists}))
                raise ValueError(f"{field} is chosen for two columns: {given[0]!r} and {given[1]!r} (only a name "
                                 f"written in parts or a list may take several: {several})")
        return ColumnMapping(kind=self.kind, columns=columns, joined=joined, name="suggested",
                             lists={f: s for f, s in template.lists.items() if f in columns or f in joined},
                             defaults={f: v for f, v in template.defaults.items()
                                       if f not in columns and f not in joined})

    def yaml_text(self, choices: Mapping[str, str | None] | None = None) -> str:
        mapping = self.mapping(choices)
        body: dict[str, object] = {"kind": mapping.kind, "columns": {f: c[0] for f, c in mapping.columns.items()}}
        if mapping.joined:
            body["joined"] = {f: ways[0] for f, ways in mapping.joined.items()}
        if mapping.lists:
            body["lists"] = mapping.lists
        if mapping.defaults:
            body["defaults"] = mapping.defaults
        return yaml.safe_dump(body, allow_unicode=True, sort_keys=False)


def guess_file_mapping(kind: str, path: Path, *, sheet: str | None = None, display_name: str | None = None
                       ) -> MappingGuess:
    """The suggestion for a file: its header (found below a title as a load finds it) and first rows."""
    template = _template(kind)
    info = TableInfo(format="")
    rows: list[SourceRow] = []
    fields = tuple(RECORD_TYPES[kind].model_fields)

    def named_columns(cells: list[str]) -> int:  # a header below a title is found by the columns it names
        return len(template.matched_columns(cells)) + sum(
            any(_header_score(kind, template, f, c)[0] >= HEADER_MATCH for f in fields)
            for c in cells if c and len(c) <= MAX_HEADER and "://" not in c)  # not a title's link or sentence

    for row in read_rows(path, display_name=display_name, sheet=sheet, info=info, header_score=named_columns):
        if not row.error:
            rows.append(row)
        if len(rows) >= SAMPLE_ROWS:
            break
    header = info.columns or (list(rows[0].data) if rows else [])
    return guess_mapping(kind, header, [r.data for r in rows])


def guess_mapping(kind: str, header: Sequence[str], rows: Sequence[Mapping[str, object]]) -> MappingGuess:
    """The suggestion for a table: ``header`` and its first ``rows`` (column -> cell)."""
    template = _template(kind)
    fields = tuple(RECORD_TYPES[kind].model_fields)
    columns = [c for c in dict.fromkeys(header) if c]
    samples = {c: [_text(r.get(c)) for r in rows if _text(r.get(c))] for c in columns}
    decided: dict[str, tuple[str | None, Source, str, str]] = {}
    alone, template_joins = template.match(columns)
    for field, column in alone.items():
        if samples[column] and _script_fit(field, samples[column]) is False:
            continue  # 'corp_name' holding English names: guessed below, for the English twin
        decided[column] = (field, "template", "the template's header for it", "템플릿의 열 이름")
    joins = _template_joins(kind, template_joins, rows, decided)
    _decide_joins(joins, decided, template, "template")
    candidates: list[tuple[float, str, str, Source, str, str]] = []
    checked = [f for f in fields if _has_own_check(kind, f)]
    for column in columns:
        if column in decided or not samples[column]:
            continue
        share = _shares_passing(kind, template, samples[column])
        passing = {f for f in checked if share(f) >= VALUES_NAME}
        for field in fields:
            by_values = passing == {field} and not _takes_bare_numbers(kind, field)
            found = _evidence(kind, template, field, column, samples[column], share, by_values=by_values)
            if found is not None:
                candidates.append((found[0], column, field, *found[1:]))
    taken = {d[0] for d in decided.values()}
    for _, column, field, source, reason, reason_ko in sorted(candidates, key=lambda c: (-c[0], columns.index(c[1]))):
        if column not in decided and field not in taken:
            decided[column] = (field, source, reason, reason_ko)
            taken.add(field)
    listed = _numbered_lists(kind, template, columns, samples, decided)
    for parts in listed.values():
        for column in parts:
            decided.pop(column, None)  # the one taken for the field reads its list with the others
    _decide_joins(listed, decided, template)
    joins.update(listed)
    paired = _paired_name(kind, template, columns, rows, decided)  # after the whole-name columns had their chance
    _decide_joins(paired, decided, template)
    joins.update(paired)
    guesses = []
    for column in columns:
        if column not in decided:
            decided[column] = (None, "none", *(("empty in the first rows", "첫 행들이 비어 있음") if not samples[column]
                                               else ("no field's name or values fit it", "맞는 필드를 찾지 못함")))
        chosen, source, reason, reason_ko = decided[column]
        shown = tuple(v if len(v) <= SAMPLE_WIDTH else v[:SAMPLE_WIDTH - 1] + "…" for v in samples[column][:3])
        parts = next((p for f, p in joins.items() if column in p and f == chosen), ())
        guesses.append(ColumnGuess(column, chosen, source, reason, reason_ko, shown, parts))
    return MappingGuess(kind, tuple(guesses), fields)


Decided = dict[str, tuple[str | None, Source, str, str]]
"""Column -> (its field, the evidence's source, why, why in Korean)."""


def _decide_joins(joins: Mapping[str, tuple[str, ...]], decided: Decided, template: ColumnMapping,
                  source: Source = "header") -> None:
    for field, parts in joins.items():
        shown = " + ".join(parts)
        why = ((f"one of the columns of a list, read together: {shown}", f"목록의 열: {shown}를 함께 읽음")
               if field in template.lists else
               (f"a part of the name, joined: {shown}", f"이름의 일부: {shown}를 이어 읽음"))
        for column in parts:
            decided.setdefault(column, (field, source, *why))


def _template_joins(kind: str, template_joins: Mapping[str, tuple[str, ...]], rows: Sequence[Mapping[str, object]],
                    decided: Decided) -> dict[str, tuple[str, ...]]:
    """The columns the template joins (``ColumnMapping.joined_columns``: 성 + 이름, first_name + last_name, IPC1 +
    IPC2), a name for the field its values' script fits (a Korean name family name first, an English one given name
    first)."""
    fields = RECORD_TYPES[kind].model_fields
    taken = {d[0] for d in decided.values()}
    joins: dict[str, tuple[str, ...]] = {}
    for field, parts in template_joins.items():
        values = [v for r in rows if (v := join_parts([r.get(c) for c in parts]))]
        twin = _twin(field)
        if values and _script_fit(field, values) is False and twin in fields and twin not in taken:
            field = twin or field
            if len(parts) == 2 and _GIVEN.search(header_key(parts[0 if field.endswith("_ko") else 1])):
                parts = parts[::-1]
        if field not in taken:
            joins[field] = parts
            taken.add(field)
    return joins


def _numbered_lists(kind: str, template: ColumnMapping, columns: list[str], samples: Mapping[str, list[str]],
                    decided: Decided) -> dict[str, tuple[str, ...]]:
    """A list field written in numbered columns (키워드1, 키워드2, …; 'Keyword 1', 'Keyword 2'; IPC1, IPC2): where one
    of them (or the column of their bare name) feeds a list field, the others whose values its check accepts join it,
    in their numbers' order."""
    numbered = numbered_columns(columns)
    stem_of = {c: stem for stem, group in numbered.items() for _, c in group}
    found: dict[str, tuple[str, ...]] = {}
    for column, (field, *_) in list(decided.items()):
        if field is None or field not in template.lists or field in found:
            continue
        stem = stem_of.get(column) or header_key(column)
        siblings = [c for _, c in sorted(numbered.get(stem, [])) if c != column and c not in decided
                    and (not samples[c] or _share_passing(kind, template, field, samples[c]) >= VALUES_AGREE)]
        if siblings:
            place = {c: n for n, c in numbered[stem]}
            found[field] = tuple(sorted([column, *siblings], key=lambda c: place.get(c, 0)))
    return found


def _paired_name(kind: str, template: ColumnMapping, columns: list[str], rows: Sequence[Mapping[str, object]],
                 decided: Decided) -> dict[str, tuple[str, ...]]:
    """The one pair of columns left whose headers differ only in naming the given and the family name
    ('raw_inventor_name_first' / '_last', 'Given names' / 'Surname'), joined given name first for Latin values,
    family name first for Hangul ones, into the kind's whole-name field when no column feeds it. Columns of lists
    (co-inventors) and columns about someone else (an attorney) are never parts."""
    taken = {d[0] for d in decided.values()}
    joins: dict[str, tuple[str, ...]] = {}
    listed = {c for c in columns if any(isinstance(r.get(c), list | tuple) for r in rows)}
    open_columns = [c for c in columns if c not in decided and c not in listed and not _about_another(kind, c)]
    pairs = [(g, f) for g in open_columns if _GIVEN.search(header_key(g))
             for f in open_columns if _FAMILY.search(header_key(f)) and _stem(g) == _stem(f)]
    if len(pairs) != 1:
        return joins
    given, family = pairs[0]
    values = [v for r in rows if (v := join_parts([r.get(given), r.get(family)]))]
    hangul = bool(values) and sum(map(has_hangul, values)) / len(values) >= 0.5
    joinable = joinable_names(template)
    whole = next((f for f in (("name_ko" if hangul else "name_en"), "person") if f in joinable), None)
    if whole is not None and whole not in taken:
        joins[whole] = (family, given) if hangul else (given, family)
    return joins


_GIVEN = re.compile(r"(?:first|given|fore)(?=name)|(?<=name)(?:first|given)")
_FAMILY = re.compile(r"(?:last|family|sur)(?=name)|(?<=name)(?:last|family)")
_PART_WORD = re.compile(r"(?:first|given|fore|last|family|sur)names?|names?(?:first|given|last|family)")
"""The words of a header (reduced by ``header_key``) naming a part of a name: firstname, name_last, surname,
givennames."""


def _stem(column: str) -> str:
    """A header without the words naming a part of a name: 'raw_inventor_name_first' and '_last' share theirs, as
    'Given names' and 'Surname' do."""
    return _PART_WORD.sub("", header_key(column), count=1)


def _template(kind: str) -> ColumnMapping:
    if kind not in KINDS:
        raise MappingError(f"kind must be one of {', '.join(KINDS)}")
    return load_mapping(kind)


def _evidence(kind: str, template: ColumnMapping, field: str, column: str, values: list[str],
              share: Callable[[str], float], *, by_values: bool) -> tuple[float, Source, str, str] | None:
    """(score, source, reason, reason in Korean) for ``column`` feeding ``field``, or None when nothing supports it
    or its values contradict it. ``share``: the share of ``values`` a field's checks pass (``_shares_passing``);
    ``by_values``: the field's own check is the only one its values pass (a date passes both of a patent's dates'
    checks: the header must choose)."""
    if _script_fit(field, values) is False or (_holds_words(kind, field) and _share_without_letters(values) >= 0.5):
        return None
    if _about_another(kind, column):  # 'raw_attorney_organization' is not the inventor's organisation
        return None
    if field in _WHOLE_NAMES and _NAME_PART.search(column):  # 'raw_inventor_name_first' is not the inventors
        return None
    n = len(values)
    if by_values:
        passed = share(field)
        if passed >= VALUES_NAME:
            k = round(passed * n)
            return (95.0 + 4 * _header_score(kind, template, field, column)[0] / 100, "values",
                    f"{k} of {n} values pass its check", f"값 {n}개 중 {k}개가 형식에 맞음")
    options = []
    for named in (field, _twin(field)):
        if named is None or named not in RECORD_TYPES[kind].model_fields:
            continue
        score, like = _header_score(kind, template, named, column)
        if score >= HEADER_MATCH and (named == field or _script_fit(named, values) is False):
            options.append((score if named == field else score - 1, named, like))
    if not options or share(field) < VALUES_AGREE:
        return None
    score, named, like = max(options)
    if named == field:
        return score, "header", f"its header is like {like!r}", f"열 이름이 {like!r}와(과) 비슷함"
    script = ("Hangul", "한글") if field.endswith("_ko") else ("Latin letters", "로마자")
    return (score, "header", f"its header is like {like!r} ({named}), and its values are in {script[0]}",
            f"열 이름이 {like!r}({named})와(과) 비슷하고 값이 {script[1]}임")


def _header_score(kind: str, template: ColumnMapping, field: str, column: str) -> tuple[float, str]:
    """How close ``column`` comes to the field's name, a template header for it or a hint (0-100), and which one."""
    best, like = 0.0, field
    key = header_key(column)
    noted = header_key(column, keep_note=True)
    words = set(_words(column))
    for name in dict.fromkeys([field, *template.columns.get(field, []), *_hints(kind).get(field, [])]):
        for own in {header_key(name), header_key(name, keep_note=True)}:
            if not own:
                continue
            score = max(fuzz.ratio(key, own), fuzz.ratio(noted, own))
            held = own in noted or (len(named := _words(name)) >= 2 and set(named) <= words)
            if held and len(own) >= (3 if has_hangul(own) else 4) and len(own) < len(noted):
                score = max(score, 85 + 15 * len(own) / len(noted))  # '대표홈페이지주소' holds '홈페이지'
            if score > best:
                best, like = score, name
    return best, like


@cache
def _hints(kind: str) -> dict[str, list[str]]:
    """Headers the templates do not name (``mappings/header_hints.yaml``), per field of ``kind``."""
    text = resources.files("loaders.mappings").joinpath("header_hints.yaml").read_text(encoding="utf-8")
    hints: dict[str, list[str]] = (yaml.safe_load(text) or {}).get(kind) or {}
    return hints


def _words(header: str) -> list[str]:
    """A header's words: 'filing/creation date' -> filing, creation, date."""
    return [w for w in _NOT_A_WORD.split(header.casefold()) if w]


_NOT_A_WORD = re.compile(r"[\W_]+")


def _twin(field: str) -> str | None:
    if field.endswith("_ko"):
        return field[:-3] + "_en"
    if field.endswith("_en"):
        return field[:-3] + "_ko"
    return None


def _script_fit(field: str, values: list[str]) -> bool | None:
    """For a field in one script (``*_ko``, ``*_en``): whether most values are written in it; else None."""
    if not field.endswith(("_ko", "_en")):
        return None
    hangul = sum(has_hangul(v) for v in values) / len(values)
    return hangul >= 0.5 if field.endswith("_ko") else hangul <= 0.1


_WHOLE_NAMES = frozenset({"name_ko", "name_en", "inventors", "authors", "author_full_names", "person", "people"})
"""Fields of whole names (a person's or several people's)."""
_NAME_PART = re.compile(r"(?:^|[^a-z])(?:first|last|given|family|middle|sur|fore)[\W_]*names?(?:$|[^a-z])|"
                        r"(?:^|[^a-z])name[\W_]*(?:first|last|given|family|middle)(?:$|[^a-z])|"
                        r"(?:^|[^a-z])(?:surname|forename)(?:$|[^a-z])", re.IGNORECASE)
"""A header naming a part of a name (first_name, name_last, Surname): not a whole name."""

_NUMBERS_OR_CODES = ("_code", "_number", "phone", "_ids", "_orcids")
"""Endings of the free-text fields whose values may be bare numbers (a KSIC code, a project number)."""


@cache
def _holds_words(kind: str, field: str) -> bool:
    """Whether the field holds names or text (it takes a name and a number alike, and its name says no number or
    code): a column of bare numbers does not feed it ('inventor_sequence' is not the inventors)."""
    template = load_mapping(kind)
    return (not field.endswith(_NUMBERS_OR_CODES)
            and _share_passing(kind, template, field, ["Hanbit Optics", "12345"]) == 1.0)


def _share_without_letters(values: list[str]) -> float:
    return sum(not any(c.isalpha() for c in v) for v in values) / len(values)


_OTHER_PARTIES = {
    "people": ({"patent", "attorney", "agent", "assignee", "coinventor", "examiner", "manager",
                "supervisor", "advisor", "adviser", "journal", "paper", "article", "referee", "spouse"},
               ("대리인", "출원인", "지도교수", "특허", "논문")),
    "organizations": ({"ceo", "president", "representative", "contact", "manager", "founder", "inventor",
                       "parent", "customer", "client", "supplier"}, ("대표자", "담당자", "모회사", "고객", "거래처")),
    "patents": ({"attorney", "agent", "examiner"}, ("대리인", "심사관")),
}
"""Per kind, words of a header that say the column is about someone or something other than the row's record
(a patent file's 'patent_title' in a people file, an attorney's name, a company's CEO), Latin words whole and
Hangul words anywhere in the header: such a column feeds no field by a guess."""


def _about_another(kind: str, column: str) -> bool:
    words, hangul = _OTHER_PARTIES.get(kind, (set(), ()))
    return bool(words & set(_words(column))) or any(w in column for w in hangul)


@cache
def _takes_bare_numbers(kind: str, field: str) -> bool:
    """Whether the field's check passes a bare number of six to ten digits (a Scopus author id): values alone do not
    name such a field, whatever a column of patent or record numbers passes."""
    template = load_mapping(kind)
    return _share_passing(kind, template, field, ["123456", "12345678", "1234567890"]) > 0


@cache
def _has_own_check(kind: str, field: str) -> bool:
    """Whether the field refuses values of no particular shape (``_PROBES``): a number with a check, a code."""
    template = load_mapping(kind)
    return _share_passing(kind, template, field, list(_PROBES)) == 0.0


def _shares_passing(kind: str, template: ColumnMapping, values: list[str]) -> Callable[[str], float]:
    """``_share_passing`` of ``values`` per field, each worked out once for a column."""
    return cache(lambda field: _share_passing(kind, template, field, values))


def _share_passing(kind: str, template: ColumnMapping, field: str, values: list[str]) -> float:
    """The share of ``values`` the record's check of ``field`` accepts (split into items as the template splits
    the field's cells)."""
    record_type = RECORD_TYPES[kind]
    required = {f: "x" for f, spec in record_type.model_fields.items() if spec.is_required() and f != field}
    passed = 0
    for value in values:
        data = {**required, **template.apply({"value": value}, {field: "value"})}
        try:
            record_type.model_validate(data)
        except ValidationError as exc:
            if any(e["loc"][:1] == (field,) for e in exc.errors()):
                continue
        except (TypeError, ValueError):
            continue
        passed += 1
    return passed / len(values) if values else 0.0


def _text(value: object) -> str:
    if isinstance(value, list | tuple):  # a Parquet or JSONL list cell
        return "; ".join(t for v in value if (t := _text(v)))
    return "" if value is None else str(value).strip()
