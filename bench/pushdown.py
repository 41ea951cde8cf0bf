"""One sweep stage both ways on the same PostgreSQL store: in Python, and pushed down as one GROUP BY.

    CIBWATCH_BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        python bench/pushdown.py --posts 100000 1000000

The stage: keys (exact text fingerprint, canonical URL, repost or reply
target) shared by two or more accounts inside one time bucket (an hour, the
longest burst span). For each size it generates the posts (bench/generate.py,
seed 7), loads them into a fresh database `cibwatch_pushdown_<N>` on the
server with `cibwatch ingest`, then, in fresh child processes so each peak
resident memory is that way's own:

- Python: what a sweep does today. Read the accounts and every post with its
  links (storage/sweepdata.py), key the posts (detection/sweep.py
  `keyed_posts`, fingerprints as their own groups), then bucket each key's
  posts and keep the buckets with two or more accounts.
- SQL: storage/pushdown.py `shared_keys`, one GROUP BY in PostgreSQL, only the
  shared keys sent to Python.

Both build the same set of (channel, key, bucket, accounts); the benchmark
checks the two sets are equal (count and an order-free digest) and prints a
Markdown table for the README: time, rows sent to Python and peak memory of
each way, and the pushed-down way's ratio to Python's.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Connection, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sweep import in_child  # noqa: E402

from detection.bursts import Channel  # noqa: E402
from detection.sweep import keyed_posts  # noqa: E402
from storage.pushdown import BUCKET_SECONDS, REPOST, TEXT, URL, SharedKey, shared_keys  # noqa: E402
from storage.sweepdata import load_accounts, load_posts  # noqa: E402
from storage.sweepstate import newest_post  # noqa: E402

#: The sweep's channels that this stage covers, by the names storage/pushdown.py gives them.
CHANNELS = {Channel.TEXT: TEXT, Channel.URL: URL, Channel.REPOST: REPOST}


def python_shared_keys(
    conn: Connection, bucket_seconds: int = BUCKET_SECONDS
) -> tuple[set[SharedKey], int]:
    """The stage as a sweep would run it in Python: the shared keys, and the rows read into Python."""
    accounts = load_accounts(conn)
    data = load_posts(conn, accounts, upto_pk=newest_post(conn))
    posts = data.posts
    exact = {fp: fp for fp in posts.fp if fp is not None}
    keyed = keyed_posts(data, exact, {}, 0)
    found: set[SharedKey] = set()
    for channel, name in CHANNELS.items():
        for key, positions in keyed[channel].items():
            buckets: dict[int, set[int]] = defaultdict(set)
            for i in positions:
                buckets[posts.ts[i] // bucket_seconds].add(accounts.ids[posts.account[i]])
            for bucket, ids in buckets.items():
                if len(ids) >= 2:
                    found.add(SharedKey(name, key, bucket, frozenset(ids)))
    return found, len(accounts) + len(posts) + len(data.urls)


def _digest(found: set[SharedKey]) -> str:
    """An order-free digest of the set (the same in every process, unlike hash())."""
    total = 0
    for row in found:
        line = f"{row.channel}\t{row.key}\t{row.bucket}\t{sorted(row.accounts)}"
        total += int.from_bytes(hashlib.blake2b(line.encode(), digest_size=16).digest(), "big")
    return f"{total % (1 << 128):032x}"


def _run(way: str, url: str) -> dict[str, Any]:
    """Child: run the stage one way, timed; the digest of its answer is computed after the clock stops."""
    engine = create_engine(url)
    with engine.connect() as conn:
        start = time.perf_counter()
        if way == "Python":
            found, moved = python_shared_keys(conn)
        else:
            found = set(shared_keys(conn))
            moved = len(found)
        seconds = time.perf_counter() - start
    engine.dispose()
    return {"seconds": seconds, "rows": moved, "keys": len(found), "digest": _digest(found)}


def _fresh_database(server: str, name: str) -> str:
    """Drop and create database `name` on the server; its URL."""
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _ingest(data: Path, url: str) -> float:
    """Load the file with `cibwatch ingest`; its wall time."""
    start = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "cibwatch"), "ingest", str(data)],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark for each size and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, nargs="+", default=[100_000])
    args = parser.parse_args()
    server = os.environ.get("CIBWATCH_BENCH_POSTGRES_URL")
    if not server:
        sys.exit(
            "set CIBWATCH_BENCH_POSTGRES_URL to a PostgreSQL server this benchmark may create databases on"
        )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.posts:
            data = Path(tmp) / f"posts-{n}.jsonl.gz"
            subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).parent / "generate.py"),
                    "--posts",
                    str(n),
                    "--seed",
                    "7",
                    "--out",
                    str(data),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            url = _fresh_database(server, f"cibwatch_pushdown_{n}")
            loaded = _ingest(data, url)
            python = in_child(_run, "Python", url)
            sql = in_child(_run, "SQL", url)
            same = (python["keys"], python["digest"]) == (sql["keys"], sql["digest"])
            print(
                f"{n:>9,} posts, ingest {loaded:.1f} s; shared keys: Python {python['keys']:,}, "
                f"SQL {sql['keys']:,}, {'the same set' if same else 'DIFFERENT SETS'}",
                flush=True,
            )
            if not same:
                sys.exit(1)
            rows.append((n, python, sql))
    print()
    print("| posts | way | time | rows sent to Python | peak memory | shared keys |")
    print("|---:|---|---:|---:|---:|---:|")
    for n, python, sql in rows:
        for way, r in (("Python (today)", python), ("SQL GROUP BY", sql)):
            print(
                f"| {n:,} | {way} | {r['seconds']:.1f} s | {r['rows']:,} | {r['peak_mb']:.0f} MB | {r['keys']:,} |"
            )
        print(
            f"| {n:,} | SQL ÷ Python | {sql['seconds'] / python['seconds']:.2f}× | "
            f"{sql['rows'] / python['rows']:.3f}× | {sql['peak_mb'] / python['peak_mb']:.2f}× | |"
        )


if __name__ == "__main__":
    main()
