"""A company's site named as a company: '삼성전자 광주사업장', '금호타이어 광주공장', '한국전력공사 광주전남본부',
'Hanbit Optics Gwangju Branch'. Regional lists name the plants and branches of companies headquartered elsewhere;
resolution pairs such a name with the company it names (for an administrator to review: a site may be kept apart)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from graph.regions import place_region

_KO_SITE_WORDS = ("지역본부", "사업장", "사업소", "분공장", "공장", "지점", "지사", "영업소", "사무소", "출장소",
                  "본부", "연구소", "센터", "캠퍼스")
"""What ends a Korean site's name, after the place: longest first."""
_EN_SITE_WORDS = frozenset({"plant", "factory", "branch", "office", "site", "campus", "works", "center", "centre",
                            "division", "headquarters"})
_WORD = re.compile(r"[^\s,()]+")


@dataclass(frozen=True)
class Site:
    company: str
    """The name before the place ('삼성전자', 'Hanbit Optics Co., Ltd.')."""
    site: str
    """The place and what is there ('광주사업장', 'Gwangju Branch')."""
    region: str
    """The Korean region of the place (광주, 전남 …)."""


@lru_cache(maxsize=100_000)
def split_site(name: str) -> Site | None:
    """The company and the site a name is made of, when it ends with a Korean place and a site word; else None.
    Remembered per name: indexing and resolving an organisation both ask."""
    text = unicodedata.normalize("NFKC", name).strip()
    return _korean_site(text) or _english_site(text)


def site_region(names: list[str]) -> str | None:
    """The region of the place a name of a site names ('금호타이어 광주공장' → 광주): an organisation's region when its
    record gives none."""
    return next((site.region for name in names if (site := split_site(name)) is not None), None)


def _korean_site(text: str) -> Site | None:
    word = next((w for w in _KO_SITE_WORDS if text.endswith(w)), None)
    if word is None:
        return None
    head = text[: -len(word)].rstrip(" ·-")
    for start in range(max(0, len(head) - 12), len(head)):  # the longest place that ends the rest
        place, company = head[start:], head[:start].rstrip(" ·-,")
        region = _places_region(place)
        if region and len(_bare(company)) >= 2:
            return Site(company, text[start:].strip(), region)  # head is text's start
    return None


def _places_region(text: str) -> str | None:
    """The region of one place (광주, 나주시) or of two written together (광주전남, 광주·전남): the first's."""
    text = text.strip(" ·-")
    if region := place_region(text):
        return region
    for cut in range(2, len(text) - 1):
        first, second = text[:cut].strip(" ·-"), text[cut:].strip(" ·-")
        if (region := place_region(first)) and place_region(second):
            return region
    return None


def _english_site(text: str) -> Site | None:
    words = list(_WORD.finditer(text))
    if len(words) < 3 or words[-1].group().casefold().strip(".") not in _EN_SITE_WORDS:
        return None
    for size in (2, 1):  # 'Naju City Plant', 'Gwangju Branch'
        if len(words) <= size + 1:
            continue
        place = " ".join(w.group() for w in words[-1 - size:-1])
        region = place_region(place)
        if region:
            company = text[: words[-1 - size].start()].rstrip(" ,-")
            if len(_bare(company)) >= 2:
                return Site(company, text[words[-1 - size].start():].strip(), region)
    return None


def _bare(text: str) -> str:
    return re.sub(r"\W+", "", text)
