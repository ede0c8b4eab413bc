"""Licensees for an invention not in the graph (a disclosure before filing), described in words with its IPC
technologies and inventors."""

from __future__ import annotations

import pytest

from graph.errors import BadRequest, NotFound
from graph.schema import Patent
from graph.store import GraphStore
from matcher.service import Matcher, RecommendationPage


def described_patents(store: GraphStore, matcher: Matcher, n: int = 20) -> list[tuple[Patent, set[str], list[str]]]:
    """Company-held patents of the sample with text: the patent, its applicants, its inventors."""
    p = matcher.state().projection
    out = []
    for node in store.list_nodes("Patent", limit=400):
        assert isinstance(node, Patent)
        owners = {n.node.id for n in store.neighbours(node.id, edge_types=["APPLICANT_OF"])
                  if p.org_kind[p.orgs.index[n.node.id]] == "company"}
        if owners and node.abstract_ko:
            inventors = [n.node.id for n in store.neighbours(node.id, edge_types=["INVENTED"])]
            out.append((node, owners, inventors))
    return out[:n]


def test_an_invention_in_words_finds_the_companies_that_hold_its_like(sample_store: GraphStore,
                                                                      matcher: Matcher) -> None:
    """Described as a disclosure would be (title and abstract, IPC codes, inventors), half the sample's company
    patents have their own applicant among the first ten, and the IPC codes and inventors rank it higher than the
    words alone do."""
    cases = described_patents(sample_store, matcher)

    def owner_rank(page: RecommendationPage, owners: set[str]) -> int:
        return min([r.rank for r in page.data if r.id in owners] or [101])

    described, words_only = [], []
    for patent, owners, inventors in cases:
        text = f"{patent.title_ko}\n{patent.abstract_ko}"
        technologies = [f"tec:ipc-{c.replace(' ', '')[:4]}" for c in patent.ipc_codes]
        described.append(owner_rank(matcher.licensees(text=text, technologies=technologies, inventors=inventors,
                                                      limit=100, explain=False), owners))
        words_only.append(owner_rank(matcher.licensees(text=text, limit=100, explain=False), owners))
    assert len(cases) == 20 and sum(r <= 10 for r in described) >= 10, described
    assert sum(described) < sum(words_only), (described, words_only)


def test_an_inventors_other_patents_are_the_evidence_path(sample_store: GraphStore, matcher: Matcher) -> None:
    """A company holding other patents of the invention's inventors says so, in a path from the inventor."""
    for patent, _, inventors in described_patents(sample_store, matcher):
        page = matcher.licensees(text=patent.abstract_ko or "", inventors=inventors, limit=20)
        held = [r for r in page.data if r.parts["inventor_history"] > 0]
        if held:
            break
    assert held and held[0].evidence is not None and "같은 발명자의 다른 특허" in held[0].evidence.sentence_ko
    path = held[0].evidence.paths[0]
    assert path[0].node_id in inventors and path[0].via is None and path[-1].node_id == held[0].id
    assert page.query == {"text": patent.abstract_ko, "technologies": [], "inventors": inventors}


def test_an_invention_in_words_needs_words_and_known_inventors(matcher: Matcher) -> None:
    with pytest.raises(BadRequest):
        matcher.licensees(text=" ")
    with pytest.raises(NotFound):
        matcher.licensees(text="광검출기", inventors=["per:nobody"])


def test_the_invention_form_takes_inventors_by_name_when_one_person_has_it(matcher: Matcher) -> None:
    from collections import Counter

    from api.web.queries import inventor_ids

    p = matcher.state().projection
    counts = Counter(p.people.names)
    unique = next(n for n, c in counts.items() if c == 1)
    shared = next(n for n, c in counts.items() if c > 1)
    someone = p.people.ids[0]
    assert inventor_ids(p, f" {unique} ; {someone};") == [p.people.ids[p.people.names.index(unique)], someone]
    with pytest.raises(BadRequest, match=f"{counts[shared]} people are named {shared}: per:"):
        inventor_ids(p, shared)
    with pytest.raises(NotFound):
        inventor_ids(p, "없는사람")
