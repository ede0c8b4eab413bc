"""Changing the graph through the API (administrators), on both backends."""

from __future__ import annotations

import csv
import io
import re
import shutil
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.schema import LoadRun
from loaders import LoadPipeline
from tests.api.conftest import Api
from tests.loaders.test_dart import register_zip
from tests.loaders.test_public import PATENTSVIEW_SLICE

COMPANIES = (
    "name_ko,name_en,business_number,region,description\n"
    "(주)한빛광학,Hanbit Optics Co. Ltd.,220-81-62517,광주,자율주행 차량용 라이다 센서와 광학 모듈\n"
    "빛고을에너지,Bitgoeul Energy,,광주,태양광 발전과 에너지저장장치\n"
    "오류기업,Bad Co,123-45-67891x,광주,\n"
    ",,,광주,이름 없는 기업\n"
    "무등로보틱스,Mudeung Robotics,,광주,산업용 로봇\n"
)


def upload(api: Api, text: str | bytes, *, kind: str = "organizations", name: str = "companies.csv",
           dry_run: bool = False, mapping: str | None = None, reprocess: bool = False) -> dict[str, object]:
    content = text.encode("utf-8") if isinstance(text, str) else text
    files: dict[str, tuple[str, bytes, str]] = {"file": (name, content, "application/octet-stream")}
    if mapping is not None:
        files["mapping"] = ("mapping.yaml", mapping.encode("utf-8"), "application/yaml")
    form = {"kind": kind, "dry_run": str(dry_run).lower(), "reprocess": str(reprocess).lower()}
    response = api.client.post("/api/v1/imports", data=form, files=files, headers=api.as_("admin"))
    assert response.status_code == 202, response.text
    job: dict[str, object] = response.json()
    deadline = time.monotonic() + 120
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = api.client.get(f"/api/v1/imports/{job['id']}", headers=api.as_("admin")).json()
    return job


def test_import_loads_good_rows_and_reports_bad_ones(fresh_api: Api) -> None:
    api = fresh_api
    job = upload(api, COMPANIES)
    assert job["status"] == "done", job
    assert (job["created"], job["rejected"]) == (3, 2)
    rejects = api.client.get(str(job["rejects_url"]), headers=api.as_("admin"))
    named = str(job["id"]).replace(":", "_")
    assert rejects.headers["content-disposition"] == f'attachment; filename="{named}-rejects.csv"'
    lines = rejects.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "file,line,field,value,reason,이유" and lines[1].startswith("companies.csv,4,business_number")
    assert "사업자등록번호" in lines[1]  # the reason in Korean too
    assert lines[2].startswith("companies.csv,5,")
    assert api.store.count("Organization") == 3  # nothing from the two bad rows
    found = api.client.get("/api/v1/search", params={"q": "한빛광학"}, headers=api.as_("viewer")).json()
    assert any(h["name"] == "(주)한빛광학" for h in found["data"])  # the projection refreshed after the load
    again = upload(api, COMPANIES)
    assert (again["created"], again["unchanged"], again["rejected"]) == (0, 3, 2)
    assert "skipped" in str(again["message"])  # unchanged, and the graph still holds the first load's result
    forced = upload(api, COMPANIES, reprocess=True)
    assert (forced["created"], forced["unchanged"], forced["rejected"]) == (0, 3, 2)
    assert "skipped" not in str(forced["message"] or "")
    undone = api.client.post(f"/api/v1/imports/{job['id']}/undo", headers=api.as_("admin"))
    assert undone.status_code == 200 and undone.json()["status"] == "undone"
    assert api.store.count("Organization") == 0
    prune = "/api/v1/imports/journals/prune"
    assert api.client.post(prune, headers=api.as_("tto")).status_code == 403
    assert api.client.post(prune, headers=api.as_("admin")).json() == []  # every import finished just now
    listed = api.client.post(prune, params={"older_than_days": 0, "dry_run": True}, headers=api.as_("admin")).json()
    assert [j["id"] for j in listed] == [again["id"], forced["id"]]  # the first was undone: nothing to prune
    *_, pruned = api.client.post(prune, params={"older_than_days": 0}, headers=api.as_("admin")).json()
    assert pruned["id"] == forced["id"] and "can no longer be undone" in pruned["message"], pruned
    assert "더 이상 되돌릴 수 없습니다" in pruned["message_ko"]
    refused = api.client.post(f"/api/v1/imports/{forced['id']}/undo", headers=api.as_("admin"))
    assert refused.status_code == 409 and "has no journal to undo it with" in refused.text
    assert refused.json()["detail_ko"] == f"실행 {forced['id']}에는 되돌릴 기록이 없습니다"
    shutil.rmtree(api.settings.runs_dir)  # the reports' files gone (another machine): their copies in the graph
    page = api.client.get(f"/admin/imports/{job['id']}", headers=api.as_("admin")).text
    assert 'class="data rejects"' in page and "사업자등록번호" in page
    assert api.client.get(str(job["rejects_url"]), headers=api.as_("admin")).content == rejects.content


def test_the_server_prunes_old_undo_journals_when_told_how_long_to_keep_them(fresh_api: Api) -> None:
    from api.jobs import ImportJobs
    from loaders.journals import journal_parts

    api = fresh_api
    first = upload(api, COMPANIES)
    old = api.store.get(str(first["id"]))
    assert isinstance(old, LoadRun) and journal_parts(api.store, old.id)
    api.store.upsert_nodes([old.model_copy(update={"finished_at": datetime.now(UTC) - timedelta(days=3)})])
    upload(api, "name_ko\n무등로보틱스\n", name="more.csv")  # by default every journal is kept
    assert journal_parts(api.store, old.id)
    api.settings.api.keep_journals_days = 2
    latest = upload(api, "name_ko\n광산모빌리티\n", name="later.csv")  # each import prunes those past their time first
    pruned = api.store.get(old.id)
    assert isinstance(pruned, LoadRun) and pruned.journal is None and journal_parts(api.store, old.id) == []
    assert "can no longer be undone" in str(pruned.message) and journal_parts(api.store, str(latest["id"]))
    kept = api.store.get(str(latest["id"]))
    assert isinstance(kept, LoadRun) and kept.journal
    api.store.upsert_nodes([kept.model_copy(update={"finished_at": datetime.now(UTC) - timedelta(days=3)})])
    ImportJobs(api.store, api.settings)  # and so does a server starting
    assert journal_parts(api.store, kept.id) == []


def test_an_import_that_raises_review_pairs_offers_its_review_report(fresh_api: Api) -> None:
    api = fresh_api
    job = upload(api, "name_ko,region\n한누리광학,광주\n한누리광학기,전남\n", name="near.csv")
    assert (job["status"], job["created"], job["review"]) == ("done", 1, 1), job
    report = api.client.get(str(job["review_url"]), headers=api.as_("admin"))
    rows = list(csv.DictReader(io.StringIO(report.text.lstrip("\ufeff"))))
    assert [(r["left_name"], r["right_name"], r["source_record"]) for r in rows] == [
        ("한누리광학", "한누리광학기", "near.csv:3")]
    assert api.client.get(str(job["review_url"]), headers=api.as_("viewer")).status_code == 403
    shutil.rmtree(api.settings.runs_dir)  # a load from another machine (the host's command line): no file here
    again = api.client.get(f"/api/v1/imports/{job['id']}", headers=api.as_("admin")).json()
    assert again["review_url"] == job["review_url"]  # its copy in the graph
    listed = api.client.get("/api/v1/imports", headers=api.as_("admin")).json()["data"]
    assert [j["review_url"] for j in listed if j["id"] == job["id"]] == [job["review_url"]]
    assert api.client.get(str(job["review_url"]), headers=api.as_("admin")).content == report.content
    plain = upload(api, "name_ko,region\n무등로보틱스,광주\n", name="plain.csv")
    assert plain["review_url"] is None
    missing = api.client.get(f"/api/v1/imports/{plain['id']}/review.csv", headers=api.as_("admin"))
    assert missing.status_code == 404


def test_dry_run_and_upload_limits(fresh_api: Api) -> None:
    api = fresh_api
    job = upload(api, COMPANIES, dry_run=True)
    assert job["status"] == "done" and job["dry_run"] and job["rejected"] == 2 and job["created"] == 3
    assert api.store.count("Organization") == 0
    admin = api.as_("admin")
    wrong_type = api.client.post("/api/v1/imports", data={"kind": "organizations"},
                                 files={"file": ("x.pdf", b"%PDF", "application/pdf")}, headers=admin)
    assert wrong_type.status_code == 415
    wrong_kind = api.client.post("/api/v1/imports", data={"kind": "widgets"},
                                 files={"file": ("x.csv", b"a,b\n", "text/csv")}, headers=admin)
    assert wrong_kind.status_code == 400
    bad_mapping = api.client.post("/api/v1/imports", data={"kind": "organizations"},
                                  files={"file": ("x.csv", b"a\n1\n", "text/csv"),
                                         "mapping": ("m.yaml", b"kind: [broken", "application/yaml")}, headers=admin)
    assert bad_mapping.status_code == 422
    api.settings.api.max_upload_mb = 1
    big = api.client.post("/api/v1/imports", data={"kind": "organizations"},
                          files={"file": ("big.csv", b"name_ko\n" + b"x" * (2 << 20), "text/csv")}, headers=admin)
    assert big.status_code == 413
    viewer = api.client.post("/api/v1/imports", data={"kind": "organizations"},
                             files={"file": ("x.csv", b"name_ko\nA\n", "text/csv")}, headers=api.as_("viewer"))
    assert viewer.status_code == 403


def test_odd_uploads_get_clear_answers(fresh_api: Api) -> None:
    api, admin = fresh_api, fresh_api.as_("admin")
    mapping = b"kind: organizations\ncolumns:\n  name_ko: name\n"
    dotted = api.client.post("/api/v1/imports", data={"kind": "organizations"},  # '..' once named the jobs folder
                             files={"file": ("x.csv", b"name\nA\n", "text/csv"),
                                    "mapping": ("..", mapping, "application/yaml")}, headers=admin)
    assert dotted.status_code == 202, dotted.text
    job = upload(api, COMPANIES, name="companies.xlsx")  # a CSV saved under an Excel name
    assert job["status"] == "failed"
    assert "companies.xlsx: not a readable Excel workbook" in str(job["message"])


def test_public_formats_upload_as_import_jobs(fresh_api: Api, tmp_path: Path) -> None:
    """OpenDART's register zip and a PatentsView file go through the import jobs like any upload; PatentsView's
    inventors are loaded as a run of their own, which the job names."""
    api = fresh_api
    dart = upload(api, register_zip(tmp_path).read_bytes(), kind="dart", name="corpCode.zip")
    assert (dart["status"], dart["created"], dart["review"], dart["rejected"]) == ("done", 3, 1, 0), dart
    assert api.store.count("Organization") == 4
    patents = upload(api, PATENTSVIEW_SLICE.read_bytes(), kind="patentsview", name="slice.parquet")
    assert patents["status"] == "done", patents
    assert patents["created"] == api.store.count("Patent") > 0
    assert f"people loaded as {patents['id']}-inventors" in str(patents["message"])
    inventors = api.client.get(f"/api/v1/imports/{patents['id']}-inventors", headers=api.as_("admin")).json()
    assert inventors["status"] == "done" and inventors["created"] == api.store.count("Person") > 0
    admin = api.as_("admin")
    wrong = api.client.post("/api/v1/imports", data={"kind": "patentsview"},
                            files={"file": ("x.csv", b"a\n", "text/csv")}, headers=admin)
    assert wrong.status_code == 415 and "a patentsview file is .parquet" in wrong.text
    mapped = api.client.post("/api/v1/imports", data={"kind": "patstat"},
                             files={"file": ("p.csv", b"Name\nX\n", "text/csv"),
                                    "mapping": ("m.yaml", b"kind: organizations\n", "application/yaml")},
                             headers=admin)
    assert mapped.status_code == 400 and "no mapping or sheet" in mapped.text


def test_an_upload_names_the_sheet_of_a_workbook_to_read(fresh_api: Api) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "기업"
    book.active.append(["기업명"])
    book.active.append(["(주)첫시트광학"])
    people = book.create_sheet("인력")
    people.append(["성명", "소속"])
    people.append(["김둘째", "(주)첫시트광학"])
    buffer = io.BytesIO()
    book.save(buffer)
    api, admin = fresh_api, fresh_api.as_("admin")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = api.client.post("/api/v1/imports", data={"kind": "people", "sheet": "인력"},
                               files={"file": ("현황.xlsx", buffer.getvalue(), xlsx)}, headers=admin)
    assert response.status_code == 202, response.text
    job = response.json()
    deadline = time.monotonic() + 60
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = api.client.get(f"/api/v1/imports/{job['id']}", headers=admin).json()
    assert (job["status"], job["created"], job["file"]) == ("done", 1, "현황.xlsx#인력"), job
    assert job["message"] == "read sheet '인력'"
    assert job["message_ko"] == "시트 '인력'을(를) 읽었습니다", job
    assert [p.display_name() for p in api.store.list_nodes("Person")] == ["김둘째"]
    on_csv = api.client.post("/api/v1/imports", data={"kind": "people", "sheet": "인력"},
                             files={"file": ("x.csv", b"name_ko\nA\n", "text/csv")}, headers=admin)
    assert on_csv.status_code == 400 and "sheet" in on_csv.text


def test_custom_mapping_upload(fresh_api: Api) -> None:
    mapping = "kind: organizations\ncolumns:\n  name_ko: 상호명\n  region: 시도\n"
    job = upload(fresh_api, "상호명,시도\n새빛포토닉스,광주\n", mapping=mapping)
    assert job["status"] == "done" and job["created"] == 1
    org = fresh_api.store.list_nodes("Organization")[0]
    assert org.display_name() == "새빛포토닉스" and org.region == "광주"


def test_columns_suggested_for_a_file_then_its_import_with_that_mapping(fresh_api: Api) -> None:
    api = fresh_api
    text = "Company,회사 이름,Reg. No,Memo\nSaebit Lidar,새빛라이다,417-81-09232,광주\n"
    files = {"file": ("firms.csv", text.encode("utf-8"), "text/csv")}
    response = api.client.post("/api/v1/imports/columns", data={"kind": "organizations"}, files=files,
                               headers=api.as_("admin"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(c["column"], c["field"], c["source"]) for c in body["columns"]] == [
        ("Company", "name_en", "header"), ("회사 이름", "name_ko", "header"), ("Reg. No", "business_number", "values"),
        ("Memo", None, "none")]
    assert body["columns"][2]["reason_ko"] == "값 1개 중 1개가 형식에 맞음" and body["missing_required"] == []
    assert "region" in body["fields"] and api.store.count("LoadRun") == 0  # nothing loaded, no file kept
    assert not any(Path(api.settings.api.jobs_dir).glob("*/firms.csv"))
    mapping = body["mapping_yaml"].replace("business_number: Reg. No\n", "business_number: Reg. No\n  region: Memo\n")
    job = upload(api, text, name="firms.csv", mapping=mapping)  # one choice changed: Memo holds the region
    assert (job["status"], job["created"], job["rejected"]) == ("done", 1, 0), job
    org = api.store.get("org:brn-4178109232")
    assert org is not None and (org.name_ko, org.name_en, org.region) == (  # type: ignore[attr-defined]
        "새빛라이다", "Saebit Lidar", "광주")
    failed = upload(api, "Paper Title Here,PY\nLidar optics,2021\n", kind="publications", name="papers.csv")
    assert failed["status"] == "failed" and "no column for required field 'title'" in str(failed["message"])
    assert str(failed["message_ko"]).startswith("필수 항목 'title'을(를) 채울 열이 없습니다: [") and str(
        failed["message_ko"]).endswith("파일의 열은 ['Paper Title Here', 'PY']입니다")
    again = api.client.get(f"/admin/imports/{failed['id']}/columns", headers=api.as_("admin"),
                           follow_redirects=False)  # the file kept, for its columns to be chosen
    assert again.status_code == 303 and again.headers["location"].startswith("/admin/import/columns/")
    page = api.client.get(again.headers["location"], headers=api.as_("admin"))
    assert page.status_code == 200 and 'value="title" selected' in page.text
    assert api.client.get(f"/admin/imports/{job['id']}/columns", headers=api.as_("admin"),
                          follow_redirects=False).status_code == 404  # that import read every column
    refused = api.client.post("/api/v1/imports/columns", data={"kind": "patstat"}, files=files,
                              headers=api.as_("admin"))
    assert refused.status_code == 400 and refused.json()["field"] == "kind"
    assert api.client.post("/api/v1/imports/columns", data={"kind": "organizations"}, files=files,
                           headers=api.as_("tto")).status_code == 403


def test_columns_suggested_for_a_name_in_two_columns_join_them(fresh_api: Api) -> None:
    files = {"file": ("staff.csv", "성,이름,소속\n김,민수,GIST\n".encode(), "text/csv")}
    response = fresh_api.client.post("/api/v1/imports/columns", data={"kind": "people"}, files=files,
                                     headers=fresh_api.as_("admin"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(c["column"], c["field"], c["joined"]) for c in body["columns"]] == [
        ("성", "name_ko", ["성", "이름"]), ("이름", "name_ko", ["성", "이름"]), ("소속", "organization", [])]
    assert body["missing_required"] == [] and "joined:\n  name_ko:\n  - 성\n  - 이름\n" in body["mapping_yaml"]


def test_patch_delete_merge_and_undo(fresh_api: Api) -> None:
    api = fresh_api
    upload(api, COMPANIES)
    admin = api.as_("admin")
    org = "org:brn-2208162517"
    before = api.client.get(f"/api/v1/organizations/{org}", headers=admin).json()  # now a cached view
    assert before["node"]["properties"].get("employees") != 40
    patched = api.client.patch(f"/api/v1/organizations/{org}", json={"properties": {"employees": 40, "size": "small"}},
                               headers=admin)
    assert patched.status_code == 200 and patched.json()["properties"]["employees"] == 40
    assert patched.json()["provenance"]["source"] == "api-edit"
    after = api.client.get(f"/api/v1/organizations/{org}", headers=admin).json()  # the edit shows at once
    assert after["node"]["properties"]["employees"] == 40
    invalid = api.client.patch(f"/api/v1/organizations/{org}", json={"properties": {"employees": -3}}, headers=admin)
    assert invalid.status_code == 422 and invalid.json()["field"] == "employees"
    unknown = api.client.patch(f"/api/v1/organizations/{org}", json={"properties": {"salary": 1}}, headers=admin)
    assert unknown.status_code == 400
    assert api.client.patch(f"/api/v1/organizations/{org}", json={"properties": {"employees": 1}},
                            headers=api.as_("tto")).status_code == 403
    assert api.client.get("/api/v1/organizations/org:빛고을에너지", headers=admin).status_code == 200
    merged = api.client.post(f"/api/v1/organizations/{org}/merge", json={"drop_id": "org:빛고을에너지"}, headers=admin)
    assert merged.status_code == 200 and api.store.get("org:빛고을에너지") is None
    assert api.client.get("/api/v1/organizations/org:빛고을에너지", headers=admin).status_code == 404
    listed = api.client.get("/api/v1/merges", headers=admin).json()
    assert merged.json()["id"] in {m["id"] for m in listed["data"]}
    assert merged.json()["reasons"] == {"ko": ["병합한 관리자: test-admin"], "en": ["Merged by: test-admin"]}
    undone = api.client.post(f"/api/v1/merges/{merged.json()['id']}/undo", headers=admin)
    assert undone.status_code == 200 and undone.json()["undone"] and api.store.get("org:빛고을에너지") is not None
    assert undone.json()["load_again"] == []  # no file loaded since the merge
    again = api.client.post(f"/api/v1/merges/{merged.json()['id']}/undo", headers=admin)
    assert again.status_code == 409
    assert again.json()["detail_ko"] == f"병합 {merged.json()['id']}은(는) 이미 되돌렸습니다"
    missing = api.client.get("/api/v1/organizations/org:nothing", headers=admin).json()
    assert "detail_ko" not in missing  # said in English only where no rendering is known
    before = api.client.get("/api/v1/organizations/org:무등로보틱스", headers=admin).json()
    deleted = api.client.delete("/api/v1/organizations/org:무등로보틱스", headers=admin)
    assert deleted.status_code == 204
    assert api.client.get("/api/v1/organizations/org:무등로보틱스", headers=admin).status_code == 404
    deletion = api.client.get(deleted.headers["location"], headers=admin).json()
    assert (deletion["deleted_id"], deletion["deleted_by"], deletion["restored"]) == (
        "org:무등로보틱스", "test-admin", False)
    assert deletion["relationships"] == len(before["neighbours"]) > 0
    assert api.client.get("/api/v1/deletions", headers=api.as_("tto")).status_code == 403
    assert api.client.get("/api/v1/deletions", headers=admin).json()["data"][0]["id"] == deletion["id"]
    restored = api.client.post(f"/api/v1/deletions/{deletion['id']}/restore", headers=admin).json()
    assert restored["restored"] and restored["relationships_not_restored"] == 0
    after = api.client.get("/api/v1/organizations/org:무등로보틱스", headers=admin).json()
    for node in (before["node"], after["node"]):
        node["provenance"].pop("loaded_at")  # written again by the restore
    assert after["node"] == before["node"]
    assert [n["node"]["id"] for n in after["neighbours"]] == [n["node"]["id"] for n in before["neighbours"]]
    restored_twice = api.client.post(f"/api/v1/deletions/{deletion['id']}/restore", headers=admin)
    assert restored_twice.status_code == 409
    assert restored_twice.json()["detail_ko"] == f"삭제 {deletion['id']}은(는) 이미 복원했습니다"


def test_review_items_can_be_decided(fresh_api: Api) -> None:
    api = fresh_api
    people = "name_ko,name_en,email,organization,skills\n" + "".join(
        f"연구자{chr(0xAC00 + i)},,r{i}@gist.ac.kr,광주과학기술원,경영\n" for i in range(30))
    people += "이승훈,,shlee@gist.ac.kr,광주과학기술원,라이다 센서;광검출기\n"
    people += "김민수,,mskim@gist.ac.kr,광주과학기술원,딥러닝;컴퓨터 비전\n"
    upload(api, people, kind="people", name="people.csv")
    moved = "name_en,organization,skills\nSeunghoon Lee,Chonnam National University,라이다 센서;광검출기\n" \
            "Minsu Kim,Chosun University,딥러닝;컴퓨터 비전\n"
    job = upload(api, moved, kind="people", name="moved.csv")
    assert job["review"] == 2
    admin = api.as_("admin")
    reviews = api.client.get("/api/v1/reviews", headers=admin).json()
    assert reviews["count"] == 2 and reviews["data"][0]["left"]["type"] == "Person"
    first, second = (r["id"] for r in reviews["data"])
    reasons = reviews["data"][0]["reasons"]  # the evidence in words; the shared affiliation by name
    assert "Shared skills: " in " ".join(reasons["en"]) and "공통 역량: " in " ".join(reasons["ko"])
    approved = api.client.post(f"/api/v1/reviews/{first}/approve", headers=admin)
    assert approved.status_code == 200 and approved.json()["reasons"]["en"][-1].startswith("Approved by: ")
    assert api.client.post(f"/api/v1/reviews/{second}/reject", headers=admin).json()["status"] == "rejected"
    decided = api.client.post(f"/api/v1/reviews/{second}/approve", headers=admin)
    assert decided.status_code == 409 and decided.json()["detail_ko"] == f"검토 항목 {second}은(는) 이미 거절되었습니다"
    assert api.client.get("/api/v1/reviews", headers=admin).json()["count"] == 0


def test_many_review_items_can_be_decided_at_once(fresh_api: Api) -> None:
    from tests.loaders.test_review_decisions import _three_with_reviews

    api = fresh_api
    ab, bc, ac = _three_with_reviews(api.store)
    report = api.client.get("/api/v1/reviews.csv", headers=api.as_("admin"))
    rows = list(csv.DictReader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert report.status_code == 200 and [r["review_id"] for r in rows] == [ab.id, bc.id, ac.id]
    assert api.client.get("/api/v1/reviews?type=Person", headers=api.as_("admin")).json()["count"] == 0
    assert api.client.get("/api/v1/reviews?type=Organization", headers=api.as_("admin")).json()["count"] == 3
    body = {"decisions": [{"review_id": ab.id, "decision": "approve"}, {"review_id": bc.id, "decision": "병합"},
                          {"review_id": ac.id, "decision": ""}, {"review_id": "rev:none", "decision": "reject"}]}
    assert api.client.post("/api/v1/reviews/decisions", json=body, headers=api.as_("viewer")).status_code == 403
    checked = api.client.post("/api/v1/reviews/decisions", json={**body, "dry_run": True}, headers=api.as_("admin"))
    assert checked.status_code == 200 and checked.json()["approved"] == [ab.id, bc.id]
    assert api.store.count("Organization") == 3  # a dry run changes nothing
    done = api.client.post("/api/v1/reviews/decisions", json=body, headers=api.as_("admin")).json()
    assert (done["approved"], done["blank"], len(done["merges"])) == ([ab.id, bc.id], 1, 2)
    assert [(p["line"], p["field"]) for p in done["problems"]] == [(4, "review_id")]
    assert api.store.count("Organization") == 1  # org:b went into org:a, then org:c followed it there
    assert api.client.post("/api/v1/reviews/decisions", json={"decisions": []},
                           headers=api.as_("admin")).status_code == 422
    approved = api.client.get("/api/v1/reviews.csv?status=approved", headers=api.as_("admin")).content
    assert approved.decode("utf-8-sig").count("rev:") == 2


def test_an_edit_is_listed_and_undone(fresh_api: Api) -> None:
    api = fresh_api
    upload(api, COMPANIES)
    admin = api.as_("admin")
    org = "org:brn-2208162517"
    before = api.client.get(f"/api/v1/organizations/{org}", headers=admin).json()["node"]["properties"]
    patched = api.client.patch(f"/api/v1/organizations/{org}", json={"properties": {"employees": 40}}, headers=admin)
    assert patched.status_code == 200
    edits = api.client.get("/api/v1/edits", params={"node_id": org}, headers=admin).json()
    assert edits["count"] == 1 and api.client.get("/api/v1/edits", headers=api.as_("tto")).status_code == 403
    [edit] = edits["data"]
    assert (edit["fields"], edit["before"], edit["after"], edit["edited_by"]) == (
        ["employees"], {"employees": before.get("employees")}, {"employees": 40}, "test-admin")
    undone = api.client.post(f"/api/v1/edits/{edit['id']}/undo", headers=admin)
    assert undone.status_code == 200 and undone.json()["undone"], undone.text
    after = api.client.get(f"/api/v1/organizations/{org}", headers=admin).json()["node"]["properties"]
    assert after.get("employees") == before.get("employees")
    twice = api.client.post(f"/api/v1/edits/{edit['id']}/undo", headers=admin)
    assert twice.status_code == 409 and twice.json()["detail_ko"] == f"수정 {edit['id']}은(는) 이미 되돌렸습니다"
    assert api.client.post("/api/v1/edits/edt:nothing/undo", headers=admin).status_code == 404
    assert api.client.get("/api/v1/edits", params={"node_id": "org:other"}, headers=admin).json()["count"] == 0


def test_a_backup_of_the_whole_graph_restores_elsewhere(fresh_api: Api, tmp_path: Path) -> None:
    api = fresh_api
    upload(api, COMPANIES)
    assert api.client.get("/api/v1/dump", headers=api.as_("tto")).status_code == 403
    response = api.client.get("/api/v1/dump", headers=api.as_("admin"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/gzip"
    assert response.headers["content-disposition"].startswith('attachment; filename="innolink-')
    path = tmp_path / "backup.jsonl.gz"
    path.write_bytes(response.content)
    from graph.backends.embedded import EmbeddedStore
    from graph.dump import restore
    from tests.conftest import embedded_settings

    copy = EmbeddedStore(embedded_settings(tmp_path / "copy.lbdb"))
    try:
        copy.ensure_schema()
        counts = restore(copy, path)
        assert counts.nodes["Organization"] == api.store.count("Organization") == 3
        assert counts.nodes["LoadRun"] >= 1 and counts.nodes["ApiKey"] == 3  # the keys go too (their hashes)
        assert copy.get("org:brn-2208162517") == api.store.get("org:brn-2208162517")
    finally:
        copy.close()
    assert not list(Path(api.settings.api.jobs_dir).glob("dump-*"))  # the file is removed once sent


def test_records_that_need_attention_are_for_administrators(api: Api) -> None:
    assert api.client.get("/api/v1/completeness", headers=api.as_("tto")).status_code == 403
    gaps = api.client.get("/api/v1/completeness", params={"examples": 2}, headers=api.as_("admin"))
    assert gaps.status_code == 200, gaps.text
    by_key = {g["key"]: g for g in gaps.json()}
    assert len(by_key) == 9 and all(0 <= g["count"] <= g["checked"] for g in by_key.values())
    unregistered = by_key["company_without_business_number"]
    assert unregistered["count"] > 0 and len(unregistered["examples"]) == 2 and unregistered["title"]["ko"]
    first = unregistered["examples"][0]["id"]
    node = api.client.get(f"/api/v1/organizations/{first}", headers=api.as_("admin")).json()["node"]["properties"]
    assert node["kind"] == "company" and not node.get("business_number")


def test_an_import_again_keeps_corrections_made_by_hand_and_lists_them(fresh_api: Api) -> None:
    api = fresh_api
    admin = api.as_("admin")
    upload(api, COMPANIES)
    org = "org:brn-2208162517"
    patched = api.client.patch(f"/api/v1/organizations/{org}", json={"properties": {"name_en": "Hanbit Photonics"}},
                               headers=admin)
    assert patched.status_code == 200, patched.text
    assert api.client.delete("/api/v1/organizations/org:무등로보틱스", headers=admin).status_code == 204
    dry = upload(api, COMPANIES, dry_run=True)  # a dry run says what the import would keep
    assert {c["what"] for c in dry["corrections"]} == {"edited", "deleted"}  # type: ignore[union-attr]
    again = upload(api, COMPANIES)
    assert again["status"] == "done" and (again["created"], again["updated"]) == (0, 0), again
    kept = api.client.get(f"/api/v1/organizations/{org}", headers=admin).json()["node"]["properties"]
    assert kept["name_en"] == "Hanbit Photonics"
    assert api.client.get("/api/v1/organizations/org:무등로보틱스", headers=admin).status_code == 404
    corrections = again["corrections"]
    assert {(c["record"], c["what"], tuple(c["fields"])) for c in corrections} == {  # type: ignore[union-attr]
        (org, "edited", ("name_en",)), ("org:무등로보틱스", "deleted", ())}
    page = api.client.get(f"/admin/imports/{again['id']}", headers=admin)
    assert page.status_code == 200 and 'id="run-corrections"' in page.text
    assert 'data-record="org:무등로보틱스"' in page.text and "<td>무등로보틱스 <small" in page.text  # its name, kept


def test_the_records_a_gap_lists_download_to_fill_in_and_import_back(fresh_api: Api) -> None:
    api = fresh_api
    admin = api.as_("admin")
    upload(api, COMPANIES)
    url = "/api/v1/completeness/company_without_business_number.csv"
    assert api.client.get(url, headers=api.as_("tto")).status_code == 403
    assert api.client.get("/api/v1/completeness/nothing.csv", headers=admin).status_code == 404
    response = api.client.get(url, headers=admin)
    assert response.status_code == 200 and response.headers["x-innolink-kind"] == "organizations"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["org_id"] for r in rows} == {"org:빛고을에너지", "org:무등로보틱스"}
    for row in rows:
        if row["org_id"] == "org:무등로보틱스":
            row["business_number"] = "103-84-60971"
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    job = upload(api, out.getvalue(), name="filled.csv")
    assert job["status"] == "done" and (job["created"], job["rejected"]) == (0, 0), job
    gaps = {g["key"]: g["count"] for g in api.client.get("/api/v1/completeness", headers=admin).json()}
    assert gaps["company_without_business_number"] == 1


def test_uploads_are_pruned_a_week_after_a_check_never_loaded_and_a_month_after_an_import(tmp_path: Path) -> None:
    import json
    import os
    import time as clock

    from api.uploads import STAGED, prune_uploads

    def kept(name: str, age_days: float, **said: object) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "firms.csv").write_text("name_ko\n한빛광학\n", encoding="utf-8")
        if said:
            (folder / STAGED).write_text(json.dumps({"kind": "organizations", "file": "firms.csv", **said}),
                                         encoding="utf-8")
        then = clock.time() - age_days * 86400
        for path in (*folder.iterdir(), folder):
            os.utime(path, (then, then))
        return folder

    old, recent = kept("a" * 32, 8, sheet=None), kept("b" * 32, 1, sheet=None)
    rechecked = kept("c" * 32, 20, run="run:20261101T000000-abcdef")  # an import's file, checked again
    loaded, long_loaded = kept("d" * 32, 20), kept("e" * 32, 31)  # imports' files
    other = tmp_path / "not-an-upload"
    other.mkdir()
    os.utime(other, (0, 0))
    assert prune_uploads(tmp_path) == ["a" * 32]  # imports' files kept forever
    assert not old.exists() and recent.exists() and rechecked.exists() and loaded.exists()
    assert prune_uploads(tmp_path, kept_days=30) == ["e" * 32]
    assert not long_loaded.exists() and loaded.exists() and rechecked.exists() and other.exists()
    assert prune_uploads(tmp_path, kept_days=10) == ["c" * 32, "d" * 32] and recent.exists()


def test_an_import_whose_file_is_no_longer_kept_offers_no_column_check(fresh_api: Api) -> None:
    import shutil

    api = fresh_api
    job = upload(api, "Company,Memo\nSaebit Lidar,광주\n", name="firms.csv")
    run = api.store.get(job["id"])
    assert isinstance(run, LoadRun) and run.upload
    page = api.client.get(f"/admin/imports/{job['id']}", headers=api.as_("admin"))
    assert 'id="check-job-columns"' in page.text
    shutil.rmtree(Path(api.settings.api.jobs_dir) / run.upload)  # pruned
    page = api.client.get(f"/admin/imports/{job['id']}", headers=api.as_("admin"))
    assert page.status_code == 200 and 'id="check-job-columns"' not in page.text
    gone = api.client.get(f"/admin/imports/{job['id']}/columns", headers=api.as_("admin"), follow_redirects=False)
    assert gone.status_code == 404


def test_an_import_refused_for_its_mapping_keeps_nothing(fresh_api: Api) -> None:
    api = fresh_api
    files = {"file": ("firms.csv", b"name_ko\nX\n", "text/csv"),
             "mapping": ("m.yaml", b"kind: people\ncolumns:\n  name_ko: name_ko\n", "application/yaml")}
    refused = api.client.post("/api/v1/imports", data={"kind": "organizations"}, files=files,
                              headers=api.as_("admin"))
    assert refused.status_code == 400 and "the mapping is for people" in refused.text
    assert not any(Path(api.settings.api.jobs_dir).glob("*/firms.csv"))


def test_a_failed_import_whose_writes_stayed_is_offered_for_undo(fresh_api: Api) -> None:
    """A load that stopped half-way and could not take back what it wrote keeps its journal (``RunRecords.stopped``):
    the admin page offers to undo it, as it does a finished load, and not a failed one that left nothing."""
    api = fresh_api
    job = upload(api, COMPANIES)
    run = api.store.get(str(job["id"]))
    assert isinstance(run, LoadRun) and run.journal
    api.store.upsert_nodes([run.model_copy(update={"status": "failed", "message": "connection lost; what it had "
                                                   "written stays in the graph"})])
    nothing = upload(api, COMPANIES, name="companies.xlsx")  # not a workbook: failed before writing anything
    assert nothing["status"] == "failed"
    page = api.client.get("/admin", headers=api.as_("admin")).text
    assert f'action="/ui/runs/{job["id"]}/undo"' in page and f'action="/ui/runs/{nothing["id"]}/undo"' not in page
    for run_id, offered in ((job["id"], True), (nothing["id"], False)):  # and on the import's own page
        own = api.client.get(f"/admin/imports/{run_id}", headers=api.as_("admin")).text
        assert (f'action="/ui/runs/{run_id}/undo"' in own) is offered
    undone = api.client.post(f"/api/v1/imports/{job['id']}/undo", headers=api.as_("admin"))
    assert undone.status_code == 200 and undone.json()["status"] == "undone"
    assert api.store.count("Organization") == 0


def held_after_the_first_chunk(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Make the next import wait once its first chunk is written: (set when it waits, set to let it go on)."""
    written, go_on = threading.Event(), threading.Event()
    write = LoadPipeline._write

    def held(self: LoadPipeline, *args: Any, **kwargs: Any) -> None:
        write(self, *args, **kwargs)
        if not written.is_set():
            written.set()
            go_on.wait(60)

    monkeypatch.setattr(LoadPipeline, "_write", held)
    return written, go_on


def test_an_import_stopped_half_way_is_taken_back_and_a_queued_one_never_starts(
        fresh_api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    api, admin = fresh_api, fresh_api.as_("admin")
    written, go_on = held_after_the_first_chunk(monkeypatch)
    files = {"file": ("companies.csv", COMPANIES.encode(), "text/csv")}
    first = api.client.post("/api/v1/imports", data={"kind": "organizations"}, files=files, headers=admin).json()
    assert written.wait(60)  # its companies are in the graph; it waits before its next step
    assert api.store.count("Organization") == 3
    files = {"file": ("more.csv", "name_ko,region\n늦은광학,광주\n".encode(), "text/csv")}
    second = api.client.post("/api/v1/imports", data={"kind": "organizations"}, files=files, headers=admin).json()
    page = api.client.get(f"/admin/imports/{second['id']}", headers=admin).text
    assert f'action="/ui/imports/{second["id"]}/stop"' in page
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    stopped = api.client.post(f"/ui/imports/{second['id']}/stop", data={"csrf": token[1]}, headers=admin,
                              follow_redirects=False)  # the page's button
    assert stopped.status_code == 303 and stopped.headers["location"] == f"/admin/imports/{second['id']}"
    queued = api.client.get(f"/api/v1/imports/{second['id']}", headers=admin).json()
    assert queued["status"] == "failed" and "never started" in queued["message"], queued
    assert "시작하기 전에" in queued["message_ko"]
    assert f'action="/ui/imports/{second["id"]}/stop"' not in api.client.get(
        f"/admin/imports/{second['id']}", headers=admin).text
    running = api.client.post(f"/api/v1/imports/{first['id']}/stop", headers=admin)
    assert running.status_code == 200 and running.json()["message_ko"].startswith("멈추는 중"), running.text
    page = api.client.get(f"/admin/imports/{first['id']}", headers=admin).text
    assert "stopping: asked by" in page and f'action="/ui/imports/{first["id"]}/stop"' not in page  # asked once
    go_on.set()
    api.client.app.state.jobs.wait_idle()  # type: ignore[attr-defined]
    done = api.client.get(f"/api/v1/imports/{first['id']}", headers=admin).json()
    assert done["status"] == "failed" and "taken back" in done["message"], done
    assert api.store.count("Organization") == 0  # neither file's companies: taken back, and never loaded
    again = api.client.post(f"/api/v1/imports/{first['id']}/stop", headers=admin)
    assert again.status_code == 409 and "undo it instead" in again.text
    assert api.client.post(f"/api/v1/imports/{first['id']}/stop", headers=api.as_("tto")).status_code == 403


def test_a_load_left_running_by_an_ended_process_is_settled_from_its_page(fresh_api: Api) -> None:
    """A load whose process died (on this machine) or fell silent (on another) stays 'running' until settled: its
    page offers to stop it, which settles it; one still at work elsewhere is stopped there."""
    api, admin = fresh_api, fresh_api.as_("admin")
    now = datetime.now(UTC)
    dead = LoadRun(id="run:20260101T000000-dead00", kind="organizations", file="c.csv", status="running",
                   started_at=now, process=f"{socket.gethostname()} 999999999 1")  # no such process
    silent = dead.model_copy(update={"id": "run:20260101T000000-away00", "process": "api-elsewhere 7 1",
                                     "heard_at": now - timedelta(hours=1)})
    busy = silent.model_copy(update={"id": "run:20260101T000000-busy00", "heard_at": now})
    api.store.upsert_nodes([dead, silent, busy])

    def offered(run_id: str) -> bool:
        return f'action="/ui/imports/{run_id}/stop"' in api.client.get(f"/admin/imports/{run_id}", headers=admin).text

    assert offered(dead.id) and offered(silent.id) and not offered(busy.id)
    page = api.client.get(f"/admin/imports/{busy.id}", headers=admin).text
    assert 'id="job-heard" title="api-elsewhere 7 1">마지막 소식: ' in page  # when it last said it was at work
    settled = api.client.post(f"/api/v1/imports/{dead.id}/stop", headers=admin)
    assert settled.status_code == 200 and settled.json()["status"] == "failed", settled.text
    assert "the process running it ended" in settled.json()["message"] and not offered(dead.id)
    away = api.client.post(f"/api/v1/imports/{silent.id}/stop", headers=admin)  # its journal is in the graph
    assert away.status_code == 200 and "on api-elsewhere" in away.json()["message"], away.text
    assert away.json()["message"].endswith("nothing was written: load the file again")
    at_work = api.client.post(f"/api/v1/imports/{busy.id}/stop", headers=admin)
    assert at_work.status_code == 409 and "on api-elsewhere, last heard from at" in at_work.text
    heard = api.client.get(f"/api/v1/imports/{busy.id}", headers=admin).json()["heard_at"]
    assert heard is not None and datetime.fromisoformat(heard.replace("Z", "+00:00")) == now


def test_a_load_whose_journal_is_on_another_machine_is_not_offered_for_undo_here(fresh_api: Api) -> None:
    """A load of an older release kept its journal in a file on the machine that ran it (a command-line load on the
    host, into the server's Neo4j): its page says to undo it there, and an undo asked here says why it cannot."""
    api, admin = fresh_api, fresh_api.as_("admin")
    run = LoadRun(id="run:20260101T000000-host00", kind="organizations", file="c.csv", status="done",
                  started_at=datetime.now(UTC), journal="/home/admin/innolink/var/runs/run_x/journal.json.gz")
    api.store.upsert_nodes([run])
    page = api.client.get(f"/admin/imports/{run.id}", headers=admin).text
    assert 'id="undo-import"' not in page and 'id="journal-elsewhere"' in page
    assert f"innolink runs undo {run.id}" in page
    refused = api.client.post(f"/api/v1/imports/{run.id}/undo", headers=admin)
    assert refused.status_code == 409 and "is not on this machine" in refused.text, refused.text
    assert api.store.get(run.id).status == "done"  # type: ignore[union-attr]
    token = re.search(r'name="csrf" value="([^"]+)"', api.client.get("/admin", headers=admin).text)
    assert token is not None
    on_page = api.client.post(f"/ui/runs/{run.id}/undo", data={"csrf": token[1]}, headers=admin)  # in Korean
    assert on_page.status_code == 409 and "되돌리기 기록이 이 컴퓨터에 없습니다" in on_page.text
    assert 'title="run run:20260101T000000-host00&#39;s journal is not on this machine' in on_page.text


def test_a_server_shutting_down_stops_its_running_import_and_takes_it_back(
        fresh_api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    api, admin = fresh_api, fresh_api.as_("admin")
    jobs = api.client.app.state.jobs  # type: ignore[attr-defined]
    written, go_on = held_after_the_first_chunk(monkeypatch)
    files = {"file": ("companies.csv", COMPANIES.encode(), "text/csv")}
    job = api.client.post("/api/v1/imports", data={"kind": "organizations"}, files=files, headers=admin).json()
    assert written.wait(60) and api.store.count("Organization") == 3
    stopping = threading.Thread(target=jobs.stop)  # what the server's shutdown calls
    stopping.start()
    deadline = time.monotonic() + 30
    while jobs.stoppable(api.store.get(job["id"])) and time.monotonic() < deadline:  # until the stop is asked
        time.sleep(0.01)
    go_on.set()
    stopping.join(60)
    run = api.store.get(job["id"])
    assert isinstance(run, LoadRun) and run.status == "failed" and run.message is not None
    assert run.message.startswith("stopped by the server shutting down before it finished; what it had written was "
                                  "taken back"), run.message
    assert api.store.count("Organization") == 0
