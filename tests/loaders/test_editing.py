"""Corrections by hand (loaders.editing): the form a record's page shows, what a submitted form changes, the
checks before anything is stored, and a deletion restored, on both backends."""

from __future__ import annotations

import json

import pytest

from graph.errors import BadRequest, Conflict, InvalidRecord, NotFound
from graph.schema import AffiliatedWith, DeletionRecord, EditRecord, Industry, Organization
from graph.store import GraphStore
from loaders.curation import undo_merge
from loaders.deletions import delete_by_hand, page_of_deleted, restore_deleted, unlink_by_hand
from loaders.editing import edit_node, form_fields, merge_by_hand, parse_form, undo_edit
from tests.factories import affiliated, has_tech, invented, org, patent, person, tech


def test_a_form_writes_each_field_as_it_reads_it_back() -> None:
    node = org(1, aliases=["Hanbit", "한빛"], employees=12, size="small")
    fields = {name: (written, choices) for name, written, choices in form_fields(node)}
    assert "id" not in fields and "source" not in fields and "content_hash" not in fields
    assert fields["aliases"] == ("Hanbit; 한빛", [])
    assert fields["size"][0] == "small" and "" in fields["size"][1]  # a size may be left blank
    assert "" not in fields["kind"][1]  # a kind may not
    assert parse_form(node, {name: written for name, (written, _) in fields.items()}) == {}  # nothing changed
    changed = parse_form(node, {"aliases": "Hanbit; 한빛; HB ", "employees": "", "name_en": "Org 1"})
    assert changed == {"aliases": ["Hanbit", "한빛", "HB"], "employees": None}
    industry = Industry(id="ind:x", name_ko="광", focus=True)
    assert dict((n, w) for n, w, _ in form_fields(industry))["focus"] == "true"


def test_an_edit_is_checked_whole_before_anything_is_stored(store: GraphStore) -> None:
    store.upsert_nodes([org(1, employees=3)])
    node = store.get("org:o1")
    assert isinstance(node, Organization)
    changed = edit_node(store, node, {"employees": "12", "region": "광주광역시"})
    assert isinstance(changed, Organization) and (changed.employees, changed.region) == (12, "광주")
    with pytest.raises(InvalidRecord) as bad:
        edit_node(store, changed, {"employees": "40", "business_number": "123"})
    assert bad.value.context["field"] == "business_number"
    with pytest.raises(BadRequest):
        edit_node(store, changed, {"id": "org:other"})
    kept = store.get("org:o1")
    assert isinstance(kept, Organization) and kept.employees == 12 and kept.business_number is None
    assert store.count("EditRecord") == 1  # the refused edits left none


def test_an_edit_is_recorded_and_undone_unless_changed_since(store: GraphStore) -> None:
    store.upsert_nodes([org(1, employees=3, aliases=["O1"])])
    node = store.get("org:o1")
    assert isinstance(node, Organization)
    edited = edit_node(store, node, {"employees": 12, "aliases": ["O1", "One"], "region": None}, by="admin-kim",
                       source="web")
    [record] = store.list_nodes("EditRecord")
    assert isinstance(record, EditRecord) and record.fields == ["aliases", "employees"]  # region was none already
    assert (record.node_id, record.source_record_id, edited.source, edited.source_record_id) == (
        "org:o1", "admin-kim", "web-edit", record.id)
    assert json.loads(record.before) == {"aliases": ["O1"], "employees": 3}
    edit_node(store, edited, {"employees": 12}, by="admin-kim")  # nothing changes: no record
    assert store.count("EditRecord") == 1
    later = edit_node(store, edited, {"employees": 20}, by="admin-lee")
    with pytest.raises(Conflict, match="employees"):  # changed since: the later edit goes first
        undo_edit(store, record.id)
    [newest] = [e for e in store.list_nodes("EditRecord") if e.id != record.id]
    undo_edit(store, newest.id)
    undone = undo_edit(store, record.id)
    back = store.get("org:o1")
    assert undone.undone and isinstance(back, Organization) and (back.employees, back.aliases) == (3, ["O1"])
    assert back.source == "undo-edit" and later.employees == 20
    with pytest.raises(Conflict, match="already undone"):
        undo_edit(store, record.id)
    gone = edit_node(store, back, {"employees": 5})
    store.delete_nodes([gone.id])
    [last] = store.list_nodes("EditRecord", where={"undone": False})
    with pytest.raises(Conflict, match="no longer in the graph"):
        undo_edit(store, last.id)
    with pytest.raises(NotFound):
        undo_edit(store, "edt:nothing")


def test_a_duplicate_is_folded_in_and_the_merge_recorded(store: GraphStore) -> None:
    store.upsert_nodes([org(1), org(2, name_en="Org One")])
    kept, dropped = store.get("org:o1"), store.get("org:o2")
    assert kept is not None and dropped is not None
    record = merge_by_hand(store, kept, dropped, by="admin-kim", source="web")
    assert store.get("org:o2") is None and (record.kept_id, record.merged_id, record.method) == (
        "org:o1", "org:o2", "manual")
    assert store.get(record.id) is not None
    with pytest.raises(BadRequest):
        merge_by_hand(store, kept, kept, by="admin-kim", source="web")


def test_a_deleted_record_comes_back_with_its_relationships(store: GraphStore) -> None:
    store.upsert_nodes([person(1), org(1), org(2), patent(1), tech("G01S")])
    store.upsert_edges([affiliated(1, 1, title="교수"), invented(1, 1), has_tech("per:p1", "G01S", 0.4)])
    node = store.get("per:p1")
    assert node is not None
    record = delete_by_hand(store, node, by="admin-kim", source="web")
    assert store.get("per:p1") is None and store.neighbours("org:o1") == [] and store.neighbours("pat:k1") == []
    stored = store.get(record.id)
    assert isinstance(stored, DeletionRecord) and (stored.deleted_id, stored.name, stored.relationships,
                                                   stored.source_record_id) == ("per:p1", "연구자1", 3, "admin-kim")
    org_one, org_two = store.get("org:o1"), store.get("org:o2")
    assert org_one is not None and org_two is not None
    merge = merge_by_hand(store, org_two, org_one, by="admin-kim", source="web")  # org 1 went into org 2 meanwhile
    store.delete_nodes(["pat:k1"])  # and the patent is gone
    restored, not_restored = restore_deleted(store, record.id)
    assert restored.restored and restored.restored_at is not None and not_restored == 1
    back = store.get("per:p1")
    assert back is not None and back.model_dump(exclude={"loaded_at"}) == node.model_dump(exclude={"loaded_at"})
    edges = {(n.edge.label, n.node.id): n.edge for n in store.neighbours("per:p1")}
    assert set(edges) == {("AFFILIATED_WITH", "org:o2"), ("HAS_TECHNOLOGY", "tec:G01S")}
    affiliation = edges[("AFFILIATED_WITH", "org:o2")]
    assert isinstance(affiliation, AffiliatedWith) and affiliation.title == "교수"
    with pytest.raises(Conflict):
        restore_deleted(store, record.id)
    assert store.get(merge.id) is not None


def test_a_deletion_is_refused_where_it_would_overwrite_or_lose(store: GraphStore) -> None:
    store.upsert_nodes([org(1), org(2)])
    kept, dropped = store.get("org:o1"), store.get("org:o2")
    assert kept is not None and dropped is not None
    merge = merge_by_hand(store, kept, dropped, by="admin-kim", source="web")
    kept_now = store.get("org:o1")
    assert kept_now is not None
    record = delete_by_hand(store, kept_now, by="admin-kim", source="api")
    with pytest.raises(Conflict, match="no longer in the graph"):  # the merge's kept node is deleted
        undo_merge(store, merge.id)
    assert store.get("org:o2") is None
    store.upsert_nodes([org(1, name_en="Org One again")])  # loaded again since
    with pytest.raises(Conflict, match="exists again"):
        restore_deleted(store, record.id)
    again = store.get("org:o1")
    assert again is not None and again.name_en == "Org One again"  # type: ignore[attr-defined]
    with pytest.raises(NotFound):
        restore_deleted(store, "del:nothing")
    with pytest.raises(NotFound):
        restore_deleted(store, merge.id)


def test_a_relationship_removed_by_itself_comes_back_between_the_nodes_holding_its_ends(store: GraphStore) -> None:
    store.upsert_nodes([person(1), org(1), org(2), org(3)])
    store.upsert_edges([affiliated(1, 1, title="교수"), affiliated(1, 3)])
    record = unlink_by_hand(store, "AFFILIATED_WITH", "per:p1", "org:o1", by="admin-kim", source="web")
    assert [n.node.id for n in store.neighbours("per:p1")] == ["org:o3"]  # only that one went
    assert (record.deleted_id, record.node_label, record.relationships) == (
        "AFFILIATED_WITH:per:p1->org:o1", "AFFILIATED_WITH", 1)
    assert record.name == "연구자1 → 기관1" and page_of_deleted(record) == "per:p1"
    org_one, org_two = store.get("org:o1"), store.get("org:o2")
    assert org_one is not None and org_two is not None
    merge_by_hand(store, org_two, org_one, by="admin-kim", source="web")  # org 1 went into org 2 meanwhile
    restored, lost = restore_deleted(store, record.id)
    assert restored.restored and lost == 0
    edges = {n.node.id: n.edge for n in store.neighbours("per:p1")}
    assert set(edges) == {"org:o2", "org:o3"} and isinstance(edges["org:o2"], AffiliatedWith)
    assert edges["org:o2"].title == "교수"  # type: ignore[attr-defined]
    with pytest.raises(Conflict, match="already restored"):
        restore_deleted(store, record.id)
    again = unlink_by_hand(store, "AFFILIATED_WITH", "per:p1", "org:o3", by="admin-kim", source="api")
    store.upsert_edges([affiliated(1, 3)])  # loaded again since
    with pytest.raises(Conflict, match="exists again"):
        restore_deleted(store, again.id)
    gone = unlink_by_hand(store, "AFFILIATED_WITH", "per:p1", "org:o3", by="admin-kim", source="api")
    store.delete_nodes(["org:o3"])
    with pytest.raises(Conflict, match="no longer in the graph"):
        restore_deleted(store, gone.id)
    with pytest.raises(NotFound):
        unlink_by_hand(store, "AFFILIATED_WITH", "per:p1", "org:o9", by="admin-kim", source="api")
    with pytest.raises(BadRequest):
        unlink_by_hand(store, "KNOWS", "per:p1", "org:o2", by="admin-kim", source="api")
