"""Detection against generated data with known truth: precision, recall, decoys.

The generator (bench/generate.py) writes every coordinated style and every
decoy of DESIGN.md. Seeds here were never used to tune detection.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import pytest
from generate import generate
from quality import Quality, read_truth, score

from services.sweeps import run_sweep, write_sweep_csv
from storage.db import Store, open_store
from storage.ingest import ingest_file


def _load(tmp: Path, posts: int, seed: int) -> tuple[Store, Quality]:
    records, truth = generate(posts, seed)
    data = tmp / "posts.jsonl.gz"
    with gzip.open(data, "wb") as handle:
        for rec in records:
            handle.write(orjson.dumps(rec) + b"\n")
    store = open_store(f"sqlite:///{tmp / 'store.db'}")
    ingest_file(store, data)
    run_sweep(store)
    out = tmp / "sweep.csv"
    write_sweep_csv(store, out)
    import csv

    with open(out, newline="") as handle:
        verdicts = {(r["platform"], r["author_handle"]): r["verdict"] for r in csv.DictReader(handle)}
    return store, score(verdicts, truth)


@pytest.fixture(scope="module", params=[(20_000, 101), (12_000, 202)], ids=["20k-seed101", "12k-seed202"])
def quality(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Quality:
    posts, seed = request.param
    store, result = _load(tmp_path_factory.mktemp(f"q{seed}"), posts, seed)
    store.dispose()
    print("\n".join(result.lines()))
    return result


def recall_of(quality: Quality, style: str) -> float:
    hit, total = quality.by_style[f"coordinated:{style}"]
    assert total > 0, f"the generator made no {style} accounts"
    return hit / total


def test_flagged_accounts_are_precise_and_complete(quality: Quality) -> None:
    assert quality.precision >= 0.9
    assert quality.recall >= 0.9
    assert quality.f1 >= 0.9


@pytest.mark.parametrize(
    ("style", "minimum"),
    [("copypaste", 0.9), ("link_ring", 0.9), ("hashtag_rider", 0.7), ("repost_ring", 0.8)],
)
def test_each_operation_style_is_found(quality: Quality, style: str, minimum: float) -> None:
    assert recall_of(quality, style) >= minimum


@pytest.mark.parametrize(
    "decoy", ["news_bot", "share_button", "chain_post", "generic_reply", "viral_cascade", "cross_poster"]
)
def test_decoys_are_not_flagged(quality: Quality, decoy: str) -> None:
    hit, total = quality.by_style[f"decoy:{decoy}"]
    assert total > 0, f"the generator made no {decoy} accounts"
    assert hit / total <= 0.02


def test_authentic_accounts_are_almost_never_flagged(quality: Quality) -> None:
    hit, total = quality.by_style["authentic:authentic"]
    assert hit / total <= 0.002


def test_read_truth_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "truth.csv"
    path.write_text("platform,author_handle,label,style,group\nx,a,coordinated,copypaste,op1\n")
    rows = read_truth(path)
    assert rows[0].author_handle == "a" and rows[0].group == "op1"
