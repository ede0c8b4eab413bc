"""Follow-ups of recommendations on both backends: history, merges followed, what a query leaves out."""

from __future__ import annotations

import pytest

from graph.errors import InvalidRecord, NotFound
from graph.store import GraphStore
from loaders.curation import undo_merge
from loaders.deletions import delete_by_hand
from loaders.editing import merge_by_hand
from matcher.outreach import (
    deleted_names,
    hidden_candidates,
    involving,
    mark,
    marks_csv,
    marks_for,
    marks_for_many,
    names_of,
)
from tests.factories import org, patent, person


def _graph(store: GraphStore) -> None:
    store.upsert_nodes([patent(1), patent(2), org(1), org(2), org(3), person(1), person(2)])


def test_a_status_replaced_joins_the_history_and_the_declined_are_left_out(store: GraphStore) -> None:
    _graph(store)
    first, outcome = mark(store, "licensees", "pat:k1", "org:o1", "contacted", note="메일 발송", by="kim")
    assert outcome == "created" and first.history == "[]"
    declined, outcome = mark(store, "licensees", "pat:k1", "org:o1", "declined", by="lee")
    assert outcome == "updated" and declined.id == first.id and declined.by == "lee"
    assert '"contacted"' in declined.history
    again, outcome = mark(store, "licensees", "pat:k1", "org:o1", "declined", by="park")
    assert outcome == "unchanged" and again.by == "lee"  # the same status and note again: nothing changed
    _, outcome = mark(store, "licensees", "pat:k1", "org:o1", "interested", dry_run=True)
    assert outcome == "updated" and marks_for(store, "licensees", "pat:k1")["org:o1"].status.value == "declined"
    mark(store, "licensees", "pat:k1", "org:o2", "interested")
    mark(store, "licensees", "pat:k2", "org:o3", "not_a_fit")
    marks = marks_for(store, "licensees", "pat:k1")
    assert {c: m.status.value for c, m in marks.items()} == {"org:o1": "declined", "org:o2": "interested"}
    assert hidden_candidates(marks) == {"org:o1"}
    mark(store, "partners", "org:o1", "per:p1", "contacted")
    assert [(r.query_id, r.candidate_id) for r in involving(store, "org:o1")] == [
        ("org:o1", "per:p1"), ("pat:k1", "org:o1")]  # latest change first; as the query and as the candidate
    store.delete_nodes(["org:o3"])  # a record deleted since: its follow-up stays, named by its id only
    gone = store.list_nodes("Outreach", where={"candidate_id": "org:o3"})
    assert len(gone) == 1 and "org:o3" not in names_of(store, gone) and names_of(store, gone)["pat:k2"]
    assert deleted_names(store, gone, names_of(store, gone)) == {}  # deleted by no administrator: no name kept
    store.upsert_nodes([org(3)])
    deleted = store.get("org:o3")
    assert deleted is not None
    delete_by_hand(store, deleted, by="admin-kim", source="web")  # deleted by hand: named as it was
    assert deleted_names(store, gone, names_of(store, gone)) == {"org:o3": deleted.display_name()}
    assert f"org:o3,{deleted.display_name()}," in marks_csv(store, gone)
    both = marks_for_many(store, "licensees", ["pat:k1", "pat:k2"])
    assert hidden_candidates(both["pat:k2"]) == {"org:o3"}  # still left out should it come back
    assert marks_for(store, "partners", "pat:k1") == {}  # another recommender's follow-ups are its own


def test_a_follow_up_follows_merges_of_its_candidate_and_its_query(store: GraphStore) -> None:
    _graph(store)
    mark(store, "licensees", "pat:k1", "org:o1", "declined")
    mark(store, "partners", "org:o2", "per:p1", "shortlisted")
    kept, dropped = store.get("org:o3"), store.get("org:o1")
    assert kept is not None and dropped is not None
    candidate_merge = merge_by_hand(store, kept, dropped, by="admin", source="test")
    assert hidden_candidates(marks_for(store, "licensees", "pat:k1")) == {"org:o3"}  # the company it is now
    records = store.list_nodes("Outreach", where={"query_id": "pat:k1"})
    assert names_of(store, records)["org:o1"] == kept.display_name()
    mark(store, "licensees", "pat:k1", "org:o3", "interested")  # set again, on the node that holds it: latest wins
    assert marks_for(store, "licensees", "pat:k1")["org:o3"].status.value == "interested"
    query_kept, query_dropped = store.get("org:o3"), store.get("org:o2")
    assert query_kept is not None and query_dropped is not None
    query_merge = merge_by_hand(store, query_kept, query_dropped, by="admin", source="test")
    assert set(marks_for(store, "partners", "org:o3")) == {"per:p1"}  # set for a record merged into the query
    undo_merge(store, query_merge.id)
    undo_merge(store, candidate_merge.id)
    assert set(marks_for(store, "partners", "org:o3")) == set()
    assert set(marks_for(store, "partners", "org:o2")) == {"per:p1"}
    assert {c: m.status.value for c, m in marks_for(store, "licensees", "pat:k1").items()} == {
        "org:o1": "declined", "org:o3": "interested"}


def test_a_wrong_query_candidate_status_or_note_is_refused_naming_it(store: GraphStore) -> None:
    _graph(store)
    cases = [(("partners", "pat:k1", "per:p1", "contacted"), "query_id"),
             (("licensees", "pat:k1", "per:p1", "contacted"), "candidate_id"),
             (("cofounders", "per:p1", "per:p1", "contacted"), "candidate_id"),
             (("licensees", "pat:k1", "org:o1", "later"), "status"),
             (("mentors", "pat:k1", "org:o1", "contacted"), "kind")]
    for args, field in cases:
        with pytest.raises(InvalidRecord) as refused:
            mark(store, *args)
        assert refused.value.context["field"] == field, args
    with pytest.raises(InvalidRecord) as long_note:
        mark(store, "licensees", "pat:k1", "org:o1", "contacted", note="x" * 2001)
    assert long_note.value.context["field"] == "note"
    with pytest.raises(NotFound):
        mark(store, "licensees", "pat:k9", "org:o1", "contacted")
    assert store.count("Outreach") == 0
