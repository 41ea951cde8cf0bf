"""Being reposted by a network is not joining it.

A repost carries its original's text and links, so when a network reposts
someone's post within minutes, the burst on that text holds the original too.
Its author did nothing at that moment: a journalist whose post a network
pushes is not one of the network, while an account that posts its own copy of
the network's text in one of its pushes is (a sleeper waking up).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from factories import Timeline, record, sweep_records, write_jsonl

from detection.bursts import Burst, Channel
from detection.sweep import SweepResult, reposted_authors
from detection.verdict import Level
from storage.db import open_store
from storage.ingest import ingest_file
from storage.sweepdata import AccountColumns, load_accounts, load_posts

START = datetime(2024, 3, 4, tzinfo=UTC)
SPAN_DAYS = 28
AMPLIFIERS = [f"voice{i}" for i in range(20)]
PUBLIC = [f"citizen{i}" for i in range(150)]
JOURNALIST = "river_reporter"
SLEEPER = "quietgarden1987"
WORDS = ["river", "bridge", "market", "harvest", "border", "summit", "pension", "railway"]

Swept = tuple[SweepResult, AccountColumns]


def _records(rng: random.Random) -> list[dict]:
    """Amplifiers copy a talking point at 30 moments and repost one journalist's
    post together once; a sleeper copies one of their talking points once."""
    line = Timeline(rng, START, SPAN_DAYS)
    moments = [line.moment() for _ in range(30)]
    for push, t in enumerate(moments):
        words = " ".join(rng.choice(WORDS) for _ in range(8))
        text = f"point {push}: the truth about the {words} that the western media hide"
        for handle in rng.sample(AMPLIFIERS, 16):
            line.post(handle, t + timedelta(minutes=rng.uniform(0, 6)), text)
        if push == 7:
            line.post(SLEEPER, t + timedelta(minutes=rng.uniform(0, 6)), text)
    story = "our reporting on the new dam: what the village was never told about the river"
    t = START + timedelta(days=9, hours=3)
    original = line.post(JOURNALIST, t, story)
    for handle in AMPLIFIERS:
        line.post(
            handle, t + timedelta(minutes=rng.uniform(1, 6)), story, repost_of_post_id=original
        )
    line.quotes(PUBLIC, 300, WORDS)
    line.own_lives(AMPLIFIERS + PUBLIC + [JOURNALIST, SLEEPER])
    return line.records


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Swept:
    return sweep_records(tmp_path_factory.mktemp("reposted"), _records(random.Random(11)))


def _level(swept: Swept, handle: str) -> Level:
    result, accounts = swept
    position = list(accounts.handle).index(handle)
    found = result.accounts.get(position)
    return found.level if found else Level.NONE


def test_the_network_is_likely(swept: Swept) -> None:
    levels = [_level(swept, h) for h in AMPLIFIERS]
    assert levels.count(Level.LIKELY) >= 0.9 * len(AMPLIFIERS)


def test_the_author_it_reposted_is_not_in_it(swept: Swept) -> None:
    assert _level(swept, JOURNALIST) is Level.NONE


def test_an_account_posting_its_own_copy_in_one_push_is(swept: Swept) -> None:
    result, accounts = swept
    sleeper = result.accounts[list(accounts.handle).index(SLEEPER)]
    voice = result.accounts[list(accounts.handle).index(AMPLIFIERS[0])]
    assert sleeper.cluster == voice.cluster
    assert sleeper.level is Level.LIKELY


def test_the_public_is_not_in_it(swept: Swept) -> None:
    assert {_level(swept, h) for h in PUBLIC} == {Level.NONE}


def test_only_the_author_of_an_original_is_passive(tmp_path: Path) -> None:
    """Who reposted a post that others then reposted did act; the same id on
    another platform is another post."""
    records = [
        record("p1", "anna", text="the dam story"),
        record("p2", "boris", text="the dam story", repost_of_post_id="p1"),
        record("p3", "clara", text="the dam story", repost_of_post_id="p2"),
        record("p1", "dmitri", platform="telegram", text="the dam story"),
        record("p9", "elena", platform="telegram", text="the dam story", repost_of_post_id="p1"),
    ]
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", records))
        with store.engine.connect() as conn:
            accounts = load_accounts(conn)
            data = load_posts(conn, accounts, upto_pk=2**31 - 1)
    finally:
        store.dispose()
    pk = dict(zip(data.posts.post_id, data.posts.pk, strict=True))
    who = {h: list(accounts.handle).index(h) for h in ("anna", "dmitri")}

    def burst(i: int, *ids: str) -> Burst:
        posts = [pk[post_id] for post_id in ids]
        members = sorted({data.posts.account[data.posts.index_of[p]] for p in posts})
        return Burst(i, Channel.TEXT, "the dam story", 0, 60, posts, members, 5, 1.0)

    chain = burst(0, "x:p1", "x:p2", "x:p3")
    elsewhere = burst(1, "x:p1", "telegram:p9")
    own_platform = burst(2, "telegram:p1", "telegram:p9")
    found = reposted_authors([chain, elsewhere, own_platform], data.posts)
    assert found[0] == {who["anna"]}  # boris reposted; clara reposted his repost
    assert 1 not in found  # elena reposted dmitri's p1 on telegram, not anna's on x
    assert found[2] == {who["dmitri"]}
