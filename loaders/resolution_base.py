"""What every resolution index shares: where a record lands (``Resolution``), and the identifying host of a web
address (``web_domain``)."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlparse

K = TypeVar("K")
SHARED_DOMAINS = {"naver.com", "daum.net", "hanmail.net", "gmail.com", "kakao.com", "tistory.com", "nate.com",
                  "blog.naver.com", "modoo.at", "cafe.naver.com", "github.io", "wixsite.com", "google.com"}
"""Portals and hosting: a web address there does not identify a company."""


@dataclass
class Resolution:
    """Where a record lands and why."""

    node_id: str
    natural_id: str
    method: str
    """new | same | business_number | corporate_number | dart_code | stock_code | orcid | email | patent_number |
    doi | name | name+affiliation | fuzzy | deleted (a record deleted by hand that stays deleted)"""
    score: float = 1.0
    evidence: dict[str, object] = field(default_factory=dict)
    review_with: str | None = None
    review_score: float = 0.0
    review_evidence: dict[str, object] = field(default_factory=dict)
    review_keeps_record: bool = False
    """Approving the review keeps the record's node and merges the other into it (a company met after its site)."""

    @property
    def merged(self) -> bool:
        return self.node_id != self.natural_id


def web_domain(url: str | None) -> str | None:
    """The identifying host of a web address (www. dropped), or None for portals and hosting sites."""
    if not url:
        return None
    try:
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").removeprefix("www.")
    except ValueError:  # not a web address ('[x'): stored before loads checked homepages
        return None
    if not host or host in SHARED_DOMAINS or any(host.endswith("." + d) for d in SHARED_DOMAINS):
        return None
    return host


def drop_if_points_at(index: dict[K, str], key: K | None, node_id: str) -> None:
    """Remove ``key`` from a one-owner index if it names ``node_id`` (another node may hold it first)."""
    if key and index.get(key) == node_id:
        del index[key]


class MergeMemory:
    """The merges an index's records went through before this load (``MergeRecord``\\ s, by a load, a review or
    an administrator): a record of a node merged away lands on the node that took it in, and two nodes whose
    merge was undone are not merged again."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}
        """Ids a source named that were merged into another node (merged id -> kept id)."""
        self.kept_apart: set[frozenset[str]] = set()
        """Pairs whose merge an administrator undid: a re-load does not merge them again."""

    def canonical(self, node_id: str) -> str:
        """Follow merges: the id a node named by a source now lives under."""
        seen = {node_id}
        while node_id in self.aliases and self.aliases[node_id] not in seen:
            node_id = self.aliases[node_id]
            seen.add(node_id)
        return node_id

    def remembered(self, resolution: Resolution, known: Container[str]) -> Resolution:
        """``resolution`` as the merges before this load have it: a record of a node merged away lands on the node
        that took it in (if still ``known``), and one whose merge was undone keeps its own node."""
        natural = resolution.natural_id
        kept = self.canonical(natural)
        if kept != natural and kept in known and resolution.node_id != kept:
            return Resolution(kept, natural, "merged_before", 1.0, {"merged_into": kept})
        if resolution.merged and frozenset((resolution.node_id, natural)) in self.kept_apart:
            return Resolution(natural, natural, "new", evidence={"kept_apart_from": resolution.node_id})
        return resolution
