"""How reviewer decisions move scores: one rule, `apply_flags`, for every answer.

A reviewer's own decision on an account wins: "coordinated" lifts it to a
confirmed score, "benign" suppresses it. Confirmed members also raise their
close neighbours (accounts of the same cluster), a little per confirmed
member, up to a cap. "watch" and "cleared" record attention, not judgement.
Checks, digests, the sweep CSV, exports and the review queue all call
`apply_flags`, so an account reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from detection.verdict import Evidence, Level, level_for, plural

CONFIRMED_SCORE = 0.97
BENIGN_CAP = 0.1
NEIGHBOUR_STEP = 0.08
NEIGHBOUR_MAX = 0.24
#: Confirmed neighbours never lift an account to certainty: only its own flag does.
LIFTED_MAX = 0.99

LABELS = ("coordinated", "benign", "watch", "cleared")


@dataclass(frozen=True)
class Flagged:
    """An account's score and level with reviewer decisions applied, and the lines saying why."""

    score: float
    level: Level
    lines: list[Evidence] = field(default_factory=list)


def apply_flags(
    score: float,
    own_label: str | None,
    cluster_id: int | None = None,
    confirmed: Mapping[int, int] | None = None,
) -> Flagged:
    """The score and level after flags, with the evidence lines that explain the change.

    `score` is the sweep's, `own_label` the account's current decision (None
    when it has none), `cluster_id` its cluster and `confirmed` how many
    members of each cluster reviewers currently label coordinated (as
    storage.review.confirmed_per_cluster counts them). The account's own
    decision wins over its neighbours'; a benign account has no coordination
    signal whatever its score.
    """
    in_cluster = (confirmed or {}).get(cluster_id, 0) if cluster_id is not None else 0
    if own_label == "coordinated":
        lines = [
            Evidence(
                kind="flag", text="a reviewer confirmed this account as coordinated", weight=1.0
            )
        ]
        value = max(score, CONFIRMED_SCORE)
        return Flagged(value, level_for(value), lines)
    if own_label == "benign":
        lines = [Evidence(kind="flag", text="a reviewer marked this account benign", weight=-1.0)]
        return Flagged(min(score, BENIGN_CAP), Level.NONE, lines)
    if in_cluster and score > 0:
        lift = min(NEIGHBOUR_MAX, NEIGHBOUR_STEP * in_cluster)
        line = Evidence(
            kind="flag",
            text=(
                f"{plural(in_cluster, 'account')} of its cluster "
                f"{'was' if in_cluster == 1 else 'were'} confirmed coordinated by reviewers"
            ),
            weight=lift,
            counts={"confirmed_neighbours": in_cluster},
        )
        value = min(LIFTED_MAX, score + lift)
        return Flagged(value, level_for(value), [line])
    return Flagged(score, level_for(score), [])
