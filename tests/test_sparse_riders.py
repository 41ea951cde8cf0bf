"""Riders of a campaign's tags who take turns are Likely; strangers passing one post on are not.

Each rider joins one to three of the campaign's pushes, so no two riders act
together three times and the network ties nobody; the group is found from
single tight pushes. What tells it from a viral post's reposters, hundreds of
strangers once each, is that the riders post little else: the pushes are
most of what they do.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from factories import levels_of, record, sweep_records

from detection.sweep import SweepResult
from detection.verdict import Level
from storage.sweepdata import AccountColumns

START = datetime(2024, 3, 4, tzinfo=UTC)
SPAN_DAYS = 28
RIDERS = [f"{name}{i}" for i, name in enumerate(["mira", "tomas", "yuki", "ines", "olek"] * 3)]
STRANGERS = [f"neighbour{i}" for i in range(60)]
PUBLIC = [f"citizen{i}" for i in range(150)]
TOPICS = ["the new toll road", "river park", "our water bills", "the old bridge", "bus fares"]
WORDS = ["river", "bridge", "market", "harvest", "border", "summit", "pension", "railway"]

Swept = tuple[SweepResult, AccountColumns]


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _records(rng: random.Random) -> list[dict]:
    records: list[dict] = []

    def post(handle: str, t: datetime, text: str, **extra: object) -> str:
        post_id = f"p{len(records)}"
        records.append(record(post_id, handle, posted_at=_iso(t), text=text, **extra))
        return post_id

    # Six pushes of four to six riders each; every rider in one to three.
    order = RIDERS * 2
    rng.shuffle(order)
    pushes = [order[i * 5 : i * 5 + 5] for i in range(6)]
    for push in pushes:
        t = START + timedelta(hours=rng.uniform(0, SPAN_DAYS * 24))
        for handle in dict.fromkeys(push):
            text = f"{rng.choice(TOPICS)} is a scandal, {rng.choice(WORDS)} {rng.random():.4f}"
            post(handle, t + timedelta(minutes=rng.uniform(0, 6)), text,
                 hashtags=["SaveRiverPark", "NoToTollRoad"])  # fmt: skip
    # A viral post: sixty busy strangers each pass it on once, within minutes.
    t = START + timedelta(days=11)
    viral = post("celebrity_chef", t, "my grandmother's soup, the recipe at last")
    for handle in STRANGERS:
        post(handle, t + timedelta(minutes=rng.uniform(1, 20)), "my grandmother's soup, the "
             "recipe at last", repost_of_post_id=viral)  # fmt: skip
    for meme in range(300):  # the public passing quotes around: the store's other bursts
        t = START + timedelta(hours=rng.uniform(0, SPAN_DAYS * 24))
        quote = f"quote {meme}: " + " ".join(rng.choice(WORDS) for _ in range(6))
        for handle in rng.sample(PUBLIC, 4):
            post(handle, t + timedelta(minutes=rng.uniform(0, 2)), quote)
    for handle in RIDERS + STRANGERS + PUBLIC:  # their own lives
        own = rng.randint(0, 1) if handle in RIDERS else rng.randint(20, 40)
        for _ in range(own):
            t = START + timedelta(seconds=rng.uniform(0, SPAN_DAYS * 86400))
            post(handle, t, f"{handle} on {rng.choice(['lunch', 'rain', 'work'])} {rng.random():.6f}")
    return records


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Swept:
    return sweep_records(tmp_path_factory.mktemp("riders"), _records(random.Random(5)))


def test_riders_taking_turns_are_likely(swept: Swept) -> None:
    levels = levels_of(swept, RIDERS)
    assert levels.count(Level.LIKELY) >= 0.8 * len(RIDERS)
    result, accounts = swept
    rider = result.accounts[list(accounts.handle).index(RIDERS[0])]
    cluster = next(c for c in result.clusters if c.index == rider.cluster)
    network = next(e for e in cluster.evidence if e.kind == "network")
    assert "accounts kept for the pushes" in network.text


def test_strangers_passing_one_post_on_are_not(swept: Swept) -> None:
    assert Level.LIKELY not in levels_of(swept, STRANGERS)


def test_the_public_is_not_in_it(swept: Swept) -> None:
    assert set(levels_of(swept, PUBLIC)) == {Level.NONE}
