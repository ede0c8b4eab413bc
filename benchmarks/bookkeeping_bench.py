"""What a bookkeeping write (a saved need, a follow-up of a recommendation) costs the next recommendation.

    .venv/bin/python benchmarks/bookkeeping_bench.py [--graph PATH]

On a graph already loaded (``--graph``: an embedded graph folder, e.g. the PatentsView one ``innolink load
patentsview`` made; default: the bundled sample loaded into a temporary folder), builds the matcher, then saves a
need and marks a follow-up and times the next licensee recommendation after each. Such writes move the graph's
version but not its knowledge version, so the matcher answers from the state it has; the figure they are compared
with is a rebuild of that state (projection + rankers), which every one of them cost when the matcher followed the
graph's version.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.config import EmbeddedSettings, MatcherSettings, Settings  # noqa: E402
from graph.schema import SavedNeed  # noqa: E402
from graph.store import open_store  # noqa: E402
from matcher.outreach import mark  # noqa: E402
from matcher.service import Matcher  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", type=Path, help="an embedded graph folder (default: the sample, loaded here)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = Settings(data_dir=folder, embedded=EmbeddedSettings(path=args.graph or folder / "g.lbdb"),
                            matcher=MatcherSettings(cache_dir=folder / "cache"))
        store = open_store(settings)
        try:
            if args.graph is None:
                from loaders import build_pipeline, load_directory

                load_directory(build_pipeline(store, settings), ROOT / "data" / "sample")
            matcher = Matcher(store, settings.matcher, check_every=0.0)
            t = time.perf_counter()
            state = matcher.state()
            built = time.perf_counter() - t
            p = state.projection
            patent = next(i for i in p.patents.ids)
            first = matcher.licensees(patent, limit=10)
            print(f"graph: {len(p.orgs):,} organisations, {len(p.people):,} people, {len(p.patents):,} patents; "
                  f"matcher state built in {built:.1f} s (projection + rankers: what a rebuild costs)")
            store.upsert_nodes([SavedNeed(id="need:bookkeeping-bench", name="bench", text="라이다 센서")])
            t = time.perf_counter()
            after_need = matcher.licensees(patent, limit=10, offset=10)
            need_ms = (time.perf_counter() - t) * 1000
            record, _ = mark(store, "licensees", patent, first.data[0].id, "declined", by="bench")
            t = time.perf_counter()
            hidden = matcher.licensees(patent, limit=10, hide=frozenset({first.data[0].id}))
            mark_ms = (time.perf_counter() - t) * 1000
            same = matcher.state() is state
            print(f"after saving a need: next recommendation page in {need_ms:.0f} ms; after a follow-up "
                  f"(declined, left out): {mark_ms:.0f} ms; matcher state rebuilt: {'no' if same else 'YES'} "
                  f"({len(after_need.data)} and {len(hidden.data)} results, {hidden.hidden} left out)")
            store.delete_nodes(["need:bookkeeping-bench", record.id])
        finally:
            store.close()


if __name__ == "__main__":
    main()
