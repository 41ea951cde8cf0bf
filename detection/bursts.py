"""Co-action bursts: many accounts doing the same thing at nearly the same time.

A *key* is something accounts can share: a (near-)duplicate text, a canonical
URL, a hashtag or hashtag set, a post they repost or reply to. For each key the
posts are ordered by time and cut into bursts: runs whose consecutive posts are
at most `gap` seconds apart, no longer than `span` seconds. A burst counts only
when it is *surprising* for its key: it holds clearly more posts than the key's
own steady rate would put in that time. That keeps organic sharing (the same
share-button text over hours, chain posts over days, trending hashtags used
around the clock) from looking like a push.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    """The kinds of co-action, as named in evidence lines."""

    TEXT = "copy_paste"
    URL = "co_link"
    REPOST = "co_repost"
    HASHTAG = "hashtag"


@dataclass(frozen=True)
class Window:
    """How close in time posts on one key must be to form a burst."""

    gap: int  # seconds between consecutive posts
    span: int  # seconds from first to last post
    surprise: float  # minimum ratio of burst size to what the key's steady rate predicts


WINDOWS: dict[Channel, Window] = {
    Channel.TEXT: Window(gap=600, span=3600, surprise=4.0),
    Channel.URL: Window(gap=180, span=1800, surprise=4.0),
    Channel.REPOST: Window(gap=180, span=1800, surprise=4.0),
    Channel.HASHTAG: Window(gap=300, span=1800, surprise=6.0),
}

#: A key's steady rate is measured over at least this long, so a key used only
#: in one push does not look "steady".
MIN_RATE_SPAN = 7 * 86400
#: A burst must be this unlikely by chance over all the windows of its key's
#: span, at the key's steady rate (Poisson): the look-elsewhere correction that
#: keeps templates and popular posts from bursting on every busy evening.
BURST_CHANCE = 0.01


def poisson_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean). O(k)."""
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    term = math.exp(-mean)
    below = 0.0
    for i in range(k):
        below += term
        term *= mean / (i + 1)
    if below < 0.999:
        return 1.0 - below
    # Too close to 1 to subtract: sum the upper tail directly.
    total = 0.0
    term = math.exp(k * math.log(mean) - mean - math.lgamma(k + 1))
    i = k
    while term > total * 1e-12 and i < k + 10_000:
        total += term
        i += 1
        term *= mean / i
    return total


@dataclass(slots=True)
class Burst:
    """One surprising burst on one key: its posts (positions) and accounts.

    A sweep keeps its bursts' posts (by store id) and accounts as arrays of
    machine integers (detection.sweep.key_bursts); any sequence of ints reads alike.
    """

    id: int
    channel: Channel
    key: str
    start: int
    end: int
    posts: Sequence[int]
    accounts: Sequence[int]  # distinct, in order of first post
    key_posts: int = 0  # posts on the key in all
    key_burst_share: float = 0.0  # share of the key's posts that fall in its bursts


def find_bursts(
    channel: Channel,
    keyed_posts: Iterable[tuple[str, list[int]]],
    post_ts: Sequence[int],
    post_account: Sequence[int],
    first_id: int = 0,
) -> list[Burst]:
    """Bursts of `channel` from (key, post positions) groups.

    Only keys used by at least two accounts can burst. O(n log n) in the number
    of posts given.
    """
    window = WINDOWS[channel]
    bursts: list[Burst] = []
    next_id = first_id
    for key, positions in keyed_posts:
        if len(positions) < 2:
            continue
        if len({post_account[p] for p in positions}) < 2:
            continue
        ordered = sorted(positions, key=post_ts.__getitem__)
        first_ts, last_ts = post_ts[ordered[0]], post_ts[ordered[-1]]
        span = max(last_ts - first_ts, MIN_RATE_SPAN)
        rate = len(ordered) / span
        run: list[int] = [ordered[0]]
        found = len(bursts)
        for p in ordered[1:]:
            ts = post_ts[p]
            if ts - post_ts[run[-1]] <= window.gap and ts - post_ts[run[0]] <= window.span:
                run.append(p)
                continue
            burst = _burst(
                channel, key, run, post_ts, post_account, rate, span, len(ordered), window, next_id
            )
            if burst:
                bursts.append(burst)
                next_id += 1
            run = [p]
        burst = _burst(
            channel, key, run, post_ts, post_account, rate, span, len(ordered), window, next_id
        )
        if burst:
            bursts.append(burst)
            next_id += 1
        in_bursts = sum(len(b.posts) for b in bursts[found:])
        for b in bursts[found:]:
            b.key_posts = len(ordered)
            b.key_burst_share = in_bursts / len(ordered)
    return bursts


def _burst(
    channel: Channel,
    key: str,
    run: list[int],
    post_ts: Sequence[int],
    post_account: Sequence[int],
    rate: float,
    span: int,
    key_posts: int,
    window: Window,
    burst_id: int,
) -> Burst | None:
    if len(run) < 2:
        return None
    accounts = list(dict.fromkeys(post_account[p] for p in run))
    if len(accounts) < 2:
        return None
    start, end = post_ts[run[0]], post_ts[run[-1]]
    expected = rate * max(end - start, window.gap)
    if len(accounts) < window.surprise * max(expected, 0.5):
        return None
    # A busy key (a template many people use, a popular post) puts a few posts
    # close together now and then by chance: over all the windows of its span
    # that hold a post, a run this large must still be unlikely.
    if (
        poisson_tail(len(accounts), expected) * min(max(1.0, span / window.gap), key_posts)
        > BURST_CHANCE
    ):
        return None
    return Burst(burst_id, channel, key, start, end, run, accounts)
