"""The ``innolink`` command line as a script would drive it: load, recommend (JSON lines / CSV, batch input with
a bad line), export resolution, undo-safe errors. Embedded store in a temporary folder."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.config import get_settings
from graph.store import open_store
from tests.api.conftest import trimmed_sample

runner = CliRunner()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("cli")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INNOLINK_DATA_DIR", str(folder))
        patch.setenv("INNOLINK_STORE", "embedded")
        patch.setenv("INNOLINK_EMBEDDED__PATH", str(folder / "g.lbdb"))
        patch.setenv("INNOLINK_MATCHER__CACHE_DIR", str(folder / "projection"))
        get_settings.cache_clear()
        result = runner.invoke(app, ["load-dir", str(trimmed_sample(folder / "data"))])
        assert result.exit_code == 0, result.output
        yield folder
    get_settings.cache_clear()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_recommend_partners_for_a_text_as_json_lines(loaded: Path) -> None:
    code, out = invoke("recommend", "partners", "--text", "lidar sensor for autonomous vehicles", "--top", "5")
    assert code == 0, out
    [line] = out.strip().splitlines()
    answer = json.loads(line)
    assert answer["kind"] == "partners" and len(answer["results"]) == 5
    assert [r["rank"] for r in answer["results"]] == [1, 2, 3, 4, 5]
    assert all(r["id"].startswith("per:") and r["evidence"]["sentence_en"] for r in answer["results"])


def test_recommend_cofounders_for_a_founder_in_words(loaded: Path) -> None:
    code, out = invoke("recommend", "cofounders", "--text", "배터리 관리 시스템 창업", "--brings", "technical",
                       "--top", "3")
    assert code == 0, out
    answer = json.loads(out)
    assert answer["query"] == {"text": "배터리 관리 시스템 창업", "brings": "technical"}
    assert len(answer["results"]) == 3 and all(r["parts"]["complement"] == 1.0 for r in answer["results"])
    code, out = invoke("recommend", "cofounders", "--text", "배터리", "--brings", "money")
    assert code == 1 and "brings" in out


def test_recommend_places_one_named_candidate(loaded: Path) -> None:
    from graph.store import open_store

    store = open_store(get_settings(), read_only=True)
    try:
        company = store.list_nodes("Organization", where={"kind": "company"}, limit=1)[0].id
    finally:
        store.close()
    code, out = invoke("recommend", "partners", "--id", company, "--top", "3")
    third = json.loads(out)["results"][2]
    code, out = invoke("recommend", "partners", "--id", company, "--candidate", third["id"])
    placed = json.loads(out)
    assert code == 0 and placed["rank"] == 3 and placed["score"] == pytest.approx(third["score"], abs=1e-4), out
    code, out = invoke("recommend", "partners", "--candidate", third["id"])
    assert code == 2 and "--id" in out


def test_recommend_licensees_batch_as_csv_reports_a_bad_query_and_goes_on(loaded: Path, tmp_path: Path) -> None:
    code, out = invoke("recommend", "licensees", "--text", " ", "--format", "csv")
    assert code == 1 and "give a patent id or a text" in out
    code, out = invoke("recommend", "licensees", "--text", "배터리 셀 균등화 회로", "--top", "3", "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 3, out
    queries = tmp_path / "queries.jsonl"
    patents = _some_patent_ids(loaded, 2)
    queries.write_text("\n".join([json.dumps({"id": patents[0]}), json.dumps({"id": "pat:does-not-exist"}),
                                  json.dumps({"id": patents[1]})]) + "\n", encoding="utf-8")
    code, out = invoke("recommend", "licensees", "--input", str(queries), "--top", "3", "--format", "csv")
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["query"] for r in rows if r["rank"]] == [patents[0]] * 3 + [patents[1]] * 3
    [error] = [r for r in rows if not r["rank"]]
    assert error["query"] == "pat:does-not-exist" and error["name"].startswith("error:")


def test_recommend_rejects_a_malformed_input_line_naming_it(loaded: Path, tmp_path: Path) -> None:
    queries = tmp_path / "bad.jsonl"
    queries.write_text('{"text": "battery"}\n{not json\n', encoding="utf-8")
    code, out = invoke("recommend", "partners", "--input", str(queries))
    assert code == 1 and "bad.jsonl line 2" in out


def test_resolve_export_maps_every_source_record_to_one_entity(loaded: Path, tmp_path: Path) -> None:
    exported = tmp_path / "clusters.csv"
    code, out = invoke("resolve", "--export", str(exported))
    assert code == 0, out
    with exported.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    records = [r["source_record"] for r in rows]
    assert len(records) == len(set(records))
    with (loaded / "data" / "duplicates_truth.csv").open(encoding="utf-8") as handle:
        truth = [r for r in csv.DictReader(handle) if r["file"] == "companies.csv"]
    entity_of = {r["source_record"]: r["entity_id"] for r in rows}
    by_entity: dict[str, set[str]] = {}
    for r in truth:
        by_entity.setdefault(r["entity"], set()).add(entity_of[f"companies.csv:{r['line']}"])
    assert all(len(found) == 1 for found in by_entity.values())  # labelled duplicates share one entity


def test_review_report_export_names_both_sides_of_every_open_pair(loaded: Path, tmp_path: Path) -> None:
    exported = tmp_path / "review.csv"
    code, out = invoke("reviews", "list", "--export", str(exported))
    assert code == 0, out
    with exported.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    from graph.store import open_store

    store = open_store(get_settings(), read_only=True)
    try:
        open_items = store.count("ReviewItem", where={"status": "open"})
    finally:
        store.close()
    assert open_items > 0 and len(rows) == open_items and f"{open_items} open review item(s)" in out
    assert all(r["left_name"] and r["right_name"] and r["source_record"] for r in rows)
    assert [float(r["score"]) for r in rows] == sorted((float(r["score"]) for r in rows), reverse=True)
    code, out = invoke("reviews", "list", "--limit", "3")  # the pairs by name, and why in words
    assert code == 0, out
    assert rows[0]["left_name"].split(" / ")[0][:8] in out and "{" not in out
    assert any(phrase in out for phrase in ("alike", "Same name", "Backed by", "Nothing else backs it"))


def _some_patent_ids(folder: Path, n: int) -> list[str]:
    from graph.store import open_store

    store = open_store(get_settings(), read_only=True)
    try:
        owned = sorted({str(dst) for chunk in store.stream_edges("APPLICANT_OF") for _, dst in chunk})
    finally:
        store.close()
    return owned[:n]


def test_load_says_where_it_found_a_header_below_a_title(loaded: Path, tmp_path: Path) -> None:
    path = tmp_path / "기업현황.csv"
    lines = ["2024년 광주 지역 기업 현황,", ",", "기업명,영문명", "(주)제목아래광학,Below Title Optics"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = invoke("load", "organizations", str(path), "--dry-run")
    assert code == 0, out
    assert "header found on line 3: lines 1-2 were skipped" in out and "rejected 0" in out


def test_load_prints_cells_and_names_as_written_not_as_terminal_markup(loaded: Path, tmp_path: Path) -> None:
    path = tmp_path / "[2024] 기업.csv"
    path.write_text("기업명,사업자등록번호\n[주]대괄호광학,[220-81-62517]\n", encoding="utf-8")
    code, out = invoke("load", "organizations", str(path), "--dry-run")
    assert code == 0, out
    assert "[2024] 기업.csv [organizations] (dry run: nothing written)" in out and "[220-81-62517]" in out


def test_load_reads_opendarts_register_zip_and_refuses_a_mapping_for_it(loaded: Path, tmp_path: Path) -> None:
    from tests.loaders.test_dart import register_zip

    path = register_zip(tmp_path)
    code, out = invoke("load", "dart", str(path), "--dry-run")
    assert code == 0, out
    assert "read 4" in out and "rejected 0" in out
    code, out = invoke("load", "dart", str(path), "--mapping", str(path))
    assert code == 2 and "--mapping and --sheet are for the canonical kinds" in out


def test_review_decisions_apply_from_the_exported_report(loaded: Path, tmp_path: Path) -> None:
    exported = tmp_path / "review.csv"
    assert invoke("reviews", "list", "--export", str(exported))[0] == 0
    with exported.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["decision"], rows[1]["decision"] = "거절", "approve"
    rows.append({**rows[2], "review_id": "rev:gone", "decision": "reject"})
    with exported.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, out = invoke("reviews", "apply", str(exported), "--dry-run")
    assert code == 1 and "dry run" in out and "approved 1, rejected 1" in out and "rev:gone" in out
    without_gone = tmp_path / "decided.csv"
    with without_gone.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerow(rows[0])  # only the rejection: it changes no entity the other tests read
    code, out = invoke("reviews", "apply", str(without_gone))
    assert code == 0 and "rejected 1" in out, out
    code, out = invoke("reviews", "apply", str(without_gone))
    assert code == 0 and "rejected 0, already decided 1" in out, out
    from graph.store import open_store

    store = open_store(get_settings(), read_only=True)
    try:
        assert getattr(store.get(rows[0]["review_id"]), "status", None) == "rejected"
    finally:
        store.close()


def test_delete_then_restore_a_record(loaded: Path) -> None:
    code, out = invoke("delete", "org:nothing-here")
    assert code == 1 and "org:nothing-here" in out
    from graph.store import open_store

    store = open_store(get_settings(), read_only=True)
    try:
        company = next(n for n in store.list_nodes("Organization", limit=50) if store.neighbours(n.id, limit=1))
    finally:
        store.close()
    code, out = invoke("delete", company.id, "--by", "admin-lee")
    assert code == 0 and "deleted" in out, out
    deletion = out.split(": ")[-1].strip()
    code, out = invoke("deletions", "list")
    assert code == 0 and company.id in out and "admin-lee" in out
    code, out = invoke("load-dir", str(loaded / "data"))  # the files that hold it, loaded again
    assert code == 0 and f"{company.id} deleted by hand ({deletion}): not brought back" in out, out
    code, out = invoke("deletions", "restore", deletion)
    assert code == 0 and f"restored {company.id}" in out, out
    code, out = invoke("deletions", "restore", deletion)
    assert code == 1 and "already restored" in out


def test_add_a_record_by_hand(loaded: Path) -> None:
    code, out = invoke("add", "organizations", "name_ko=손광학", "business_number=123-45-67892", "employees=many",
                       "--by", "admin-lee")
    assert code == 1 and "business_number" in out and "employees" in out and "check digit" in out, out
    code, out = invoke("add", "organizations", "name_ko")
    assert code == 2 and "FIELD=VALUE" in out
    code, out = invoke("add", "organizations", "name_ko=손광학", "business_number=123-45-67891",
                       "technologies=LiDAR; 광학 설계", "--dry-run")
    assert code == 0 and out.startswith("new: org:brn-1234567891") and "run" not in out, out
    code, out = invoke("add", "organizations", "name_ko=손광학", "business_number=123-45-67891", "--by", "admin-lee")
    assert code == 0 and out.startswith("created: org:brn-1234567891 (run run:"), out
    code, out = invoke("add", "people", "name_ko=손글씨", "organization=손광학", "skills=optics")
    assert code == 0 and out.startswith("created: per:"), out
    from graph.store import open_store

    store = open_store(get_settings(), read_only=True)
    try:
        person = out.split(": ")[1].split(" ")[0]
        assert [n.node.id for n in store.neighbours(person) if n.edge.label == "AFFILIATED_WITH"] == [
            "org:brn-1234567891"]
        assert store.get("org:brn-1234567891").source.startswith("organizations added by admin-lee")  # type: ignore[union-attr]
    finally:
        store.close()


def test_unlink_then_restore_a_relationship(loaded: Path) -> None:
    from graph.store import open_store

    store = open_store(get_settings(), read_only=True)
    try:
        person = next(n for n in store.list_nodes("Person", limit=100)
                      if any(m.edge.label == "AFFILIATED_WITH" for m in store.neighbours(n.id)))
        employer = next(m.node.id for m in store.neighbours(person.id) if m.edge.label == "AFFILIATED_WITH")
    finally:
        store.close()
    code, out = invoke("unlink", "AFFILIATED_WITH", person.id, employer, "--by", "admin-lee")
    assert code == 0 and out.startswith(f"removed AFFILIATED_WITH:{person.id}->{employer}"), out
    deletion = out.split(": ")[-1].strip()
    code, out = invoke("unlink", "AFFILIATED_WITH", person.id, employer)
    assert code == 1 and "No relationship" in out, out
    code, out = invoke("deletions", "restore", deletion)
    assert code == 0 and "restored AFFILIATED_WITH" in out, out


def test_edits_are_listed_and_undone(loaded: Path) -> None:
    from graph.store import open_store
    from loaders.editing import edit_node

    store = open_store(get_settings())
    try:
        company = store.list_nodes("Organization", limit=1)[0]
        edit_node(store, company, {"employees": 77}, by="admin-lee", source="web")
    finally:
        store.close()
    code, out = invoke("edits", "list", "--node", company.id)
    assert code == 0 and "admin-lee" in out and "employees" in out, out
    edit_id = next(word for word in out.split() if word.startswith("edt:"))
    code, out = invoke("edits", "undo", edit_id)
    assert code == 0 and f"undone: employees of {company.id}" in out, out
    code, out = invoke("edits", "undo", edit_id)
    assert code == 1 and "already undone" in out


def test_a_follow_up_is_marked_listed_and_exported(loaded: Path, tmp_path: Path) -> None:
    from graph.store import open_store

    store = open_store(get_settings())
    try:
        patent = store.list_nodes("Patent", limit=1)[0].id
        company = store.list_nodes("Organization", where={"kind": "company"}, limit=1)[0]
    finally:
        store.close()
    code, out = invoke("outreach", "mark", "licensees", patent, company.id, "contacted", "--note", "전화 통화")
    assert code == 0 and out.startswith("created: out:"), out
    code, out = invoke("outreach", "mark", "licensees", patent, company.id, "maybe")
    assert code == 1 and "status" in out, out
    code, out = invoke("outreach", "mark", "licensees", company.id, patent, "contacted")
    assert code == 1 and "query_id" in out, out
    code, out = invoke("outreach", "list", "--status", "contacted")
    assert code == 0 and company.display_name() in out and "전화 통화" in out and "1 of 1" in out, out
    exported = tmp_path / "outreach.csv"
    code, out = invoke("outreach", "list", "--export", str(exported))
    rows = list(csv.DictReader(exported.open(encoding="utf-8-sig")))
    assert code == 0 and [(r["query_id"], r["candidate_id"], r["status"]) for r in rows] == [
        (patent, company.id, "contacted")]
    rows[0]["status"] = "관심 있음"
    with exported.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows([rows[0], {**rows[0], "status": "someday"}])
    code, out = invoke("outreach", "apply", str(exported))
    assert code == 1 and "changed 1" in out and "someday" in out, out
    code, out = invoke("outreach", "list", "--status", "interested")
    assert code == 0 and "1 of 1" in out, out


def test_completeness_lists_what_records_lack(loaded: Path, tmp_path: Path) -> None:
    code, out = invoke("completeness", "--examples", "1")
    assert code == 0 and "Companies without a business number [company_without_business_number]" in out, out
    assert "org:" in out
    path = tmp_path / "fill.csv"
    code, out = invoke("completeness", "--export", "company_without_business_number", "--file", str(path))
    assert code == 0 and "innolink load organizations" in out, out
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert rows and all(r["org_id"].startswith("org:") and not r["business_number"] for r in rows)
    assert out.startswith(f"wrote {len(rows):,} records")
    code, out = invoke("completeness", "--export", "nothing", "--file", str(path))
    assert code != 0 and "nothing" in out


def test_dump_then_restore_into_another_store(loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "graph.jsonl.gz"
    code, dumped = invoke("dump", str(path))
    assert code == 0 and dumped.strip().startswith("dumped ") and path.exists(), dumped
    code, out = invoke("restore", str(path))
    assert code == 1 and "not empty" in out  # the graph it came from
    assert " files of the loads' reports and ledger)" in dumped, dumped
    monkeypatch.setenv("INNOLINK_EMBEDDED__PATH", str(tmp_path / "copy.lbdb"))
    monkeypatch.setenv("INNOLINK_DATA_DIR", str(tmp_path / "another-machine"))  # none of the runs' files here
    get_settings.cache_clear()
    try:
        code, restored = invoke("restore", str(path))
        assert code == 0 and restored.strip().split(" from ")[0] == dumped.strip().replace("dumped", "restored").split(
            " to ")[0], restored
        code, answer = invoke("recommend", "partners", "--text", "lidar sensor for autonomous vehicles", "--top", "3")
        assert code == 0 and len(json.loads(answer)["results"]) == 3
        from graph.schema import LoadRun

        store = open_store(get_settings())
        try:
            runs = [r for r in store.list_nodes("LoadRun", order_by="started_at", descending=True, limit=1000)
                    if isinstance(r, LoadRun) and r.status == "done" and not r.dry_run]
        finally:
            store.close()
        latest = runs[0]
        assert latest.journal == "graph", latest  # its journal came in the graph
        reported = [r for r in runs if r.rejects_path]
        assert reported and all(str(r.rejects_path).startswith(str(tmp_path / "another-machine" / "runs"))
                                and Path(str(r.rejects_path)).is_file() for r in reported), reported
        code, out = invoke("runs", "undo", latest.id)
        assert code == 0 and f"{latest.id} undone" in out, out
    finally:
        get_settings.cache_clear()


def test_undoing_a_merge_names_the_files_loaded_since_to_load_again(loaded: Path, tmp_path: Path) -> None:
    store = open_store(get_settings())
    try:
        merge = store.list_nodes("MergeRecord", where={"undone": False}, order_by="created_at", limit=1)[0]
    finally:
        store.close()
    path = tmp_path / "새기업.csv"
    path.write_text("기업명,영문명\n(주)병합뒤광학,After Merge Optics\n", encoding="utf-8")
    assert invoke("load", "organizations", str(path))[0] == 0
    code, out = invoke("merges", "undo", merge.id)
    assert code == 0, out
    flat = " ".join(out.split())
    assert f"{merge.merged_id} is separate from" in flat  # type: ignore[attr-defined]
    assert "load them again with --reprocess" in flat and "새기업.csv" in flat and "companies.csv" not in flat


def test_suggest_mapping_writes_a_mapping_the_load_reads(loaded: Path, tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text("Company,회사 이름,Reg. No,Memo\nSaebit Lidar,새빛라이다,417-81-09232,[bold] 광주\n",
                    encoding="utf-8")
    code, output = invoke("suggest-mapping", "organizations", str(path), "--out", str(tmp_path / "firms.yaml"))
    assert code == 0, output
    assert "business_number" in output and "1 of 1 values pass its check" in output
    assert "[bold] 광주" in output  # the file's text as it is, not read as markup
    assert (tmp_path / "firms.yaml").read_text(encoding="utf-8") == (
        "kind: organizations\ncolumns:\n  name_en: Company\n  name_ko: 회사 이름\n  business_number: Reg. No\n")
    code, output = invoke("load", "organizations", str(path), "--dry-run")  # the template reads no column of it
    said = " ".join(output.split())  # as the console wrapped it
    assert code == 0 and "rejected 1" in said and f"innolink suggest-mapping organizations {path}" in said, output
    code, output = invoke("load", "organizations", str(path), "--mapping", str(tmp_path / "firms.yaml"), "--dry-run")
    assert code == 0 and "created 1" in output and "rejected 0" in output, output
    assert "suggest-mapping" not in output  # Memo is still unread: the mapping's own choice
    papers = tmp_path / "papers.csv"
    papers.write_text("Journal,PY\nOptics Letters,2021\n", encoding="utf-8")
    code, output = invoke("suggest-mapping", "publications", str(papers))
    assert code == 1 and "no column found for required field(s): title" in output, output


def test_runs_are_listed_whole_in_a_narrow_terminal_and_undone_by_the_id_listed(loaded: Path, tmp_path: Path) -> None:
    """The runner's terminal is 80 columns wide: each run's id is printed whole (a table once cut it to 'run:2…'),
    and a failed run says why."""
    from graph.schema import LoadRun
    from graph.store import open_store

    (tmp_path / "late.csv").write_text("name_ko,region\n늦은광학,광주\n", encoding="utf-8")
    code, out = invoke("load", "organizations", str(tmp_path / "late.csv"))
    assert code == 0, out
    code, out = invoke("runs", "list", "--limit", "3")
    assert code == 0, out
    line = next(line for line in out.splitlines() if "late.csv" in line)
    run_id = line.split()[0]
    assert re.fullmatch(r"run:\d{8}T\d{6}-[0-9a-f]{6}", run_id) and "created 1," in line, out
    store = open_store(get_settings())
    try:
        store.upsert_nodes([LoadRun(id="run:20000101T000000-f00000", kind="people", file="staff.csv",
                                    status="failed", message="interrupted before it finished")])
    finally:
        store.close()
    code, out = invoke("runs", "list", "--limit", "100")
    assert "run:20000101T000000-f00000  failed  people staff.csv: created 0" in out
    assert "interrupted before it finished" in out
    code, out = invoke("runs", "prune", "--older-than", "0", "--dry-run")
    assert code == 0 and run_id in out and "would be pruned" in out, out
    code, out = invoke("runs", "undo", run_id)
    assert code == 0 and f"{run_id} undone" in out, out
    code, out = invoke("runs", "prune", "--older-than", "0")
    assert code == 0 and "pruned: those runs can no longer be undone" in out and run_id not in out, out
    code, out = invoke("runs", "undo", out.split()[0])
    assert code == 1 and "has no journal to undo it with" in out, out
    code, out = invoke("reviews", "list", "--limit", "5")
    ids = [word for word in out.split() if word.startswith("rev:")]
    assert ids and all(re.fullmatch(r"rev:[0-9a-f]{16}", i) for i in ids), out


def test_a_load_left_running_on_another_machine_is_listed_with_when_it_was_heard_from_and_settled(
        loaded: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from graph.schema import LoadRun

    run = LoadRun(id="run:20000102T000000-a0a0a0", kind="people", file="staff.csv", status="running",
                  started_at=datetime(2000, 1, 2, tzinfo=UTC), process="api-elsewhere 7 1",
                  heard_at=datetime.now(UTC) - timedelta(hours=1))
    store = open_store(get_settings())
    try:
        store.upsert_nodes([run])
    finally:
        store.close()
    code, out = invoke("runs", "list", "--limit", "100")
    assert re.search(r"run:20000102T000000-a0a0a0  running  people staff.csv: .*; last heard from at \S+ \S+ UTC "
                     r"\(api-elsewhere 7 1\); its process has ended or fallen silent: innolink runs settle "
                     r"run:20000102T000000-a0a0a0", out), out
    code, out = invoke("runs", "settle", run.id)  # its journal (empty) is in the graph
    assert code == 0, out
    assert f"{run.id} failed: stopped before it finished: process 7 on api-elsewhere" in out
    assert out.rstrip().endswith("nothing was written: load the file again"), out
    code, out = invoke("runs", "settle", run.id, "--keep-written")
    assert code != 0 and "has ended (failed): nothing to settle" in out, out


def test_ctrl_c_ends_a_command_with_a_line_and_status_130(loaded: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from loaders.pipeline import LoadPipeline

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(LoadPipeline, "load", interrupted)
    (tmp_path / "any.csv").write_text("name_ko\n무등광학\n", encoding="utf-8")
    code, out = invoke("load", "organizations", str(tmp_path / "any.csv"))
    assert code == 130 and "interrupted." in out and "Traceback" not in out, out
