"""How reviewer decisions move scores.

A reviewer's own decision on an account wins: "coordinated" lifts it to a
confirmed score, "benign" suppresses it. Confirmed members also raise their
close neighbours (accounts of the same cluster), a little per confirmed
member, up to a cap. "watch" and "cleared" record attention, not judgement.
"""

from __future__ import annotations

from detection.verdict import Evidence

CONFIRMED_SCORE = 0.97
BENIGN_CAP = 0.1
NEIGHBOUR_STEP = 0.08
NEIGHBOUR_MAX = 0.24

LABELS = ("coordinated", "benign", "watch", "cleared")


def adjust(
    score: float, own_label: str | None, confirmed_neighbours: int
) -> tuple[float, list[Evidence]]:
    """The score after flags, with the evidence lines that explain the change."""
    lines: list[Evidence] = []
    if own_label == "coordinated":
        return max(score, CONFIRMED_SCORE), [
            Evidence(
                kind="flag", text="a reviewer confirmed this account as coordinated", weight=1.0
            )
        ]
    if own_label == "benign":
        return min(score, BENIGN_CAP), [
            Evidence(kind="flag", text="a reviewer marked this account benign", weight=-1.0)
        ]
    if confirmed_neighbours and score > 0:
        lift = min(NEIGHBOUR_MAX, NEIGHBOUR_STEP * confirmed_neighbours)
        lines.append(
            Evidence(
                kind="flag",
                text=(
                    f"{confirmed_neighbours} account(s) of its cluster were confirmed "
                    "coordinated by reviewers"
                ),
                weight=lift,
                counts={"confirmed_neighbours": confirmed_neighbours},
            )
        )
        score = min(0.99, score + lift)
    return score, lines
