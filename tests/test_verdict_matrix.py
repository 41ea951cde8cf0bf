"""Verdict levels across kinds of store, on seeds never used for tuning.

Each scenario generates a store with known truth (bench/generate.py mixes:
`mixed` adds operations without the Spamouflage tells to the default ones;
`real_like` has only a co-repost network, round-the-clock and other-zone
operations, with times cut to the minute), ingests it into SQLite, sweeps it
and scores the sweep CSV's verdicts. The bars are the levels' stated meaning:
Likely is precise, Suspicious stays rare among ordinary accounts, every style
of operation is found. The larger matrix is `python bench/quality_matrix.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from quality_matrix import Scenario, ScenarioQuality, run_scenario

#: Seeds 9101+ were never used while setting detection's constants.
SCENARIOS = [Scenario(20_000, 7, "mixed", 9101), Scenario(50_000, 28, "real_like", 9102)]


@pytest.fixture(scope="module", params=SCENARIOS, ids=[s.name for s in SCENARIOS])
def quality(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ScenarioQuality:
    scenario: Scenario = request.param
    result = run_scenario(scenario, Path(tmp_path_factory.mktemp(scenario.name)))
    print(scenario.name, result.to_dict())
    return result


def test_likely_is_precise_and_complete(quality: ScenarioQuality) -> None:
    bar = 0.95 if quality.scenario.posts >= 50_000 else 0.90
    assert quality.precision >= bar
    assert quality.f1 >= bar


def test_suspicious_stays_rare_among_ordinary_accounts(quality: ScenarioQuality) -> None:
    assert quality.ordinary > 1000
    assert quality.ordinary_suspicious <= 0.02


def test_look_alikes_are_almost_never_likely(quality: ScenarioQuality) -> None:
    assert quality.decoys_likely_all <= 0.01


@pytest.mark.parametrize(
    ("style", "minimum"),
    [
        ("copypaste", 0.95),
        ("link_ring", 0.95),
        ("sleeper", 0.5),
        ("corepost_network", 0.9),
        ("round_the_clock", 0.9),
        ("other_zone", 0.9),
        ("shift_only", 0.9),
    ],
)
def test_each_style_of_operation_is_found(quality: ScenarioQuality, style: str, minimum: float) -> None:
    if style not in quality.recall_by_style:
        pytest.skip(f"{quality.scenario.mix} has no {style} operations")
    assert quality.recall_by_style[style] >= minimum
