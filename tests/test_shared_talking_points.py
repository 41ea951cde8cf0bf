"""A talking point that several operations push belongs to them together.

Three networks each run their own pushes and also copy the same narratives
into pushes of their own, each writing a third of those texts' posts, so no
one of them owns the texts. An account with a handful of posts that copies
one of those narratives into one network's push joins that network, as it
would for a text the network wrote alone. Three look-alikes keep out: a
headline that the networks push but the public also shares all day, a
popular post that the networks repost (its text is carried by reposts, not
copied), and a tag they all ride in their own words (tags and links are
everyone's; only copied texts are talking points): an account passing one
of them along at a push is not made a member.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from factories import Timeline, levels_of, sweep_records

from detection.sweep import SweepResult
from detection.verdict import Level
from storage.sweepdata import AccountColumns

START = datetime(2024, 3, 4, tzinfo=UTC)
SPAN_DAYS = 28
NETWORKS = {name: [f"{name}_voice{i}" for i in range(14)] for name in ("north", "south", "east")}
PUBLIC = [f"citizen{i}" for i in range(150)]
LATECOMER = "quietgarden1987"
HEADLINE_SHARER = "morningreader"
TAG_USER = "riverwalker"
TAG = "freedomnow"
FAN = "starfan2001"
STAR = "popular_star"
WORDS = ["river", "bridge", "market", "harvest", "border", "summit", "pension", "railway"]
NARRATIVES = [
    f"narrative {n}: the {w} crisis is the fault of the west and its lies"
    for n, w in enumerate(["grain", "energy", "water", "rail"])
]
HEADLINE = "breaking: the summit on the border ends without a deal"
STAR_POST = "thank you all for a wonderful year, see you on the next tour"

Swept = tuple[SweepResult, AccountColumns]


def _records(rng: random.Random) -> list[dict]:
    line = Timeline(rng, START, SPAN_DAYS)
    post, moment = line.post, line.moment

    def push(voices: list[str], t: datetime, text: str, **extra: object) -> None:
        for handle in rng.sample(voices, 12):
            post(handle, t + timedelta(minutes=rng.uniform(0, 6)), text, **extra)

    for name, voices in NETWORKS.items():
        for n in range(25):  # each network's own talking points
            words = " ".join(rng.choice(WORDS) for _ in range(8))
            push(voices, moment(), f"{name} point {n}: the truth about the {words} they hide")
        for narrative in NARRATIVES:  # the narratives all three copy
            push(voices, moment(), narrative)
        push(voices, moment(), HEADLINE)
    north = NETWORKS["north"]
    t = moment()  # a push of the north network that a low-volume account joins
    push(north, t, NARRATIVES[0])
    post(LATECOMER, t + timedelta(minutes=3), NARRATIVES[0])
    for _ in range(40):  # the public shares the headline all day
        post(rng.choice(PUBLIC), moment(), HEADLINE)
    t = moment()
    push(north, t, HEADLINE)
    post(HEADLINE_SHARER, t + timedelta(minutes=3), HEADLINE)
    for voices in [*NETWORKS.values(), north]:  # each rides one tag, in its own words
        t = moment()
        for handle in rng.sample(voices, 12):
            when = t + timedelta(minutes=rng.uniform(0, 6))
            post(handle, when, f"{handle} says {rng.random():.6f}", hashtags=[TAG])
    post(TAG_USER, t + timedelta(minutes=3), "what a day at the river", hashtags=[TAG])
    original = post(STAR, START + timedelta(days=1), STAR_POST)
    for voices in NETWORKS.values():  # each network reposts the star's post in a push
        push(voices, moment(), STAR_POST, repost_of_post_id=original)
    t = moment()
    push(north, t, STAR_POST, repost_of_post_id=original)
    post(FAN, t + timedelta(minutes=3), STAR_POST, repost_of_post_id=original)
    line.quotes(PUBLIC, 300, WORDS)
    everyone = [h for voices in NETWORKS.values() for h in voices]
    line.own_lives([*everyone, *PUBLIC, LATECOMER, HEADLINE_SHARER, TAG_USER, FAN, STAR])
    return line.records


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Swept:
    return sweep_records(tmp_path_factory.mktemp("talking"), _records(random.Random(5)))


def _cluster(swept: Swept, handle: str) -> int | None:
    result, accounts = swept
    found = result.accounts.get(list(accounts.handle).index(handle))
    return found.cluster if found else None


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_each_network_is_likely_and_apart(swept: Swept, name: str) -> None:
    voices = NETWORKS[name]
    assert levels_of(swept, voices).count(Level.LIKELY) >= 0.9 * len(voices)
    others = {_cluster(swept, h) for n, vs in NETWORKS.items() if n != name for h in vs}
    assert _cluster(swept, voices[0]) not in others


def test_copying_a_shared_narrative_into_a_push_joins_that_network(swept: Swept) -> None:
    assert _cluster(swept, LATECOMER) == _cluster(swept, NETWORKS["north"][0])
    assert levels_of(swept, [LATECOMER]) == [Level.LIKELY]


@pytest.mark.parametrize("handle", [HEADLINE_SHARER, FAN, TAG_USER])
def test_passing_along_a_shared_headline_a_reposted_post_or_a_tag_does_not(
    swept: Swept, handle: str
) -> None:
    assert levels_of(swept, [handle]) == [Level.NONE]


def test_the_public_and_the_star_are_not_in_it(swept: Swept) -> None:
    assert set(levels_of(swept, [*PUBLIC, STAR])) == {Level.NONE}
