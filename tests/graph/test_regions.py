"""Regions as the graph stores them: any way a sheet writes a Korean region becomes its short name."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph import regions
from graph.regions import canonical_region
from graph.schema import Organization, Person


@pytest.mark.parametrize(("written", "stored"), [
    ("광주", "광주"), ("광주광역시", "광주"), ("광주광역시 북구 첨단과기로 123", "광주"), ("광주광역시북구", "광주"),
    ("Gwangju", "광주"), ("GWANGJU METROPOLITAN CITY", "광주"), ("123 Cheomdan-gwagiro, Buk-gu, Gwangju", "광주"),
    ("전라남도 나주시", "전남"), ("Jeollanam-do", "전남"), ("경기도 광주시 오포읍", "경기"), ("서울 강남구", "서울"),
    ("Seoul, Korea", "서울"), ("전라북도", "전북"), ("강원도", "강원"), ("ＳＥＯＵＬ", "서울"),
])
def test_korean_regions_become_their_short_name(written: str, stored: str) -> None:
    assert canonical_region(written) == stored


@pytest.mark.parametrize(("written", "stored"), [
    ("나주", "전남"), ("나주시", "전남"), ("나주시 빛가람동 120", "전남"), ("Naju-si", "전남"), ("NAJU CITY", "전남"),
    ("123 Bitgaram-ro, Naju-si", "전남"), ("순천", "전남"), ("해운대구", "부산"), ("Haeundae-gu", "부산"),
    ("광산구", "광주"), ("Gwangsan-gu", "광주"), ("제주시", "제주"), ("Gangneung-si", "강원"),
    ("Yeongam County", "전남"),
    ("Hanam Industrial Complex, Gwangju", "광주"),  # a region named anywhere wins over a city (하남, Gyeonggi)
])
def test_a_city_county_or_district_stands_for_its_region(written: str, stored: str) -> None:
    assert canonical_region(written) == stored


@pytest.mark.parametrize("kept", ["광주시", "California", "Île-de-France", "고성군", "중구", "Buk-gu"])
def test_text_naming_no_region_or_an_ambiguous_one_is_kept(kept: str) -> None:
    """광주시 is also a city of Gyeonggi, 고성군 a county of Gangwon and of Gyeongnam, 중구 and 북구 districts of
    several cities."""
    assert canonical_region(kept) == kept


def test_the_municipality_table_names_each_place_once_under_a_known_region() -> None:
    with (Path(regions.__file__).with_name("municipalities.csv")).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 190
    assert len({r["municipality"][:-1] for r in rows}) == len(rows)  # 나주시 and 나주군 would be one name
    for row in rows:
        assert row["region"] in regions.REGIONS, row
        suffix = {"시": "-si", "군": "-gun", "구": "-gu"}[row["municipality"][-1]]
        assert row["romanized"].endswith(suffix) and row["romanized"][0].isupper(), row


def test_nodes_hold_the_short_name_and_blank_is_none() -> None:
    assert Organization(id="org:x", name_ko="한빛광학", region="광주광역시 북구").region == "광주"
    assert Person(id="per:x", name_ko="이승훈", region="Jeollanam-do").region == "전남"
    assert Organization(id="org:x", name_ko="한빛광학", region="  ").region is None


def test_filters_and_search_ask_for_the_short_name() -> None:
    from matcher.recommenders import Filters

    assert Filters(region="광주광역시").region == "광주" and Filters().region is None
