"""Accounts working through lists of content are no crowd, whatever their timing.

A state-backed network often copies whole batches of texts (retweets kept as
texts, a day's talking points) among hundreds of accounts that also post much
else, over minutes rather than within the minute. By timing and involvement
it reads like a crowd following a match, but a crowd reacts to one thing at a
time: at a goal, a fan posts the one chant the others post. The members of an
operation each copy several different texts at every moment they act.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from factories import levels_of, record, sweep_records

from detection.sweep import ClusterResult, SweepResult
from detection.verdict import Level
from storage.sweepdata import AccountColumns

START = datetime(2024, 3, 4, tzinfo=UTC)
SPAN_DAYS = 28
NAMES = ["anna", "boris", "clara", "dmitri", "elena", "fyodor", "galina", "ivan"]
PUSHERS = [f"{NAMES[i % 8]}voice{i}" for i in range(30)]
FANS = [f"{NAMES[i % 8]}fan{i}" for i in range(30)]
PUBLIC = [f"citizen{i}" for i in range(200)]
WORDS = [
    "river",
    "bridge",
    "market",
    "harvest",
    "border",
    "summit",
    "pension",
    "railway",
    "school",
    "factory",
]


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _talking_point(rng: random.Random, push: int, item: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(8))
    return f"point {push}-{item}: the truth about the {words} that the western media hide"


def _records(rng: random.Random, per_moment: int) -> list[dict]:
    """Pushers copy `per_moment` different texts at each of 40 moments; fans chant at 40 goals."""
    records: list[dict] = []

    def post(handle: str, t: datetime, text: str) -> None:
        records.append(record(f"p{len(records)}", handle, posted_at=_iso(t), text=text))

    for push in range(40):
        t = START + timedelta(hours=rng.uniform(0, SPAN_DAYS * 24))
        points = [_talking_point(rng, push, item) for item in range(per_moment)]
        for handle in rng.sample(PUSHERS, 24):  # over minutes, not within the minute
            for text in points:
                post(handle, t + timedelta(minutes=rng.uniform(0, 12)), text)
    chants = [
        "GOAL!!! what a strike",
        "come on you reds, get in there",
        "unbelievable, what a team",
    ]
    for goal in range(40):
        t = START + timedelta(hours=rng.uniform(0, SPAN_DAYS * 24))
        chant = chants[goal % len(chants)]
        for handle in rng.sample(FANS, 24):
            post(handle, t + timedelta(minutes=rng.uniform(0, 12)), chant)
    for meme in range(400):  # the public passing quotes around: the store's other bursts
        t = START + timedelta(hours=rng.uniform(0, SPAN_DAYS * 24))
        quote = f"quote {meme}: " + " ".join(rng.choice(WORDS) for _ in range(6))
        for handle in rng.sample(PUBLIC, 4):
            post(handle, t + timedelta(minutes=rng.uniform(0, 2)), quote)
    for handle in PUSHERS + FANS + PUBLIC:  # their own lives: most of what they post
        busy = handle not in PUBLIC
        for _ in range(rng.randint(150, 200) if busy else rng.randint(2, 12)):
            t = START + timedelta(seconds=rng.uniform(0, SPAN_DAYS * 86400))
            topic = rng.choice(["lunch", "rain", "a film", "work", "my cat"])
            post(handle, t, f"{handle} on {topic} {rng.random():.6f}")
    return records


Swept = tuple[SweepResult, AccountColumns]


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> Swept:
    return sweep_records(tmp_path_factory.mktemp("batches"), _records(random.Random(7), 4))


@pytest.fixture(scope="module")
def one_at_a_time(tmp_path_factory: pytest.TempPathFactory) -> Swept:
    return sweep_records(tmp_path_factory.mktemp("single"), _records(random.Random(7), 1))


def _cluster_of(swept: Swept, handle: str) -> ClusterResult:
    result, accounts = swept
    cluster = result.accounts[list(accounts.handle).index(handle)].cluster
    return next(c for c in result.clusters if c.index == cluster)


def test_members_copying_several_texts_at_each_moment_are_likely(batches: Swept) -> None:
    levels = levels_of(batches, PUSHERS)
    assert levels.count(Level.LIKELY) >= 0.9 * len(PUSHERS)
    cluster = _cluster_of(batches, PUSHERS[0])
    # It reads as a crowd by timing and involvement; the batches are what differ.
    assert cluster.features.involvement < 0.6 and cluster.features.median_lag > 60
    assert cluster.features.batch >= 3.5
    network = next(e for e in cluster.evidence if e.kind == "network")
    assert "different texts and links" in network.text
    assert network.counts["batch"] == round(cluster.features.batch, 2)


def test_the_same_accounts_copying_one_text_at_a_time_are_a_crowd(one_at_a_time: Swept) -> None:
    levels = levels_of(one_at_a_time, PUSHERS)
    assert Level.LIKELY not in levels
    assert levels.count(Level.SUSPICIOUS) >= 0.5 * len(PUSHERS)


def test_fans_chanting_at_each_goal_stay_a_crowd(batches: Swept) -> None:
    assert Level.LIKELY not in levels_of(batches, FANS)
    fans = _cluster_of(batches, FANS[0])
    assert fans.features.batch < 1.5


def test_the_public_is_not_in_it(batches: Swept) -> None:
    assert set(levels_of(batches, PUBLIC)) == {Level.NONE}
