"""Sleepers that wake up in numbers join the operation whose pushes they ride.

An operation's old, almost silent accounts wake up to copy its texts into two
of its pushes, nine of them beside two of its eight members. Outnumbering the
members there, they own none of the pushes' texts and are not attached by
them, and no two of them act together three times: alone they were a group
of single pushes, held below Likely, and dropped. Acting only in the
operation's pushes, they are now its members. Two ordinary accounts that
copied the same texts in the same bursts but also pass quotes around with
the public at other moments did not act only in its pushes: they stay out.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from factories import Timeline, iso, levels_of, sweep_records

from detection.sweep import SweepResult
from detection.verdict import Level
from storage.sweepdata import AccountColumns

START = datetime(2024, 3, 4, tzinfo=UTC)
SPAN_DAYS = 28
MEMBERS = [f"harbour_voice{i}" for i in range(8)]
SLEEPERS = [f"{name}{year}" for name, year in zip(
    ["gardenlily", "oldtrain", "quietmoth", "bluecanal", "tinfox", "slowriver", "moorhen",
     "cedarpath", "lanternfly"],
    range(1979, 1988), strict=True,
)]  # fmt: skip
ECHOES = ["echo_reader_ann", "echo_reader_bo"]
PUBLIC = [
    f"{first}.{last}"
    for first in ("ana", "ben", "cleo", "dev", "eli", "fay", "gus", "hana", "ivo", "jo")
    for last in ("reed", "moss", "vale", "hart", "lane", "cole", "fenn", "hale", "ross", "wynn",
                 "bell", "cross", "dale", "frost", "gray", "hill", "kemp", "lowe", "marsh", "nash",
                 "oak", "pike", "quill", "rowe", "shaw")
]  # fmt: skip
WORDS = [
    f"{a}{b}"
    for a in ("harbour", "tariff", "fishing", "quota", "treaty", "coast", "ferry", "licence")
    for b in ("gate", "fund", "rule", "deal", "plan", "board", "levy", "zone")
]

Swept = tuple[SweepResult, AccountColumns]


def _records(rng: random.Random) -> list[dict]:
    line = Timeline(rng, START, SPAN_DAYS)
    created = {
        h: iso(datetime(2016, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(2500)))
        for h in MEMBERS + ECHOES + PUBLIC
    }
    created |= {h: iso(datetime(2011 + rng.randrange(5), 3, 1, tzinfo=UTC)) for h in SLEEPERS}

    def post(handle: str, t: datetime, text: str) -> None:
        line.post(handle, t, text, author_created_at=created[handle])

    for handle in SLEEPERS:  # a post or two of their own, long before they wake up
        for _ in range(rng.randint(1, 2)):
            post(
                handle,
                START + timedelta(hours=rng.uniform(0, 48)),
                f"{handle} likes {rng.random():.6f}",
            )
    woken = sorted(rng.sample(range(3, 25), 2))
    for n in range(25):
        t = START + timedelta(days=1.1 * n + 0.5, hours=rng.uniform(0, 6))
        words = " ".join(rng.choice(WORDS) for _ in range(7))
        text = f"push {n}: the truth about the {words} that the mainland papers will not print"
        voices = rng.sample(MEMBERS, 2) if n in woken else rng.sample(MEMBERS, 6)
        if n in woken:
            voices += SLEEPERS + ECHOES
        for handle in voices:
            post(handle, t + timedelta(minutes=rng.uniform(0, 8)), text)
    line.own_lives(PUBLIC + ECHOES + MEMBERS)
    line.quotes(PUBLIC + ECHOES, 200, WORDS)
    for n in range(6):  # the echoes pass quotes around with the public at other moments
        t = line.moment()
        quote = f"quote of the day {n}: " + " ".join(rng.choice(WORDS) for _ in range(6))
        for handle in ECHOES + rng.sample(PUBLIC, 2):
            post(handle, t + timedelta(minutes=rng.uniform(0, 2)), quote)
    for r in line.records:  # the public's posts too, written by the Timeline's helpers
        r["author_created_at"] = created[r["author_handle"]]
    return line.records


@pytest.fixture(scope="module", params=[3, 4])
def swept(request, tmp_path_factory: pytest.TempPathFactory) -> Swept:  # type: ignore[no-untyped-def]
    return sweep_records(
        tmp_path_factory.mktemp("sleepers"), _records(random.Random(request.param))
    )


def test_sleepers_riding_the_pushes_join_the_operation(swept: Swept) -> None:
    assert levels_of(swept, MEMBERS) == [Level.LIKELY] * len(MEMBERS)
    assert levels_of(swept, SLEEPERS) == [Level.LIKELY] * len(SLEEPERS)
    result, accounts = swept
    position = {h: i for i, h in enumerate(accounts.handle)}
    member = result.accounts[position[MEMBERS[0]]]
    for handle in SLEEPERS:
        card = result.accounts[position[handle]]
        assert card.cluster == member.cluster and not card.core
        joined = [e for e in card.evidence if "acted at no other moment" in e.text]
        assert len(joined) == 1 and joined[0].counts["pushes"] == 2
        assert joined[0].examples


def test_who_also_acted_elsewhere_did_not_ride(swept: Swept) -> None:
    assert Level.LIKELY not in levels_of(swept, ECHOES)
