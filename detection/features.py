"""Cluster features: what, beyond co-action, makes a cluster look operated.

Each feature is a number an analyst can check by hand: the share of posts in
the operators' office shift, of members created in the same few days, of
generated-looking handles, of replies and reposts that stay inside, and how
round-the-clock the cluster posts (syndication bots post around the clock;
people working shifts do not).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

#: Spamouflage's reported working pattern, in the operators' zone.
SHIFT_HOURS: tuple[tuple[int, int], ...] = ((9, 12), (14, 18))
WORKDAYS = frozenset(range(5))  # Monday..Friday
#: `firstnamelastname1234`: letters then 2-4 digits.
GENERATED_HANDLE = re.compile(r"^[a-z]{6,}\d{2,4}$")
CREATION_BURST_DAYS = 3
CREATION_BURST_MIN = 4
YEAR = 365 * 86400


@dataclass
class ShiftClock:
    """Tells whether a moment falls in the operators' office shift, cached per hour."""

    zone: ZoneInfo
    _cache: dict[int, tuple[int, int]] = field(default_factory=dict)

    def local(self, ts: int) -> tuple[int, int]:
        """(weekday, hour) of `ts` in the zone."""
        bucket = ts // 3600
        hit = self._cache.get(bucket)
        if hit is None:
            moment = datetime.fromtimestamp(bucket * 3600, self.zone)
            hit = (moment.weekday(), moment.hour)
            self._cache[bucket] = hit
        return hit

    def in_shift(self, ts: int) -> bool:
        """True when `ts` is inside a shift on a working day."""
        weekday, hour = self.local(ts)
        return weekday in WORKDAYS and any(lo <= hour < hi for lo, hi in SHIFT_HOURS)


def in_shift(timestamps: list[int], clock: ShiftClock) -> int:
    """How many of `timestamps` fall inside the office shift."""
    return sum(1 for ts in timestamps if clock.in_shift(ts))


def shift_share(timestamps: list[int], clock: ShiftClock) -> float:
    """Share of `timestamps` inside the office shift (0 for none)."""
    if not timestamps:
        return 0.0
    return in_shift(timestamps, clock) / len(timestamps)


#: Below this many posts, "active in N of 24 hours" says nothing.
ROUND_THE_CLOCK_POSTS = 48


def round_the_clock_hours(timestamps: list[int]) -> int:
    """How many of the 24 UTC hours carry at least half their uniform share of posts (0 below 48 posts)."""
    if len(timestamps) < ROUND_THE_CLOCK_POSTS:
        return 0
    hours = Counter((ts // 3600) % 24 for ts in timestamps)
    floor = len(timestamps) / 48
    return sum(1 for h in range(24) if hours.get(h, 0) >= floor)


def creation_burst_members(created: list[int | None]) -> int:
    """Members created within CREATION_BURST_DAYS of at least CREATION_BURST_MIN - 1 others."""
    days = sorted(ts // 86400 for ts in created if ts is not None)
    count = 0
    lo = 0
    hi = 0
    for day in days:
        while days[lo] < day - CREATION_BURST_DAYS:
            lo += 1
        while hi < len(days) and days[hi] <= day + CREATION_BURST_DAYS:
            hi += 1
        if hi - lo >= CREATION_BURST_MIN:
            count += 1
    return count


def generated_handles(handles: list[str]) -> int:
    """How many handles look like `firstnamelastname1234`."""
    return sum(1 for h in handles if GENERATED_HANDLE.match(h.lower()))


def is_sleeper(created_ts: int | None, first_push_ts: int, posts: int, cluster_created: int | None) -> bool:
    """An aged account with very few posts, much older than its cluster's typical member.

    Over a year old at its first push, at most 12 posts, and created half a
    year or more before the cluster's median member (so a network whose
    accounts were all made long ago and post little is not "all sleepers").
    """
    if created_ts is None or posts > 12 or first_push_ts - created_ts < YEAR:
        return False
    return cluster_created is None or cluster_created - created_ts >= YEAR // 2


def median_created(created: list[int | None]) -> int | None:
    """The median creation time of accounts whose creation time is known."""
    known = sorted(ts for ts in created if ts is not None)
    return known[len(known) // 2] if known else None


@dataclass
class ClusterFeatures:
    """Measured features of one cluster; shares are in [0, 1]."""

    members: int
    personas: int
    platforms: dict[str, int]
    events: int
    posts: int
    shift_share: float
    baseline_shift_share: float
    active_hours: int
    created_in_bursts: int
    generated_handles: int
    internal_engagement: float  # of members' replies/reposts, share aimed at members
    engagement_from_outside: float  # of replies/reposts members receive, share from outside
    engagement_given: int
    engagement_received: int
    sleepers: int
    median_lag: float
    syndication_share: float  # of its copy-paste bursts, share where each copy links its own site
    repost_share: float  # of its bursts, share that are reposts of or replies to one post
    first_ts: int
    last_ts: int

    def corroboration(self) -> list[str]:
        """Names of the features that point to an operated network, beyond co-action."""
        found = []
        if self.posts >= 10 and self.shift_share >= max(0.55, 2 * self.baseline_shift_share):
            found.append("office_shift")
        if self.members >= 4 and self.created_in_bursts >= 0.3 * self.members:
            found.append("creation_burst")
        if self.members >= 4 and self.generated_handles >= 0.4 * self.members:
            found.append("generated_handles")
        if self.engagement_given >= 5 and self.internal_engagement >= 0.5:
            found.append("internal_amplification")
        # Sleepers are reported as evidence on each sleeper, but do not by
        # themselves show a cluster is operated: in a thin data set every
        # low-volume account looks like one.
        return found

    def looks_syndicated(self) -> bool:
        """True when copies of a text mostly carry links to different sites, as news feeds do."""
        return self.syndication_share >= 0.5

    def round_the_clock(self) -> bool:
        """True for clusters that post evenly at all hours, as syndication bots do."""
        return self.posts >= 48 and self.active_hours >= 21


def syndicated(domains: list[str]) -> bool:
    """True when the link-bearing copies in one burst point to (nearly) all different sites."""
    return len(domains) >= 2 and len(set(domains)) >= 0.8 * len(domains)


def active_hours(timestamps: list[int]) -> int | None:
    """How many of the 24 hours of the day a group is active in; None when too few posts say nothing.

    The one definition that evidence lines, cards and pictures print: an
    hour is active when it carries at least half an even share of the posts
    (`round_the_clock_hours`), counted only from ROUND_THE_CLOCK_POSTS posts up.
    """
    if len(timestamps) < ROUND_THE_CLOCK_POSTS:
        return None
    return round_the_clock_hours(timestamps)
