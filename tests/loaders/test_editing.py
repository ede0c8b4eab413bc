"""Corrections by hand (loaders.editing): the form a record's page shows, what a submitted form changes, and the
checks before anything is stored, on both backends."""

from __future__ import annotations

import pytest

from graph.errors import BadRequest, InvalidRecord
from graph.schema import Industry, Organization
from graph.store import GraphStore
from loaders.editing import edit_node, form_fields, merge_by_hand, parse_form
from tests.factories import org


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
