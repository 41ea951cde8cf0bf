"""A sweep holds only what it still reads, and gives the answer it gave when it held everything.

Pair counting: a pair can never share more distinct moments than either of
its accounts has alone, so accounts with fewer than MIN_REPEAT moments are
never paired. The oracle here counts every pair of every burst, the slow
way; the sweep's graph must have the same edges with the same weights.

Texts: after near-duplicate grouping only the serial numbers in text bursts
read them, so a sweep lets the others go; its verdicts, scores, evidence and
clusters must equal those scored with every text loaded. A sweep from scratch
groups the texts from one stream of them before it reads the posts, then reads
only the texts of posts in text bursts: it must keep what a sweep over every
text keeps.

Both on generated stores in SQLite and PostgreSQL.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import networkx as nx
import orjson
import pytest
from generate import generate

from detection import features as feat
from detection.bursts import Burst
from detection.incremental import plan_sweep
from detection.neardup import NearDupState, extend_groups
from detection.network import (
    DISTINCT_GAP,
    MAX_PAIR_BURST,
    MIN_REPEAT,
    PAIR_CHANCE,
    activity,
    chance_of_pair,
    count_pairs,
)
from detection.sweep import (
    DetectionConfig,
    KeyBursts,
    SweepResult,
    common_tag_limit,
    first_cores,
    key_bursts,
    keyed_posts,
    network,
    score,
    sweep_all,
    tag_accounts,
)
from storage.db import Store
from storage.ingest import ingest_file
from storage.sweepdata import SweepData, load_accounts, load_posts


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records, _truth = generate(12_000, 517)
    path = tmp_path_factory.mktemp("streamed") / "posts.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        for rec in records:
            handle.write(orjson.dumps(rec) + b"\n")
    return path


def _data(store: Store, path: Path) -> SweepData:
    ingest_file(store, path)
    with store.engine.connect() as conn:
        accounts = load_accounts(conn)
        return load_posts(conn, accounts, upto_pk=2**31 - 1, with_tags=True)


def _keys(data: SweepData) -> list[KeyBursts]:
    update = extend_groups(first_cores(data.posts), NearDupState())
    limit = common_tag_limit(len(data.accounts))
    return key_bursts(keyed_posts(data, update.groups, tag_accounts(data), limit), data.posts)


def _bursts(keys: list[KeyBursts]) -> list[Burst]:
    return [b for kb in keys for b in kb.bursts]


def _every_pair(bursts: list[Burst]) -> dict[tuple[int, int], int]:
    """Distinct moments per pair, counting every pair of every burst (no pruning)."""
    starts: dict[tuple[int, int], list[int]] = defaultdict(list)
    for burst in bursts:
        if len(burst.accounts) > MAX_PAIR_BURST:
            continue
        members = sorted(set(burst.accounts))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                starts[(a, b)].append(burst.start)
    counts: dict[tuple[int, int], int] = {}
    for pair, times in starts.items():
        n, last = 0, None
        for t in sorted(times):
            if last is None or t - last >= DISTINCT_GAP:
                n, last = n + 1, t
        counts[pair] = n
    return counts


def test_pairs_that_cannot_repeat_are_not_held(store: Store, generated: Path) -> None:
    data = _data(store, generated)
    bursts = _bursts(_keys(data))
    active = activity(bursts)
    counts = count_pairs(bursts, len(data.accounts), active=active)
    every = _every_pair(bursts)
    assert sum(1 for n in every.values() if n < MIN_REPEAT) > 0  # the data has pairs to leave out
    held = {counts.pair(key): n for key, n in counts.moments.items()}
    assert held == {pair: n for pair, n in every.items() if n >= MIN_REPEAT}
    assert held  # and pairs to keep
    assert all(active.moments[a] >= MIN_REPEAT <= active.moments[b] for a, b in held)


def test_the_network_has_the_edges_counting_every_pair_gives(store: Store, generated: Path) -> None:
    data = _data(store, generated)
    keys = _keys(data)
    bursts = _bursts(keys)
    active = activity(bursts)
    oracle = nx.Graph()
    for (a, b), n in _every_pair(bursts).items():
        if n >= MIN_REPEAT and chance_of_pair(n, active.expected(a, b)) <= PAIR_CHANCE:
            oracle.add_edge(a, b, weight=n)
    # network() numbers the bursts itself; the oracle read them before.
    graph = network(keys, data).graph
    assert oracle.number_of_edges() > 0
    assert {frozenset(e): w for *e, w in graph.edges(data="weight")} == {
        frozenset(e): w for *e, w in oracle.edges(data="weight")
    }


def _verdicts(result: SweepResult) -> dict[int, tuple[object, ...]]:
    return {
        a: (r.score, r.level, r.cluster, r.core, [(e.kind, e.text, e.counts) for e in r.evidence])
        for a, r in result.accounts.items()
    }


def test_a_sweep_that_forgets_texts_scores_as_one_that_keeps_them(
    store: Store, generated: Path
) -> None:
    data = _data(store, generated)
    full = sweep_all(data)
    kept = sum(text is not None for text in data.posts.text)
    assert 0 < kept < len(data.posts) // 4  # most texts were let go, those in text bursts stay

    with store.engine.connect() as conn:
        every_text = load_posts(conn, data.accounts, upto_pk=2**31 - 1, with_tags=True)
    clock = feat.ShiftClock(ZoneInfo(DetectionConfig().operator_zone))
    baseline = feat.in_shift(every_text.posts.ts, clock) / len(every_text.posts)
    again = score(network(_keys(every_text), every_text), every_text, baseline)
    assert any("serial numbers" in e.text for r in again.accounts.values() for e in r.evidence)
    assert _verdicts(full.result) == _verdicts(again)
    assert [c.members for c in full.result.clusters] == [c.members for c in again.clusters]


def test_a_sweep_that_groups_texts_before_reading_posts_equals_one_over_every_text(
    store: Store, generated: Path
) -> None:
    data = _data(store, generated)
    every_text = sweep_all(data)
    with store.engine.connect() as conn:
        plan = plan_sweep(conn, DetectionConfig(), force=True)
    assert plan is not None and plan.from_scratch
    assert "near-duplicates" in plan.seconds  # the texts were grouped from the stream
    assert _verdicts(plan.result) == _verdicts(every_text.result)
    assert [c.members for c in plan.result.clusters] == [
        c.members for c in every_text.result.clusters
    ]
    assert any(
        "serial numbers" in e.text for r in plan.result.accounts.values() for e in r.evidence
    )
    assert plan.groups == every_text.new_groups
    assert plan.cores == every_text.cores
    assert plan.bands == every_text.new_groups.bands
    assert plan.tag_users == every_text.tag_users
    assert plan.state.posts_in_shift == every_text.posts_in_shift
