"""What a digest says: newly active suspected accounts, grouped by cluster.

Pure: takes the newly active accounts (as the store found them) and current
reviewer labels, applies the flag rules and the channel's minimum level, and
returns a `Digest` ready to render.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from detection.flags import apply_flags
from detection.verdict import Level, strongest_line
from storage.digests import NewlyActive


@dataclass
class DigestAccount:
    """One account line of a digest."""

    label: str  # platform:@handle
    score: float
    level: Level
    evidence: str  # the strongest evidence line
    returning: bool
    first_new_post_ts: int = 0  # when the first of its newly loaded posts was posted


@dataclass
class DigestCluster:
    """Accounts of one cluster (or of none: cluster_id None) in a digest."""

    cluster_id: int | None
    size: int
    known_before: int
    accounts: list[DigestAccount] = field(default_factory=list)

    @property
    def top_score(self) -> float:
        """The highest score among its new accounts."""
        return max((a.score for a in self.accounts), default=0.0)


@dataclass
class Digest:
    """A digest for one channel and period."""

    start_ts: int
    end_ts: int
    clusters: list[DigestCluster]
    skipped_benign: int = 0

    @property
    def account_count(self) -> int:
        """How many accounts the digest lists."""
        return sum(len(c.accounts) for c in self.clusters)

    @property
    def posted_span(self) -> tuple[int, int] | None:
        """When the listed accounts' newly loaded posts begin, earliest and latest (None if empty)."""
        times = [
            a.first_new_post_ts for c in self.clusters for a in c.accounts if a.first_new_post_ts
        ]
        return (min(times), max(times)) if times else None

    @property
    def empty(self) -> bool:
        """True when nothing new and suspicious became active."""
        return not self.clusters


def build_digest(
    start_ts: int,
    end_ts: int,
    active: list[NewlyActive],
    labels: dict[int, str],
    cluster_sizes: dict[int, int],
    known_before: dict[int, int],
    min_level: Level = Level.SUSPICIOUS,
    confirmed: dict[int, int] | None = None,
) -> Digest:
    """Group newly active accounts at or above `min_level` by cluster, highest score first."""
    groups: dict[int | None, DigestCluster] = {}
    skipped = 0
    for item in active:
        account_id = item.account.id
        assert account_id is not None
        label = labels.get(account_id)
        if label == "benign":
            skipped += 1
            continue
        cid = item.score.cluster_id
        flagged = apply_flags(item.score.score, label, cid, confirmed)
        if flagged.level.rank < min_level.rank:
            continue
        group = groups.get(cid)
        if group is None:
            group = DigestCluster(
                cid, cluster_sizes.get(cid, 0) if cid else 0, known_before.get(cid, 0) if cid else 0
            )
            groups[cid] = group
        group.accounts.append(
            DigestAccount(
                label=f"{item.account.platform}:@{item.account.handle}",
                score=round(flagged.score, 3),
                level=flagged.level,
                evidence=strongest_line(item.score.evidence),
                returning=item.returning,
                first_new_post_ts=item.first_new_post_ts,
            )
        )
    ordered = sorted(groups.values(), key=lambda g: (-g.top_score, -len(g.accounts)))
    for group in ordered:
        group.accounts.sort(key=lambda a: (-a.score, a.label))
    return Digest(start_ts, end_ts, ordered, skipped)
