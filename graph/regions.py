"""Korean first-level regions (시·도): the short name the graph stores, whatever way a sheet writes one.

A region is compared by equality (a fuzzy name match backed by the same region, the recommenders' region
filter and feature), so "광주광역시", "Gwangju", "광주 북구" and a whole address in a 소재지 column must all
become 광주. A city, county or district (시·군·구) written alone stands for its region: "나주", "나주시",
"Naju-si", "해운대구" (``municipalities.csv``: every 시·군 of the provinces and every 구·군 of the metropolitan
cities whose name is unique in the country, with its Revised Romanization). Text that names no Korean region
(a foreign state) is kept as written, and so is a name two regions share: "광주시" (also a city of Gyeonggi),
"고성군" (Gangwon and Gyeongnam), "중구" or "북구" (several metropolitan cities).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

REGIONS: dict[str, tuple[str, ...]] = {
    "서울": ("서울특별시", "서울시", "Seoul"),
    "부산": ("부산광역시", "부산시", "Busan", "Pusan"),
    "대구": ("대구광역시", "대구시", "Daegu", "Taegu"),
    "인천": ("인천광역시", "인천시", "Incheon", "Inchon"),
    "광주": ("광주광역시", "Gwangju", "Kwangju", "Gwangju Metropolitan City"),
    "대전": ("대전광역시", "대전시", "Daejeon", "Taejon"),
    "울산": ("울산광역시", "울산시", "Ulsan"),
    "세종": ("세종특별자치시", "세종시", "Sejong"),
    "경기": ("경기도", "Gyeonggi", "Gyeonggi-do", "Kyonggi"),
    "강원": ("강원특별자치도", "강원도", "Gangwon", "Gangwon-do"),
    "충북": ("충청북도", "Chungcheongbuk-do", "Chungbuk", "North Chungcheong"),
    "충남": ("충청남도", "Chungcheongnam-do", "Chungnam", "South Chungcheong"),
    "전북": ("전북특별자치도", "전라북도", "Jeollabuk-do", "Jeonbuk", "North Jeolla"),
    "전남": ("전라남도", "Jeollanam-do", "Jeonnam", "South Jeolla"),
    "경북": ("경상북도", "Gyeongsangbuk-do", "Gyeongbuk", "North Gyeongsang"),
    "경남": ("경상남도", "Gyeongsangnam-do", "Gyeongnam", "South Gyeongsang"),
    "제주": ("제주특별자치도", "제주도", "Jeju", "Jeju-do"),
}
_BY_FORM = {form.casefold(): short for short, forms in REGIONS.items() for form in (short, *forms)}
_ENGLISH_KIND = {"si": "city", "gun": "county", "gu": "district"}


def _municipality_forms() -> dict[str, str]:
    """Each way a 시·군·구 of ``municipalities.csv`` is written (나주시, 나주, Naju-si, Naju, Naju City) -> region."""
    forms: dict[str, str] = {}
    with (Path(__file__).with_name("municipalities.csv")).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            english, _, kind = row["romanized"].rpartition("-")
            for form in (row["municipality"], row["municipality"][:-1], row["romanized"], english,
                         f"{english} {_ENGLISH_KIND[kind]}"):
                forms.setdefault(form.casefold(), row["region"])
    return forms


_MUNICIPALITIES = {form: region for form, region in _municipality_forms().items() if form not in _BY_FORM}
_OFFICIAL = sorted(((forms[0], short) for short, forms in REGIONS.items()), key=lambda item: -len(item[0]))
_SEPARATORS = re.compile(r"[\s,()]+")


def canonical_region(text: str | None) -> str | None:
    """The short name of the Korean region ``text`` names (its first words, or its last ones as an English
    address ends), else of the city, county or district it names there, else ``text`` as written; None for a
    blank."""
    if text is None:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    words = [w for w in _SEPARATORS.split(cleaned) if w]
    candidates = [" ".join(words[:3]), " ".join(words[:2]), *words[:1], " ".join(words[-3:]), " ".join(words[-2:]),
                  *words[-1:]]
    for candidate in candidates:
        short = _BY_FORM.get(candidate.casefold())
        if short is not None:
            return short
    for official, short in _OFFICIAL:  # an address written without spaces: 광주광역시북구첨단과기로
        if cleaned.startswith(official):
            return short
    for candidate in candidates:  # only then a city: "Hanam Industrial Complex, Gwangju" is in 광주
        short = _MUNICIPALITIES.get(candidate.casefold())
        if short is not None:
            return short
    return cleaned


def place_region(word: str) -> str | None:
    """The region a single place name stands for exactly (광주, 광주광역시, Gwangju, 나주시, Naju-si), else None."""
    form = unicodedata.normalize("NFKC", word).strip().casefold()
    return _BY_FORM.get(form) or _MUNICIPALITIES.get(form)
