"""Does the order files load in change the graph? The bundled sample loaded in its manifest's order and in reverse,
each into a fresh embedded store: people and organisations counted, and each person compared by names and the
names of the organisations they are affiliated with (ids may differ: a record first met by its English name is
named by it).

    .venv/bin/python benchmarks/load_order.py [--folder data/sample]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.config import EmbeddedSettings, Settings  # noqa: E402
from graph.schema import Person  # noqa: E402
from graph.store import open_store  # noqa: E402
from loaders import build_pipeline, directory_plan  # noqa: E402
from loaders.directory import PlannedFile  # noqa: E402
from loaders.public import PUBLIC_KINDS, load_public  # noqa: E402

PersonFacts = tuple[str, tuple[str, ...]]


def load_in_order(files: list[PlannedFile], folder: Path) -> tuple[set[PersonFacts], int]:
    """Each person as (names, affiliations' names) after loading ``files`` in that order, and the organisations."""
    settings = Settings(data_dir=folder, embedded=EmbeddedSettings(path=folder / "g.lbdb"))
    store = open_store(settings)
    try:
        store.ensure_schema()
        pipeline = build_pipeline(store, settings)
        for path, kind, sheet, mapping in files:
            if kind in PUBLIC_KINDS:
                load_public(pipeline, kind, path)
            else:
                pipeline.load(kind, path, sheet=sheet, mapping=mapping)
        people = set()
        for chunk in store.stream_nodes("Person"):
            for person in chunk:
                assert isinstance(person, Person)
                orgs = tuple(sorted(n.node.display_name()
                                    for n in store.neighbours(person.id, edge_types=["AFFILIATED_WITH"])))
                people.add((f"{person.name_ko or ''}|{person.name_en or ''}", orgs))
        return people, store.count("Organization")
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, default=ROOT / "data" / "sample")
    args = parser.parse_args()
    plan = directory_plan(args.folder)
    with tempfile.TemporaryDirectory() as tmp:
        forward, forward_orgs = load_in_order(plan, Path(tmp) / "forward")
        backward, backward_orgs = load_in_order(list(reversed(plan)), Path(tmp) / "backward")
    print(f"manifest order: {len(forward):,} people, {forward_orgs:,} organisations; reversed: {len(backward):,} "
          f"people, {backward_orgs:,} organisations")
    print(f"people with the same names and affiliations in both: {len(forward & backward):,}; only in the manifest "
          f"order's graph: {len(forward - backward):,}; only in the reversed one's: {len(backward - forward):,}")
    for facts in sorted(forward ^ backward)[:20]:
        print(f"  {'manifest' if facts in forward else 'reversed'}: {facts}")


if __name__ == "__main__":
    main()
