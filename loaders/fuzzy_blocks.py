"""Name keys in blocks by their first two characters, with a best fuzzy match per query, batched.

``best(key)`` answers exactly what ``rapidfuzz.process.extractOne(key, block, scorer=fuzz.ratio,
score_cutoff=cutoff)`` would over the key's block in insertion order — the loader's fuzzy step for
organisation names. Asked one record at a time that is a Python call scanning the whole block per key,
quadratic in a load where thousands of names share a prefix ("Bench …", "University of …").

``expect(keys, additions)`` takes the keys a chunk of records is about to ask for and the keys it will add
(by default the same). It compares the queries, in rapidfuzz's ``cdist`` (C++, SIMD, every core), with the
keys already in their blocks and with the additions. Later ``best`` calls combine the two: the best key
present when the chunk began, and the best of the chunk's additions added since. A key added that
``expect`` was not told about makes its block fall back to the scan, as does a query it was not told
about, so answers never depend on what was announced.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

_SLICE = 2048
"""Query rows per cdist call: bounds its score matrix (2048 x block size)."""
_SLACK = 1
"""cdist scores are whole numbers (uint8: a quarter of float32's memory to fill and scan); candidates within
this of the cut-off are re-scored exactly."""

_THREADED_PAIRS = 200_000
"""Below this many pairs, starting cdist's threads costs more than it saves."""

Match = tuple[str, float]

_SOUNDS = str.maketrans("gkcqbpvfdtzrlx", "kkkkppppttjlls")
_SILENT = frozenset("aeiouhwy")


@lru_cache(maxsize=1 << 17)
def first_sounds(key: str) -> str:
    """A Latin key's first three consonant sounds (vowels, h, w, y dropped; g/k, b/p/f, d/t, j/ch, r/l alike), so
    romanisations of one name share it: jungang / joongang, sinhan / shinhan, gyobo / kyobo, haiteu / hite. Other
    keys, and keys with fewer than three consonants, by their first two characters."""
    if not key.isascii():
        return key[:2]
    sounds = [c for c in key.replace("ch", "j").translate(_SOUNDS) if c not in _SILENT]
    return "".join(sounds[:3]) if len(sounds) >= 3 else key[:2]


class FuzzyBlocks:
    """Keys (with the ids that carry them) in blocks by prefix; the best fuzzy match of a key in its block."""

    def __init__(self, cutoff: float, *, min_length: int = 3,
                 block_of: Callable[[str], str] = lambda key: key[:2]) -> None:
        self.cutoff = cutoff
        self.min_length = min_length
        self.block_of = block_of
        """A key's block (by default its first two characters)."""
        self.blocks: dict[str, dict[str, set[str]]] = defaultdict(dict)
        self._order: dict[str, int] = {}
        self._at_start: dict[str, Match | None] = {}
        """Expected key -> its best match among the keys its block held when ``expect`` ran."""
        self._near: dict[str, list[Match]] = {}
        """Expected key -> other expected keys (new to the block then) scoring at least the cut-off."""
        self._expected: set[str] = set()
        self._dirty: set[str] = set()

    def add(self, key: str, owner: str) -> None:
        if len(key) < self.min_length:
            return
        prefix = self.block_of(key)
        block = self.blocks[prefix]
        if key not in block:
            block[key] = set()
            self._order[key] = len(self._order)
            if key not in self._expected:
                self._dirty.add(prefix)
        block[key].add(owner)

    def discard(self, key: str, owner: str) -> None:
        """Take ``owner`` off ``key``; a key left without owners leaves its block (a later ``add`` puts it
        back as the newest key, as the scan would see it)."""
        block = self.blocks.get(self.block_of(key)) if len(key) >= self.min_length else None
        if not block or key not in block:
            return
        block[key].discard(owner)
        if not block[key]:
            del block[key]
            del self._order[key]

    def owners(self, key: str) -> set[str]:
        return self.blocks[self.block_of(key)][key]

    def best(self, key: str) -> Match | None:
        """The best-scoring key of ``key``'s block at or above the cut-off (earliest added among equals)."""
        prefix = self.block_of(key)
        block = self.blocks.get(prefix) if len(key) >= self.min_length else None
        if not block:
            return None
        if key not in self._at_start or prefix in self._dirty:
            found = process.extractOne(key, block.keys(), scorer=fuzz.ratio, score_cutoff=self.cutoff)
            return (found[0], float(found[1])) if found else None
        if key in block:
            return key, 100.0
        best = self._at_start[key]
        for other, score in self._near[key]:
            if other in block and (best is None or score > best[1]
                                   or (score == best[1] and self._order[other] < self._order[best[0]])):
                best = (other, score)
        return best

    def expect(self, keys: Iterable[str], additions: Iterable[str] | None = None) -> None:
        """Prepare ``best`` for these keys, which the coming records will query, and for ``additions``, the keys
        they will add in any order (by default the queried keys themselves). Only the pairs a query can meet are
        scored: a query against its block and against the additions new to it."""
        queried = self._by_prefix(keys)
        added = queried if additions is None else self._by_prefix(additions)
        self._at_start, self._near, self._dirty = {}, {}, set()
        self._expected = {key for group in added.values() for key in group}
        for prefix, group in queried.items():
            block = self.blocks.get(prefix, {})
            fresh = [key for key in group if key not in block]
            self._at_start.update((key, (key, 100.0)) for key in group if key in block)
            self._at_start.update(self._best_among(fresh, list(block)))
            near = self._pairs(fresh, fresh if additions is None else
                               [key for key in added.get(prefix, ()) if key not in block])
            for key in group:
                self._near[key] = near.get(key, [])

    def _by_prefix(self, keys: Iterable[str]) -> dict[str, list[str]]:
        by_prefix: dict[str, list[str]] = defaultdict(list)
        for key in dict.fromkeys(keys):
            if len(key) >= self.min_length:
                by_prefix[self.block_of(key)].append(key)
        return by_prefix

    # ------------------------------------------------------------------ batch scoring

    def _best_among(self, queries: list[str], choices: list[str]) -> dict[str, Match | None]:
        out: dict[str, Match | None] = dict.fromkeys(queries)
        if not choices:
            return out
        for rows, columns, scores in self._scored(queries, choices):
            for row, column in zip(*_nonzero(scores), strict=True):
                query, choice = rows[row], columns[column]
                score = fuzz.ratio(query, choice)
                current = out[query]
                if score >= self.cutoff and (current is None or score > current[1]):
                    out[query] = (choice, score)  # columns come in insertion order: equals keep the first
        return out

    def _pairs(self, keys: list[str], others: list[str]) -> dict[str, list[Match]]:
        """Each key -> the other keys of ``others`` scoring at least the cut-off with it."""
        near: dict[str, list[Match]] = defaultdict(list)
        if not keys or not others or (len(keys) < 2 and others == keys):
            return near
        for rows, columns, scores in self._scored(keys, others):
            for row, column in zip(*_nonzero(scores), strict=True):
                a, b = rows[row], columns[column]
                if a != b and (score := fuzz.ratio(a, b)) >= self.cutoff:
                    near[a].append((b, score))
        return near

    def _scored(self, queries: list[str], choices: list[str]
                ) -> Iterable[tuple[list[str], list[str], np.ndarray]]:
        """(query rows, choice columns in their original order, scores) for every pair whose lengths allow the
        cut-off. ``fuzz.ratio`` is 100·(1 − indel/(la + lb)) and indel ≥ |la − lb|, so a pair further apart in
        length than ``share``·(la + lb) cannot reach the cut-off: it is not scored, and no answer changes."""
        share = 1 - self.cutoff / 100
        lengths = np.fromiter((len(c) for c in choices), dtype=np.float64, count=len(choices))
        by_length: dict[int, list[str]] = defaultdict(list)
        for query in queries:
            by_length[len(query)].append(query)
        for length, group in by_length.items():
            low, high = length * (1 - share) / (1 + share), length * (1 + share) / max(1 - share, 1e-9)
            picked = np.flatnonzero((lengths >= low - 1e-6) & (lengths <= high + 1e-6))
            if not picked.size:
                continue
            columns = [choices[i] for i in picked]
            for start in range(0, len(group), _SLICE):
                rows = group[start:start + _SLICE]
                workers = -1 if len(rows) * len(columns) >= _THREADED_PAIRS else 1
                yield rows, columns, process.cdist(rows, columns, scorer=fuzz.ratio, dtype=np.uint8, workers=workers,
                                                   score_cutoff=max(0, int(self.cutoff) - _SLACK))


def _nonzero(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero`` of a sparse score matrix, in the same (row-major) order: the rows holding a score are
    found first (``any`` is vectorised; ``nonzero`` over the whole matrix took ~60 ms per 2048 x 10,000 slice)."""
    rows = np.flatnonzero(scores.any(axis=1))
    if not rows.size:
        return rows, rows
    within, columns = np.nonzero(scores[rows])
    return rows[within], columns


class BlockedTwice:
    """Keys in two blockings at once, by first two characters and, for Latin keys, by first consonant sounds:
    a typo in an early consonant (eletronics) keeps the first, a romanisation variant (joongang / jungang) the
    second. The best match is the better of the two blockings' (the first's among equals). Same interface as
    FuzzyBlocks."""

    def __init__(self, cutoff: float) -> None:
        self.by_letters = FuzzyBlocks(cutoff)
        self.by_sounds = FuzzyBlocks(cutoff, block_of=first_sounds)

    def add(self, key: str, owner: str) -> None:
        self.by_letters.add(key, owner)
        if key.isascii():
            self.by_sounds.add(key, owner)

    def discard(self, key: str, owner: str) -> None:
        self.by_letters.discard(key, owner)
        if key.isascii():
            self.by_sounds.discard(key, owner)

    def owners(self, key: str) -> set[str]:
        return self.by_letters.owners(key)

    def best(self, key: str) -> Match | None:
        letters = self.by_letters.best(key)
        sounds = self.by_sounds.best(key) if key.isascii() else None
        return sounds if sounds is not None and (letters is None or sounds[1] > letters[1]) else letters

    def expect(self, keys: Iterable[str], additions: Iterable[str] | None = None) -> None:
        keys = list(keys)
        additions = None if additions is None else list(additions)
        self.by_letters.expect(keys, additions)
        self.by_sounds.expect([k for k in keys if k.isascii()],
                              None if additions is None else [k for k in additions if k.isascii()])
