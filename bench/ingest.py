"""Ingest benchmark: SQLite, PostgreSQL and parse-only on the same files in the same run.

    python bench/ingest.py --posts 100000 1000000
    CIBWATCH_BENCH_POSTGRES_URL=postgresql+psycopg://... python bench/ingest.py --posts 100000 1000000

For each size it writes the generator's records (bench/generate.py, seed 7)
to a gzip JSONL file, then in fresh child processes (so peak memory is the
ingest's own): parses the file only (the baseline: reading and JSON-decoding
every line, no store), parses and checks every record (what the validating
workers do, in one process), ingests it into a fresh SQLite store and, when a
URL is given, into a fresh PostgreSQL database (COPY path), and ingests it a
second time into each (idempotent: must load 0). Prints a Markdown table for
the README with each store's time against parse-only and PostgreSQL's
against SQLite's, and the CPU seconds behind each load: the ingesting process
with its validating workers, and the PostgreSQL backend when the server runs
on this machine (on a shared machine the wall time depends on what else runs;
the CPU seconds much less).
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import sys
import tempfile
import time
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import generate  # noqa: E402


def write_records(n: int, path: Path, seed: int = 7) -> None:
    """Write n generated records to gzip JSONL."""
    records, _truth = generate(n, seed)
    with gzip.open(path, "wb", compresslevel=1) as handle:
        for rec in records:
            handle.write(orjson.dumps(rec) + b"\n")


def _parse_only(path: str) -> dict[str, float]:
    start = time.perf_counter()
    n = 0
    with gzip.open(path, "rb") as handle:
        for line in handle:
            orjson.loads(line)
            n += 1
    return {"seconds": time.perf_counter() - start, "records": n}


def _check_only(path: str) -> dict[str, float]:
    from storage.records import check_lines

    start = time.perf_counter()
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        while lines := list(islice(handle, 5000)):
            check_lines(n + 1, lines)
            n += len(lines)
    return {"seconds": time.perf_counter() - start, "records": n}


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the validating workers)."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _server_seconds(pid: int | None) -> float:
    """CPU time of a PostgreSQL backend on this machine (0 when it is elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ingest(path: str, url: str) -> dict[str, float]:
    from storage.db import open_store
    from storage.ingest import ingest_file

    store = open_store(url)
    backend = None
    if store.dialect == "postgresql":
        # The pool hands the ingest this same connection again: its backend does the work.
        with store.engine.connect() as conn:
            backend = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    server = _server_seconds(backend)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    report = ingest_file(store, Path(path))
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu
    server = _server_seconds(backend) - server
    store.dispose()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "server": server,
        "loaded": report.loaded,
        "present": report.already_present,
    }


def _child(target, args, queue) -> None:  # type: ignore[no-untyped-def]
    result = target(*args)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


def in_child(target, *args) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Run target(*args) in a fresh process; add its peak resident memory."""
    ctx = get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(target, args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def reset_postgres(url: str) -> None:
    """Empty the benchmark database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    """Run the benchmark for each size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, nargs="+", default=[100_000])
    args = parser.parse_args()
    pg_url = os.environ.get("CIBWATCH_BENCH_POSTGRES_URL")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.posts:
            data = Path(tmp) / f"posts-{n}.jsonl.gz"
            write_records(n, data)
            base = in_child(_parse_only, str(data))
            check = in_child(_check_only, str(data))
            print(
                f"{n:>9,} parse-only {base['seconds']:.1f} s, parse and check in one process "
                f"{check['seconds']:.1f} s",
                flush=True,
            )
            targets = [("SQLite", f"sqlite:///{tmp}/bench-{n}.db")]
            if pg_url:
                reset_postgres(pg_url)
                targets.append(("PostgreSQL", pg_url))
            sqlite_seconds = 0.0
            for name, url in targets:
                first = in_child(_ingest, str(data), url)
                again = in_child(_ingest, str(data), url)
                if name == "SQLite":
                    sqlite_seconds = first["seconds"]
                rows.append((n, name, base, check, first, again, sqlite_seconds))
                print(
                    f"{n:>9,} {name:<10} ingest {first['seconds']:7.1f} s "
                    f"({n / first['seconds']:8,.0f} posts/s, peak {first['peak_mb']:6.0f} MB, "
                    f"{first['seconds'] / base['seconds']:.1f}x parse-only, "
                    f"{first['seconds'] / sqlite_seconds:.2f}x SQLite; CPU {first['cpu']:.1f} s "
                    f"+ server {first['server']:.1f} s); "
                    f"re-ingest {again['seconds']:6.1f} s loaded {again['loaded']:.0f}",
                    flush=True,
                )
    print()
    print(
        "| records | store | ingest | posts/s | peak memory | ÷ parse-only | ÷ SQLite "
        "| CPU: ingest + server | re-ingest (loaded) |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n, name, base, check, first, again, sqlite_seconds in rows:
        print(
            f"| {n:,} | {name} | {first['seconds']:.1f} s | {n / first['seconds']:,.0f} | "
            f"{first['peak_mb']:.0f} MB | {first['seconds'] / base['seconds']:.1f}× "
            f"(parse {base['seconds']:.1f} s, check {check['seconds']:.1f} s) | "
            f"{first['seconds'] / sqlite_seconds:.2f}× | "
            f"{first['cpu']:.1f} s + {first['server']:.1f} s | "
            f"{again['seconds']:.1f} s ({again['loaded']:.0f}) |"
        )


if __name__ == "__main__":
    main()
