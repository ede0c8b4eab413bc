"""Recommendations on the bundled sample: evidence, filters, exclusions, determinism, planted links."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graph.config import MatcherSettings
from graph.errors import NotFound
from graph.schema import SavedNeed
from graph.store import GraphStore
from matcher.engine import rank, train
from matcher.features import ClosestDocument, TextSimilarity
from matcher.recommenders import Filters, _topics
from matcher.service import NEEDS, Matcher


def companies_with_partners(matcher: Matcher) -> list[str]:
    p = matcher.state().projection
    rows = sorted({o for o, _ in matcher.recommenders["partners"].observed_links(p)})
    return [p.orgs.ids[r] for r in rows]


def test_every_recommender_answers_with_evidence(matcher: Matcher) -> None:
    company = companies_with_partners(matcher)[0]
    partners = matcher.partners(company_id=company, limit=5)
    assert len(partners.data) == 5 and partners.ranker == "learned"
    first = partners.data[0]
    assert first.id.startswith("per:") and first.evidence is not None
    assert first.evidence.technologies and first.evidence.sentence_en and first.evidence.sentence_ko
    assert set(first.parts) == set(matcher.recommenders["partners"].feature_names)
    assert [r.rank for r in partners.data] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in zip(partners.data, partners.data[1:], strict=False))
    p = matcher.state().projection
    licensed = p.patents.ids[int(p.licensed.tocoo().row[0])]
    licensees = matcher.licensees(licensed, limit=5)
    assert licensees.data and all(r.id.startswith("org:") for r in licensees.data)
    assert any(r.evidence and r.evidence.paths for r in licensees.data)
    founder = p.people.ids[int(p.founded.tocoo().row[0])]
    cofounders = matcher.cofounders(founder, limit=5)
    assert cofounders.data and cofounders.data[0].evidence is not None


def test_paths_are_short_and_start_at_the_query(matcher: Matcher) -> None:
    company = companies_with_partners(matcher)[1]
    page = matcher.partners(company_id=company, limit=10)
    paths = [path for r in page.data if r.evidence for path in r.evidence.paths]
    assert paths
    for path, result in ((path, r) for r in page.data if r.evidence for path in r.evidence.paths):
        assert path[0].node_id == company and path[-1].node_id == result.id and 2 <= len(path) <= 4


def test_free_text_need_in_korean(matcher: Matcher) -> None:
    page = matcher.partners(text="자율주행 차량용 라이다 센서와 객체 인식 기술이 필요합니다", limit=10)
    assert len(page.data) == 10
    p = matcher.state().projection
    lidar = p.techs.index["tec:lidar"]
    top = [p.people.index[r.id] for r in page.data[:5]]
    assert sum(p.person_tech[row, lidar] > 0 for row in top) >= 3


def test_a_need_no_technology_names_is_evidenced_by_the_patents_its_words_match(matcher: Matcher) -> None:
    """'신호 처리' (signal processing) names no technology of the vocabulary, but the sample's patents use the
    words: each partner's evidence is then its own patents whose text matches the need."""
    page = matcher.partners(text="신호 처리", limit=5)
    assert page.data and all(r.evidence and not r.evidence.technologies for r in page.data)
    p = matcher.state().projection
    for r in page.data:
        assert r.evidence is not None
        own = {p.patents.ids[int(d)] for d in p.person_patent[p.people.index[r.id]].indices}
        assert {doc for doc, _, _ in r.evidence.documents} <= own
    assert sum(bool(r.evidence and r.evidence.documents) for r in page.data) >= 3


def test_partner_filters_and_own_staff(matcher: Matcher) -> None:
    p = matcher.state().projection
    company = companies_with_partners(matcher)[2]
    gist = "org:광주과학기술원"
    only_gist = matcher.partners(company_id=company, filters=Filters(institution=gist), limit=20)
    assert only_gist.data and all(gist in p.person_orgs(p.people.index[r.id]) for r in only_gist.data)
    in_region = matcher.partners(company_id=company, filters=Filters(region="광주"), limit=20)
    for r in in_region.data:
        row = p.people.index[r.id]
        assert "광주" in {p.org_region[p.orgs.index[o]] for o in p.person_orgs(row)} | {p.person_region[row]}
    medical = matcher.partners(company_id=company, filters=Filters(industry="ind:medical"), limit=20)
    column = p.industries.index["ind:medical"]
    assert all(p.person_industry[p.people.index[r.id], column] > 0.1 for r in medical.data)
    staff = {p.people.ids[r] for r in np.flatnonzero(p.person_org[:, p.orgs.index[company]].toarray().ravel())}
    everyone = matcher.partners(company_id=company, limit=100)
    assert not staff & {r.id for r in everyone.data}


def test_licensees_never_include_the_owner(matcher: Matcher) -> None:
    p = matcher.state().projection
    for col in p.org_patent.tocoo().col[:20]:
        patent = p.patents.ids[int(col)]
        owners = {p.orgs.ids[o] for o in p.org_patent[:, int(col)].tocoo().row}
        page = matcher.licensees(patent, limit=100)
        assert not owners & {r.id for r in page.data}
        assert all(p.org_kind[p.orgs.index[r.id]] == "company" for r in page.data)


def test_a_company_that_already_licenses_the_patent_says_so(matcher: Matcher) -> None:
    """A tech transfer office sees which recommended companies are customers already: the licence is the first
    path and the sentence says it; other companies' evidence does not."""
    p = matcher.state().projection
    coo = p.licensed.tocoo()
    listed = []
    for row, col in zip(coo.row[:20], coo.col[:20], strict=True):  # licences whose licensee is in the first 100
        patent, licensee = p.patents.ids[int(row)], p.orgs.ids[int(col)]
        page = matcher.licensees(patent, limit=100)
        by_id = {r.id: r for r in page.data}
        if licensee in by_id:
            listed.append((patent, licensee, page, by_id))
    assert len(listed) >= 5, "a licensee is a candidate like any company, and usually a likely one"
    patent, licensee, page, by_id = listed[0]
    evidence = by_id[licensee].evidence
    assert evidence is not None and "이미 이 특허를 이전받은 기업" in evidence.sentence_ko
    assert "already licenses this patent" in evidence.sentence_en
    assert [s.via for s in evidence.paths[0]] == [None, "LICENSED_TO"]
    others = [r.evidence for r in page.data if r.id != licensee and not _has_licence(p, patent, r.id)]
    assert others and not any(e and "already licenses" in e.sentence_en for e in others)


def _has_licence(p: object, patent: str, org: str) -> bool:
    licensed = p.licensed  # type: ignore[attr-defined]
    return bool(licensed[p.patents.index[patent], p.orgs.index[org]])  # type: ignore[attr-defined]


def test_cofounders_never_include_existing_cofounders(matcher: Matcher) -> None:
    p = matcher.state().projection
    coo = p.founded.tocoo()
    person, org = int(coo.row[0]), int(coo.col[0])
    existing = {p.people.ids[r] for r in p.founded[:, org].tocoo().row} - {p.people.ids[person]}
    assert existing
    page = matcher.cofounders(p.people.ids[person], limit=100)
    assert not existing & {r.id for r in page.data} and p.people.ids[person] not in {r.id for r in page.data}
    business = matcher.cofounders(p.people.ids[person], filters=Filters(role="business"), limit=20)
    assert all(p.person_roles[p.people.index[r.id]] & {"executive", "entrepreneur"} for r in business.data)


def test_results_are_deterministic_and_paginate(matcher: Matcher) -> None:
    company = companies_with_partners(matcher)[3]
    first = matcher.partners(company_id=company, limit=20)
    again = matcher.partners(company_id=company, limit=20)
    assert [(r.id, r.score) for r in first.data] == [(r.id, r.score) for r in again.data]
    second_page = matcher.partners(company_id=company, offset=10, limit=10)
    assert [r.id for r in second_page.data] == [r.id for r in first.data[10:20]]


def test_planted_collaborations_come_back_in_the_top_ten_when_hidden(matcher: Matcher) -> None:
    """Hide 40 companies' planted collaborations, relearn without them, and look for them in each top 10."""
    p = matcher.state().projection
    rec = matcher.recommenders["partners"]
    by_company: dict[int, set[int]] = {}
    for company, person in rec.observed_links(p):
        by_company.setdefault(company, set()).add(person)
    companies = sorted(by_company)[:40]
    hidden = p.without_links(rec.link_label, rec.link_ids(p, [(c, r) for c in companies for r in by_company[c]]))
    scorer = train(rec, hidden)
    hits, chance = [], []
    for company in companies:
        ranked = rank(rec, hidden, rec.query_for_row(hidden, company), scorer, Filters(), size=300)
        hits.append(bool(set(ranked.rows[:10].tolist()) & by_company[company]))
        chance.append(min(1.0, 10 * len(by_company[company]) / ranked.total))
    print(f"\nhidden planted collaborators in the top 10: HR@10 {np.mean(hits):.2f} (chance {np.mean(chance):.2f})")
    assert np.mean(hits) >= 0.2 and np.mean(hits) >= 4 * np.mean(chance)


def test_unknown_ids_are_not_found(matcher: Matcher) -> None:
    from graph.errors import BadRequest, NotFound

    with pytest.raises(NotFound):
        matcher.partners(company_id="org:nobody")
    with pytest.raises(NotFound):
        matcher.licensees("pat:KR-10-0000-0000000")
    with pytest.raises(BadRequest):
        matcher.partners()


def test_projection_follows_the_graph_version(matcher: Matcher, sample_store: GraphStore) -> None:
    before = matcher.state().projection.version
    assert matcher.state() is matcher.state()  # cached, not rebuilt per request
    assert before == sample_store.knowledge_version()


def test_saving_a_need_leaves_the_projection_current(matcher: Matcher, sample_store: GraphStore) -> None:
    """Bookkeeping (a saved need) moves the graph's version but not what the matcher reads: no rebuild."""
    state = matcher.state()
    version = sample_store.version()
    sample_store.upsert_nodes([SavedNeed(id="need:bookkeeping-test", name="x", text="라이다")])
    try:
        assert sample_store.version() != version
        assert matcher.refresh() is state
    finally:
        sample_store.delete_nodes(["need:bookkeeping-test"])
    assert matcher.refresh() is state


@pytest.mark.parametrize("kind", ["patent", "paper"])
def test_a_need_worded_like_one_document_is_closest_to_its_authors_and_heads_their_evidence(
        matcher: Matcher, sample_store: GraphStore, kind: str) -> None:
    """A need that reads like one patent (or paper) of the most prolific inventor (author): the closest-document
    feature scores that person near 1 however many other subjects their pooled profile holds, and the evidence
    names that document first."""
    state = matcher.state()
    p, rec = state.projection, matcher.recommenders["partners"]
    owned, table = (p.person_patent, p.patents) if kind == "patent" else (p.person_pub, p.pubs)
    person = int(np.argmax(owned.getnnz(1)))
    assert owned.getnnz(1)[person] >= 5
    document_id = table.ids[int(owned[person].indices[0])]
    document = sample_store.get(document_id)
    need = (f"{document.title_en}. {document.abstract_en}" if kind == "patent"  # type: ignore[union-attr]
            else f"{document.title}. {document.abstract}")  # type: ignore[union-attr]
    q = rec.query_for_text(p, need, [])
    everyone = np.arange(len(p.people), dtype=np.int64)
    closest = ClosestDocument("person")(p, q, everyone)
    pooled = TextSimilarity("person")(p, q, everyone)
    assert closest[person] > 0.9 > pooled[person]
    authors = owned[:, table.index[document_id]].tocoo().row
    assert (closest[authors] > 0.9).all()  # every author of that document, whatever else they wrote
    assert rec.explain(p, q, person, None, "").documents[0][0] == document_id


def test_a_written_need_has_its_own_ranker_learnt_from_the_graphs_patents(matcher: Matcher) -> None:
    """The company ranker learnt from companies' collaborations; a written need is ranked by the ranker learnt
    from the graph's newest patents as needs (``matcher.needs``), whose weights the page reports."""
    state = matcher.state()
    needs = state.scorers[NEEDS]
    assert needs.learned and needs.describe() != state.scorers["partners"].describe()
    need = matcher.partners(text="고출력 레이저 다이오드 패키징 기술 협력 연구실", limit=10)
    assert need.ranker == "learned" and need.weights == needs.describe()
    X = np.asarray([[r.parts[n] for n in needs.names] for r in need.data])
    assert np.allclose([r.score for r in need.data], needs.score(X), atol=1e-3)
    company = matcher.partners(company_id=companies_with_partners(matcher)[0], limit=10)
    assert company.ranker == "learned" and company.weights == state.scorers["partners"].describe()


def test_a_sentence_names_an_ipc_subclass_by_its_first_heading_and_code() -> None:
    techs = [("tec:led", "LED", "발광 다이오드", 0.5), ("tec:ipc-G01J", "G01J: Measurement of light; colorimetry",
                                                         "G01J: 광 측정; 분광; 측광", 0.2)]
    assert _topics(techs, "ko") == "발광 다이오드, 광 측정(G01J)"
    assert _topics(techs, "en") == "LED, Measurement of light (G01J)"


def test_a_record_added_since_the_last_look_at_the_graph_is_found(store: GraphStore, tmp_path: Path) -> None:
    """The matcher looks at the graph's version at most every ``check_every`` seconds; a company added meanwhile
    (a record corrected or created by hand) is found in a projection rebuilt at once, and an id that is in no
    version of the graph is still not found."""
    from graph.errors import NotFound
    from tests.factories import org, patent, person

    store.upsert_nodes([org(1, description="광학 렌즈 설계"), person(1), patent(1, title_ko="광학 렌즈")])
    service = Matcher(store, MatcherSettings(cache_dir=tmp_path), check_every=3600, train_rankers=False)
    service.partners(company_id="org:o1")
    store.upsert_nodes([org(2, description="라이다 센서")])
    assert service.partners(company_id="org:o2").query["company_id"] == "org:o2"
    with pytest.raises(NotFound):
        service.partners(company_id="org:nobody")


def test_candidates_scored_alike_come_with_the_most_to_show_first(matcher: Matcher) -> None:
    """A founder whose words name nothing the graph knows gets business people scored alike (the complement is all
    there is to go on): those the graph knows more technologies for come first, not simply the first ids."""
    found = matcher.cofounders(text="qzx wvk", brings="technical", limit=30)
    p = matcher.state().projection
    known = [int(p.person_tech[p.people.index[r.id]].nnz) for r in found.data]
    scores = [round(r.score, 9) for r in found.data]
    tied = [(known[i], known[i + 1]) for i in range(len(known) - 1) if scores[i] == scores[i + 1]]
    assert tied and any(a != b for a, b in tied)  # ties among candidates that differ in what the graph knows
    assert all(a >= b for a, b in tied)


def test_where_one_candidate_stands_matches_its_recommendation(matcher: Matcher) -> None:
    p = matcher.state().projection
    col = int(p.org_patent.tocoo().col[0])
    patent = p.patents.ids[col]
    third = matcher.licensees(patent, limit=5).data[2]
    found = matcher.standing("licensees", patent, third.id)
    assert found.rank == 3 and found.would_rank is None and found.score == third.score
    assert found.parts == third.parts and found.evidence is not None and found.reason_en is None
    assert found.scored_in_full <= found.candidates
    owner = p.orgs.ids[int(p.org_patent[:, col].tocoo().row[0])]
    owned = matcher.standing("licensees", patent, owner)
    assert owned.rank is None and owned.score is None and owned.reason_en == "it owns this patent"
    university = next(i for i, kind in enumerate(p.org_kind) if kind == "university")
    assert "companies" in str(matcher.standing("licensees", patent, p.orgs.ids[university]).reason_en)
    person = p.people.ids[0]
    assert matcher.standing("cofounders", person, person).reason_en == "this is the person asked about"
    company = next(o for o in range(len(p.orgs)) if p.org_kind[o] == "company" and p.person_org[:, o].nnz)
    staff = p.people.ids[int(p.person_org[:, company].tocoo().row[0])]
    assert "own staff" in str(matcher.standing("partners", p.orgs.ids[company], staff).reason_en)
    with pytest.raises(NotFound):
        matcher.standing("licensees", patent, "org:nobody")


def test_a_rank_is_the_place_in_the_list_that_leaves_out_the_hidden(matcher: Matcher) -> None:
    p = matcher.state().projection
    patent = p.patents.ids[int(p.org_patent.tocoo().col[0])]
    first, second, third = (r.id for r in matcher.licensees(patent, limit=3, explain=False).data)
    shown = [r.id for r in matcher.licensees(patent, limit=3, explain=False, hide=frozenset({first})).data]
    found = matcher.standing("licensees", patent, third, hide=frozenset({first, "org:not-a-candidate"}))
    assert shown[:2] == [second, third] and (found.rank, found.hidden_above) == (2, 1)
    hidden_itself = matcher.standing("licensees", patent, first, hide=frozenset({first}))
    assert (hidden_itself.rank, hidden_itself.hidden_above) == (1, 0)  # the place it would take if shown again
    below = matcher.standing("licensees", patent, first, hide=frozenset({third}))
    assert (below.rank, below.hidden_above) == (1, 0)


def test_a_candidate_outside_the_shortlist_is_placed_by_its_score(matcher: Matcher, sample_store: GraphStore,
                                                                  tmp_path: Path) -> None:
    narrow = Matcher(sample_store, MatcherSettings(cache_dir=tmp_path, shortlist=10), train_rankers=False)
    p = narrow.state().projection
    col = int(p.org_patent.tocoo().col[0])
    patent, owners = p.patents.ids[col], set(p.org_patent[:, col].tocoo().row.tolist())
    shown = {r.id for r in narrow.licensees(patent, limit=10, explain=False).data}
    outside = next(p.orgs.ids[o] for o in range(len(p.orgs)) if p.org_kind[o] == "company"
                   and p.orgs.ids[o] not in shown and o not in owners)
    found = narrow.standing("licensees", patent, outside)
    assert found.rank is None and found.would_rank is not None and 1 <= found.would_rank <= found.scored_in_full + 1
    assert found.scored_in_full < found.candidates and found.parts and found.score is not None
    page = narrow.licensees(patent, limit=10, explain=False).data  # scored as the standing was (a shortlist of 10)
    assert min(found.would_rank - 1, 10) == sum(r.score >= found.score for r in page)


def test_a_candidate_on_a_page_that_hides_some_stands_where_the_page_shows_it(matcher: Matcher,
                                                                             sample_store: GraphStore,
                                                                             tmp_path: Path) -> None:
    narrow = Matcher(sample_store, MatcherSettings(cache_dir=tmp_path, shortlist=10), train_rankers=False)
    p = narrow.state().projection
    patent = p.patents.ids[int(p.org_patent.tocoo().col[0])]
    declined = frozenset(r.id for r in narrow.licensees(patent, limit=3, explain=False).data)
    page = narrow.licensees(patent, limit=10, explain=False, hide=declined).data
    assert len(page) == 10 and not declined & {r.id for r in page}
    for shown in page:
        found = narrow.standing("licensees", patent, shown.id, hide=declined)
        assert (found.rank, found.score, found.hidden_above) == (shown.rank, shown.score, 3), shown.id


def test_a_saved_need_marks_the_researchers_new_in_its_top_since_the_last_visit(matcher: Matcher,
                                                                                sample_store: GraphStore) -> None:
    from matcher.saved_needs import run_saved_need

    def stored() -> SavedNeed:
        need = sample_store.get("need:new-since-test")
        assert isinstance(need, SavedNeed)
        return need

    sample_store.upsert_nodes([SavedNeed(id="need:new-since-test", name="배터리", text="리튬이온 배터리 관리 시스템")])
    try:
        first = matcher.partners(text=stored().text, limit=10).data[0].id
        page, new = run_saved_need(matcher, sample_store, stored(), hide=frozenset({first}))  # it was left out then
        assert first not in {r.id for r in page.data} and new == frozenset()  # a first visit: nothing to compare
        page, new = run_saved_need(matcher, sample_store, stored())
        assert page.data[0].id == first and new == {first}  # back in the top since the last visit
        _, later = run_saved_need(matcher, sample_store, stored(), offset=10)  # the same visit's next page
        assert later == frozenset()
        _, again = run_saved_need(matcher, sample_store, stored())
        assert again == frozenset()
    finally:
        sample_store.delete_nodes(["need:new-since-test"])


def test_candidates_left_out_shift_the_pages_after_them(matcher: Matcher) -> None:
    p = matcher.state().projection
    patent = p.patents.ids[int(p.org_patent.tocoo().col[0])]
    before = [r.id for r in matcher.licensees(patent, limit=20, explain=False).data]
    left_out = frozenset({before[0], before[5]})
    first = matcher.licensees(patent, limit=10, explain=False, hide=left_out)
    second = matcher.licensees(patent, offset=10, limit=10, explain=False, hide=left_out)
    assert [r.id for r in first.data + second.data] == [i for i in before if i not in left_out] + [
        r.id for r in second.data[-2:]]
    assert first.hidden == 2 and [r.rank for r in second.data] == list(range(11, 21))


def test_where_one_researcher_stands_for_a_saved_need(matcher: Matcher, sample_store: GraphStore) -> None:
    p = matcher.state().projection
    gist = next(p.orgs.ids[i] for i, name in enumerate(p.orgs.names) if name == "광주과학기술원")
    text = "리튬이온 배터리 관리 시스템"
    sample_store.upsert_nodes([SavedNeed(id="need:standing-a", name="배터리", text=text),
                               SavedNeed(id="need:standing-b", name="배터리 GIST", text=text,
                                         filters=f'{{"institution": "{gist}"}}')])
    try:
        third = matcher.partners(text=text, limit=3).data[2]
        found = matcher.standing("partners", "need:standing-a", third.id)
        assert found.rank == 3 and found.score == third.score and found.evidence is not None
        elsewhere = next(r.id for r in matcher.partners(text=text, limit=50).data
                         if gist not in {p.orgs.ids[o] for o in p.person_org[p.people.index[r.id]].indices})
        filtered = matcher.standing("partners", "need:standing-b", elsewhere)
        assert filtered.rank is None and "filters" in str(filtered.reason_en)
        with pytest.raises(NotFound):
            matcher.standing("partners", "need:nobody", third.id)
    finally:
        sample_store.delete_nodes(["need:standing-a", "need:standing-b"])


def test_a_company_known_by_its_papers_shows_the_paper_that_shares_the_patents_technology(
        store: GraphStore, tmp_path: Path) -> None:
    """A company with no patent but a paper on lidar is a licensee for a lidar patent, and its evidence walks
    from the patent through the technology to that paper and the company that wrote it."""
    from graph.schema import ApplicantOf, Authored, Publication
    from tests.factories import has_tech, org, patent, tech

    store.upsert_nodes([org(1, name_ko="광주과학기술원", kind="university"), org(2, name_ko="(주)라이다텍"),
                        org(3, name_ko="(주)한빛식품"), patent(1, title_ko="라이다 빔 조향 장치"),
                        tech("G01S", label_en="lidar"), Publication(id="pub:1", title="Solid-state lidar")])
    store.upsert_edges([ApplicantOf(src="org:o1", dst="pat:k1"), Authored(src="org:o2", dst="pub:1"),
                        has_tech("pat:k1", "G01S"), has_tech("pub:1", "G01S")])
    service = Matcher(store, MatcherSettings(cache_dir=tmp_path), train_rankers=False)
    first = service.licensees("pat:k1", limit=2).data[0]
    assert first.id == "org:o2" and first.evidence is not None
    assert [(s.node_id, s.via) for s in first.evidence.paths[0]] == [
        ("pat:k1", None), ("tec:G01S", "HAS_TECHNOLOGY"), ("pub:1", "HAS_TECHNOLOGY"), ("org:o2", "AUTHORED")]
