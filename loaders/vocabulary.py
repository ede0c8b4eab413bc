"""The controlled vocabulary shipped with innolink: focus industries, technology concepts and IPC/CPC
subclass titles (Korean and English), and the graph nodes they become."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from graph.schema import Industry, RelatesTo, Technology
from loaders.person_titles import hangul_syllables
from loaders.validators import ipc_code, ipc_subclass

SOURCE = "innolink-vocabulary"


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("loaders.vocab").joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _split(value: str, sep: str = "|") -> list[str]:
    return [v.strip() for v in value.split(sep) if v.strip()]


@lru_cache(maxsize=100_000)
def slug(text: str) -> str:
    """A readable id fragment: lower case, words joined by '-', Hangul kept."""
    return re.sub(r"[^0-9a-z\uac00-\ud7a3]+", "-", text.lower()).strip("-")[:80] or "x"


def industry_id(slug_: str) -> str:
    return f"ind:{slug_}"


IPC_PREFIX = "tec:ipc-"


def ipc_technology_id(subclass: str) -> str:
    return f"{IPC_PREFIX}{subclass}"


def ipc_technology_ids(codes: Iterable[str]) -> list[str]:
    """The technology ids of IPC codes as people write them (G01S 7/48, g01s); ValueError naming a bad one."""
    return list(dict.fromkeys(ipc_technology_id(ipc_subclass(ipc_code(code))) for code in codes if code.strip()))


def concept_technology_id(concept: str) -> str:
    return f"tec:{concept}"


def keyphrase_technology_id(phrase: str) -> str:
    """Korean compounds are written with or without spaces (자율주행 차량 / 자율주행차량): one id for both."""
    text = phrase.replace(" ", "") if re.search(r"[\uac00-\ud7a3]", phrase) else phrase
    return f"tec:kw-{slug(text)}"


@dataclass(frozen=True)
class Concept:
    slug: str
    label_en: str
    label_ko: str
    synonyms_en: tuple[str, ...]
    synonyms_ko: tuple[str, ...]
    industries: tuple[str, ...]

    @property
    def technology_id(self) -> str:
        return concept_technology_id(self.slug)


_TITLE_PARTS = re.compile(r"[;:()]")
_GENERIC_TITLE_WORDS = frozenset({
    "identification", "navigation", "transformers", "containers", "photography", "cinematography", "projectors",
    "transmission", "separation", "evaporation", "diagnosis", "thickness", "generators", "converters", "filters",
    "concrete", "cylinders", "accelerators", "conductors"})
"""Single title words that ordinary prose uses in other senses ('transformers' in machine learning, 'concrete
example', 'fault diagnosis')."""


@dataclass(frozen=True)
class IpcEntry:
    code: str
    label_en: str
    label_ko: str
    industries: tuple[str, ...]

    def phrases(self) -> tuple[list[str], list[str], list[str]]:
        """The phrases of its title that name it in text: (English, Korean, acronyms).

        A title is cut at ';', ':' and brackets ('Separation (filtration; evaporation; gas purification)').
        Kept: English parts of two words or more, single words of seven letters or more that are not verbs
        ('-ing') nor generic; Korean parts of two words or of three syllables or more ('반도체 장치', '연료전지';
        not '혼합', '표시'); upper-case acronyms (MEMS). Indexing schemes, 'details of …', 'use of …' and
        'general …' titles name no technology a text would."""
        if "indexing scheme" in self.label_en.lower():
            return [], [], []
        english, korean, acronyms = [], [], []
        for part in (p.strip() for p in _TITLE_PARTS.split(self.label_en)):
            words = part.split()
            lowered = part.lower()
            if not words or lowered.startswith(("details of", "use of", "general", "other", "former")):
                continue
            if len(words) == 1 and len(part) >= 2 and part.isupper():
                acronyms.append(part)
            elif len(words) >= 2 or (len(part) >= 7 and not lowered.endswith(("ing", "ings"))
                                     and lowered not in _GENERIC_TITLE_WORDS):
                english.append(part)
        for part in (p.strip() for p in _TITLE_PARTS.split(self.label_ko)):
            if part and not part.endswith("세부") and not part.startswith(("일반", "기타", "구 ")) and (
                    " " in part or hangul_syllables(part) >= 3):
                korean.append(part)
        return english, korean, acronyms


@dataclass
class Vocabulary:
    industries: dict[str, Industry] = field(default_factory=dict)
    concepts: list[Concept] = field(default_factory=list)
    ipc: dict[str, IpcEntry] = field(default_factory=dict)
    _ipc_nodes: dict[str, Technology] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls) -> Vocabulary:
        vocab = cls()
        for row in _rows("industries.csv"):
            vocab.industries[row["slug"]] = Industry(
                id=industry_id(row["slug"]), name_ko=row["name_ko"], name_en=row["name_en"],
                ksic_codes=_split(row["ksic_codes"], ";"), focus=True, source=SOURCE, source_record_id=row["slug"],
            )
        for row in _rows("concepts.csv"):
            vocab.concepts.append(Concept(
                row["slug"], row["label_en"], row["label_ko"], tuple(_split(row["synonyms_en"])),
                tuple(_split(row["synonyms_ko"])), tuple(_split(row["industries"], ";")),
            ))
        for row in _rows("ipc_subclasses.csv"):
            vocab.ipc[row["code"]] = IpcEntry(row["code"], row["label_en"], row["label_ko"],
                                              tuple(_split(row["industries"], ";")))
        return vocab

    @property
    def version(self) -> str:
        """Changes whenever the vocabulary does (keys the technology-extraction cache)."""
        text = repr((sorted(self.industries), self.concepts, sorted(self.ipc.items())))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def concept_technologies(self) -> list[Technology]:
        return [
            Technology(id=c.technology_id, label_en=c.label_en, label_ko=c.label_ko, scheme="focus",
                       synonyms=sorted({*c.synonyms_en, *c.synonyms_ko} - {c.label_en, c.label_ko}),
                       source=SOURCE, source_record_id=f"concept:{c.slug}")
            for c in self.concepts
        ]

    def ipc_technology(self, subclass: str) -> Technology:
        """The Technology node for an IPC/CPC subclass; unknown subclasses are labelled by their code.
        Built once per subclass (nodes are never changed in place, only copied)."""
        node = self._ipc_nodes.get(subclass)
        if node is None:
            node = self._ipc_nodes[subclass] = self._make_ipc_technology(subclass)
        return node

    def _make_ipc_technology(self, subclass: str) -> Technology:
        entry = self.ipc.get(subclass)
        return Technology(
            id=ipc_technology_id(subclass), code=subclass, scheme="ipc",
            label_en=f"{subclass}: {entry.label_en}" if entry else f"IPC {subclass}",
            label_ko=f"{subclass}: {entry.label_ko}" if entry else None,
            source=SOURCE, source_record_id=f"ipc:{subclass}",
        )

    def relations(self) -> list[RelatesTo]:
        """Technology → focus industry links for every concept and known IPC subclass."""
        edges = [
            RelatesTo(src=c.technology_id, dst=industry_id(i), weight=1.0, source=SOURCE,
                      source_record_id=f"concept:{c.slug}")
            for c in self.concepts for i in c.industries
        ]
        edges += [
            RelatesTo(src=ipc_technology_id(code), dst=industry_id(i), weight=0.8, source=SOURCE,
                      source_record_id=f"ipc:{code}")
            for code, entry in self.ipc.items() for i in entry.industries
        ]
        return edges

    def industry_for_text(self, text: str) -> str | None:
        """The focus industry a free-text label names (its slug, Korean or English name), if any."""
        key = slug(text)
        for industry_slug, node in self.industries.items():
            if key in (industry_slug, slug(node.name_ko or ""), slug(node.name_en or "")):
                return industry_slug
        return None
