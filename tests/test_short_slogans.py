"""Short slogans in Chinese are copy-paste too.

A Chinese sentence says in a dozen characters what English says in forty: a
network copying slogans of 10 to 15 characters, each copy with its own
emoji, is a copy-paste network, and an account that posted once, copying a
slogan into one of its pushes, is one of its copy-pasters.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from factories import Timeline, levels_of, sweep_records

from detection.sweep import SweepResult
from detection.verdict import Level
from storage.sweepdata import AccountColumns

START = datetime(2024, 5, 6, tzinfo=UTC)
SPAN_DAYS = 28
VOICES = [f"voice{i}" for i in range(14)]
ONCE = [f"oncer{i}" for i in range(3)]
PUBLIC = [f"citizen{i}" for i in range(150)]
SUBJECTS = ["中国的发展", "美国的制度", "西方的媒体", "新疆的棉花", "香港的未来", "世界的和平"]
PREDICATES = ["给全世界带来机遇", "显示了美国的失败", "从来不说真相", "属于人民", "需要合作"]
EMOJI = ["✌️", "👍", "🙏", "🔥", ""]
WORDS = ["下雨", "小猫", "午饭", "电影", "工作", "周末", "朋友", "咖啡"]

Swept = tuple[SweepResult, AccountColumns]


def _records(rng: random.Random) -> list[dict]:
    line = Timeline(rng, START, SPAN_DAYS)
    slogans = [f"{s}{p}。" for s in SUBJECTS for p in PREDICATES]
    assert all(10 <= len(s) <= 15 for s in slogans)
    pushes = []
    for slogan in rng.sample(slogans, 25):
        t = line.moment()
        pushes.append((t, slogan))
        for handle in rng.sample(VOICES, 10):
            when = t + timedelta(minutes=rng.uniform(0, 5))
            line.post(handle, when, slogan + rng.choice(EMOJI))
    for handle, (t, slogan) in zip(ONCE, pushes, strict=False):
        line.post(handle, t + timedelta(minutes=2), slogan + rng.choice(EMOJI))
    line.quotes(PUBLIC, 300, WORDS)
    line.own_lives([*VOICES, *PUBLIC])
    return line.records


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Swept:
    return sweep_records(tmp_path_factory.mktemp("slogans"), _records(random.Random(8)))


def test_a_network_copying_short_chinese_slogans_is_likely(swept: Swept) -> None:
    assert levels_of(swept, VOICES).count(Level.LIKELY) >= 0.9 * len(VOICES)


def test_an_account_copying_one_slogan_into_a_push_is_one_of_them(swept: Swept) -> None:
    assert levels_of(swept, ONCE) == [Level.LIKELY] * len(ONCE)
