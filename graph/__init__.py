"""The innolink graph: schema, the GraphStore contract and its backends."""

from graph.config import Settings, get_settings
from graph.errors import InnolinkError, NotFound, SchemaViolation, StoreError, StoreLocked
from graph.schema import (
    DOMAIN_NODE_TYPES,
    EDGE_TYPES,
    NODE_TYPES,
    Edge,
    Node,
    make_id,
    node_type_for_id,
)
from graph.store import GraphPath, GraphStore, MergeOutcome, Neighbour, UpsertResult, open_store

__all__ = [
    "DOMAIN_NODE_TYPES",
    "EDGE_TYPES",
    "NODE_TYPES",
    "Edge",
    "GraphPath",
    "GraphStore",
    "InnolinkError",
    "MergeOutcome",
    "Neighbour",
    "Node",
    "NotFound",
    "SchemaViolation",
    "Settings",
    "StoreError",
    "StoreLocked",
    "UpsertResult",
    "get_settings",
    "make_id",
    "node_type_for_id",
    "open_store",
]
