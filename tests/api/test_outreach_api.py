"""Following up recommendations through the API (tto role), on both backends."""

from __future__ import annotations

import csv
import io

from tests.api.conftest import Api


def _licensees(api: Api, patent: str, role: str = "tto", **params: object) -> dict[str, object]:
    response = api.client.get("/api/v1/recommendations/licensees",
                              params={"patent_id": patent, "limit": 5, "explain": False, **params},
                              headers=api.as_(role))
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _ids(page: dict[str, object]) -> list[str]:
    return [str(r["id"]) for r in page["data"]]  # type: ignore[attr-defined]


def test_a_candidate_marked_declined_leaves_the_list_and_comes_back_when_asked_or_forgotten(api: Api) -> None:
    tto = api.as_("tto")
    patent = api.store.list_nodes("Patent", limit=1)[0].id
    before = _licensees(api, patent)
    first, second = _ids(before)[:2]
    version = api.client.app.state.matcher.state().projection.version  # type: ignore[attr-defined]

    made = api.client.put("/api/v1/outreach", headers=tto, json={
        "kind": "licensees", "query_id": patent, "candidate_id": first, "status": "contacted",
        "note": "기술이전 담당자에게 메일 발송"})
    assert made.status_code == 201, made.text
    assert made.json()["candidate_name"] and made.json()["by"] == "test-tto" and made.json()["history"] == []
    shown = _licensees(api, patent)
    assert _ids(shown) == _ids(before)  # contacted: still listed, with its status
    assert shown["data"][0]["outreach"]["status"] == "contacted"  # type: ignore[index]
    assert shown["data"][1]["outreach"] is None  # type: ignore[index]

    declined = api.client.put("/api/v1/outreach", headers=tto, json={
        "kind": "licensees", "query_id": patent, "candidate_id": first, "status": "declined"})
    assert declined.status_code == 200
    assert [h["status"] for h in declined.json()["history"]] == ["contacted"]
    after = _licensees(api, patent)
    assert first not in _ids(after) and _ids(after)[0] == second and after["hidden"] == 1
    everyone = _licensees(api, patent, include_declined=True)
    assert _ids(everyone) == _ids(before) and everyone["data"][0]["outreach"]["status"] == "declined"  # type: ignore[index]
    as_viewer = _licensees(api, patent, role="viewer")  # a viewer sees neither the marks nor their effect
    assert _ids(as_viewer) == _ids(before) and as_viewer["data"][0]["outreach"] is None  # type: ignore[index]
    # bookkeeping: the matcher's projection was not rebuilt by any of this
    assert api.client.app.state.matcher.state().projection.version == version  # type: ignore[attr-defined]

    listed = api.client.get("/api/v1/outreach", params={"query_id": patent}, headers=tto).json()
    assert listed["count"] == 1 and listed["data"][0]["status"] == "declined"
    offered = api.client.get("/api/v1/outreach", params={"candidate_id": first}, headers=tto).json()
    assert [r["query_id"] for r in offered["data"]] == [patent]
    assert api.client.get("/api/v1/outreach", params={"candidate_id": second}, headers=tto).json()["count"] == 0
    gone = api.client.delete(f"/api/v1/outreach/{listed['data'][0]['id']}", headers=tto)
    assert gone.status_code == 204
    assert _ids(_licensees(api, patent)) == _ids(before)
    assert api.client.delete(f"/api/v1/outreach/{listed['data'][0]['id']}", headers=tto).status_code == 404


def test_the_same_status_again_changes_nothing_and_the_export_opens_in_a_spreadsheet(api: Api) -> None:
    tto = api.as_("tto")
    company = api.store.list_nodes("Organization", where={"kind": "company"}, limit=1)[0].id
    researcher = _ids(api.client.get("/api/v1/recommendations/partners", headers=tto,
                                     params={"company_id": company, "limit": 1, "explain": False}).json())[0]
    body = {"kind": "partners", "query_id": company, "candidate_id": researcher, "status": "interested",
            "note": "=HYPERLINK(\"x\")"}
    first = api.client.put("/api/v1/outreach", headers=tto, json=body).json()
    again = api.client.put("/api/v1/outreach", headers=tto, json=body)
    assert again.status_code == 200 and again.json()["history"] == [] and again.json()["updated_at"] == \
        first["updated_at"]
    exported = api.client.get("/api/v1/outreach.csv", params={"kind": "partners"}, headers=tto)
    assert exported.status_code == 200 and exported.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    row = next(r for r in rows if r["candidate_id"] == researcher)
    assert row["status"] == "interested" and row["note"].startswith("'=")  # never run as a formula
    assert row["query"] and row["candidate"]
    api.client.delete(f"/api/v1/outreach/{first['id']}", headers=tto)


def test_marks_need_the_tto_role_and_name_the_field_that_is_wrong(api: Api) -> None:
    patent = api.store.list_nodes("Patent", limit=1)[0].id
    company = api.store.list_nodes("Organization", where={"kind": "company"}, limit=1)[0].id
    person = api.store.list_nodes("Person", limit=1)[0].id
    body = {"kind": "licensees", "query_id": patent, "candidate_id": company, "status": "shortlisted"}
    assert api.client.put("/api/v1/outreach", headers=api.as_("viewer"), json=body).status_code == 403
    assert api.client.get("/api/v1/outreach", headers=api.as_("viewer")).status_code == 403
    wrong_type = api.client.put("/api/v1/outreach", headers=api.as_("tto"), json={**body, "candidate_id": person})
    assert wrong_type.status_code == 422 and wrong_type.json()["field"] == "candidate_id"
    unknown = api.client.put("/api/v1/outreach", headers=api.as_("tto"), json={**body, "query_id": "pat:nope"})
    assert unknown.status_code == 404 and unknown.json()["id"] == "pat:nope"
    not_an_id = api.client.put("/api/v1/outreach", headers=api.as_("tto"), json={**body, "query_id": "nope"})
    assert not_an_id.status_code == 422 and not_an_id.json()["field"] == "query_id"
    bad_status = api.client.put("/api/v1/outreach", headers=api.as_("tto"), json={**body, "status": "maybe"})
    assert bad_status.status_code == 422 and "status" in bad_status.text
    assert api.store.count("Outreach") == 0


def test_the_portfolio_shows_each_licensees_follow_up_and_leaves_the_declined_out(api: Api) -> None:
    tto = api.as_("tto")
    stats = api.client.get("/api/v1/stats", headers=tto).json()
    owner = next(row["id"] for row in stats["by_institution"] if row["count"])
    params = {"top": 2, "limit": 3}
    before = api.client.get(f"/api/v1/portfolio/{owner}", params=params, headers=tto).json()
    patent, (first, second) = before[0]["patent_id"], [r["id"] for r in before[0]["licensees"]]
    declined = api.client.put("/api/v1/outreach", headers=tto, json={
        "kind": "licensees", "query_id": patent, "candidate_id": first, "status": "declined"}).json()
    contacted = api.client.put("/api/v1/outreach", headers=tto, json={
        "kind": "licensees", "query_id": patent, "candidate_id": second, "status": "contacted",
        "note": "회신 대기"}).json()
    try:
        after = api.client.get(f"/api/v1/portfolio/{owner}", params=params, headers=tto).json()
        shown = after[0]["licensees"]
        assert [r["id"] for r in shown][0] == second and first not in [r["id"] for r in shown] and len(shown) == 2
        assert shown[0]["outreach"]["status"] == "contacted" and shown[1]["outreach"] is None
        assert [r["licensees"] for r in after[1:]] == [r["licensees"] for r in before[1:]]  # other patents unchanged
        exported = api.client.get(f"/api/v1/portfolio/{owner}.csv", params=params, headers=tto)
        table = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
        row = next(r for r in table if r["licensee_id"] == second)
        assert row["follow_up"] == "contacted" and row["follow_up_note"] == "회신 대기"
    finally:
        for record in (declined, contacted):
            api.client.delete(f"/api/v1/outreach/{record['id']}", headers=tto)


def test_a_saved_needs_researchers_take_follow_ups(api: Api) -> None:
    tto = api.as_("tto")
    need = api.client.post("/api/v1/needs", json={"name": "라이다", "text": "라이다 센서 신호 처리"},
                           headers=tto).json()
    try:
        first, second = (r["id"] for r in api.client.get(f"/api/v1/needs/{need['id']}/recommendations",
                                                         params={"limit": 2}, headers=tto).json()["data"])
        body = {"kind": "partners", "query_id": need["id"], "candidate_id": first, "status": "not_a_fit"}
        made = api.client.put("/api/v1/outreach", headers=tto, json=body)
        assert made.status_code == 201 and made.json()["query_name"] == "라이다"
        again = api.client.get(f"/api/v1/needs/{need['id']}/recommendations", params={"limit": 3}, headers=tto)
        assert first not in [r["id"] for r in again.json()["data"]] and again.json()["hidden"] == 1
        for declined_too in (False, True):  # the spreadsheet of the need's researchers, as the office sees them
            exported = api.client.get("/api/v1/recommendations/partners.csv", headers=tto, params={
                "query_id": need["id"], "limit": 5, "include_declined": declined_too})
            follow_ups = {r["candidate_id"]: r["follow_up"]
                          for r in csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))}
            assert follow_ups.get(first) == ("not_a_fit" if declined_too else None), follow_ups
        for declined_too, place, hidden in ((False, 1, 1), (True, 2, 0)):  # its place in the list the office sees
            standing = api.client.get("/api/v1/recommendations/partners/standing", headers=tto, params={
                "query_id": need["id"], "candidate_id": second, "include_declined": declined_too}).json()
            assert (standing["rank"], standing["hidden_above"]) == (place, hidden), standing
        api.client.delete(f"/api/v1/outreach/{made.json()['id']}", headers=tto)
        placed = api.client.get("/api/v1/recommendations/partners/standing",
                                params={"query_id": need["id"], "candidate_id": first}, headers=tto)
        assert placed.status_code == 200 and placed.json()["rank"] == 1, placed.text
        assert api.client.get("/api/v1/recommendations/partners/standing", headers=api.as_("viewer"),
                              params={"query_id": need["id"], "candidate_id": first}).status_code == 403
    finally:
        api.client.delete(f"/api/v1/needs/{need['id']}", headers=tto)
