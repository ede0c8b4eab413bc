"""Adding one record by hand through the API (administrators), on both backends."""

from __future__ import annotations

from urllib.parse import quote

from tests.api.conftest import Api

HANBIT = {"name_ko": "(주)한빛광학", "name_en": "Hanbit Optics Co., Ltd.", "business_number": "220-81-62517",
          "region": "광주", "description": "자율주행 차량용 라이다 센서와 광학 모듈", "technologies": ["LiDAR"]}


def add(api: Api, kind: str, fields: dict[str, object], *, role: str = "admin", dry_run: bool = False
        ) -> tuple[int, dict[str, object], dict[str, str]]:
    response = api.client.post(f"/api/v1/records/{kind}", json=fields, params={"dry_run": dry_run},
                               headers=api.as_(role))
    return response.status_code, response.json(), dict(response.headers)


def test_a_record_added_by_hand_is_resolved_and_undone_like_an_import(fresh_api: Api) -> None:
    api = fresh_api
    status, body, headers = add(api, "organizations", HANBIT)
    assert (status, body["outcome"], body["node_id"]) == (201, "created", "org:brn-2208162517"), body
    assert headers["location"] == "/api/v1/organizations/org:brn-2208162517"
    entity = api.client.get(headers["location"], headers=api.as_("viewer")).json()
    assert entity["node"]["provenance"]["source"].startswith("organizations added by test-admin")
    assert {n["node"]["name"] for n in entity["neighbours"] if n["relationship"] == "HAS_TECHNOLOGY"}
    run = api.client.get(f"/api/v1/imports/{body['run_id']}", headers=api.as_("admin")).json()
    assert (run["kind"], run["created"], run["status"]) == ("organizations", 1, "done")

    # the same company named another way lands on the record the graph holds
    status, again, _ = add(api, "organizations", {"name_en": "HANBIT OPTICS CO.,LTD", "homepage": "hanbit.example"})
    assert (status, again["outcome"], again["node_id"]) == (200, "merged", "org:brn-2208162517"), again
    assert api.store.get("org:brn-2208162517").homepage == "hanbit.example"  # type: ignore[union-attr]

    # a relationship record: a licence of a patent added by hand to that company, by its English name
    status, patent, _ = add(api, "patents", {"application_number": "10-2021-0054321", "title_ko": "라이다 광학계",
                                             "applicants": "광주과학기술원", "ipc_codes": ["G01S 7/481"]})
    assert (status, patent["node_id"]) == (201, "pat:KR-10-2021-0054321"), patent
    status, licence, headers = add(api, "licenses", {"patent": "10-2021-0054321", "licensee": "Hanbit Optics",
                                                     "year": 2024, "exclusive": "전용"})
    assert status == 201 and licence["relationship"] == {
        "type": "LICENSED_TO", "source": "pat:KR-10-2021-0054321", "target": "org:brn-2208162517"}, licence
    assert headers["location"] == "/api/v1/patents/pat:KR-10-2021-0054321"

    refused = api.client.post(f"/api/v1/imports/{body['run_id']}/undo", headers=api.as_("admin"))
    assert refused.status_code == 409, refused.json()  # what the later records added to it would go with it
    assert again["run_id"] in refused.json()["detail"] and licence["run_id"] in refused.json()["detail"]
    for later in (licence, patent, again):  # the latest first
        undone = api.client.post(f"/api/v1/imports/{later['run_id']}/undo", headers=api.as_("admin"))
        assert undone.status_code == 200 and undone.json()["status"] == "undone", undone.json()
    undone = api.client.post(f"/api/v1/imports/{body['run_id']}/undo", headers=api.as_("admin"))
    assert undone.status_code == 200 and undone.json()["status"] == "undone"
    assert api.store.get("org:brn-2208162517") is None


def test_a_refused_record_names_every_field_and_writes_nothing(fresh_api: Api) -> None:
    api = fresh_api
    before = api.store.count("LoadRun")
    status, body, _ = add(api, "organizations", {"name_ko": "오류기업", "business_number": "123-45-67892",
                                                 "employees": "many", "salary": 1})
    assert status == 422, body
    assert [e["field"] for e in body["errors"]] == ["salary", "business_number", "employees"]
    assert "check digit" in body["errors"][1]["message"]
    assert "검증번호가 맞지 않습니다" in body["errors"][1]["message_ko"], body  # as the add-record form says it
    assert api.store.count("Organization") == 0 and api.store.count("LoadRun") == before
    status, body, _ = add(api, "organizations", {"region": "광주"})
    assert status == 422 and body["errors"][0]["message"] == "needs name_ko or name_en"
    status, body, _ = add(api, "licenses", {"patent": "10-2021-0099999", "licensee": "무등로보틱스"})
    assert status == 422 and body["field"] == "patent" and "10-2021-0099999" in body["detail"], body
    assert api.store.count("Organization") == 0  # the licensee's stub was not written either
    assert api.client.post("/api/v1/records/spaceships", json={"name": "x"},
                           headers=api.as_("admin")).status_code == 422
    status, _, _ = add(api, "organizations", HANBIT, role="tto")
    assert status == 403 and api.store.count("Organization") == 0


def test_a_dry_run_says_what_a_record_would_become(fresh_api: Api) -> None:
    api = fresh_api
    add(api, "organizations", HANBIT)
    runs = api.store.count("LoadRun")
    status, body, _ = add(api, "people", {"name_ko": "김철수", "organization": "한빛광학", "skills": "광학; 라이다"},
                          dry_run=True)
    assert (status, body["outcome"], body["run_id"]) == (200, "new", None), body
    assert str(body["node_id"]).startswith("per:") and api.store.get(str(body["node_id"])) is None
    status, body, _ = add(api, "organizations", {"name_ko": "한빛광학 주식회사"}, dry_run=True)
    assert (body["outcome"], body["node_id"]) == ("merged", "org:brn-2208162517"), body
    assert api.store.count("LoadRun") == runs and api.store.count("Person") == 0


def test_a_wrong_relationship_is_removed_and_restored(fresh_api: Api) -> None:
    api = fresh_api
    add(api, "organizations", HANBIT)
    add(api, "organizations", {"name_ko": "무등로보틱스"})
    _, person, _ = add(api, "people", {"name_ko": "김철수", "email": "cs@example.kr", "organization": "무등로보틱스"})
    _, affiliation, _ = add(api, "affiliations", {"person": person["node_id"], "organization": "한빛광학"})
    status, _, headers = add(api, "organizations", {"name_ko": "빛고을에너지"})
    assert status == 201 and headers["location"] == "/api/v1/organizations/org:" + quote("빛고을에너지")
    assert api.client.get(headers["location"], headers=api.as_("viewer")).status_code == 200
    admin = api.as_("admin")
    query = {"type": "AFFILIATED_WITH", "source": person["node_id"], "target": "org:무등로보틱스"}
    assert api.client.delete("/api/v1/relationships", params=query, headers=api.as_("tto")).status_code == 403
    removed = api.client.delete("/api/v1/relationships", params=query, headers=admin)
    assert removed.status_code == 204, removed.text
    works_at = [n.node.id for n in api.store.neighbours(str(person["node_id"])) if n.edge.label == "AFFILIATED_WITH"]
    assert works_at == ["org:brn-2208162517"]  # only the wrong one went
    deletion = api.client.get(removed.headers["location"], headers=admin).json()
    assert (deletion["deleted_id"], deletion["node_label"], deletion["name"]) == (
        f"AFFILIATED_WITH:{person['node_id']}->org:무등로보틱스", "AFFILIATED_WITH", "김철수 → 무등로보틱스")
    again = api.client.delete("/api/v1/relationships", params=query, headers=admin)
    assert again.status_code == 404 and "AFFILIATED_WITH" in again.json()["detail"]
    unknown = api.client.delete("/api/v1/relationships", params={**query, "type": "KNOWS"}, headers=admin)
    assert unknown.status_code == 400
    restored = api.client.post(f"/api/v1/deletions/{deletion['id']}/restore", headers=admin).json()
    assert restored["restored"] and restored["relationships_not_restored"] == 0
    assert len([n for n in api.store.neighbours(str(person["node_id"])) if n.edge.label == "AFFILIATED_WITH"]) == 2
    assert affiliation["relationship"]["target"] == "org:brn-2208162517"
