"""Detection quality on generated data with known truth.

    python bench/quality.py --posts 100000 --seed 11
    python bench/quality.py --data posts.jsonl.gz --truth truth.csv   # any labelled set

Loads the data into a fresh SQLite store with `cibwatch ingest`'s code, sweeps
it, counts an account as flagged when its verdict is "Likely coordinated" (as
the sweep CSV says), and prints per-style recall, overall precision, recall
and F1, and the false-positive rate of each decoy kind.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import Regime, TruthRow, generate  # noqa: E402

from services.sweeps import run_sweep, write_sweep_csv  # noqa: E402
from storage.db import open_store  # noqa: E402
from storage.ingest import ingest_file  # noqa: E402

FLAGGED = "Likely coordinated"


@dataclass
class Quality:
    """Account-level quality of one sweep against truth."""

    precision: float
    recall: float
    f1: float
    decoy_flagged_rate: float
    by_style: dict[str, tuple[int, int]]  # style -> (flagged, total)
    flagged: int
    coordinated: int

    def lines(self) -> list[str]:
        """A readable report."""
        out = [
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"(flagged {self.flagged}, coordinated {self.coordinated})",
            f"decoy accounts flagged: {100 * self.decoy_flagged_rate:.2f}%",
        ]
        for style, (hit, total) in sorted(self.by_style.items()):
            out.append(f"  {style:<28} {hit:>5} / {total:<5} = {hit / total if total else 0:.3f}")
        return out


def key(platform: str, handle: str) -> tuple[str, str]:
    """The account key as the store keeps it: platform lower-cased, handle as given."""
    return (platform.strip().lower(), handle.strip().removeprefix("@"))


def score(verdicts: dict[tuple[str, str], str], truth: list[TruthRow]) -> Quality:
    """Compare sweep verdicts with truth rows."""
    by_style: dict[str, list[int]] = {}
    tp = fp = fn = 0
    decoys = decoy_hits = 0
    for row in truth:
        flagged = verdicts.get(key(row.platform, row.author_handle)) == FLAGGED
        name = f"{row.label}:{row.style}"
        entry = by_style.setdefault(name, [0, 0])
        entry[1] += 1
        entry[0] += flagged
        if row.label == "coordinated":
            tp += flagged
            fn += not flagged
        else:
            fp += flagged
        if row.label == "decoy":
            decoys += 1
            decoy_hits += flagged
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(
        precision,
        recall,
        f1,
        decoy_hits / decoys if decoys else 0.0,
        {k: (v[0], v[1]) for k, v in by_style.items()},
        tp + fp,
        tp + fn,
    )


def read_truth(path: Path) -> list[TruthRow]:
    """Truth rows from a CSV with columns platform,author_handle,label,style,group."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            TruthRow(r["platform"], r["author_handle"], r["label"], r["style"], r.get("group", ""))
            for r in csv.DictReader(handle)
        ]


def evaluate(data: Path, truth: list[TruthRow], workdir: Path) -> tuple[Quality, dict[str, float]]:
    """Ingest, sweep and score; also return the timings."""
    verdicts, timing = sweep_verdicts(data, workdir)
    return score(verdicts, truth), timing


def sweep_verdicts(data: Path, workdir: Path) -> tuple[dict[tuple[str, str], str], dict[str, float]]:
    """Ingest `data` into a fresh SQLite store in `workdir`, sweep it, read the sweep CSV.

    Returns each account's verdict by (platform, handle), and the ingest and
    sweep times in seconds.
    """
    store = open_store(f"sqlite:///{workdir / 'quality.db'}")
    t0 = time.perf_counter()
    ingest_file(store, data)
    t1 = time.perf_counter()
    run_sweep(store, force=True)
    t2 = time.perf_counter()
    out = workdir / "sweep.csv"
    write_sweep_csv(store, out)
    store.dispose()
    with open(out, newline="", encoding="utf-8") as handle:
        verdicts = {(r["platform"], r["author_handle"]): r["verdict"] for r in csv.DictReader(handle)}
    return verdicts, {"ingest": t1 - t0, "sweep": t2 - t1}


def write_generated(
    n: int, seed: int, path: Path, *, days: int = 30, regime: Regime | None = None
) -> list[TruthRow]:
    """Generate n posts with `seed` (over `days`, in `regime`) into gzip JSONL; return the truth."""
    records, truth = generate(n, seed, days=days, regime=regime)
    with gzip.open(path, "wb", compresslevel=1) as handle:
        for rec in records:
            handle.write(orjson.dumps(rec) + b"\n")
    return truth


def main() -> None:
    """Run and print the quality report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--truth", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.data:
            if not args.truth:
                parser.error("--data needs --truth")
            data, truth = args.data, read_truth(args.truth)
        else:
            data = work / "posts.jsonl.gz"
            truth = write_generated(args.posts, args.seed, data)
        quality, timing = evaluate(data, truth, work)
    labels = Counter(r.label for r in truth)
    print(f"accounts: {dict(labels)}; ingest {timing['ingest']:.1f} s, sweep {timing['sweep']:.1f} s")
    print("\n".join(quality.lines()))


if __name__ == "__main__":
    main()
