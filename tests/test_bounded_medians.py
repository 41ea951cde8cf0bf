"""The sweep's store-wide medians and creation days, computed without a list of every value."""

import random
import statistics

import pytest

from detection.features import creation_days, median_low


@pytest.mark.parametrize("n", [1, 2, 3, 10, 1001, 20_000])
def test_median_low_matches_statistics_on_spread_and_crowded_values(n: int) -> None:
    rng = random.Random(n)
    spread = [rng.randint(1_600_000_000, 1_700_000_000) for _ in range(n)]
    crowded = [1_700_000_000 + rng.randint(0, 3) for _ in range(n)]  # all in one bucket
    for values in (spread, crowded):
        assert median_low(values) == statistics.median_low(values)


def test_median_low_of_nothing_is_an_error_as_in_statistics() -> None:
    with pytest.raises(statistics.StatisticsError):
        median_low([])


def test_creation_days_are_the_sorted_known_days() -> None:
    rng = random.Random(7)
    created = [rng.choice([None, rng.randint(1_000_000_000, 1_700_000_000)]) for _ in range(5000)]
    assert list(creation_days(created)) == sorted(t // 86400 for t in created if t is not None)
