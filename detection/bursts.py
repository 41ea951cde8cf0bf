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

from collections.abc import Iterable
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


@dataclass(slots=True)
class Burst:
    """One surprising burst on one key: its posts (positions) and accounts."""

    id: int
    channel: Channel
    key: str
    start: int
    end: int
    posts: list[int]
    accounts: list[int]  # distinct, in order of first post
    key_posts: int = 0  # posts on the key in all
    key_burst_share: float = 0.0  # share of the key's posts that fall in its bursts


def find_bursts(
    channel: Channel,
    keyed_posts: Iterable[tuple[str, list[int]]],
    post_ts: list[int],
    post_account: list[int],
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
        rate = len(ordered) / max(last_ts - first_ts, MIN_RATE_SPAN)
        run: list[int] = [ordered[0]]
        found = len(bursts)
        for p in ordered[1:]:
            ts = post_ts[p]
            if ts - post_ts[run[-1]] <= window.gap and ts - post_ts[run[0]] <= window.span:
                run.append(p)
                continue
            burst = _burst(channel, key, run, post_ts, post_account, rate, window, next_id)
            if burst:
                bursts.append(burst)
                next_id += 1
            run = [p]
        burst = _burst(channel, key, run, post_ts, post_account, rate, window, next_id)
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
    post_ts: list[int],
    post_account: list[int],
    rate: float,
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
    return Burst(burst_id, channel, key, start, end, run, accounts)
