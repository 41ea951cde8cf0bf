"""A person posting the same texts on two platforms acts with themself, not with a partner.

Two accounts outside any cluster that act together again and again are
worth a look; one person cross-posting their own texts to two platforms,
under the name they could get on each (tunde_78 and tunde_782023), is not.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from factories import Timeline, levels_of, sweep_records

from detection.network import one_person
from detection.sweep import SweepResult
from detection.verdict import Level
from storage.sweepdata import AccountColumns

START = datetime(2024, 2, 5, tzinfo=UTC)
SPAN_DAYS = 28
PUBLIC = [f"citizen{i}" for i in range(150)]
WORDS = ["river", "bridge", "market", "harvest", "garden", "festival", "library", "station"]
#: (platform, handle) pairs: one person on two platforms each, then two people.
CROSS_POSTERS = [
    (("x", "tunde_78"), ("telegram", "tunde_782023")),
    (("instagram", "skaterdragon95"), ("telegram", "skaterdragon84")),
    (("tiktok", "valentina1993"), ("medium", "valentina19931")),
]
PARTNERS = (("x", "riverkeeper"), ("x", "lakewatcher"))

Swept = tuple[SweepResult, AccountColumns]


def _records(rng: random.Random) -> list[dict]:
    line = Timeline(rng, START, SPAN_DAYS)
    for n, (first, second) in enumerate([*CROSS_POSTERS, PARTNERS]):
        for k in range(12):
            t = line.moment()
            text = f"note {n}-{k} from my walk: " + " ".join(rng.choice(WORDS) for _ in range(7))
            for platform, handle in (first, second):
                when = t + timedelta(minutes=rng.uniform(0, 3))
                line.post(handle, when, text, platform=platform)
    line.quotes(PUBLIC, 300, WORDS)
    line.own_lives(PUBLIC)
    return line.records


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Swept:
    return sweep_records(tmp_path_factory.mktemp("cross"), _records(random.Random(3)))


@pytest.mark.parametrize("pair", CROSS_POSTERS, ids=lambda pair: pair[0][1])
def test_one_person_cross_posting_to_two_platforms_is_no_signal(
    swept: Swept, pair: tuple[tuple[str, str], tuple[str, str]]
) -> None:
    assert one_person(*pair)
    assert levels_of(swept, [handle for _platform, handle in pair]) == [Level.NONE] * 2


def test_two_people_posting_the_same_texts_again_and_again_are_worth_a_look(swept: Swept) -> None:
    assert not one_person(*PARTNERS)
    assert levels_of(swept, [handle for _platform, handle in PARTNERS]) == [Level.SUSPICIOUS] * 2


def test_numbered_accounts_on_one_platform_are_not_one_person() -> None:
    assert not one_person(("x", "janedoe1003"), ("x", "janedoe1004"))
    assert not one_person(("x", "mxu"), ("x", "mxu59"))
    assert one_person(("x", "mxu"), ("telegram", "mxu59"))
    assert one_person(("x", "alice_smith"), ("facebook", "alice.smith"))
    assert not one_person(("x", "tunde_78"), ("telegram", "tunde_79x"))
    assert one_person(("facebook", "blue_bear"), ("instagram", "blue_bearofficial"))
    assert one_person(("facebook", "weikoala"), ("x", "realweikoala"))
    assert one_person(("x", "thepicklelife"), ("tiktok", "thepicklelif"))  # cut to fit
    assert not one_person(("x", "max"), ("tiktok", "maxi"))
    assert not one_person(("x", "realjane"), ("tiktok", "realjohn"))
