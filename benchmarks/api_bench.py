"""The running server under concurrent clients, over loopback: requests/s and p50/p99 latency for search, an
entity page and a partner recommendation, on the bundled sample (embedded store).

    .venv/bin/python benchmarks/api_bench.py [--clients 16] [--seconds 15] [--port 8765]

Loads the sample into a temporary store, starts ``innolink serve`` in its own process (one uvicorn worker),
warms the projection, then drives each endpoint with ``--clients`` threads for ``--seconds``, each request for a
random one of many queries (every organisation; 100 two-word searches), so first computations and repeats mix
as they would in use. The clients run on the same 2 cores as the server.
Target on 2 cores: >= 300 recommendation requests/s at p99 <= 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
INNOLINK = Path(sys.executable).parent / "innolink"


def drive(urls: list[str], headers: dict[str, str], clients: int, seconds: float) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors
        mine: list[float] = []
        bad = 0
        rng = random.Random(threading.get_ident())
        with httpx.Client(headers=headers, timeout=10) as http:
            while time.perf_counter() < stop:
                url = rng.choice(urls)
                t = time.perf_counter()
                response = http.get(url)
                mine.append(time.perf_counter() - t)
                bad += response.status_code != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INNOLINK_DATA_DIR": tmp, "INNOLINK_EMBEDDED__PATH": f"{tmp}/g.lbdb",
               "INNOLINK_MATCHER__CACHE_DIR": f"{tmp}/projection", "INNOLINK_LOG_LEVEL": "WARNING"}
        subprocess.run([INNOLINK, "load-dir", str(ROOT / "data" / "sample")], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        created = subprocess.run([INNOLINK, "keys", "create", "--name", "bench", "--role", "viewer"], env=env,
                                 check=True, capture_output=True, text=True).stdout
        key = created.strip().splitlines()[-1].strip()
        server = subprocess.Popen([INNOLINK, "serve", "--port", str(args.port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{args.port}"
            headers = {"X-API-Key": key}
            for _ in range(120):
                try:
                    if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            companies = [c["id"] for offset in (0, 200) for c in httpx.get(
                f"{base}/api/v1/organizations?limit=200&offset={offset}", headers=headers).json()["data"]]
            started = time.perf_counter()
            httpx.get(f"{base}/api/v1/recommendations/partners?company_id={companies[0]}", headers=headers,
                      timeout=300)
            print(f"projection + rankers ready in {time.perf_counter() - started:.1f} s (first request); "
                  f"queries spread over {len(companies)} organisations")
            words = ["라이다", "sensor", "배터리", "laser", "수소", "solar", "광주", "photonics", "자율주행", "motor"]
            targets = {
                "search": [f"{base}/api/v1/search?q={a}%20{b}" for a in words for b in words],
                "entity page": [f"{base}/api/v1/organizations/{c}" for c in companies],
                "partner recommendation": [f"{base}/api/v1/recommendations/partners?company_id={c}&limit=10"
                                           for c in companies],
            }
            for name, urls in targets.items():
                count, latencies, errors = drive(urls, headers, args.clients, args.seconds)
                ms = np.asarray(latencies) * 1000
                print(f"{name}: {count / args.seconds:,.0f} requests/s with {args.clients} clients; "
                      f"p50 {np.percentile(ms, 50):.1f} ms, p99 {np.percentile(ms, 99):.1f} ms; {errors} errors")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
