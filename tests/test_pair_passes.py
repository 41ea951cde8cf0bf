"""Pair counting in several passes (detection.network.count_pairs) gives what one pass gives."""

from __future__ import annotations

import random

from detection.bursts import Burst, Channel
from detection.network import DISTINCT_GAP, activity, count_pairs


def _bursts(seed: int) -> list[Burst]:
    """Bursts of a few busy accounts among many, some at the same second, over weeks."""
    rng = random.Random(seed)
    busy = rng.sample(range(2000), 60)
    bursts = []
    for i in range(1500):
        start = 1_700_000_000 + rng.randrange(0, 30 * 86400, 600) - (i % 2) * DISTINCT_GAP
        members = rng.sample(busy, rng.randint(2, 9)) + rng.sample(range(2000), rng.randint(0, 3))
        members = list(dict.fromkeys(members))
        bursts.append(Burst(i, Channel.TEXT, f"k{i}", start, start + 60, members, members))
    return bursts


def test_pairs_counted_in_passes_are_those_of_one_pass_in_the_same_order() -> None:
    bursts = _bursts(5)
    active = activity(bursts)
    one = count_pairs(bursts, 2000, active=active, pairs_per_pass=10**12)
    assert len(one.moments) > 100  # pairs that repeat, to compare
    for per_pass in (700, 7000):  # dozens of passes, and a few
        several = count_pairs(bursts, 2000, active=active, pairs_per_pass=per_pass)
        assert list(several.moments.items()) == list(one.moments.items())
        assert list(several.last_ts.items()) == list(one.last_ts.items())
