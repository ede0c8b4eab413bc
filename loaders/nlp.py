"""Technology extraction: maps titles, abstracts and descriptions (Korean or English) to Technology nodes.

Two spaCy pipelines, built once and passed in (``TechnologyExtractor``):
- Korean: a blank multi-language pipeline whose tokenizer is kiwipiepy (morphemes, with POS tags), so
  '자율주행차량용 라이다 센서' becomes 자율 / 주행 / 차량 / 용 / 라이다 / 센서 and the gazetteer entry
  '자율주행' (자율 / 주행) matches inside the compound.
- English: spaCy's tokenizer with lookup lemmas (spacy-lookups-data), matched on a lower-cased copy;
  acronyms (LED, ESS, LiDAR) match case-sensitively on the original text.
A PhraseMatcher gazetteer holds the focus-industry concepts; keyphrases (noun runs) are candidates that the
loader keeps only when several records share them. Results are cached by content hash.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
import signal
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from kiwipiepy import Kiwi
from spacy.attrs import IS_ALPHA, IS_STOP, LEMMA, LENGTH, ORTH, SPACY
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from loaders.vocabulary import IPC_PREFIX, Vocabulary, ipc_technology_id, keyphrase_technology_id

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KO_NOUN_TAGS = {"NNG", "NNP", "SL", "SH", "NR"}
_KO_NAME_TAGS = {"NNP"}
"""Proper nouns: names of organisations and places, not technologies."""
_KO_STOP = set(
    "방법 장치 장비 시스템 구조 형성 제조 이용 포함 기반 본 발명 실시 실시예 상기 및 등 제공 위 것 수 경우 적어도 하나 "
    "복수 단계 부 부재 유닛 모듈 일 측 내 외 간 상 하 후 전 개 제 각 해당 또는 의 대한 관한 관련 효과 목적 특징 "
    "연구 연구실 분야 개발 전문 기업 기관 지역 소재 과제 실증 공동 성능 향상 신호 처리 제어부 용 기술 "
    "대표이사 대표 이사 CEO CTO 교수 부교수 조교수 연구원 책임연구원 선임연구원 박사 팀장 소장 센터장".split()
)
_EN_STOP = set(
    "method methods apparatus device devices system systems present invention embodiment embodiments "
    "comprising comprise thereof wherein first second plurality unit portion part member provide provided "
    "include including use using based said such least one two also may can herein same example improved "
    "proposed novel new high low efficient thereof product products experiment experiments accuracy efficiency "
    "performance study apparatu technology technologies develop develops developed developing development "
    "module modules".split()
)
_ACRONYM = re.compile(r"[A-Z].*[A-Z]|^[A-Z]{2,}")
RULES_VERSION = "6"
"""Bump when the extraction rules change: it is part of the cache key, so old results are not reused."""


@dataclass(frozen=True)
class TechHit:
    """One technology found in a record's text."""

    technology_id: str
    weight: float
    extractor: str
    """gazetteer or keyphrase"""
    label: str


class KiwiTokenizer:
    """A spaCy tokenizer that splits Korean into kiwipiepy morphemes (POS tag kept in ``token.tag_``)."""

    def __init__(self, vocab: Vocab, kiwi: Kiwi) -> None:
        self.vocab = vocab
        self.kiwi = kiwi

    def _doc(self, text: str, tokens: Sequence[object]) -> Doc:
        words, spaces, tags = [], [], []
        for i, token in enumerate(tokens):
            words.append(token.form)  # type: ignore[attr-defined]
            tags.append(token.tag)  # type: ignore[attr-defined]
            end = token.start + token.len  # type: ignore[attr-defined]
            nxt = tokens[i + 1].start if i + 1 < len(tokens) else len(text)  # type: ignore[attr-defined]
            spaces.append(nxt > end)
        return Doc(self.vocab, words=words, spaces=spaces, tags=tags)

    def __call__(self, text: str) -> Doc:
        text = _detach_full_stops(text)
        return self._doc(text, self.kiwi.tokenize(text))

    def pipe(self, texts: Iterable[str]) -> list[Doc]:
        texts = [_detach_full_stops(t) for t in texts]
        return [self._doc(t, toks) for t, toks in zip(texts, self.kiwi.tokenize(texts), strict=True)]


_LATIN_FULL_STOP = re.compile(r"(?<=[A-Za-z])\.(?=\s|$)")


def _detach_full_stops(text: str) -> str:
    """kiwipiepy cuts a Latin word that ends a sentence in two ('transistors.' → 'transist' + 'ors.'): the full
    stop is set apart first ('transistors .'), as a comma already is."""
    return _LATIN_FULL_STOP.sub(" .", text) if "." in text else text


class ExtractionCache:
    """Extraction results keyed by a content hash, in SQLite, so re-loading a file skips the NLP."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> dict[str, list[TechHit]]:
        found: dict[str, list[TechHit]] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start:start + 500])
                marks = ",".join("?" * len(chunk))
                for key, value in self._db.execute(f"SELECT key, value FROM hits WHERE key IN ({marks})", chunk):
                    found[key] = [TechHit(*item) for item in json.loads(value)]
        return found

    def put_many(self, items: dict[str, list[TechHit]]) -> None:
        rows = [(k, json.dumps([[h.technology_id, h.weight, h.extractor, h.label] for h in v], ensure_ascii=False))
                for k, v in items.items()]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO hits VALUES (?, ?)", rows)
            self._db.commit()

    def close(self) -> None:
        self._db.close()


_FORKED: TechnologyExtractor | None = None


def _ignore_interrupts() -> None:
    """In a forked worker: Ctrl-C is the parent's to handle (it stops the load and ends the pool), not each
    worker's to print a traceback of."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract_in_fork(chunk: list[Sequence[str]]) -> list[list[TechHit]]:
    assert _FORKED is not None
    return _FORKED._extract(chunk)


class TechnologyExtractor:
    """Finds technologies in record texts. Build once (it loads kiwipiepy and spaCy) and reuse."""

    def __init__(self, vocabulary: Vocabulary, *, cache: ExtractionCache | None = None, workers: int = 2,
                 max_keyphrases: int = 5, processes: int = 1) -> None:
        self.vocabulary = vocabulary
        self.processes = processes
        self.cache = cache
        self.max_keyphrases = max_keyphrases
        self.en = spacy.blank("en")
        self.en.add_pipe("lemmatizer", config={"mode": "lookup"})
        self.en.initialize()
        table = self.en.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
        self.en.replace_pipe("lemmatizer", "innolink_lookup_lemmas")
        self.en.get_pipe("lemmatizer").table = table  # type: ignore[attr-defined] # replace_pipe keeps the name
        self.ko = spacy.blank("xx")
        self.kiwi = Kiwi(num_workers=workers)
        self.ko_tokenizer = KiwiTokenizer(self.ko.vocab, self.kiwi)
        self.ko.tokenizer = self.ko_tokenizer
        self._ko_matcher = PhraseMatcher(self.ko.vocab, attr="LOWER")
        self._en_matcher = PhraseMatcher(self.en.vocab, attr="LEMMA")
        self._acronyms = PhraseMatcher(self.en.vocab, attr="ORTH")
        self._labels: dict[str, str] = {}
        self._forms: dict[str, set[str]] = {}
        """Each gazetteer technology's surface forms, compacted: a keyphrase that is one of them is that technology
        (found by the gazetteer already), not a keyword of its own."""
        self._build_gazetteer()

    def _build_gazetteer(self) -> None:
        for concept in self.vocabulary.concepts:
            key = concept.technology_id
            self._labels[key] = concept.label_en
            english = {concept.label_en, *concept.synonyms_en}
            korean = {concept.label_ko, *concept.synonyms_ko}
            acronyms = {f for f in english | korean if not _HANGUL.search(f) and _ACRONYM.search(f)}
            acronyms |= {f + "s" for f in acronyms if f.isupper()}
            phrases = {f.lower() for f in english if f not in acronyms or len(f) > 3}
            self._en_matcher.add(key, list(self.en.pipe(sorted(phrases))))
            if acronyms:
                self._acronyms.add(key, [self.en.make_doc(a) for a in sorted(acronyms)])
            self._ko_matcher.add(key, self.ko_tokenizer.pipe(sorted(f.lower() for f in korean | english)))
            self._forms[key] = {_compact(f) for f in korean | english}
        for code, entry in sorted(self.vocabulary.ipc.items()):
            english_parts, korean_parts, acronym_parts = entry.phrases()
            key = ipc_technology_id(code)
            self._labels[key] = f"{code}: {entry.label_en}"
            if english_parts:
                self._en_matcher.add(key, list(self.en.pipe(sorted({f.lower() for f in english_parts}))))
            if acronym_parts:
                self._acronyms.add(key, [self.en.make_doc(a) for a in sorted(acronym_parts)])
            # a Korean text writes English terms too, as the concepts' Korean patterns allow
            self._ko_matcher.add(key, self.ko_tokenizer.pipe(sorted(
                {f.lower() for f in (*korean_parts, *english_parts, *acronym_parts)})))
            self._forms[key] = {_compact(f) for f in (*korean_parts, *english_parts, *acronym_parts)}

    # ------------------------------------------------------------------ public

    def cache_key(self, texts: Sequence[str], version: str | None = None) -> str:
        joined = "\x1f".join(texts)
        version = version or self.vocabulary.version
        return hashlib.sha256(f"{version}:{RULES_VERSION}\x00{joined}".encode()).hexdigest()[:32]

    def extract_many(self, records: Sequence[Sequence[str]], *, batch: int = 512,
                     progress: Callable[[int, int], None] | None = None) -> list[list[TechHit]]:
        """Technologies for each record, given its texts (title first). Cached by content; a large uncached
        English batch is shared between ``processes`` forked workers."""
        version = self.vocabulary.version  # hashing the vocabulary once per call, not once per record
        keys = [self.cache_key(texts, version) for texts in records]
        cached = self.cache.get_many(keys) if self.cache else {}
        first: dict[str, int] = {}  # equal texts are extracted once, at their first record
        for i, key in enumerate(keys):
            first.setdefault(key, i)
        todo = [i for key, i in first.items() if key not in cached]
        chunks = [[records[i] for i in todo[start:start + batch]] for start in range(0, len(todo), batch)]
        fresh: list[list[TechHit]] = []
        for part in self._extract_chunks(chunks):
            fresh.extend(part)
            if progress:
                progress(len(records) - len(todo) + len(fresh), len(records))
        results = {keys[i]: hits for i, hits in zip(todo, fresh, strict=True)}
        if self.cache and results:
            self.cache.put_many(results)
        return [cached.get(key) or results.get(key, []) for key in keys]

    def _extract_chunks(self, chunks: list[list[Sequence[str]]]) -> Iterator[list[list[TechHit]]]:
        """Chunk results in order: in forked processes when worth it and safe (no other Python thread to
        inherit a held lock from, and no Korean text: kiwipiepy's thread pool does not survive a fork)."""
        parallel = (self.processes > 1 and len(chunks) >= 2 * self.processes and threading.active_count() == 1
                    and "fork" in multiprocessing.get_all_start_methods()
                    and not any(_HANGUL.search(text) for chunk in chunks for texts in chunk for text in texts))
        if not parallel:
            yield from (self._extract(chunk) for chunk in chunks)
            return
        global _FORKED  # noqa: PLW0603 - read by the forked workers, which inherit this process's memory
        _FORKED = self
        try:
            with multiprocessing.get_context("fork").Pool(self.processes, initializer=_ignore_interrupts) as pool:
                yield from pool.imap(_extract_in_fork, chunks)
        finally:
            _FORKED = None

    def technologies(self, text: str) -> list[tuple[str, float]]:
        """Gazetteer technologies of one free text (a company's need), as (technology id, weight)."""
        (hits,) = self.extract_many([[text]])
        return [(h.technology_id, h.weight) for h in hits if h.extractor == "gazetteer"]

    # ------------------------------------------------------------------ work

    def _extract(self, records: Sequence[Sequence[str]]) -> list[list[TechHit]]:
        korean: list[tuple[int, bool, str]] = []
        english: list[tuple[int, bool, str]] = []
        for r, texts in enumerate(records):
            for position, text in enumerate(texts):
                if text and text.strip():
                    target = korean if _HANGUL.search(text) else english
                    target.append((r, position == 0, text))
        counts: list[Counter[str]] = [Counter() for _ in records]
        phrases: list[Counter[str]] = [Counter() for _ in records]
        ko_docs = self.ko_tokenizer.pipe(t for _, _, t in korean) if korean else []
        for (r, is_title, _), doc in zip(korean, ko_docs, strict=True):
            self._count(counts[r], self._ko_matcher(doc), doc, is_title)
            phrases[r].update(_korean_keyphrases(doc))
        for (r, is_title, text), doc in zip(english, self.en.pipe(t.lower() for _, _, t in english), strict=True):
            self._count(counts[r], self._en_matcher(doc), doc, is_title)
            if _UPPER_RUN.search(text):  # acronyms are matched case-sensitively, on the text as written
                original = self.en.make_doc(text)
                self._count(counts[r], self._acronyms(original), original, is_title)
            phrases[r].update(_english_keyphrases(doc))
        return [self._hits(c, p) for c, p in zip(counts, phrases, strict=True)]

    def _count(self, counts: Counter[str], matches: list[tuple[int, int, int]], doc: Doc, is_title: bool) -> None:
        seen: set[tuple[int, int, int]] = set()  # one count per technology and span (two may name one span)
        for match in matches:
            if match in seen:
                continue
            seen.add(match)
            counts[doc.vocab.strings[match[0]]] += 2 if is_title else 1

    def _hits(self, counts: Counter[str], phrases: Counter[str]) -> list[TechHit]:
        hits = [TechHit(key, _gazetteer_weight(key, n), "gazetteer", self._labels[key])
                for key, n in sorted(counts.items())]
        known = {form for h in hits for form in self._forms.get(h.technology_id, ())}
        ranked = sorted(phrases.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
        for phrase, _ in ranked[: self.max_keyphrases]:
            if _compact(phrase) not in known:  # '광학 렌즈' where the concept 광학 렌즈 (optical lens) was found
                hits.append(TechHit(keyphrase_technology_id(phrase), 0.4, "keyphrase", phrase))
        return hits

    def close(self) -> None:
        if self.cache:
            self.cache.close()


def _compact(text: str) -> str:
    return "".join(text.lower().split())


def _gazetteer_weight(key: str, mentions: int) -> float:
    """More mentions (a title's count twice) weigh more; an IPC subclass, broader than a concept, weighs less."""
    if key.startswith(IPC_PREFIX):
        return round(min(0.6, 0.3 + 0.1 * mentions), 3)
    return round(min(1.0, 0.5 + 0.15 * mentions), 3)


_UPPER_RUN = re.compile(r"[A-Z][A-Z0-9]")


def _korean_keyphrases(doc: Doc) -> list[str]:
    """Runs of 2–4 nouns (Korean or Latin) with generic patent words trimmed: '라이다 센서', '리튬이온 배터리'.
    English words inside Korean text count as nouns unless they are stop words ('We develop …')."""
    out: list[str] = []
    run: list[tuple[str, bool]] = []

    def flush() -> None:
        while run and run[0][0] in _KO_STOP:
            run.pop(0)
        while run and run[-1][0] in _KO_STOP:
            run.pop()
        if 2 <= len(run) <= 4 and all(len(w) > 1 or w.isascii() for w, _ in run):
            out.append("".join(w + (" " if space else "") for w, space in run).strip())
        run.clear()

    named = False
    for text, space, tag in _glued_words(doc):
        english_stop = tag == "SL" and (text.lower() in _EN_STOP or text.lower() in EN_STOP_WORDS)
        if tag in _KO_NOUN_TAGS and not english_stop:
            run.append((text, space))
            named = named or tag in _KO_NAME_TAGS
        else:
            if named:
                run.clear()
            flush()
            named = False
    if named:
        run.clear()
    flush()
    return out


def _glued_words(doc: Doc) -> list[tuple[str, bool, str]]:
    """(text, space after, tag) of the tokens, with the pieces Kiwi cuts from one written word put back: a
    prefix or determiner before a noun (초+음파 → 초음파, 전+고체 → 전고체), a number before Latin letters (3+D → 3D),
    Latin words joined by a hyphen (solid-state)."""
    words: list[tuple[str, bool, str]] = []
    prefix = ""
    for i, token in enumerate(doc):
        text, prefix = prefix + token.text, ""
        following = doc[i + 1] if i + 1 < len(doc) and not token.whitespace_ else None
        if following is not None and (
                (token.tag_ in ("XPN", "MM") and following.tag_ in _KO_NOUN_TAGS and following.tag_ != "SL")
                or (token.tag_ == "SN" and following.tag_ == "SL")):
            prefix = text
            continue
        if (following is not None and token.text == "-" and following.tag_ == "SL" and words
                and words[-1][2] == "SL" and not words[-1][1]):
            prefix = words.pop()[0] + "-"
            continue
        words.append((text, bool(token.whitespace_), token.tag_))
    return words


class LookupLemmas:
    """spaCy's lookup lemmatizer, on whole arrays: one table look-up per distinct word, not per token
    (the same lemmas, several times faster on long abstracts)."""

    def __init__(self) -> None:
        self.table: Any = None
        self._cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        strings, cache, table = doc.vocab.strings, self._cache, self.table
        orths = doc.to_array(ORTH).tolist()
        lemmas = []
        for orth in orths:
            lemma = cache.get(orth)
            if lemma is None:
                text = strings[orth]
                lemma = cache[orth] = strings.add(table.get(text, text))
            lemmas.append(lemma)
        doc.from_array([LEMMA], np.asarray(lemmas, dtype=np.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory("innolink_lookup_lemmas")
def _make_lookup_lemmas(nlp: Language, name: str) -> LookupLemmas:
    return LookupLemmas()


def _english_keyphrases(doc: Doc) -> list[str]:
    """Runs of 2–3 content words, a plural head noun in its singular: 'optical fibers' → 'optical fiber'; words
    joined by a hyphen are one ('solid-state battery'); a head ending in -ing or -a keeps it ('deep learning',
    'big data': the lemma table reads them as 'learn' and 'datum')."""
    out: list[str] = []
    run: list[tuple[str, str]] = []

    def phrase(words: list[tuple[str, str]]) -> str:
        return " ".join([w for w, _ in words[:-1]] + [words[-1][1]])

    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, LEMMA, IS_ALPHA, IS_STOP, LENGTH, SPACY]).tolist() if len(doc) else []
    hyphen = False  # the previous token was a hyphen glued to the word before it
    for i, row in enumerate([*rows, None]):
        if row is not None and strings[row[0]] == "-" and not row[5] and run and not rows[i - 1][5]:
            hyphen = True
            continue
        if row is not None and row[2] and row[4] > 2 and not row[3]:
            text, lemma = strings[row[0]], strings[row[1]]
            lemma = lemma if text.endswith("s") and text != lemma else text  # plural → singular, nothing else
            if hyphen:
                word, _ = run.pop()
                text = lemma = f"{word}-{text}"
            hyphen = False
            if lemma not in _EN_STOP and not text.endswith("ly"):
                run.append((text, lemma))
                continue
        hyphen = False
        if 2 <= len(run) <= 3:
            out.append(phrase(run))
        elif len(run) > 3:
            out.extend(phrase(run[i:i + 2]) for i in range(len(run) - 1))
        run = []
    return out
