"""The neighbourhood of a node for the graph view, and the shortest paths between two nodes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep, ViewerDep
from api.schemas import GraphEdge, GraphNode, GraphView, StepOut
from graph.errors import NotFound

router = APIRouter(prefix="/api/v1", tags=["graph"])


@router.get("/graph/{node_id:path}", response_model=GraphView)
def neighbourhood(_: ViewerDep, store: StoreDep, node_id: str, depth: Annotated[int, Query(ge=1, le=2)] = 1,
                  limit: Annotated[int, Query(ge=5, le=300)] = 80) -> GraphView:
    """Nodes within ``depth`` hops (breadth first), at most ``limit`` of them; ``truncated`` says when capped."""
    center = store.get(node_id)
    if center is None or not center.domain:
        raise NotFound("node", node_id)
    nodes = {center.id: GraphNode(id=center.id, type=center.label, name=center.display_name())}
    edges: dict[tuple[str, str, str], GraphEdge] = {}
    frontier, truncated = [center.id], False
    for _level in range(depth):
        nxt = []
        for current in frontier:
            per_node = max(5, limit // max(1, len(frontier)))
            around = store.neighbours(current, limit=per_node + 1)
            if len(around) > per_node:
                truncated = True
            for n in around[:per_node]:
                if n.node.id not in nodes:
                    if len(nodes) >= limit:
                        truncated = True
                        continue
                    nodes[n.node.id] = GraphNode(id=n.node.id, type=n.node.label, name=n.node.display_name())
                    nxt.append(n.node.id)
                edges[n.edge.key] = GraphEdge(source=n.edge.src, target=n.edge.dst, type=n.edge.label)
        frontier = nxt
    return GraphView(center=center.id, nodes=list(nodes.values()),
                     edges=[e for e in edges.values() if e.source in nodes and e.target in nodes], truncated=truncated)


@router.get("/paths", response_model=list[list[StepOut]])
def paths(_: ViewerDep, store: StoreDep, source: str, target: str,
          max_hops: Annotated[int, Query(ge=1, le=4)] = 3, limit: Annotated[int, Query(ge=1, le=10)] = 3
          ) -> list[list[StepOut]]:
    """Shortest paths between two nodes, straight from the store."""
    out = []
    for path in store.paths(source, target, max_hops=max_hops, limit=limit):
        steps = [StepOut(id=path.nodes[0].id, name=path.nodes[0].display_name(), via=None)]
        steps += [StepOut(id=n.id, name=n.display_name(), via=e.label) for n, e in zip(path.nodes[1:], path.edges,
                                                                                        strict=True)]
        out.append(steps)
    return out
