"""Name normalisation for entity resolution: organisations (legal forms, width, spacing, case, Hangul ↔
English) and people (Hangul names and their many romanisations).

The vocab tables (``loaders/vocab``) are loaded once by ``NameNormalizer`` and passed to whoever needs them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice, product

from cleanco import prepare_default_terms
from cleanco.clean import normalized, strip_punct, strip_tail
from cleanco.non_nfkd_map import NON_NFKD_MAP
from korean_romanizer.romanizer import Romanizer

from loaders.syllables import FOLDED_INITIAL, two_syllables

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_NOT_WORD = re.compile(r"[^0-9a-z\uac00-\ud7a3]+")
_SPACES = re.compile(r"\s+")
_KO_LEGAL_FORMS = re.compile(
    r"\(\s*(주|유|사|재|합|株)\s*\)|㈜|㈔|㈕|주식\s*회사|유한\s*책임\s*회사|유한\s*회사|사단\s*법인|재단\s*법인|"
    r"합자\s*회사|합명\s*회사|농업\s*회사\s*법인|영농\s*조합\s*법인|협동\s*조합"
)
_SPELT_LEGAL_FORMS = re.compile(
    r"\b(?:kabushiki|yugen|godo|gomei|goshi)\s*kaisha\b|\baktiengesellschaft\b|\bkommanditgesellschaft\b|"
    r"\bgesellschaft\s+mit\s+beschr(?:ä|ae|a)nkter\s+haftung\b|\baktiebolag(?:et)?\b|\(\s*publ\s*\)|"
    r"\bpublic\s+limited\s+company\b|\bpublic\s+company\s+limited\b", re.I)
"""Legal forms spelt out, before or after the name (Kabushiki Kaisha Toshiba, Canon Kabushiki Kaisha: 株式会社 as
주식회사 is; Siemens Aktiengesellschaft; Ericsson (publ)), as US patents name their assignees."""
_SHORT_LEGAL_FORMS = {"co", "ag", "nv", "bv", "sa", "kk", "ab", "oy", "lp", "sl"}
_LEGAL_TERMS = [
    term for term in prepare_default_terms()
    if len("".join(term[1])) > 2 or "".join(term[1]) in _SHORT_LEGAL_FORMS
]
"""cleanco's legal forms without the two-letter ones that are also Korean company acronyms (EV, KT, EE, PT…)."""
_TERMS_BY_LAST_WORD: dict[str, list[tuple[int, int, list[str]]]] = {}
for _position, (_size, _parts) in enumerate(_LEGAL_TERMS):
    _TERMS_BY_LAST_WORD.setdefault(_parts[-1], []).append((_position, _size, _parts))


_ASCII_REMAPPED = any(c.isascii() for c in NON_NFKD_MAP)


def _normalized(name: str) -> str:
    """cleanco's ``normalized`` (casefold, NFKD, accents and some letters mapped): an ASCII name only folds case."""
    return name.lower() if name.isascii() and not _ASCII_REMAPPED else str(normalized(name))


def _strip_suffix_terms(name: str) -> str:
    """``cleanco.basename(name, terms=_LEGAL_TERMS)`` (its default: suffixes only), answered the same way.

    cleanco tries each of its ~600 terms in order against the name's last words, removing each that matches
    and going on with the next term. Only a term ending in the name's current last word can match, so this
    looks those up by that word and takes the first one at or after the position reached: the same removals
    in the same order, without comparing every term (measured here: ~40 µs of a company row's load).
    """
    name = strip_tail(name)
    parts = name.split()
    normal = [strip_punct(part) for part in _normalized(name).split()]
    reached = 0
    while normal:
        match = next((term for term in _TERMS_BY_LAST_WORD.get(normal[-1], ())
                      if term[0] >= reached and normal[-term[1]:] == term[2]), None)
        if match is None:
            break
        reached, size, _ = match
        reached += 1
        del normal[-size:]
        del parts[-size:]
    return str(strip_tail(" ".join(parts)))


_TERM_LETTER = re.compile("[" + re.escape("".join(sorted(
    {form for _, parts in _LEGAL_TERMS for c in "".join(parts) if c.isalpha() for form in (c.lower(), c.upper())}
))) + "]")
"""Any letter cleanco's legal terms are spelt with (Latin, a few Cyrillic): without one, nothing to strip."""
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Za-z][.\s]){1,3}[A-Za-z]\b\.?(?=\s*$|\s*,)")
"""Trailing dotted or spaced initials, as in 'PHILIPS N.V.' or 'PHILIPS N V', written as one legal form."""
_ABBREVIATIONS = {"inst": "institute", "univ": "university", "natl": "national", "res": "research",
                  "tech": "technology", "technol": "technology", "elec": "electronics", "intl": "international",
                  "internat": "international", "inds": "industries", "mfg": "manufacturing",
                  "konink": "koninklijke", "koninkl": "koninklijke", "mij": "maatschappij"}
"""Short forms spelt out before names are compared: those of research names, and the ones patent offices write
applicants' names with (PATSTAT's 'KONINK PHILIPS', 'SHELL INTERNAT RES MIJ'; 'Hyundai Heavy Inds')."""
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b\.?", re.I)
_SERIES = re.compile(r"제?(\d+)호")
"""A numbered fund, SPAC or REIT in a Korean name ('제12호'): 'No.12' in its English name."""
_GLUED_LEGAL_FORM = re.compile(r"(?<=[A-Za-z0-9&])(?:(?i:co\.?,?\s*ltd\.*|inc\.|corp\.|co\.)|(?<=[a-z])(?:Inc|Corp)\.?|"
                               r"(?<=[A-Za-z])(?:Corporation|Company))\s*$")
"""A legal form written without a space before it ('BIXOLONCo.,Ltd', 'PULOONTECHNOLOGYINC.', 'SeoulAuctionCo.Ltd..'):
only with its dot, or in camel case ('SiliconFileTechnologiesInc', 'ELKCorporation'), so a name that merely ends in
those letters ('Telco') keeps them."""
_ZERO_FOR_O = re.compile(r"\bC0(?=[.,\s][.,\s]*LTD)", re.I)
"""'CNH C0., LTD.': a zero typed for the O of Co."""
_UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
               "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty")
_NUMBER_WORD = re.compile(r"\b(?:(" + "|".join(_TENS_WORDS) + r")(?:[\s-]?(" + "|".join(_UNIT_WORDS) + r"))?|("
                          + "|".join(_TEEN_WORDS + _UNIT_WORDS) + r"))\b|\b(\d+)(?:st|nd|rd|th)\b", re.I)
"""Numbers written as words or ordinals ('Hana Financial Twenty-three SPAC', 'Hanwha SV Meister 1st SPAC'): a
numbered fund's or SPAC's English name, where its Hangul name writes digits (23호, 제1호)."""


def _number_value(match: re.Match[str]) -> str:
    tens, unit, single, ordinal = match.groups()
    if ordinal:
        return ordinal
    if tens:
        return str(20 + 10 * _TENS_WORDS.index(tens.lower()) + (_UNIT_WORDS.index(unit.lower()) + 1 if unit else 0))
    word = single.lower()
    return str(_UNIT_WORDS.index(word) + 1 if word in _UNIT_WORDS else 10 + _TEEN_WORDS.index(word))


_PLURAL = re.compile(r"\b([a-z]{3,}?)(?:(?<=[a-z]{3})(ies)|(?<![siu])s)\b", re.I)
"""A plural word's ending (Systems, Materials, Technologies): spelt in one name and not in another of the same
organisation (Sun Microsystem / Sun Microsystems, Toshiba Silicone / Silicones)."""


def singular(name: str) -> str:
    """``name`` with its words' plural endings dropped ('Cabletron Systems' → 'Cabletron System',
    'Technologies' → 'Technology'); not -ss, -us, -is (Glass, Campus, Analysis), nor four capitals or fewer
    (SKCS)."""
    return _PLURAL.sub(_singular_word, name)


def _singular_word(match: re.Match[str]) -> str:
    word, stem, ies = match.group(0), match.group(1), match.group(2)
    if word.isupper() and len(stem) < 4:  # SKCS, LABS: capitals this short are as likely letters as a plural
        return word
    return stem + ("" if not ies else "y" if ies.islower() else "Y")


_EN_NOISE = re.compile(r"\b(co|corp|inc|ltd|llc|plc|the|and|company|corporation|limited|incorporated)\b\.?", re.I)


def fold(text: str) -> str:
    """NFKC (full-width → half-width, ㈜ → (주)), lower case, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


@lru_cache(maxsize=200_000)
def strip_legal_forms(name: str) -> str:
    """Remove Korean and international legal forms: (주)한빛광학 → 한빛광학, Hanbit Optics Co., Ltd. → Hanbit Optics."""
    text = _KO_LEGAL_FORMS.sub(" ", unicodedata.normalize("NFKC", name))
    text = _KO_LEGAL_FORMS.sub(" ", text)  # NFKC turns ㈜ into (주), caught on the second pass
    spelt_out = _SPELT_LEGAL_FORMS.sub(" ", text) if _TERM_LETTER.search(text) else text
    text = spelt_out if spelt_out.strip(" ,.-") else text  # a name that is only a legal form keeps it
    text = _INITIALS.sub(lambda m: re.sub(r"[.\s]", "", m.group(0)), text)  # N.V. / N V → NV
    text = _GLUED_LEGAL_FORM.sub(lambda m: " " + m.group(0), _ZERO_FOR_O.sub("Co", text))
    text = re.sub(r"(?<=\w)[.,]+(?=\w)", " ", text)  # CO.,LTD → CO LTD
    previous = None if _TERM_LETTER.search(text) else text  # a Hangul-only name holds none of those terms
    while previous != text and text.strip():
        previous = text
        stripped = _strip_suffix_terms(text)
        text = stripped if stripped.strip() else text
    return _SPACES.sub(" ", text).strip(" ,.-")


def compact_key(text: str) -> str:
    """Lower-case letters, digits and Hangul only."""
    return _NOT_WORD.sub("", fold(text))


_MEMO_SIZE = 200_000


@lru_cache(maxsize=_MEMO_SIZE)
def _org_key(name: str) -> str:
    words = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1).lower()], strip_legal_forms(name))
    return compact_key(_EN_NOISE.sub(" ", words))


def _english_word_key(word: str) -> str:
    """A known word's English as an English name's key has it: abbreviations spelt out (tech → technology),
    legal forms and noise words gone (코퍼레이션 → corporation → nothing)."""
    return compact_key(_EN_NOISE.sub(" ", _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1).lower()], word)))


@lru_cache(maxsize=_MEMO_SIZE)
def romanize(hangul: str) -> str:
    """Revised Romanization of a Hangul string (sound changes across syllables applied).

    korean_romanizer fails on some rare pairs of syllables (a ㅀ/ㄶ final before certain initials: '않쿠'):
    such a string is romanised syllable by syllable instead, each alone (which never fails)."""
    try:
        return str(Romanizer(hangul).romanize()).lower()
    except (KeyError, IndexError):
        return "".join(str(Romanizer(c).romanize()) for c in hangul).lower()


def _vocab_rows(name: str) -> list[dict[str, str]]:
    with resources.files("loaders.vocab").joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


_LETTER_NAMES = sorted(
    {"에이": "a", "비": "b", "씨": "c", "디": "d", "이": "e", "에프": "f", "지": "g", "쥐": "g", "에이치": "h",
     "아이": "i", "제이": "j", "케이": "k", "엘": "l", "엠": "m", "엔": "n", "오": "o", "피": "p", "큐": "q",
     "알": "r", "에스": "s", "티": "t", "유": "u", "브이": "v", "더블유": "w", "엑스": "x", "와이": "y",
     "제트": "z", "앤": ""}.items(), key=lambda item: -len(item[0]))
"""Latin letters as Korean names spell them (에스와이 = SY, 씨앤씨 = C&C: '&' leaves no trace in a key)."""
_LETTER_OF = dict(_LETTER_NAMES)
LETTER_SYLLABLES = frozenset("".join(_LETTER_OF))
"""The syllables letter names are made of: a run with any other spells no letters only."""
_LETTER_NAMES_BY_FIRST: dict[str, list[str]] = {}
for _name, _ in _LETTER_NAMES:  # longest first, as in _LETTER_NAMES
    _LETTER_NAMES_BY_FIRST.setdefault(_name[0], []).append(_name)


def spell_letters(run: str) -> list[tuple[bool, str]]:
    """A Hangul run split into (is spelt letters, text): a stretch of letter names becomes letters (케이티 → kt)
    when it spells three letters or more, or two with one a two-syllable name or joined by 앤 (씨앤씨 → cc).
    Single-syllable names are also ordinary syllables (이, 지, 오, 유), so a pair of them (지오, 씨티) stays a word."""
    parts: list[tuple[bool, str]] = []
    i = 0
    while i < len(run):
        j, letters, long_name = i, [], False
        while j < len(run):
            name = next((n for n in _LETTER_NAMES_BY_FIRST.get(run[j], ()) if run.startswith(n, j)), None)
            if name is None:
                break
            letters.append(_LETTER_OF[name])
            long_name = long_name or len(name) > 1
            j += len(name)
        spelt = len([x for x in letters if x])
        joined = "" in letters[1:-1]  # 씨앤씨: C&C
        if spelt >= 3 or (spelt == 2 and (long_name or joined)):
            parts.append((True, "".join(letters)))
            i = j
        else:
            text = run[i:j] if j > i else run[i]
            if parts and not parts[-1][0]:
                parts[-1] = (False, parts[-1][1] + text)
            else:
                parts.append((False, text))
            i += len(text)
    return parts


_LOAN_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "c", "t", "p",
                  "h"]
_LOAN_VOWELS = ["a", "a", "ya", "ya", "u", "e", "yu", "ye", "o", "wa", "wa", "oe", "yo", "u", "wo", "we", "wi",
                "yu", "eu", "ui", "i"]
_LOAN_FINALS = ["", "c", "c", "c", "n", "n", "n", "t", "l", "l", "l", "l", "l", "l", "l", "l", "m", "p", "p", "t",
                "t", "ng", "t", "t", "c", "t", "p", "h"]


def loanword_reading(hangul: str) -> str:
    """How an English loanword spelt in Hangul was most likely written in English, syllable by syllable: the
    vowel ㅡ that Hangul adds after a consonant dropped (스 → s, 트 → t), ㅓ read u, ㅐ read a, ㅋ and a final
    ㄱ read c (멀티캠퍼스 → multicampus, 에코캡 → ecocap, 로보스타 → robosta), and the diphthong 아이 read i (하이 → hi,
    바이오 → bio, 마이크로 → micro, 다이내믹스 → dinamics). A guess, kept as one more rendering beside the Revised
    Romanization; anything not Hangul passes through."""
    out = ""
    diphthong = False
    for position, ch in enumerate(hangul):
        index = ord(ch) - 0xAC00
        if not 0 <= index < 11172:
            out += ch
            diphthong = False
            continue
        if diphthong and ch == "이":  # the second half of 아이, read with the first
            diphthong = False
            continue
        initial, vowel, final = index // 588, (index % 588) // 28, index % 28
        head = "" if initial == 5 and out.endswith("l") else _LOAN_INITIALS[initial]  # 플렉 → plec, not pllec
        diphthong = vowel == 0 and not final and hangul[position + 1:position + 2] == "이"
        if diphthong:
            out += head + "i"
            continue
        if vowel == 18 and initial != 11 and final in (0, 8):  # 스, 트, 즈 → s, t, z; 플, 클 → pl, cl
            body = "z" if head == "j" and not final else head
            out += body + _LOAN_FINALS[final]
            continue
        last = position == len(hangul) - 1 or not 0 <= ord(hangul[position + 1]) - 0xAC00 < 11172
        sound = "er" if vowel == 4 and not final and last and head else _LOAN_VOWELS[vowel]  # 터, 퍼 at the end
        out += head + sound + _LOAN_FINALS[final]
    return out


def _spelled_or_romanized(run: str) -> list[str]:
    """Renderings of a Hangul run no known word covers: with its spelt letters as letters (디에이치패션 →
    dhpaesyeon), then romanised whole (dieichipaesyeon); a run spelling no letters but starting with a letter's
    name is also read as that letter and a word (엠젠 → emjen, mjen)."""
    whole = romanize(run)
    parts = spell_letters(run)
    if not any(spelt for spelt, _ in parts):
        name = next((n for n in _LETTER_NAMES_BY_FIRST.get(run[0], ()) if run.startswith(n)), "")
        letter = _LETTER_OF.get(name, "")
        split = letter + romanize(run[len(name):]) if letter else ""
        if len(split) >= 4:  # 엠젠솔루션, 알바이오: MGEN Solutions, R Bio (not 지오 as 'go')
            return [whole, split]
        return [whole]
    return [*dict.fromkeys(["".join(text if spelt else romanize(text) for spelt, text in parts), whole])]


@dataclass(frozen=True)
class PersonNameKey:
    family: str
    """Canonical romanised family name (이/Yi/Rhee → lee)."""
    given: str
    """Given name, compact and lower case (Seung-Hoon → seunghoon; 승훈 → seunghun)."""
    coarse: str
    """family|given folded over romanisation variants (seunghoon, seunghun, sunghun → sunghun): a blocking key."""
    initials: str = ""
    """family|the given name's syllables' first letters, folded (승훈, Seung-Hoon, S.-H. → lee|sh), where the name
    shows its syllables, or a Korean one written in one piece splits one way only (Seunghoon); of one that does
    not (Seongeun: 성은 or 선근), the first letter (park|s), which finds 'Park S.'."""
    abbreviated: bool = False
    """The given name is written as initials only ('Lee S.-H.', 'Kim JH'), as Scopus lists authors."""

    @property
    def exact(self) -> str:
        return f"{self.family}|{self.given}"


_INITIAL_CONSONANTS = ("g", "g", "n", "d", "d", "l", "m", "b", "b", "s", "s", "", "j", "j", "j", "g", "d", "b", "h")
"""The first letter of a Hangul syllable's romanisation by its initial consonant (ㄱ ㄲ ㄴ … ㅎ), folded like
``fold_romanization`` (k → g, t → d, p → b, r → l, ch → j); '' for ㅇ, where the vowel's is taken."""
_VOWEL_LETTERS = "aayyeeyyowwoyuwwwyeui"
"""The first letter of each medial vowel's romanisation (ㅏ a, ㅐ ae, ㅑ ya … ㅢ ui, ㅣ i)."""


def _syllable_initial(syllable: str) -> str:
    index = ord(syllable) - 0xAC00
    if not 0 <= index < 11172:
        return ""
    return _INITIAL_CONSONANTS[index // 588] or _VOWEL_LETTERS[index % 588 // 28]


def _given_initials(given: str, korean_family: bool) -> tuple[str, bool]:
    """(the syllables' first letters, whether the given name is written as initials only). A Korean given name
    romanised in one piece is split into its two syllables where that reads one way only (``syllables``)."""
    if has_hangul(given):
        return "".join(_syllable_initial(c) for c in given.replace(" ", "")), False
    tokens = [t for t in re.split(r"[\s.\-‐]+", given) if t]
    if len(tokens) == 1 and tokens[0].isupper() and 1 < len(tokens[0]) <= 3:
        tokens = list(tokens[0])  # 'Kim JH'
    if len(tokens) == 1 and len(tokens[0]) > 1 and korean_family:
        split = two_syllables(tokens[0])  # 'Jaehyun' → jae, hyun
        if split is None:  # 'Seongeun' (성은 or 선근): only its first letter is known
            return FOLDED_INITIAL.get(tokens[0][0].lower(), tokens[0][0].lower()), False
        tokens = list(split)
    if len(tokens) < 2 and not (tokens and len(tokens[0]) == 1):
        return "", False  # 'Seunghoon' of a family name not Korean: its syllables are not told
    letters = "".join(FOLDED_INITIAL.get(t[0].lower(), t[0].lower()) for t in tokens)
    return letters, all(len(t) == 1 for t in tokens)


class NameNormalizer:
    """Keys for organisation and person names; holds the vocab tables."""

    def __init__(self) -> None:
        self._org_keys_memo: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {}
        self._person_key_memo: dict[str, PersonNameKey] = {}
        org_words = sorted(
            ((r["hangul"], [w.strip() for w in r["english"].split("|")]) for r in _vocab_rows("org_words.csv")),
            key=lambda item: -len(item[0]),
        )
        self._words_from: dict[str, list[tuple[str, list[str]]]] = {}
        """The known words by first character, longest first (a name is scanned character by character)."""
        for word, english in org_words:
            self._words_from.setdefault(word[0], []).append((word, english))
        self._surname_ko: dict[str, str] = {}
        self._surname_roman: dict[str, str] = {}
        for row in _vocab_rows("korean_surnames.csv"):
            forms = row["romanizations"].split("|")
            self._surname_ko[row["hangul"]] = forms[0]
            for form in forms:
                self._surname_roman.setdefault(form, forms[0])

    # ------------------------------------------------------------------ organisations

    def org_key(self, name: str) -> str:
        """The script-native key of an organisation name: legal forms, spacing, width, case and punctuation gone."""
        return _org_key(name)

    def org_keys(self, name: str) -> frozenset[str]:
        """Every key an organisation name answers to: its own key and, for Hangul, English renderings
        (known words translated, the rest romanised): 한빛광학 → {한빛광학, hanbitoptics, hanbitoptical}.

        Remembered per name: a load asks for the keys of one name several times (its natural id, resolution,
        indexing) and people's rows repeat their organisations' names."""
        return self._org_keys(name)[0]

    def guessed_org_keys(self, name: str) -> frozenset[str]:
        """The keys of ``name`` that are guesses (its loanword reading, when no other rendering gives it): good
        for an exact match with an English name, too loose to compare by similarity."""
        return self._org_keys(name)[1]

    def singular_org_keys(self, name: str) -> frozenset[str]:
        """The key of ``name`` without its plurals, when that differs from its own key: a spelling variant for
        matching other Latin names, not how the name sounds ('INTOPS' is not 'intop')."""
        return self._org_keys(name)[2]

    def _org_keys(self, name: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        known = self._org_keys_memo.get(name)
        if known is None:
            own = _org_key(name)
            found = {own} if own else set()
            guessed: set[str] = set()
            plural_free: set[str] = set()
            if not has_hangul(own) and (in_singular := _org_key(singular(name))) and in_singular != own:
                found.add(in_singular)  # also without plurals
                plural_free.add(in_singular)
            if not has_hangul(own) and _NUMBER_WORD.search(name):  # also with its numbers in digits
                in_digits = _org_key(_NUMBER_WORD.sub(_number_value, name))
                if sum(c.isalpha() for c in in_digits) >= 3:  # not 'Seven Eleven' as '711'
                    found.add(in_digits)
            if has_hangul(own):
                renderings, loanword = self._english_renderings(own)
                kept = list(islice(filter(None, renderings), 4))
                found.update(kept)
                if own.startswith("한국"):  # 한국큐빅: CUBIC KOREA as well as Korea Cubic
                    found.update(r[5:] + "korea" for r in kept if r.startswith("korea") and len(r) >= 8)
                if loanword and loanword not in found:
                    guessed.add(loanword)
            known = (frozenset(found | guessed), frozenset(guessed), frozenset(plural_free))
            if len(self._org_keys_memo) >= _MEMO_SIZE:
                self._org_keys_memo.clear()
            self._org_keys_memo[name] = known
        return known

    def _english_renderings(self, key: str) -> tuple[list[str], str]:
        """Up to eight renderings (known words translated, the rest spelt or romanised), and one more with the
        rest read as loanwords (``loanword_reading``)."""
        pieces: list[list[str]] = []
        loanword: list[str] = []
        i = 0
        while i < len(key):
            series = _SERIES.match(key, i)
            if series:  # 스팩9호, 제12호: 'No.9', 'No.12' or just the number in the English name
                pieces.append([f"no{series.group(1)}", series.group(1)])
                loanword.append(pieces[-1][0])
                i = series.end()
                continue
            if not _HANGUL.match(key[i]):
                j = i
                while j < len(key) and not _HANGUL.match(key[j]):
                    j += 1
                pieces.append([key[i:j]])
                loanword.append(key[i:j])
                i = j
                continue
            for word, english in self._words_from.get(key[i], ()):
                if key.startswith(word, i):
                    pieces.append(list(dict.fromkeys(_english_word_key(e) for e in english)))
                    loanword.append(pieces[-1][0])
                    i += len(word)
                    break
            else:
                j = i + 1
                while j < len(key) and _HANGUL.match(key[j]) and not _SERIES.match(key, j) and not any(
                    key.startswith(w, j) for w, _ in self._words_from.get(key[j], ())
                ):
                    j += 1
                pieces.append(_spelled_or_romanized(key[i:j]))
                loanword.append(loanword_reading(key[i:j]))
                i = j
        return ["".join(combo) for combo in islice(product(*pieces), 8)], "".join(loanword)

    # ------------------------------------------------------------------ people

    def split_person(self, name: str) -> tuple[str, str]:
        """(family, given) from '이승훈', 'Seung-Hoon Lee', 'LEE Seung Hoon', 'Lee, Seung-hoon'."""
        text = unicodedata.normalize("NFKC", name).strip()
        if has_hangul(text):
            compact = text.replace(" ", "")
            if len(compact) >= 3 and compact[:2] in self._surname_ko:
                return compact[:2], compact[2:]
            return compact[:1], compact[1:]
        if "," in text:
            family, _, given = text.partition(",")
            return family.strip(), given.strip()
        tokens = [t for t in re.split(r"\s+", text) if t]
        if len(tokens) < 2:
            return text, ""
        first, last = tokens[0].lower().strip("."), tokens[-1].lower().strip(".")
        if first in self._surname_roman and (last not in self._surname_roman or tokens[0].isupper()):
            return tokens[0], " ".join(tokens[1:])
        return tokens[-1], " ".join(tokens[:-1])

    def is_korean_surname(self, family: str) -> bool:
        """A romanised (or Hangul) Korean family name: Kim, Lee/Yi/Rhee, Park/Pak, …"""
        return has_hangul(family) or compact_key(family) in self._surname_roman

    def surname(self, family: str) -> str:
        """The canonical romanised form of a family name given on its own (Yi, Rhee → lee; 이 → lee)."""
        if has_hangul(family):
            compact = family.replace(" ", "")
            return self._surname_ko.get(compact) or romanize(compact)
        plain = compact_key(family)
        return self._surname_roman.get(plain, plain)

    def person_key(self, name: str) -> PersonNameKey:
        """Remembered per name, like ``org_keys``: a person's row asks for it to name, resolve and index them."""
        key = self._person_key_memo.get(name)
        if key is None:
            if len(self._person_key_memo) >= _MEMO_SIZE:
                self._person_key_memo.clear()
            key = self._person_key_memo[name] = self._person_key(name)
        return key

    def _person_key(self, name: str) -> PersonNameKey:
        family, given = self.split_person(name)
        if has_hangul(family):
            family_key = self._surname_ko.get(family) or romanize(family)
            given_key = romanize(given) if given else ""
        else:
            plain = compact_key(family)
            family_key = self._surname_roman.get(plain, plain)
            given_key = compact_key(given)
        korean_family = has_hangul(family) or compact_key(family) in self._surname_roman
        initials, abbreviated = _given_initials(given, korean_family) if given else ("", False)
        return PersonNameKey(family_key, given_key, f"{family_key}|{fold_romanization(given_key)}",
                             f"{family_key}|{initials}" if initials else "", abbreviated)


_VOWELS = (("woo", "u"), ("wu", "u"), ("oo", "u"), ("eo", "u"), ("eu", "u"), ("ou", "u"), ("ee", "i"),
           ("ui", "i"), ("ae", "e"), ("ai", "e"), ("ye", "e"), ("wo", "o"))
_CONSONANTS = (("ch", "j"), ("sh", "s"), ("k", "g"), ("t", "d"), ("p", "b"), ("r", "l"))


def fold_romanization(given: str) -> str:
    """Fold romanisation variants of a Korean given name together (hoon/hun, young/yeong, chul/cheol)."""
    text = given
    for old, new in _VOWELS + _CONSONANTS:
        text = text.replace(old, new)
    return re.sub(r"([a-z])\1+", r"\1", text)
