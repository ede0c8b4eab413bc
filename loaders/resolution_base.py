"""What every resolution index shares: where a record lands (``Resolution``), and the identifying host of a web
address (``web_domain``)."""

from __future__ import annotations

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
    """new | same | business_number | dart_code | stock_code | orcid | email | patent_number | doi | name |
    name+affiliation | fuzzy"""
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
