"""Incremental sweep benchmark: new posts into a swept store, against a sweep from scratch.

    python bench/incremental.py --posts 1000000 --new 1000 10000 50000 --seed 11
    python bench/incremental.py --posts 50000 --new 500 2000          # quick look

It generates N posts with known truth (bench/generate.py), keeps the newest
posts back (the sum of --new, by posting time) and ingests the rest into a
fresh SQLite store, which is swept once from scratch. Then each --new batch in
turn is ingested and swept incrementally (`run_sweep`, what `cibwatch sweep`
does). Last, the whole store is swept from scratch (`run_sweep(force=True)`,
`cibwatch sweep --force`): the baseline, measured in the same run on the same
posts. Every sweep runs in a fresh process (wall time, peak resident memory).

It prints a Markdown table for the README (time, ratio against the sweep from
scratch, peak memory, keys redone) and checks that the last incremental
sweep's stored verdicts, scores, clusters and evidence are identical to the
sweep from scratch, with precision and recall against the truth.
"""

from __future__ import annotations

import argparse
import gzip
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from generate import generate
from quality import score
from sweep import _ingest, in_child  # bench/sweep.py: fresh processes with peak memory


def _sweep(url: str, force: bool) -> dict[str, Any]:
    """Child: one sweep; its time and what it did."""
    from services.sweeps import run_sweep
    from storage.db import open_store

    store = open_store(url)
    start = time.perf_counter()
    summary = run_sweep(store, force=force)
    seconds = time.perf_counter() - start
    store.dispose()
    return {
        "seconds": seconds,
        "new_posts": summary.new_posts,
        "posts": summary.posts,
        "redone_keys": summary.redone_keys,
        "from_scratch": summary.from_scratch,
        "likely": summary.likely,
        "stages": summary.seconds,
    }


def _results(url: str) -> dict[str, Any]:
    """Child: the stored results, clusters as member sets (ids differ between sweeps)."""
    from sqlmodel import select

    from storage.db import open_store
    from storage.models import Account, AccountScore

    store = open_store(url)
    with store.session() as session:
        rows = session.exec(select(Account, AccountScore).join(AccountScore)).all()
    store.dispose()
    members: dict[int, list[str]] = {}
    for account, s in rows:
        if s.cluster_id is not None:
            members.setdefault(s.cluster_id, []).append(f"{account.platform}:{account.handle}")
    name = {cid: min(names) for cid, names in members.items()}
    accounts = {
        f"{a.platform}:{a.handle}": [
            s.score,
            s.verdict,
            name.get(s.cluster_id) if s.cluster_id else None,
            s.evidence,
        ]
        for a, s in rows
    }
    return {"accounts": accounts}


def _write(path: Path, records: list[dict[str, Any]]) -> None:
    with gzip.open(path, "wb", compresslevel=3) as handle:
        for rec in records:
            handle.write(orjson.dumps(rec) + b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--new", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="cibwatch-incremental-"))
    work.mkdir(parents=True, exist_ok=True)

    generated, truth = generate(args.posts, args.seed)
    records = sorted(generated, key=lambda r: str(r["posted_at"]))
    held = sum(args.new)
    base, rest = records[: len(records) - held], records[len(records) - held :]
    _write(work / "base.jsonl.gz", base)
    batches = []
    for i, n in enumerate(args.new):
        path = work / f"new{i}.jsonl.gz"
        _write(path, rest[:n])
        rest = rest[n:]
        batches.append(path)
    del records, base
    db = work / "store.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{db}"

    rows: list[tuple[str, dict[str, Any]]] = []
    in_child(_ingest, str(work / "base.jsonl.gz"), url)
    rows.append((f"from scratch, {args.posts - held:,} posts", in_child(_sweep, url, False)))
    for path, n in zip(batches, args.new, strict=True):
        in_child(_ingest, str(path), url)
        rows.append((f"incremental, +{n:,} new posts", in_child(_sweep, url, False)))
    incremental = in_child(_results, url)
    scratch_row = in_child(_sweep, url, True)
    scratch = in_child(_results, url)
    rows.append((f"from scratch, all {args.posts:,} posts (baseline)", scratch_row))

    base_s = scratch_row["seconds"]
    print(
        f"\n{args.posts:,} generated posts, seed {args.seed}, SQLite, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}\n"
    )
    print("| sweep | time | vs. from scratch | peak memory | keys redone |")
    print("|---|---:|---:|---:|---:|")
    for name, r in rows:
        print(
            f"| {name} | {r['seconds']:.1f} s | {r['seconds'] / base_s:.3f}× | "
            f"{r['peak_mb']:,.0f} MB | {r['redone_keys']:,} |"
        )
    print("\nSeconds per stage:\n")
    for name, r in rows:
        print(f"- {name}: " + ", ".join(f"{stage} {s:.1f}" for stage, s in r["stages"].items()))
    same = incremental["accounts"] == scratch["accounts"]
    differing = sum(
        1
        for k in set(incremental["accounts"]) | set(scratch["accounts"])
        if incremental["accounts"].get(k) != scratch["accounts"].get(k)
    )
    print(
        f"\nincremental results identical to the sweep from scratch: {same} ({differing} accounts differ)"
    )
    for k in sorted(set(incremental["accounts"]) | set(scratch["accounts"]))[:5000]:
        if incremental["accounts"].get(k) != scratch["accounts"].get(k) and differing:
            print(f"  {k}: incremental {str(incremental['accounts'].get(k))[:300]}")
            print(f"  {' ' * len(k)}  from scratch {str(scratch['accounts'].get(k))[:300]}")
            differing = max(0, differing - 1) if differing > 10 else differing - 1
    flagged = {tuple(k.split(":", 1)): v[1] for k, v in incremental["accounts"].items()}
    quality = score({(p, h): verdict for (p, h), verdict in flagged.items()}, truth)
    print("\n".join(quality.lines()))


if __name__ == "__main__":
    main()
