"""Regions as the graph stores them: any way a sheet writes a Korean region becomes its short name."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("kept", ["광주시", "California", "나주", "Île-de-France"])
def test_text_naming_no_region_or_an_ambiguous_one_is_kept(kept: str) -> None:
    """광주시 is also a city of Gyeonggi; a city the table does not list stays as written."""
    assert canonical_region(kept) == kept


def test_nodes_hold_the_short_name_and_blank_is_none() -> None:
    assert Organization(id="org:x", name_ko="한빛광학", region="광주광역시 북구").region == "광주"
    assert Person(id="per:x", name_ko="이승훈", region="Jeollanam-do").region == "전남"
    assert Organization(id="org:x", name_ko="한빛광학", region="  ").region is None


def test_filters_and_search_ask_for_the_short_name() -> None:
    from matcher.recommenders import Filters

    assert Filters(region="광주광역시").region == "광주" and Filters().region is None
