"""The running server under concurrent clients, over loopback: requests/s and p50/p99 latency for search, an
entity page and a partner recommendation, on the bundled sample (embedded store).

    .venv/bin/python benchmarks/api_bench.py [--clients 4] [--seconds 15] [--port 8765]

Loads the sample into a temporary store, starts ``innolink serve`` in its own process (one uvicorn worker),
warms the projection, then drives each endpoint with ``--clients`` keep-alive connections for ``--seconds``, each for a
random one of many queries (every organisation; 100 two-word searches), so first computations and repeats mix
as they would in use. The clients run on the same 2 cores as the server.
Target on 2 cores: >= 300 recommendation requests/s at p99 <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
INNOLINK = Path(sys.executable).parent / "innolink"


async def _client(host: str, port: int, paths: list[str], headers: str, stop: float, latencies: list[float],
                  seed: int) -> int:
    """One keep-alive HTTP/1.1 connection sending GETs back to back; returns how many were not 200."""
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    bad = 0
    try:
        while time.perf_counter() < stop:
            path = rng.choice(paths)
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            fields = dict(line.lower().split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line)
            if b"content-length" not in fields:
                raise RuntimeError(f"{path}: no Content-Length in {head!r}")
            await reader.readexactly(int(fields[b"content-length"]))
            latencies.append(time.perf_counter() - started)
            bad += status != 200
    finally:
        writer.close()
    return bad


def drive(base: str, paths: list[str], api_key: str, clients: int, seconds: float) -> tuple[int, list[float], int]:
    """``clients`` concurrent connections for ``seconds``, from one asyncio thread.

    A lean client on purpose: client and server share the machine's 2 cores, and a full HTTP library costs
    about as much CPU per request as the server does, which would measure the client.
    """
    url = httpx.URL(base)
    host, port = str(url.host), int(url.port or 80)
    latencies: list[float] = []

    async def run() -> int:
        stop = time.perf_counter() + seconds
        headers = f"X-API-Key: {api_key}\r\n"
        bad = await asyncio.gather(*(_client(host, port, paths, headers, stop, latencies, seed)
                                     for seed in range(clients)))
        return sum(bad)

    errors = asyncio.run(run())
    return len(latencies), latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections (the README also reports 16)")
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
                "search": [f"/api/v1/search?q={quote(a)}%20{quote(b)}" for a in words for b in words],
                "entity page": [f"/api/v1/organizations/{quote(c)}" for c in companies],
                "partner recommendation": [f"/api/v1/recommendations/partners?company_id={quote(c)}&limit=10"
                                           for c in companies],
            }
            for name, paths in targets.items():
                count, latencies, errors = drive(base, paths, key, args.clients, args.seconds)
                ms = np.asarray(latencies) * 1000
                print(f"{name}: {count / args.seconds:,.0f} requests/s with {args.clients} clients; "
                      f"p50 {np.percentile(ms, 50):.1f} ms, p99 {np.percentile(ms, 99):.1f} ms; {errors} errors")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
