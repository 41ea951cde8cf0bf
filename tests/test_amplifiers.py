"""Amplifiers of outlets: accounts that repost a few outlets' posts within the minute.

State-backed retweet networks amplify state media: hundreds of accounts
repost the outlets' posts within the same minute, again and again. The
outlets syndicate their stories to each other (the same headline, each
linking its own site), and readers repost the same posts over the following
minutes. Neither is an innocent explanation of the amplifiers.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from factories import levels_of, record, sweep_records

from detection.measure import own_sites
from detection.sweep import SweepResult
from detection.verdict import Level
from storage.sweepdata import AccountColumns, OptionalStringColumn, PostColumns

START = datetime(2024, 5, 6, tzinfo=UTC)
OUTLETS = [f"dailyherald{c}" for c in "abcd"]
AMPLIFIERS = [
    f"{name}{i}" for i, name in enumerate(["mariaclark", "tomwhite", "lisagreen", "paulhill"] * 10)
]
READERS = [f"reader{name}{i}" for i, name in enumerate(["sam", "alex", "kim", "jo", "lee"] * 6)]
PUBLIC = [f"person{i}" for i in range(300)]


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _records(rng: random.Random) -> list[dict]:
    records: list[dict] = []

    def post(handle: str, t: datetime, **extra: object) -> str:
        post_id = f"p{len(records)}"
        created = START - timedelta(days=rng.randint(200, 5000))
        records.append(
            record(post_id, handle, posted_at=_iso(t), author_created_at=_iso(created), **extra)
        )
        return post_id

    for story in range(60):
        t = START + timedelta(hours=5 * story + rng.uniform(0, 2))
        headline = f"story {story}: the minister opened the new {rng.choice(['bridge', 'school', 'port'])} today"
        ids = []
        for i, outlet in enumerate(OUTLETS):  # syndicated: one headline, each outlet's own site
            site = f"https://{outlet}.example/news/{story}"
            ids.append(
                post(outlet, t + timedelta(seconds=20 * i), text=f"{headline} {site}", urls=[site])
            )
        pushed = ids[0] if story % 5 else ids[story % len(ids)]  # mostly the first outlet
        original = records[int(pushed[1:])]
        for handle in AMPLIFIERS:  # within the minute, every time
            post(
                handle,
                t + timedelta(seconds=60 + rng.randint(0, 50)),
                text=original["text"],
                urls=original["urls"],
                repost_of_post_id=pushed,
            )
        for handle in rng.sample(READERS, 8):  # readers, over the following minutes
            post(
                handle,
                t + timedelta(minutes=rng.uniform(3, 25)),
                text=original["text"],
                urls=original["urls"],
                repost_of_post_id=pushed,
            )
    span = 60 * 5 * 3600
    for handle in READERS + PUBLIC + AMPLIFIERS[:8]:  # their own lives
        for _ in range(rng.randint(20, 60) if handle in READERS else rng.randint(2, 12)):
            t = START + timedelta(seconds=rng.uniform(0, span))
            post(
                handle,
                t,
                text=f"{handle} on {rng.choice(['lunch', 'rain', 'a film', 'the match', 'work'])} {rng.random():.6f}",
            )
    return records


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> tuple[SweepResult, AccountColumns]:
    return sweep_records(tmp_path_factory.mktemp("amplifiers"), _records(random.Random(4)))


def test_amplifiers_of_syndicating_outlets_are_likely_coordinated(
    swept: tuple[SweepResult, AccountColumns],
) -> None:
    levels = levels_of(swept, AMPLIFIERS)
    assert levels.count(Level.LIKELY) == len(AMPLIFIERS)


def test_the_amplifiers_co_action_is_counted_not_explained_by_the_outlets_syndication(
    swept: tuple[SweepResult, AccountColumns],
) -> None:
    result, accounts = swept
    position = {h: i for i, h in enumerate(accounts.handle)}
    cluster = result.accounts[position[AMPLIFIERS[0]]].cluster
    features = next(c.features for c in result.clusters if c.index == cluster)
    assert features.looks_syndicated()  # the outlets' copies are syndication
    assert features.repost_share >= 0.9 and features.events >= 50  # the reposts are co-action


def test_the_public_is_not_in_it(swept: tuple[SweepResult, AccountColumns]) -> None:
    assert set(levels_of(swept, PUBLIC)) == {Level.NONE}


def test_reposting_an_outlet_does_not_make_its_site_the_reposters_own() -> None:
    # Account 0 posts its own site's links; account 1 reposts the outlet's
    # posts, which carry the outlet's links.
    posts = PostColumns(repost_of=OptionalStringColumn([None, None, None, "x0", "x1", "x2"]))
    domain_of = {i: ("outlet.example" if i >= 3 else "own.example") for i in range(6)}
    posts_of = {0: [0, 1, 2], 1: [3, 4, 5]}
    assert own_sites([0, 1], posts, posts_of, domain_of) == {0: "own.example"}


def test_the_outlets_they_amplify_are_feeds_not_members(
    swept: tuple[SweepResult, AccountColumns],
) -> None:
    """The outlets' posts are what the network reposts, and their syndicated
    copies tie them to it; most of their co-action is the wire's copies, each
    linking its own site: worth a look, not Likely."""
    result, accounts = swept
    position = {h: i for i, h in enumerate(accounts.handle)}
    outlets = [result.accounts[position[h]] for h in OUTLETS if position[h] in result.accounts]
    assert outlets  # in the network's cluster, with the amplifiers
    assert all(r.level is not Level.LIKELY for r in outlets)
    for r in outlets:
        line = next(e for e in r.evidence if "as news feeds syndicating one wire do" in e.text)
        assert line.examples
        assert line.counts["syndicated_bursts"] * 2 >= line.counts["bursts"]
