"""Organisations known by their initials: 'TLHM' and 'TUNG LUNG HARDWARE MANUFACTURING', 케이알엠 (spelt letters:
KRM) and 'Korea Robot Manufacturing Co., Ltd.'. A name that is an acronym and a name whose words' initials spell it
are only a candidate pair (a few letters are shared by many names): ``OrganizationIndex`` sends a pair to review
when one organisation alone answers. On DART's listed companies (Hangul names, then English names, no codes) this
raised 11 review pairs a load had no other reason for, 8 of them one company (SBS, GKL, 케이알엠, 케이씨티); with
Latin acronyms of four letters or more only (``LATIN_ACRONYM_MIN``), 4 pairs, all one company."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from functools import lru_cache

from loaders.normalize import LETTER_SYLLABLES, compact_key, has_hangul, spell_letters, strip_legal_forms

ACRONYM_LENGTHS = range(3, 7)
"""Initials of three to six words: shorter ones name too many organisations; longer names are not shortened so."""
LATIN_ACRONYM_MIN = 4
"""Three capitals name too many organisations worldwide: of PatentsView's assignees, 30 pairs of a three-letter
name and a name with those initials were raised and about 8 were one organisation (SMC: Sony Mobile
Communications, Super Micro Computer…). Three letters spelt in Hangul (케이씨티: KCT) are a name chosen to be read
as letters, and stay candidates."""
SKIPPED_WORDS = frozenset({"and", "the", "of", "for"})
"""Left out of initials, as institutes' acronyms leave them (GIST, KAIST, KIAT); on PATSTAT and DART leaving out
'of' and 'for' too changed no review pair."""
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[A-Z]")
"""A word, camel case split ('InternationalDisplaySolutions': three words, as 아이디에스 spells IDS)."""
_CAPITALS = re.compile(r"[A-Z]+")


@lru_cache(maxsize=1 << 16)
def initials(name: str, without: Collection[str] = SKIPPED_WORDS) -> str | None:
    """The initials of a Latin name's words, legal forms and the words ``without`` left out ('Korea Robot
    Manufacturing Co., Ltd.' → 'krm', 'InternationalDisplaySolutionsCo.,Ltd.' → 'ids'); None for a name in Hangul
    or of fewer than three words."""
    if has_hangul(name):
        return None
    words = [w for w in _WORD.findall(strip_legal_forms(name)) if w.lower() not in without]
    letters = "".join(w[0] for w in words).lower()
    return letters if len(words) >= 3 and len(letters) in ACRONYM_LENGTHS else None


@lru_cache(maxsize=1 << 16)
def acronym(name: str) -> str | None:
    """The letters of a name that is an acronym: four capitals or more ('TLHM', 'K.P.T.U.'), or a Hangul name that
    spells Latin letters only (케이알엠 → 'krm'); None otherwise."""
    stripped = strip_legal_forms(name).strip()
    if has_hangul(stripped):
        compact = compact_key(stripped)
        parts = spell_letters(compact) if LETTER_SYLLABLES.issuperset(compact) else []
        letters = parts[0][1] if len(parts) == 1 and parts[0][0] else ""
    else:
        letters = stripped.replace(".", "").replace(" ", "")
        letters = letters.lower() if _CAPITALS.fullmatch(letters) and len(letters) >= LATIN_ACRONYM_MIN else ""
    return letters if len(letters) in ACRONYM_LENGTHS else None


class AcronymIndex:
    """Organisations by the acronyms they are named by, and by their names' initials."""

    def __init__(self) -> None:
        self._by_acronym: dict[str, set[str]] = defaultdict(set)
        self._by_initials: dict[str, set[str]] = defaultdict(set)
        self._of_owner: dict[str, set[tuple[bool, str]]] = defaultdict(set)

    def add(self, owner: str, names: Iterable[str]) -> None:
        for name in names:
            for is_acronym, letters in ((True, acronym(name)), (False, initials(name))):
                if letters is not None:
                    (self._by_acronym if is_acronym else self._by_initials)[letters].add(owner)
                    self._of_owner[owner].add((is_acronym, letters))

    def forget(self, owner: str) -> None:
        for is_acronym, letters in self._of_owner.pop(owner, ()):
            (self._by_acronym if is_acronym else self._by_initials)[letters].discard(owner)

    def candidates(self, names: Iterable[str]) -> dict[str, str]:
        """Organisations whose names' initials spell one of ``names`` (an acronym), or that are named by the
        acronym one of ``names`` spells: owner -> the letters."""
        found: dict[str, str] = {}
        for name in names:
            if (letters := acronym(name)) is not None:
                found.update(dict.fromkeys(sorted(self._by_initials.get(letters, ())), letters))
            if (letters := initials(name)) is not None:
                found.update(dict.fromkeys(sorted(self._by_acronym.get(letters, ())), letters))
        return found
