"""FuzzyBlocks answers exactly what rapidfuzz's extractOne over the block would, with or without expect()."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz, process

from loaders.fuzzy_blocks import BlockedTwice, FuzzyBlocks, first_sounds

CUTOFF = 85.0


def _names(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    stems = ["hanbitoptics", "gwangjuphotonics", "solarenergy", "benchgananda", "mobilitylab", "univgwangju"]
    out = []
    for _ in range(n):
        name = list(rng.choice(stems) + str(rng.randrange(12)))
        for _ in range(rng.randrange(3)):  # a typo or two
            at = rng.randrange(len(name))
            name[at] = rng.choice("abcdeghijklmnoprstu")
        out.append("".join(name))
    return out


def _reference(blocks: dict[str, dict[str, set[str]]], key: str) -> tuple[str, float] | None:
    block = blocks.get(key[:2])
    if not block:
        return None
    found = process.extractOne(key, list(block), scorer=fuzz.ratio, score_cutoff=CUTOFF)
    return (found[0], float(found[1])) if found else None


def test_batched_answers_equal_the_scan_as_keys_arrive() -> None:
    existing, incoming = _names(1, 300), _names(2, 400)
    batched, scanned = FuzzyBlocks(CUTOFF), FuzzyBlocks(CUTOFF)
    for i, key in enumerate(existing):
        batched.add(key, f"org:{i}")
        scanned.add(key, f"org:{i}")
    batched.expect(incoming)
    matches = 0
    for i, key in enumerate(incoming):
        expected = _reference(scanned.blocks, key)
        assert batched.best(key) == expected, key
        matches += expected is not None
        batched.add(key, f"org:new{i}")
        scanned.add(key, f"org:new{i}")
    assert matches > 100  # the data really exercises near matches, not only misses


def test_a_key_not_announced_falls_back_to_the_scan() -> None:
    blocks = FuzzyBlocks(CUTOFF)
    blocks.add("hanbitoptics1", "org:a")
    blocks.expect(["hanbitoptics2"])
    blocks.add("hanbitoptics2x", "org:b")  # not announced (a closer name): its block is scanned from now on
    assert blocks.best("hanbitoptics2") == ("hanbitoptics2x", fuzz.ratio("hanbitoptics2", "hanbitoptics2x"))
    assert blocks.owners("hanbitoptics2x") == {"org:b"}
    assert blocks.best("zz") is None and blocks.best("qqqqq") is None


def test_a_discarded_key_is_no_longer_matched_and_can_come_back() -> None:
    blocks = FuzzyBlocks(CUTOFF)
    blocks.add("hanbitoptic", "org:a")
    blocks.expect(["hanbitoptics2", "hanbitoptics3"])
    blocks.add("hanbitoptics2", "org:b")
    blocks.add("hanbitoptics2", "org:c")
    blocks.discard("hanbitoptics2", "org:b")  # org:c still carries the key
    assert blocks.best("hanbitoptics3")[0] == "hanbitoptics2" and blocks.owners("hanbitoptics2") == {"org:c"}
    blocks.discard("hanbitoptics2", "org:c")
    assert blocks.best("hanbitoptics3") == ("hanbitoptic", fuzz.ratio("hanbitoptics3", "hanbitoptic"))
    assert blocks.best("hanbitoptics2") == ("hanbitoptic", fuzz.ratio("hanbitoptics2", "hanbitoptic"))
    blocks.add("hanbitoptics2", "org:d")
    assert blocks.best("hanbitoptics3")[0] == "hanbitoptics2" and blocks.owners("hanbitoptics2") == {"org:d"}


def _names_of_many_lengths(seed: int, n: int) -> list[str]:
    """Stems with 0-6 letters added and letters inserted or dropped: many near pairs of different lengths, the
    ones the length filter must keep."""
    rng = random.Random(seed)
    stems = ["hanbitoptics", "gwangjuphotonics", "solarenergy", "mobilitylab", "han", "hanb"]
    out = []
    for _ in range(n):
        name = list(rng.choice(stems) + "".join(rng.choice("abcdehij") for _ in range(rng.randrange(7))))
        for _ in range(rng.randrange(3)):
            at, edit = rng.randrange(len(name)), rng.randrange(3)
            if edit == 0:
                name[at] = rng.choice("abcdeghij")
            elif edit == 1:
                name.insert(at, rng.choice("abc"))
            elif len(name) > 3:
                del name[at]
        out.append("".join(name))
    return out


def test_batched_answers_equal_the_scan_when_lengths_differ() -> None:
    matches = 0
    for seed in range(4):
        existing, incoming = _names_of_many_lengths(seed, 300), _names_of_many_lengths(seed + 10, 400)
        batched, scanned = FuzzyBlocks(CUTOFF), FuzzyBlocks(CUTOFF)
        for i, key in enumerate(existing):
            batched.add(key, f"org:{i}")
            scanned.add(key, f"org:{i}")
        batched.expect(incoming)
        for i, key in enumerate(incoming):
            expected = _reference(scanned.blocks, key) if len(key) >= 3 else None
            assert batched.best(key) == expected, key
            matches += expected is not None
            batched.add(key, f"org:new{i}")
            scanned.add(key, f"org:new{i}")
    assert matches > 500


def test_queries_and_additions_announced_apart_answer_as_the_scan() -> None:
    """Some records only ask (their names are compared, never added: a company with a business number asks the
    blocks of unregistered names) and others only add: scoring queries against additions alone answers the same."""
    existing, askers, adders = _names(3, 200), _names(4, 300), _names(5, 300)
    batched, scanned = FuzzyBlocks(CUTOFF), FuzzyBlocks(CUTOFF)
    for i, key in enumerate(existing):
        batched.add(key, f"org:{i}")
        scanned.add(key, f"org:{i}")
    batched.expect(askers, additions=adders)
    matches = 0
    for i, (asked, added) in enumerate(zip(askers, adders, strict=True)):
        expected = _reference(scanned.blocks, asked)
        assert batched.best(asked) == expected, asked
        matches += expected is not None and expected[0] in adders
        batched.add(added, f"org:new{i}")
        scanned.add(added, f"org:new{i}")
    assert matches > 50  # matches among the additions made during the chunk, not only the keys there at its start
    assert not batched._dirty  # every addition was announced: no block fell back to the scan


@pytest.mark.parametrize(("a", "b"), [("jungangdesign", "joongangdesign"), ("sinhanbank", "shinhanbank"),
                                      ("gyobosecurities", "kyobosecurities"), ("haiteujinro", "hitejinro"),
                                      ("urifinancial", "woorifinancial"), ("jeryongelectric", "cheryongelectric")])
def test_romanisations_of_one_name_share_their_first_sounds(a: str, b: str) -> None:
    assert a[:2] != b[:2] and first_sounds(a) == first_sounds(b)


def test_blocked_twice_finds_a_match_either_blocking_would() -> None:
    blocks = BlockedTwice(85)
    blocks.add("eletronicskoninkphilips", "org:philips")  # a typo in the second consonant: another sound block
    blocks.add("jungangdesign", "org:jungang")
    assert blocks.best("electronicskoninkphilips") == ("eletronicskoninkphilips", pytest.approx(97.9, abs=0.1))
    assert blocks.best("joongangdesign") == ("jungangdesign", pytest.approx(88.9, abs=0.1))
    blocks.expect(["joongangdesign", "중앙디자인"])
    assert blocks.best("joongangdesign") == ("jungangdesign", pytest.approx(88.9, abs=0.1))
    assert blocks.best("중앙디자인") is None
    blocks.discard("jungangdesign", "org:jungang")
    assert blocks.best("joongangdesign") is None
