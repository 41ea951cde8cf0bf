"""Members who only joined the pushes of an audience or a crowd are not listed on their own.

A crowd following a match, or fans of a star, is held at Suspicious at most;
hundreds of ordinary accounts join one or two of its pushes. Listing each of
them as worth a look would fill a digest with the crowd. Checked on the second
generator's store (bench/othergen.py), whose ordinary accounts, fans and live
events make such crowds, on a seed never used while setting detection.
"""

from __future__ import annotations

import pytest
from factories import sweep_records
from othergen import generate  # bench/ on sys.path

from detection.sweep import SweepResult
from detection.verdict import Level


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> tuple[SweepResult, set[int]]:
    records, _truth = generate(40_000, 9105, days=28, minute_resolution=True)
    result, _accounts = sweep_records(tmp_path_factory.mktemp("crowd"), list(records))
    held = {c.index for c in result.clusters if any(e.kind == "audience" for e in c.evidence)}
    return result, held


def test_who_only_joined_a_crowds_pushes_is_below_suspicious(
    swept: tuple[SweepResult, set[int]],
) -> None:
    result, held = swept
    joined = [r for r in result.accounts.values() if r.cluster in held and not r.core]
    assert len(joined) >= 10  # the store has crowds that others joined
    assert all(r.level is Level.NONE for r in joined)
    assert all(any("no signal on its own" in e.text for e in r.evidence) for r in joined)


def test_a_crowds_own_core_stays_worth_a_look(swept: tuple[SweepResult, set[int]]) -> None:
    result, held = swept
    core = [r for r in result.accounts.values() if r.cluster in held and r.core]
    assert core and any(r.level is Level.SUSPICIOUS for r in core)
