"""Incremental sweeps: after new posts arrive, a sweep redoes only what they touch,
and ends exactly where a sweep from scratch over the same posts ends.

Generated data with known truth arrives in batches (in time order, then a batch
of late, old posts); after each batch the store is swept incrementally. The
stored verdicts, scores, clusters and evidence must equal those of a forced
sweep from scratch, and the quality must hold.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import orjson
import pytest
from factories import text_cores
from generate import generate
from quality import TruthRow, score
from sqlmodel import select

from detection.incremental import plan_sweep
from detection.neardup import NearDupState, extend_groups, group_near_duplicates
from detection.sweep import DetectionConfig
from services import sweeps as services
from services.sweeps import run_sweep, write_sweep_csv
from storage.db import Store
from storage.ingest import ingest_file
from storage.models import Account, AccountScore, SweepKey, SweepState, TextGroup


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    with gzip.open(path, "wb") as handle:
        for rec in records:
            handle.write(orjson.dumps(rec) + b"\n")
    return path


def _snapshot(store: Store) -> dict[str, object]:
    """Everything a sweep stores about accounts, with clusters as sets of members."""
    with store.session() as session:
        rows = session.exec(select(Account, AccountScore).join(AccountScore)).all()
    members: dict[int, set[str]] = {}
    for account, s in rows:
        if s.cluster_id is not None:
            members.setdefault(s.cluster_id, set()).add(f"{account.platform}:{account.handle}")
    cluster_name = {cid: min(names) for cid, names in members.items()}
    accounts = {
        f"{account.platform}:{account.handle}": (
            s.score,
            s.verdict,
            cluster_name.get(s.cluster_id) if s.cluster_id is not None else None,
            orjson.loads(s.evidence),
        )
        for account, s in rows
    }
    return {"accounts": accounts, "clusters": sorted(sorted(m) for m in members.values())}


def _stored_keys(store: Store) -> dict[tuple[str, str], tuple[object, ...]]:
    """The kept state's keys with their bursts and owners."""
    with store.session() as session:
        keys = session.exec(select(SweepKey)).all()
    return {
        (k.channel, k.key): (
            k.key_posts,
            k.key_burst_share,
            orjson.loads(k.bursts),
            orjson.loads(k.owners),
        )
        for k in keys
    }


def _differences(a: dict[str, object], b: dict[str, object]) -> list[str]:
    left, right = a["accounts"], b["accounts"]
    assert isinstance(left, dict) and isinstance(right, dict)
    out = [
        f"{k}: {left.get(k)} != {right.get(k)}"
        for k in sorted(set(left) | set(right))
        if left.get(k) != right.get(k)
    ]
    if a["clusters"] != b["clusters"]:
        out.append("clusters differ")
    return out


def _without_cluster_ids(path: Path) -> list[str]:
    return [line.rsplit(",", 1)[0] for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[TruthRow]]:
    """12,000 generated posts as four files: three in time order, then 300 late ones."""
    generated, truth = generate(12_000, 303)
    records = list(generated)
    rng = random.Random(303)
    late = set(rng.sample(range(len(records)), 300))
    on_time = [r for i, r in enumerate(records) if i not in late]
    on_time.sort(key=lambda r: str(r["posted_at"]))
    cuts = [0, int(len(on_time) * 0.6), int(len(on_time) * 0.9), len(on_time)]
    folder = tmp_path_factory.mktemp("batches")
    files = [
        _write(folder / f"batch{i}.jsonl.gz", on_time[cuts[i] : cuts[i + 1]]) for i in range(3)
    ]
    files.append(_write(folder / "late.jsonl.gz", [records[i] for i in sorted(late)]))
    return files, truth


def test_incremental_sweeps_end_where_a_sweep_from_scratch_ends(
    store: Store, batches: tuple[list[Path], list[TruthRow]], tmp_path: Path
) -> None:
    files, truth = batches
    summaries = []
    for path in files:
        ingest_file(store, path)
        summaries.append(run_sweep(store))
    first, *later = summaries
    assert first.from_scratch and not any(s.from_scratch or s.skipped for s in later)
    assert [s.new_posts for s in later] == [3510, 1170, 300]
    assert all(s.redone_keys > 0 for s in later)
    incremental = _snapshot(store)
    kept = _stored_keys(store)
    out = tmp_path / "incremental.csv"
    write_sweep_csv(store, out)

    scratch = run_sweep(store, force=True)
    assert scratch.from_scratch and scratch.new_posts == 12_000
    # The late batch touched a small share of all keys; only those were redone.
    assert later[-1].redone_keys * 10 < scratch.redone_keys
    assert _differences(incremental, _snapshot(store)) == []
    assert kept == _stored_keys(store)
    again = tmp_path / "scratch.csv"
    write_sweep_csv(store, again)
    # The same rows; cluster ids are the store's row ids, new on every sweep.
    assert _without_cluster_ids(out) == _without_cluster_ids(again)

    import csv

    with open(out, newline="") as handle:
        verdicts = {
            (r["platform"], r["author_handle"]): r["verdict"] for r in csv.DictReader(handle)
        }
    quality = score(verdicts, truth)
    print("\n".join(quality.lines()))
    assert quality.precision >= 0.9 and quality.recall >= 0.9


def test_a_sweep_with_nothing_new_is_skipped(
    sqlite_store: Store, batches: tuple[list[Path], list[TruthRow]]
) -> None:
    files, _ = batches
    ingest_file(sqlite_store, files[0])
    assert run_sweep(sqlite_store).from_scratch
    assert run_sweep(sqlite_store).skipped
    ingest_file(sqlite_store, files[0])  # the same posts again: nothing new
    assert run_sweep(sqlite_store).skipped


def test_a_changed_operator_zone_sweeps_from_scratch(
    sqlite_store: Store, batches: tuple[list[Path], list[TruthRow]]
) -> None:

    files, _ = batches
    ingest_file(sqlite_store, files[0])
    run_sweep(sqlite_store)
    ingest_file(sqlite_store, files[3])
    summary = run_sweep(sqlite_store, DetectionConfig(operator_zone="Europe/Moscow"))
    assert summary.from_scratch and not summary.skipped


BASE = "the ministry statement on the harbour project was clear and everyone should read it today"


def test_near_duplicate_groups_grow_batch_by_batch_as_in_one_go() -> None:
    rng = random.Random(5)
    words = BASE.split()
    texts = []
    for i in range(60):
        variant = list(words)
        variant[rng.randrange(len(variant))] += rng.choice("xyz")  # a typo
        texts.append(
            " ".join(variant) if i % 3 else f"unrelated words number {i} " + " ".join(words[:4])
        )
    cores = text_cores(*texts)
    at_once = group_near_duplicates(cores)
    state = NearDupState()
    by_batch: dict[str, str] = {}
    items = list(cores.items())
    for start in range(0, len(items), 7):
        update = extend_groups(dict(items[start : start + 7]), state)
        by_batch = {fp: update.merged.get(g, g) for fp, g in by_batch.items()} | update.groups
    assert by_batch == at_once
    assert len(set(at_once.values())) < len(at_once)  # the typo variants did group


# Two texts too far apart to be copies, and one close to both.
HARBOUR = "the harbour project statement was clear and everyone should read it"
LEFT = HARBOUR + " said the spokesman late this morning at the dinner"
RIGHT = HARBOUR + " claimed a minister late last evening at the dinner"
MIDDLE = HARBOUR + " said the spokesman late last evening at the dinner"


def test_a_new_text_can_join_two_groups() -> None:
    cores = text_cores(LEFT, RIGHT, MIDDLE)
    left, right, middle = cores
    state = NearDupState()
    first = extend_groups({left: cores[left], right: cores[right]}, state)
    assert first.groups == {left: left, right: right}
    second = extend_groups({middle: cores[middle]}, state)
    joined = min(cores)
    assert second.groups == {middle: joined}
    assert second.merged == {g: joined for g in (left, right) if g != joined}


def test_stored_groups_follow_a_join(sqlite_store: Store, tmp_path: Path) -> None:
    """A text that joins two stored groups renames the group of every stored text."""
    accounts = [f"user{i}" for i in range(4)]
    left, right, middle = LEFT, RIGHT, MIDDLE

    def rec(i: int, handle: str, text: str, ts: int) -> dict[str, object]:
        return {
            "platform": "x",
            "post_id": str(i),
            "author_handle": handle,
            "posted_at": f"2026-03-02T{ts // 60:02d}:{ts % 60:02d}:00Z",
            "text": text,
        }

    first = [rec(i, h, left if i % 2 else right, i) for i, h in enumerate(accounts)]
    ingest_file(sqlite_store, _write(tmp_path / "a.jsonl.gz", first))
    run_sweep(sqlite_store)
    ingest_file(sqlite_store, _write(tmp_path / "b.jsonl.gz", [rec(10, "user9", middle, 20)]))
    assert not run_sweep(sqlite_store).from_scratch
    with sqlite_store.session() as session:
        groups = {g.fp: g.grp for g in session.exec(select(TextGroup)).all()}
    assert len(groups) == 3 and len(set(groups.values())) == 1


def test_a_hashtag_that_becomes_common_stops_being_a_key(
    sqlite_store: Store, tmp_path: Path
) -> None:
    """50 accounts push #harbourtalk together; when a 51st uses it, it is a common tag."""
    tag = "harbourtalk"

    def rec(i: int, minute: int, day: int = 2) -> dict[str, object]:
        return {
            "platform": "x",
            "post_id": f"{day}-{i}",
            "author_handle": f"acct{i}",
            "posted_at": f"2026-03-{day:02d}T10:{minute:02d}:{(i * 17) % 60:02d}Z",
            "text": f"note {i} on day {day}",
            "hashtags": [tag],
        }

    ingest_file(sqlite_store, _write(tmp_path / "a.jsonl.gz", [rec(i, i // 3) for i in range(50)]))
    run_sweep(sqlite_store)
    assert ("hashtag", "#" + tag) in _stored_keys(sqlite_store)
    ingest_file(sqlite_store, _write(tmp_path / "b.jsonl.gz", [rec(50, 0, day=9)]))
    assert not run_sweep(sqlite_store).from_scratch
    kept = _stored_keys(sqlite_store)
    assert ("hashtag", "#" + tag) not in kept
    run_sweep(sqlite_store, force=True)
    assert kept == _stored_keys(sqlite_store)


def test_of_two_racing_sweeps_the_later_one_stands_down(
    store: Store, batches: tuple[list[Path], list[TruthRow]]
) -> None:
    """Both plan from the same state; the second to store finds the state moved and keeps nothing."""

    files, _ = batches
    ingest_file(store, files[2])
    run_sweep(store)
    ingest_file(store, files[3])
    with store.engine.connect() as conn:
        first = plan_sweep(conn, DetectionConfig())
        second = plan_sweep(conn, DetectionConfig())
    assert first is not None and second is not None and not first.from_scratch
    with services.sweep_lease(store) as lease:  # results are stored only under the lease
        services._store_result(store, first, 0, lease.holder)
        kept = _stored_keys(store)
        with pytest.raises(services.SweepConflict):
            services._store_result(store, second, 0, lease.holder)
    assert _stored_keys(store) == kept
    assert run_sweep(store).skipped


def test_tag_sets_with_spaces_are_redone_like_any_key(sqlite_store: Store, tmp_path: Path) -> None:
    """A tag may hold a space; a set of such tags is still found again when new posts use it."""
    tags = ["harbour talk", "ports"]

    def rec(i: int, second: int) -> dict[str, object]:
        return {
            "platform": "x",
            "post_id": str(i),
            "author_handle": f"acct{i}",
            "posted_at": f"2026-03-02T10:{second // 60:02d}:{second % 60:02d}Z",
            "text": f"note number {i}",
            "hashtags": tags,
        }

    ingest_file(sqlite_store, _write(tmp_path / "a.jsonl.gz", [rec(i, 30 * i) for i in range(6)]))
    run_sweep(sqlite_store)
    before = _stored_keys(sqlite_store)[("hashtag", "set harbour talk ports")]
    ingest_file(sqlite_store, _write(tmp_path / "b.jsonl.gz", [rec(6, 200)]))
    assert not run_sweep(sqlite_store).from_scratch
    kept = _stored_keys(sqlite_store)
    assert (
        kept[("hashtag", "set harbour talk ports")][0] == before[0] + 1
    )  # the new post is on the key
    run_sweep(sqlite_store, force=True)
    assert kept == _stored_keys(sqlite_store)


def test_of_two_racing_first_sweeps_the_later_one_stands_down(
    store: Store, batches: tuple[list[Path], list[TruthRow]]
) -> None:

    ingest_file(store, batches[0][3])
    with store.engine.connect() as conn:
        first = plan_sweep(conn, DetectionConfig())
        second = plan_sweep(conn, DetectionConfig())
    assert first is not None and second is not None and first.from_scratch and second.from_scratch
    with services.sweep_lease(store) as lease:
        services._store_result(store, first, 0, lease.holder)
        with pytest.raises(services.SweepConflict):
            services._store_result(store, second, 0, lease.holder)
    assert run_sweep(store).skipped


def test_a_near_copy_in_a_later_batch_joins_the_stored_group(store: Store, tmp_path: Path) -> None:
    """A copy with inserted words, zero-width spaces and a look-alike letter arrives
    after the sweep that stored its original; the incremental sweep puts it in
    the original's group, as a sweep from scratch does."""
    original = "the harbour project statement was clear and everyone should read it before friday"
    near_copy = "the harbour pro\u200bject statement was very clear and everyone sh\u200bould read it bеfore friday"

    def rec(i: int, handle: str, text: str, minute: int) -> dict[str, object]:
        return {
            "platform": "x",
            "post_id": str(i),
            "author_handle": handle,
            "posted_at": f"2026-03-02T10:{minute:02d}:00Z",
            "text": text,
        }

    first = [rec(i, f"user{i}", original, i) for i in range(3)]
    ingest_file(store, _write(tmp_path / "a.jsonl.gz", first))
    assert run_sweep(store).from_scratch
    ingest_file(store, _write(tmp_path / "b.jsonl.gz", [rec(9, "user9", near_copy, 5)]))
    assert not run_sweep(store).from_scratch

    def groups() -> dict[str, str]:
        with store.session() as session:
            return {g.fp: g.grp for g in session.exec(select(TextGroup)).all()}

    incremental = groups()
    assert len(incremental) == 2 and len(set(incremental.values())) == 1
    kept = _stored_keys(store)
    run_sweep(store, force=True)
    assert groups() == incremental
    assert kept == _stored_keys(store)


def test_a_changed_state_version_sweeps_from_scratch(
    sqlite_store: Store, batches: tuple[list[Path], list[TruthRow]]
) -> None:
    files, _ = batches
    ingest_file(sqlite_store, files[0])
    run_sweep(sqlite_store)
    with sqlite_store.session() as session:
        state = session.exec(select(SweepState)).one()
        state.version -= 1  # the state a previous release kept
        session.add(state)
    ingest_file(sqlite_store, files[3])
    summary = run_sweep(sqlite_store)
    assert summary.from_scratch and not summary.skipped
