"""The read side of the API, every role, on both backends."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import open_store
from tests.api.conftest import Api, make_settings

PROBLEM = "application/problem+json"


def first(api: Api, text: str, kind: str) -> str:
    hits = api.client.get("/api/v1/search", params={"q": text, "type": kind}, headers=api.as_("viewer")).json()
    return str(hits["data"][0]["id"])


def test_health_readiness_and_metrics(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["backend"] == api.backend
    api.client.get("/api/v1/search", params={"q": "x"}, headers=api.as_("viewer"))
    metrics = api.client.get("/metrics").text
    assert "innolink_requests_total" in metrics and "/api/v1/search" in metrics


def test_401_without_or_with_a_bad_key_and_403_without_the_role(api: Api) -> None:
    none = api.client.get("/api/v1/search", params={"q": "라이다"})
    assert none.status_code == 401 and none.headers["content-type"].startswith(PROBLEM)
    assert none.json()["type"].endswith("/unauthenticated") and "WWW-Authenticate" in none.headers
    assert api.client.get("/api/v1/me", headers={"X-API-Key": "ink_deadbeef_nope"}).status_code == 401
    assert api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {api.keys['tto']}"}).json()["role"] == "tto"
    for role, expected in (("viewer", 403), ("tto", 403), ("admin", 200)):
        assert api.client.get("/api/v1/imports", headers=api.as_(role)).status_code == expected, role
        assert api.client.get("/api/v1/reviews", headers=api.as_(role)).status_code == expected, role
        assert api.client.get("/api/v1/keys", headers=api.as_(role)).status_code == expected, role
    org = first(api, "광주과학기술원", "Organization")
    assert api.client.get(f"/api/v1/portfolio/{org}", headers=api.as_("viewer")).status_code == 403
    assert api.client.get(f"/api/v1/portfolio/{org}", headers=api.as_("tto")).status_code == 200
    forbidden = api.client.delete(f"/api/v1/organizations/{org}", headers=api.as_("tto"))
    assert forbidden.status_code == 403 and forbidden.json()["required"] == "admin"


def test_contact_data_is_hidden_from_viewers(api: Api) -> None:
    person = first(api, "교수", "Person") if False else api.store.list_nodes("Person", limit=1)[0].id
    with_mail = next(p for p in api.store.list_nodes("Person", limit=50) if getattr(p, "email", None))
    seen_by_viewer = api.client.get(f"/api/v1/people/{with_mail.id}", headers=api.as_("viewer")).json()
    seen_by_tto = api.client.get(f"/api/v1/people/{with_mail.id}", headers=api.as_("tto")).json()
    assert "email" not in seen_by_viewer["node"]["properties"] and "phone" not in seen_by_viewer["node"]["properties"]
    assert seen_by_tto["node"]["properties"]["email"] == with_mail.email  # type: ignore[attr-defined]
    assert person


def test_search_is_typo_tolerant_bilingual_and_filtered(api: Api) -> None:
    viewer = api.as_("viewer")
    korean = api.client.get("/api/v1/search", params={"q": "광주과학기술원"}, headers=viewer).json()
    assert korean["data"][0]["name"] == "광주과학기술원"
    english = api.client.get("/api/v1/search", params={"q": "Gwangju Institute of Science"}, headers=viewer).json()
    assert english["data"][0]["id"] == korean["data"][0]["id"]
    typo = api.client.get("/api/v1/search", params={"q": "lidar sensr", "type": "Technology"}, headers=viewer).json()
    assert typo["count"] > 0 and all(h["type"] == "Technology" for h in typo["data"])
    assert "LiDAR" in {h["name"] for h in typo["data"]} or any("라이다" in h["name"] for h in typo["data"])
    paged = api.client.get("/api/v1/search", params={"q": "장치", "limit": 5, "offset": 5}, headers=viewer).json()
    assert len(paged["data"]) == 5 and paged["offset"] == 5 and "type" in paged["facets"]
    bad = api.client.get("/api/v1/search", params={"q": "", "limit": 0}, headers=viewer)
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(PROBLEM)
    assert {e["field"] for e in bad.json()["errors"]} >= {"query.q", "query.limit"}


def test_entities_with_neighbours_and_provenance(api: Api) -> None:
    viewer = api.as_("viewer")
    listing = api.client.get("/api/v1/organizations", params={"limit": 5}, headers=viewer).json()
    assert listing["count"] >= 300 and len(listing["data"]) == 5
    org = first(api, "광주과학기술원", "Organization")
    page = api.client.get(f"/api/v1/organizations/{org}", headers=viewer).json()
    assert page["node"]["provenance"]["source"] == "institutions.csv"
    assert page["node"]["provenance"]["sources"] and page["neighbours"]
    assert {n["relationship"] for n in page["neighbours"]} >= {"AFFILIATED_WITH"}
    assert api.client.get("/api/v1/organizations/org:nobody", headers=viewer).status_code == 404
    assert api.client.get(f"/api/v1/patents/{org}", headers=viewer).status_code == 404  # an id of another type
    for kind in ("people", "patents", "publications", "projects", "technologies", "industries"):
        listed = api.client.get(f"/api/v1/{kind}", params={"limit": 1}, headers=viewer).json()
        assert listed["count"] > 0, kind
        one = api.client.get(f"/api/v1/{kind}/{listed['data'][0]['id']}", headers=viewer)
        assert one.status_code == 200, kind


def test_three_recommenders_with_evidence(api: Api) -> None:
    viewer = api.as_("viewer")
    company = first(api, "포토닉스", "Organization")
    partners = api.client.get("/api/v1/recommendations/partners", params={"company_id": company, "limit": 5},
                              headers=viewer).json()
    assert len(partners["data"]) == 5 and partners["data"][0]["evidence"]["sentence_ko"]
    assert partners["data"][0]["parts"] and partners["weights"]
    gist = first(api, "광주과학기술원", "Organization")
    only = api.client.get("/api/v1/recommendations/partners",
                          params={"company_id": company, "institution": gist, "limit": 5}, headers=viewer).json()
    for r in only["data"]:
        neighbours = api.client.get(f"/api/v1/people/{r['id']}", headers=viewer).json()["neighbours"]
        assert gist in {n["node"]["id"] for n in neighbours if n["relationship"] == "AFFILIATED_WITH"}
    need = api.client.post("/api/v1/recommendations/partners", json={"text": "리튬이온 배터리 관리 시스템", "limit": 3},
                           headers=viewer)
    assert need.status_code == 200 and len(need.json()["data"]) == 3
    assert api.client.post("/api/v1/recommendations/partners", json={"text": "x", "oops": 1},
                           headers=viewer).status_code == 422
    patent = api.store.list_nodes("Patent", limit=1)[0].id
    licensees = api.client.get("/api/v1/recommendations/licensees", params={"patent_id": patent}, headers=viewer)
    assert licensees.status_code == 200 and licensees.json()["data"]
    owners = {n.node.id for n in api.store.neighbours(patent, edge_types=["APPLICANT_OF"])}
    assert not owners & {r["id"] for r in licensees.json()["data"]}
    founder = api.store.list_nodes("Person", limit=1)[0].id
    cof = api.client.get("/api/v1/recommendations/cofounders", params={"person_id": founder, "role": "business"},
                         headers=viewer)
    assert cof.status_code == 200
    described = api.client.post("/api/v1/recommendations/licensees", headers=viewer, json={
        "text": "리튬이온 배터리 관리 시스템의 셀 균등화 회로", "ipc_codes": ["h02j 7/00", "H02J"], "limit": 5}).json()
    assert described["query"]["technologies"] == ["tec:ipc-H02J"] and len(described["data"]) == 5
    assert all(r["id"].startswith("org:") for r in described["data"])
    bad_code = api.client.post("/api/v1/recommendations/licensees", headers=viewer,
                               json={"text": "배터리", "ipc_codes": ["battery"]})
    assert bad_code.status_code == 422 and "battery" in bad_code.text
    nobody = api.client.post("/api/v1/recommendations/licensees", headers=viewer,
                             json={"text": "배터리", "inventor_ids": ["per:nobody"]})
    assert nobody.status_code == 404 and nobody.json()["id"] == "per:nobody"
    founded = api.client.post("/api/v1/recommendations/cofounders", headers=viewer, json={
        "text": "리튬이온 배터리 관리 시스템으로 창업 준비 중", "brings": "technical", "limit": 5}).json()
    assert founded["query"] == {"text": "리튬이온 배터리 관리 시스템으로 창업 준비 중", "brings": "technical"}
    assert len(founded["data"]) == 5 and founded["data"][0]["parts"]["complement"] == 1.0
    assert api.client.post("/api/v1/recommendations/cofounders", json={"text": "배터리", "brings": "money"},
                           headers=viewer).status_code == 422
    missing = api.client.get("/api/v1/recommendations/licensees", params={"patent_id": "pat:nope"}, headers=viewer)
    assert missing.status_code == 404 and missing.json()["id"] == "pat:nope"


def test_saved_needs_belong_to_their_owner(api: Api) -> None:
    mine, theirs = api.as_("viewer"), api.as_("tto")
    body = {"name": "라이다", "text": "라이다 센서 신호 처리", "region": "광주"}
    created = api.client.post("/api/v1/needs", json=body, headers=mine)
    assert created.status_code == 201
    need = created.json()["id"]
    assert need in {n["id"] for n in api.client.get("/api/v1/needs", headers=mine).json()["data"]}
    assert need not in {n["id"] for n in api.client.get("/api/v1/needs", headers=theirs).json()["data"]}
    run = api.client.get(f"/api/v1/needs/{need}/recommendations", params={"limit": 3}, headers=mine)
    assert run.status_code == 200 and len(run.json()["data"]) == 3
    assert not any(r["new"] for r in run.json()["data"])  # a first run: nothing to compare with
    again = api.client.get(f"/api/v1/needs/{need}/recommendations", params={"limit": 8}, headers=mine).json()
    assert not any(r["new"] for r in again["data"])  # the graph has not changed since
    listed = api.client.get("/api/v1/needs", headers=mine).json()["data"]
    assert next(n for n in listed if n["id"] == need)["last_run_at"]
    assert api.client.get(f"/api/v1/needs/{need}/recommendations", headers=theirs).status_code == 403
    assert api.client.delete(f"/api/v1/needs/{need}", headers=mine).status_code == 204


def test_graph_view_and_paths(api: Api) -> None:
    viewer = api.as_("viewer")
    org = first(api, "광주과학기술원", "Organization")
    one = api.client.get(f"/api/v1/graph/{org}", params={"depth": 1, "limit": 10}, headers=viewer).json()
    assert one["center"] == org and 1 < len(one["nodes"]) <= 10 and one["truncated"]
    ids = {n["id"] for n in one["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in one["edges"])
    two = api.client.get(f"/api/v1/graph/{org}", params={"depth": 2, "limit": 60}, headers=viewer).json()
    assert len(two["nodes"]) > len(one["nodes"])
    assert api.client.get(f"/api/v1/graph/{org}", params={"depth": 3}, headers=viewer).status_code == 422
    person = next(n["id"] for n in one["nodes"] if n["type"] == "Person")
    paths = api.client.get("/api/v1/paths", params={"source": person, "target": org}, headers=viewer).json()
    assert paths and paths[0][0]["id"] == person and paths[0][-1]["id"] == org


def test_dashboard_and_portfolio_export(api: Api) -> None:
    stats = api.client.get("/api/v1/stats", headers=api.as_("viewer")).json()
    assert stats["nodes"]["Organization"] >= 300 and stats["by_industry"] and stats["by_year"]
    kinds = {row["id"]: row["count"] for row in stats["by_kind"]}
    assert sum(kinds.values()) == stats["nodes"]["Organization"] and kinds["company"] > kinds["university"] > 0
    owner = next(row["id"] for row in stats["by_institution"] if row["count"])
    rows = api.client.get(f"/api/v1/portfolio/{owner}", params={"top": 2, "limit": 5}, headers=api.as_("tto")).json()
    assert rows and all(len(r["licensees"]) <= 2 for r in rows)
    exported = api.client.get(f"/api/v1/portfolio/{owner}.csv", params={"top": 2, "limit": 5},
                              headers=api.as_("tto"))
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert table[0][:3] == ["patent_id", "title", "year"] and len(table) > 1
    assert not any(cell[:1] in ("=", "+", "@") for row in table[1:] for cell in row)


def test_keys_can_be_created_listed_and_revoked(api: Api) -> None:
    admin = api.as_("admin")
    made = api.client.post("/api/v1/keys", json={"name": "tto-gist", "role": "tto"}, headers=admin).json()
    assert made["key"].startswith("ink_") and made["role"] == "tto"
    assert api.client.get("/api/v1/me", headers={"X-API-Key": made["key"]}).json()["role"] == "tto"
    assert made["id"] in {k["id"] for k in api.client.get("/api/v1/keys", headers=admin).json()}
    assert "key_hash" not in api.client.get("/api/v1/keys", headers=admin).text
    api.client.post(f"/api/v1/keys/{made['id']}/revoke", headers=admin)
    assert api.client.get("/api/v1/me", headers={"X-API-Key": made["key"]}).status_code == 401


class _CountingFinder:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def technologies(self, text: str) -> list[tuple[str, float]]:
        self.texts.append(text)
        return []


def test_serving_builds_the_matcher_and_extractor_before_the_first_request(tmp_path: Path,
                                                                          request: pytest.FixtureRequest) -> None:
    settings = make_settings("embedded", tmp_path, request)
    store = open_store(settings)
    finder = _CountingFinder()
    try:
        for warm in (False, True):
            with TestClient(create_app(settings, store=store, finder=finder, warm=warm)) as client:
                app = client.app
                if app.state.warming is not None:  # type: ignore[attr-defined]
                    app.state.warming.join(timeout=120)  # type: ignore[attr-defined]
                assert app.state.matcher.built is warm and bool(finder.texts) is warm  # type: ignore[attr-defined]
    finally:
        store.close()


def test_where_a_named_candidate_stands_and_why_an_owner_never_does(api: Api) -> None:
    viewer = api.as_("viewer")
    patent = api.store.list_nodes("Patent", limit=1)[0].id
    second = api.client.get("/api/v1/recommendations/licensees", params={"patent_id": patent, "limit": 2},
                            headers=viewer).json()["data"][1]
    found = api.client.get("/api/v1/recommendations/licensees/standing",
                           params={"query_id": patent, "candidate_id": second["id"]}, headers=viewer)
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["rank"] == 2 and body["score"] == second["score"] and body["parts"] == second["parts"]
    assert body["evidence"]["sentence_ko"] == second["evidence"]["sentence_ko"] and body["reason"] is None
    owner = next(n.node.id for n in api.store.neighbours(patent, edge_types=["APPLICANT_OF"]))
    owned = api.client.get("/api/v1/recommendations/licensees/standing",
                           params={"query_id": patent, "candidate_id": owner}, headers=viewer).json()
    assert owned["rank"] is None and owned["reason"]["en"] == "it owns this patent" and owned["reason"]["ko"]
    unknown = api.client.get("/api/v1/recommendations/licensees/standing",
                             params={"query_id": patent, "candidate_id": "org:nobody"}, headers=viewer)
    assert unknown.status_code == 404 and unknown.json()["id"] == "org:nobody"
    assert api.client.get("/api/v1/recommendations/mentors/standing",
                          params={"query_id": patent, "candidate_id": owner}, headers=viewer).status_code == 422


def test_a_records_recommendations_download_as_a_spreadsheet_in_the_order_shown(api: Api) -> None:
    viewer = api.as_("viewer")
    patent = api.store.list_nodes("Patent", limit=1)[0].id
    shown = api.client.get("/api/v1/recommendations/licensees", headers=viewer,
                           params={"patent_id": patent, "limit": 20}).json()["data"]
    response = api.client.get("/api/v1/recommendations/licensees.csv", headers=viewer,
                              params={"query_id": patent, "limit": 20})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["rank"], r["candidate_id"], r["candidate"]) for r in rows] == [
        (str(s["rank"]), s["id"], s["name"]) for s in shown]
    assert all(r["why"] and r["이유"] for r in rows) and any(r["shared_technologies"] for r in rows)
    assert not any(r["follow_up"] for r in rows)  # a viewer sees no follow-ups
    company = next(o for o in api.store.list_nodes("Organization", limit=200) if getattr(o, "kind", "") == "company")
    partners = api.client.get("/api/v1/recommendations/partners.csv", headers=viewer,
                              params={"query_id": company.id, "limit": 5})
    assert partners.status_code == 200 and len(partners.content.decode("utf-8-sig").splitlines()) <= 6
    wrong = api.client.get("/api/v1/recommendations/licensees.csv", headers=viewer, params={"query_id": "need:x"})
    assert wrong.status_code == 400 and "query_id" in wrong.text
    assert api.client.get("/api/v1/recommendations/licensees.csv", headers=viewer,
                          params={"query_id": ""}).status_code == 422  # named, not a matcher error
    assert api.client.get("/api/v1/recommendations/licensees.csv", headers=viewer,
                          params={"query_id": "pat:nothing"}).status_code == 404
