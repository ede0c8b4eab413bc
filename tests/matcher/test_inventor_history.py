"""Licensees through the patent's inventors: companies that already hold their other patents."""

from __future__ import annotations

from collections import Counter

import numpy as np

from matcher.engine import shortlist
from matcher.features import InventorHistory, inventor_holdings
from matcher.projection import Projection
from matcher.recommenders import Filters
from matcher.service import Matcher


def holdings_by_hand(p: Projection, patent: int) -> Counter[int]:
    """Each organisation: how many other patents of the patent's inventors it holds, read cell by cell."""
    inventors = p.person_patent[:, patent].tocoo().row
    others = {int(d) for person in inventors for d in p.person_patent[int(person)].tocoo().col if d != patent}
    return Counter(int(org) for d in others for org in p.org_patent[:, d].tocoo().row)


def patents_with_an_outside_holder(matcher: Matcher) -> list[tuple[int, int]]:
    """(patent, company) where the company is not an owner of the patent but holds another of its inventors'."""
    p = matcher.state().projection
    found = []
    for patent in range(len(p.patents)):
        owners = set(p.org_patent[:, patent].tocoo().row.tolist())
        for org in sorted(holdings_by_hand(p, patent)):
            if org not in owners and p.org_kind[org] == "company":
                found.append((patent, org))
    return found


def test_holdings_match_a_cell_by_cell_count(matcher: Matcher) -> None:
    p = matcher.state().projection
    rec = matcher.recommenders["licensees"]
    checked = 0
    for patent in range(0, len(p.patents), 7):
        q = rec.query_for_row(p, patent)
        orgs, counts = inventor_holdings(p, q)
        assert dict(zip(orgs.tolist(), counts.tolist(), strict=True)) == holdings_by_hand(p, patent)
        checked += bool(orgs.size)
        everyone = np.arange(len(p.orgs), dtype=np.int64)
        feature = InventorHistory()(p, q, everyone)
        expected = np.zeros(len(p.orgs))
        expected[orgs] = np.log1p(counts)
        assert np.allclose(feature, expected)
    assert checked >= 10


def test_linked_companies_are_scored_however_far_their_text_is(matcher: Matcher) -> None:
    p = matcher.state().projection
    rec = matcher.recommenders["licensees"]
    pairs = patents_with_an_outside_holder(matcher)
    assert len(pairs) >= 5, "the sample should hold companies sharing inventors with other owners' patents"
    for patent, company in pairs[:20]:
        q = rec.query_for_row(p, patent)
        candidates = rec.candidates(p, q, Filters())
        assert company in candidates
        assert company in shortlist(rec, p, q, candidates, size=1)


def test_the_evidence_walks_from_the_patent_through_an_inventor_to_the_company(matcher: Matcher) -> None:
    p = matcher.state().projection
    rec = matcher.recommenders["licensees"]
    for patent, company in patents_with_an_outside_holder(matcher)[:20]:
        q = rec.query_for_row(p, patent)
        patent_id = p.patents.ids[patent]
        evidence = rec.explain(p, q, company, patent_id, p.patents.names[patent])
        licence = p.licensed[patent, company] > 0  # a licence of this very patent is shown first
        assert ([s.via for s in evidence.paths[0]] == [None, "LICENSED_TO"]) == licence
        path = evidence.paths[1 if licence else 0]
        assert [s.via for s in path] == [None, "INVENTED", "INVENTED", "APPLICANT_OF"]
        assert path[0].node_id == patent_id and path[-1].node_id == p.orgs.ids[company]
        person, other = p.people.index[path[1].node_id], p.patents.index[path[2].node_id]
        assert p.person_patent[person, patent] > 0 and p.person_patent[person, other] > 0
        assert p.org_patent[company, other] > 0 and other != patent
        assert "other patent" in evidence.sentence_en and "발명자" in evidence.sentence_ko
    unrelated = next(o for o in range(len(p.orgs)) if o not in holdings_by_hand(p, 0))
    evidence = rec.explain(p, rec.query_for_row(p, 0), unrelated, p.patents.ids[0], p.patents.names[0])
    assert all(len(path) != 4 or path[1].via != "INVENTED" for path in evidence.paths)
    assert "other patent" not in evidence.sentence_en


def test_the_recommendation_page_reports_the_feature(matcher: Matcher) -> None:
    p = matcher.state().projection
    patent, company = patents_with_an_outside_holder(matcher)[0]
    page = matcher.licensees(p.patents.ids[patent], limit=100)
    holders = holdings_by_hand(p, patent)
    assert all((r.parts["inventor_history"] > 0) == (p.orgs.index[r.id] in holders) for r in page.data)
