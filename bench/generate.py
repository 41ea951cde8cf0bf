"""Synthetic post records with ground truth, for tests, benchmarks and demo data.

This module is the project's reference for what each coordinated style and each
look-alike ("decoy") is.  It writes post records in the format of DESIGN.md
("Post records") and returns one :class:`TruthRow` per account.

Labels and styles
-----------------
``authentic`` (style ``authentic``, group ``""``)
    Ordinary people.  Each has a home time zone (Americas, Europe, Africa, Asia,
    Oceania) and a diurnal rhythm (waking hours, heavier evenings, later
    weekends, night owls), a heavy-tailed activity (most post 1-5 times, a few
    hundreds), one or two languages, original varied texts, shares of popular
    articles (sometimes with the share button's default text and URL variants),
    trending and evergreen hashtags, replies to and reposts of popular accounts,
    and the same short texts by chance ("lol", "so true", "good morning").
    Some people have accounts on two platforms under the same handle, some
    handles look like ``firstnamelastname1234``, some accounts were created
    during the month, and some live in UTC+8.

``coordinated`` -- operations run by operators working office shifts in China
Standard Time (about 09:00-12:00 and 14:00-18:00 on Chinese working days, with
rare overtime).  Every operation is a group (``op1``, ``op2``...) of accounts
created in bursts (mostly ``firstnamelastname1234`` handles, some aged or
bought accounts with ordinary handles), some personas active on two platforms
under the same or a near-same handle, and each has its own pace: the operator
works through the member list in a fixed or shuffled order, 1-35 s per account
(40 accounts take from under a minute to about 20 minutes).

* ``copypaste``: the same message posted by many accounts within seconds to
  minutes, a new message on most pushes, with small edits: serial numbers
  (``#12``, ``(3/40)``, ``No. 7``, ``第5``), typos, swapped or added emoji,
  random tokens (``xQ7kP2``), irrelevant links, machine-translated variants.
  Some operations reply to a popular post instead of posting top-level.
  Low-volume members join only 1-3 pushes.
* ``link_ring``: many accounts share the same article within seconds or minutes
  (own sites, Medium, YouTube, state media), with URL variants (``utm_*``,
  ``www.``, trailing slash, ``http``, ``fbclid``, ``m.``, short links) and short
  varied comments or none.
* ``hashtag_rider``: members ride the hashtag that is trending at that hour (the
  one authentic users are using) plus 1-2 campaign tags, each with its own text,
  inside a few minutes; repeated over many pushes.
* ``repost_ring``: a seed member posts, the others repost or reply within
  seconds (sometimes to each other's replies); now and then the whole ring
  replies to one popular outside post.  Outsiders almost never engage.
* ``sleeper``: an old account (created years ago) with 1-3 ordinary posts in
  the month that joins one or two pushes of a copypaste or link_ring operation
  (its group is that operation's id).

Coordinated members also post some individual filler ("good morning", scenery,
quotes) at shift times.

``decoy`` -- benign behaviour that looks like coordination on the surface:

* ``news_bot`` (``newsbots1``...): syndication bots of several outlets post the
  same wire headline within minutes, each with its own outlet's link and its own
  template, around the clock at steady intervals.
* ``share_button`` (``share1``...): unrelated people share the same article
  with the share button's text (``<Title> via @outlet <url>``) over hours to two
  days, each once or a few times.
* ``chain_post`` (``chain1``...): a chain post ("Copy and paste this if...")
  spreads over days; each account posts it once, some with small edits.
* ``generic_reply`` (``generic1``...): otherwise ordinary accounts that mostly
  post generic replies, memes and quotes ("so true", "lol") at their own times.
* ``viral_cascade`` (``viral1``...): hundreds of unrelated accounts repost one
  viral post over hours, bursty in the first minutes.
* ``cross_poster`` (``xpost1``...): one person posts each of their texts to two
  platforms (same or near-same handle), minutes apart, every time.

Decoy accounts other than news bots also post ordinary content.

Regimes (opt-in)
----------------
Real operations need not look like Spamouflage, and real collections are not
all 100,000 posts over a month.  ``generate(..., regime=Regime(...))`` (command
line: ``--mix`` and the options below) departs from the default data set;
``Regime()`` *is* the default, so existing seeds give byte-identical output.
Named mixes (:data:`MIXES`): ``default``; ``spamouflage`` (the default
operations, engagement within 24 h); ``mixed`` (those plus every regime style);
``real_like`` (minute timestamps, no Spamouflage operations or sleepers, only
``corepost_network``, ``round_the_clock`` and ``other_zone``).

* Size and span: 10,000 to 1,000,000 posts over 7 to 90 days.  Account counts,
  posts per account, pushes per operation and news headlines follow the number
  of posts, articles follow posts per day, trending hashtags are a fixed
  number per day.  ``engagement_hours`` (``--engagement-hours``)
  makes replies and reposts target only posts younger than that, the newest
  most often (by the log of their age) and popular ones more often.  By
  default the engagement pool holds a fixed number of posts, so engagement
  came a median 15 days after the post at 20,000 posts over 90 days and under
  an hour at 1,000,000 over 7; with 24 h the median is under an hour from
  50,000 to 1,000,000 posts and 7 to 90 days (about 4 h at 10,000 posts over
  90 days, where few posts are that recent), and ordinary people now and then
  repost the same post within the same minute by chance.
* ``minute_timestamps`` (``--minute-timestamps``): every ``posted_at`` is cut to
  the minute (seconds ``:00``) and every ``author_created_at`` to midnight, as
  in the X information-operations archives.  Post ids still encode the time.
* ``spamouflage=False`` (``--no-spamouflage``): no default operations and no
  sleepers; their accounts become authentic ones.
* ``styles`` (``--styles a,b``): operations of these styles are planned on top,
  each with ``style_share`` (1%) of the accounts (at least 8 per operation):

  ``corepost_network``
      One large network: one member per 400 posts (40 to 600), X only,
      ordinary handles, created at any time over the years.  At each of its
      moments (one per 1,500 posts, 20 to 400) 10-30% of the members (by a
      heavy-tailed activity; each member in at least three) repost the same
      post within one clock minute; a quarter of the moments
      (``corepost_lead_share``) amplify a post made 1.5-30 minutes earlier by
      one of the network's leads (one member in 40, at least 2), the others a
      popular post of an ordinary account (real networks mostly amplify
      accounts that are not theirs, such as state media).  Moments fall at
      any hour of any day.  Members also post ordinary content of their own at
      their home zone's waking hours.  At 100,000 posts: 250 members, 67
      moments of 25-70 accounts.
  ``round_the_clock``
      Copy-paste, link-ring and repost-ring operations (in turn) whose pushes
      start at any hour of any day, with ordinary handles and creation dates
      spread over the years: no office hours, no account tells.
  ``other_zone``
      The same, in office shifts of operators in Europe/Moscow (Mon-Fri
      10-13, 14-19), Asia/Tehran (Sat-Wed 8-12, 13-16) or America/Caracas
      (Mon-Fri 8-12, 13-17), in turn (:data:`OPERATOR_ZONES`).
  ``shift_only``
      The same, in the default CST office shifts: the office shift is the
      only tell.
  ``sparse_rider``
      Hashtag riders as above (with the Spamouflage tells), but each
      operation (8+ accounts) makes only 3-6 pushes of 4-8 members.

  Their members' truth rows carry these style names, so recall is reported
  per style; the group is the operation (``op41``).  Ordinary accounts are
  the rows labelled :data:`ORDINARY_LABEL` (``authentic``).
* ``corepost_members`` / ``corepost_moments`` fix the network's size and
  moments instead of scaling them with the store.

Determinism and size
--------------------
``generate(n, seed)`` is deterministic for ``(n, seed, coordinated_share, start,
days, regime)`` (independent of ``PYTHONHASHSEED``); ``n`` must be at least 1000
(regime styles are meant for 10,000 and up; too few posts for them is an error)
and exactly ``n`` records are produced.  Accounts and the timestamps of all posts
are planned up front (about 300 bytes per post: ~310 MB RSS for 1M posts);
records are materialised one day at a time, in time order.  Runs below ~20,000
posts contain more coordinated and decoy accounts than the target shares, so
that every style has at least two groups of 8+ accounts (decoy kinds: one
group below 40 accounts).

Format details consumers meet
-----------------------------
* X retweets are exported as ``RT @author: text`` (cut at 140 characters) with
  the original's hashtags and URLs; Telegram forwards repeat the full text;
  reposts elsewhere have empty text and ``lang`` ``und``.
* X replies usually start with ``@handle``; X and Telegram posts carry their
  links in the text too, other platforms only in ``urls``.
* ``post_id`` is platform-shaped (X/TikTok/Instagram ids encode the time,
  YouTube comments ``Ugx...``, Reddit ``t3_``/``t1_``, Telegram
  ``channel/123``); replies and reposts always point to an earlier post of the
  same platform in the data.
* Link posts carry URL variants (share-button ``utm_*``/``smid``, ``fbclid``,
  ``www.``/``m.``, ``http``, trailing slash, ``youtu.be``, short links).

Command line::

    python bench/generate.py --posts 200000 --seed 1 --out posts.jsonl.gz \\
        --truth truth.csv
    python bench/generate.py --posts 50000 --days 7 --mix real_like --out real.jsonl.gz
    python bench/generate.py --posts 50000 --styles corepost_network,other_zone \\
        --minute-timestamps --engagement-hours 24 --out net.jsonl.gz
"""

from __future__ import annotations

import argparse
import array
import base64
import bisect
import csv
import gzip
import io
import math
import queue
import random
import re
import string
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

__all__ = [
    "COORDINATED_STYLES",
    "DECOY_STYLES",
    "DEFAULT_START",
    "FIELDS",
    "MIXES",
    "OPERATOR_ZONES",
    "ORDINARY_LABEL",
    "REGIME_STYLES",
    "TRUTH_FIELDS",
    "Regime",
    "TruthRow",
    "generate",
    "write_records",
    "write_truth",
]

DEFAULT_START = datetime(2023, 6, 1, tzinfo=UTC)
FIELDS = (
    "platform", "post_id", "author_handle", "author_id", "author_created_at",
    "posted_at", "text", "urls", "hashtags", "lang", "reply_to_post_id",
    "repost_of_post_id",
)
TRUTH_FIELDS = ("platform", "author_handle", "label", "style", "group")
COORDINATED_STYLES = ("copypaste", "link_ring", "hashtag_rider", "repost_ring", "sleeper")
DECOY_STYLES = (
    "news_bot", "share_button", "chain_post", "generic_reply", "viral_cascade", "cross_poster",
)
#: Operation styles that only a :class:`Regime` plans (see the module docstring).
REGIME_STYLES = ("corepost_network", "round_the_clock", "other_zone", "shift_only", "sparse_rider")
#: The truth label of ordinary (authentic) accounts, whose style is also "authentic".
ORDINARY_LABEL = "authentic"


@dataclass
class TruthRow:
    """Ground truth for one account (``platform`` + ``author_handle``)."""

    platform: str
    author_handle: str
    label: str  # "authentic", "coordinated" or "decoy"
    style: str  # see the module docstring; "authentic" for authentic accounts
    group: str  # operation / group id ("op3", "newsbots1"); "" for authentic


@dataclass(frozen=True)
class Regime:
    """Opt-in departures from the default data set; ``Regime()`` is the default.

    See "Regimes" in the module docstring for what each field does.
    """

    minute_timestamps: bool = False  # every posted_at at :00, creation dates at midnight
    spamouflage: bool = True  # plan the default (Spamouflage-like) operations and sleepers
    styles: tuple[str, ...] = ()  # any of REGIME_STYLES, planned on top
    style_share: float = 0.01  # accounts per regime style (not corepost_network), of all accounts
    corepost_members: int = 0  # members of the co-repost network; 0: scaled with the store
    corepost_moments: int = 0  # its co-repost moments; 0: scaled with the store
    corepost_lead_share: float = 0.25  # share of its moments that amplify its own leads
    engagement_hours: float | None = None  # replies/reposts target posts at most this old

    def __post_init__(self) -> None:
        unknown = [s for s in self.styles if s not in REGIME_STYLES]
        if unknown:
            raise ValueError(f"unknown regime style(s) {unknown}; choose from {list(REGIME_STYLES)}")
        if len(set(self.styles)) != len(self.styles):
            raise ValueError("regime styles must not repeat")
        if not 0.0 < self.style_share <= 0.1:
            raise ValueError("style_share must be in (0, 0.1]")
        if self.corepost_members < 0 or self.corepost_moments < 0:
            raise ValueError("corepost_members and corepost_moments must not be negative")
        if not 0.0 <= self.corepost_lead_share <= 1.0:
            raise ValueError("corepost_lead_share must be in [0, 1]")
        if self.engagement_hours is not None and not 1.0 <= self.engagement_hours <= 24 * 14:
            raise ValueError("engagement_hours must be between 1 and 336")


#: Named operation mixes (``--mix``).  ``default`` reproduces the generator's
#: earlier output byte for byte; the others bound engagement to recent posts
#: (24 h) so that density stays sane from 10,000 to 1,000,000 posts and from 7
#: to 90 days.
MIXES: dict[str, Regime] = {
    "default": Regime(),
    "spamouflage": Regime(engagement_hours=24.0),
    "mixed": Regime(styles=REGIME_STYLES, engagement_hours=24.0),
    "real_like": Regime(
        minute_timestamps=True, spamouflage=False,
        styles=("corepost_network", "round_the_clock", "other_zone"), engagement_hours=24.0,
    ),
}


# ---------------------------------------------------------------------------
# Platforms, languages, time zones
# ---------------------------------------------------------------------------

PLATFORM_WEIGHTS = {
    "x": 34, "facebook": 20, "instagram": 10, "tiktok": 8, "youtube": 8,
    "reddit": 8, "telegram": 6, "medium": 3, "pinterest": 3,
}
PLATFORM_LAUNCH = {
    "x": 2007, "facebook": 2007, "instagram": 2011, "tiktok": 2018, "youtube": 2006,
    "reddit": 2008, "telegram": 2014, "medium": 2013, "pinterest": 2011,
}
# Platforms where a post can be a repost (retweet, share, forward, repin).
CAN_REPOST = frozenset({"x", "facebook", "tiktok", "telegram", "pinterest"})
# Platforms whose post text carries the link itself.
URL_IN_TEXT = frozenset({"x", "telegram"})
# Weights of regular post types per platform: original, article share, reply, repost.
TYPE_MIX = {
    "x": (44, 12, 26, 18), "facebook": (46, 18, 24, 12), "instagram": (70, 0, 30, 0),
    "tiktok": (42, 0, 43, 15), "youtube": (18, 4, 78, 0), "reddit": (30, 10, 60, 0),
    "telegram": (55, 17, 5, 23), "medium": (60, 5, 35, 0), "pinterest": (65, 10, 0, 25),
}
# Probability that a post carries a currently trending tag / evergreen tags.
P_TREND = {
    "x": 0.2, "instagram": 0.15, "tiktok": 0.2, "facebook": 0.05, "youtube": 0.03,
    "telegram": 0.03, "reddit": 0.01, "pinterest": 0.05, "medium": 0.02,
}
P_EVERGREEN = {
    "x": 0.06, "instagram": 0.35, "tiktok": 0.30, "facebook": 0.05, "youtube": 0.05,
    "telegram": 0.03, "reddit": 0.0, "pinterest": 0.25, "medium": 0.10,
}
LANG_WEIGHTS = {"en": 52, "es": 11, "pt": 8, "ja": 8, "zh": 7, "fr": 7, "de": 7}

# name: (standard UTC offset in hours, DST rule)
TIME_ZONES: dict[str, tuple[float, str | None]] = {
    "America/New_York": (-5, "us"), "America/Chicago": (-6, "us"),
    "America/Denver": (-7, "us"), "America/Los_Angeles": (-8, "us"),
    "America/Toronto": (-5, "us"), "America/Vancouver": (-8, "us"),
    "America/Mexico_City": (-6, None), "America/Bogota": (-5, None),
    "America/Lima": (-5, None), "America/Sao_Paulo": (-3, None),
    "America/Argentina/Buenos_Aires": (-3, None), "America/Santiago": (-4, "cl"),
    "Europe/London": (0, "eu"), "Europe/Dublin": (0, "eu"), "Europe/Lisbon": (0, "eu"),
    "Europe/Madrid": (1, "eu"), "Europe/Paris": (1, "eu"), "Europe/Berlin": (1, "eu"),
    "Europe/Vienna": (1, "eu"), "Europe/Zurich": (1, "eu"), "Europe/Brussels": (1, "eu"),
    "Africa/Lagos": (1, None), "Africa/Nairobi": (3, None),
    "Africa/Johannesburg": (2, None), "Africa/Dakar": (0, None),
    "Asia/Kolkata": (5.5, None), "Asia/Manila": (8, None), "Asia/Singapore": (8, None),
    "Asia/Kuala_Lumpur": (8, None), "Asia/Taipei": (8, None), "Asia/Hong_Kong": (8, None),
    "Asia/Shanghai": (8, None), "Asia/Tokyo": (9, None), "Asia/Jakarta": (7, None),
    "Australia/Sydney": (10, "au"), "Australia/Perth": (8, None),
    "Pacific/Auckland": (12, "nz"),
}
LANG_TZ: dict[str, list[tuple[str, int]]] = {
    "en": [
        ("America/New_York", 20), ("America/Chicago", 9), ("America/Denver", 3),
        ("America/Los_Angeles", 11), ("America/Toronto", 4), ("Europe/London", 12),
        ("Europe/Dublin", 2), ("Australia/Sydney", 5), ("Australia/Perth", 1),
        ("Pacific/Auckland", 2), ("Asia/Kolkata", 7), ("Asia/Manila", 5),
        ("Asia/Singapore", 3), ("Africa/Lagos", 4), ("Africa/Nairobi", 2),
        ("Africa/Johannesburg", 2), ("Europe/Berlin", 2), ("Asia/Hong_Kong", 1),
        ("Asia/Jakarta", 1),
    ],
    "es": [
        ("America/Mexico_City", 30), ("Europe/Madrid", 22), ("America/Bogota", 14),
        ("America/Argentina/Buenos_Aires", 14), ("America/Santiago", 7),
        ("America/Lima", 7), ("America/Los_Angeles", 3), ("America/New_York", 3),
    ],
    "pt": [("America/Sao_Paulo", 85), ("Europe/Lisbon", 15)],
    "fr": [
        ("Europe/Paris", 65), ("America/Toronto", 12), ("Europe/Brussels", 10),
        ("Africa/Dakar", 8), ("Europe/Zurich", 5),
    ],
    "de": [("Europe/Berlin", 75), ("Europe/Vienna", 13), ("Europe/Zurich", 12)],
    "zh": [
        ("Asia/Taipei", 30), ("Asia/Hong_Kong", 20), ("Asia/Shanghai", 15),
        ("Asia/Singapore", 10), ("Asia/Kuala_Lumpur", 8), ("America/Vancouver", 5),
        ("America/New_York", 5), ("Australia/Sydney", 4), ("America/Los_Angeles", 3),
    ],
    "ja": [("Asia/Tokyo", 97), ("America/Los_Angeles", 3)],
}

# Relative posting intensity by local hour (0-23), weekdays and weekends.
HOURS_WEEKDAY = (
    0.6, 0.35, 0.2, 0.15, 0.15, 0.3, 0.8, 1.6, 2.2, 2.3, 2.2, 2.3,
    2.8, 2.5, 2.2, 2.2, 2.4, 2.7, 3.0, 3.4, 3.7, 3.6, 2.9, 1.6,
)
HOURS_WEEKEND = (
    1.0, 0.7, 0.45, 0.3, 0.2, 0.2, 0.35, 0.7, 1.3, 2.0, 2.5, 2.7,
    2.8, 2.8, 2.7, 2.6, 2.6, 2.7, 2.9, 3.2, 3.4, 3.3, 2.8, 1.8,
)
CST = 8  # China Standard Time, UTC+8, no daylight saving


def _cum(weights: Iterable[float]) -> list[float]:
    """Cumulative sums, for bisect-based weighted choice."""
    out, s = [], 0.0
    for w in weights:
        s += w
        out.append(s)
    return out


_CUM_WEEKDAY = _cum(HOURS_WEEKDAY)
_CUM_WEEKEND = _cum(HOURS_WEEKEND)
_MAX_WEEKDAY = max(HOURS_WEEKDAY)
_MAX_WEEKEND = max(HOURS_WEEKEND)

_MINUTE_PREFIX: dict[int, str] = {}
_SECONDS = [f"{s:02d}Z" for s in range(60)]


def iso(ts: int) -> str:
    """Format a Unix timestamp (seconds, UTC) as ``YYYY-MM-DDTHH:MM:SSZ``."""
    minute, sec = divmod(ts, 60)
    prefix = _MINUTE_PREFIX.get(minute)
    if prefix is None:
        prefix = time.strftime("%Y-%m-%dT%H:%M:", time.gmtime(minute * 60))
        if len(_MINUTE_PREFIX) > 500_000:
            _MINUTE_PREFIX.clear()
        _MINUTE_PREFIX[minute] = prefix
    return prefix + _SECONDS[sec]


def _nth_sunday(year: int, month: int, n: int) -> date:
    """The n-th Sunday of a month (n=-1: the last one)."""
    if n > 0:
        d = date(year, month, 1)
        d += timedelta(days=(6 - d.weekday()) % 7)
        return d + timedelta(weeks=n - 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    d = nxt - timedelta(days=1)
    return d - timedelta(days=(d.weekday() - 6) % 7)


def utc_offset(zone: str, day: date) -> float:
    """UTC offset in hours of a time zone of :data:`TIME_ZONES` on a day.

    Daylight-saving rules are the real ones to the day (US, EU, Australia, New
    Zealand, Chile approximated), computed without the system's tz database so
    that output does not depend on the machine.
    """
    std, rule = TIME_ZONES[zone]
    y = day.year
    if rule == "us":
        dst = _nth_sunday(y, 3, 2) <= day < _nth_sunday(y, 11, 1)
    elif rule == "eu":
        dst = _nth_sunday(y, 3, -1) <= day < _nth_sunday(y, 10, -1)
    elif rule == "au":
        dst = day >= _nth_sunday(y, 10, 1) or day < _nth_sunday(y, 4, 1)
    elif rule == "nz":
        dst = day >= _nth_sunday(y, 9, -1) or day < _nth_sunday(y, 4, 1)
    elif rule == "cl":
        dst = day >= _nth_sunday(y, 9, 1) or day < _nth_sunday(y, 4, 1)
    else:
        dst = False
    return std + (1 if dst else 0)


def _dates(*spans: str) -> set[date]:
    """Expand ``"2023-01-21..2023-01-27"`` / ``"2023-04-05"`` spans into dates."""
    out: set[date] = set()
    for span in spans:
        a, _, b = span.partition("..")
        d0 = date.fromisoformat(a)
        d1 = date.fromisoformat(b) if b else d0
        while d0 <= d1:
            out.add(d0)
            d0 += timedelta(days=1)
    return out


# Official PRC public holidays and make-up working days (adjusted weekends).
CN_HOLIDAYS = _dates(
    "2023-01-01..2023-01-02", "2023-01-21..2023-01-27", "2023-04-05",
    "2023-04-29..2023-05-03", "2023-06-22..2023-06-24", "2023-09-29..2023-10-06",
    "2024-01-01", "2024-02-10..2024-02-17", "2024-04-04..2024-04-06",
    "2024-05-01..2024-05-05", "2024-06-10", "2024-09-15..2024-09-17",
    "2024-10-01..2024-10-07", "2025-01-01", "2025-01-28..2025-02-04",
    "2025-04-04..2025-04-06", "2025-05-01..2025-05-05", "2025-05-31..2025-06-02",
    "2025-10-01..2025-10-08",
)
CN_MAKEUP_WORKDAYS = _dates(
    "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25",
    "2023-10-07", "2023-10-08", "2024-02-04", "2024-02-18", "2024-04-07",
    "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
    "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
)


def cn_workday(day: date) -> bool:
    """True if ``day`` is a working day in mainland China."""
    if day in CN_MAKEUP_WORKDAYS:
        return True
    return day.weekday() < 5 and day not in CN_HOLIDAYS


CST_ZONE = "Asia/Shanghai"
#: Zones of the ``other_zone`` operations' operators: UTC offset in hours (none
#: of them has daylight saving), working weekdays (Monday = 0) and office shifts
#: in local hours.  Iran works Saturday to Wednesday.  Public holidays are not
#: modelled.
OPERATOR_ZONES: dict[str, tuple[float, frozenset[int], tuple[tuple[int, int], ...]]] = {
    "Europe/Moscow": (3.0, frozenset(range(5)), ((10, 13), (14, 19))),
    "Asia/Tehran": (3.5, frozenset((5, 6, 0, 1, 2)), ((8, 12), (13, 16))),
    "America/Caracas": (-4.0, frozenset(range(5)), ((8, 12), (13, 17))),
}


# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words of a long string literal."""
    return tuple(text.split())


FIRST_NAMES = _words(
    "james mary john patricia robert jennifer michael linda william elizabeth david "
    "barbara richard susan joseph jessica thomas sarah charles karen christopher lisa "
    "daniel nancy matthew betty anthony sandra mark ashley donald emily steven kimberly "
    "andrew donna paul michelle joshua carol kevin amanda brian melissa george deborah "
    "timothy stephanie ryan rebecca jason laura jacob helen gary sharon nicholas "
    "cynthia eric kathleen jonathan amy larry angela justin anna scott brenda brandon "
    "emma frank olivia gregory sophia samuel grace benjamin chloe alexander mia "
    "patrick ella jack lily dennis hannah jerry zoe tyler natalie aaron victoria henry "
    "claire adam lucy nathan alice peter julia kyle ruby ethan isabella noah ava liam "
    "harper lucas evelyn oliver abigail leo sofia max lena felix clara hugo ines mateo "
    "valentina diego camila lucia pablo rafael beatriz joao ana pierre camille louis "
    "manon jonas mila kenji yuki hana haruto mei wei lin jun ming hui amara kwame "
    "tunde priya arjun rahul ananya rohan fatima omar layla"
)
LAST_NAMES = _words(
    "smith johnson williams brown jones garcia miller davis rodriguez martinez "
    "hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee "
    "perez thompson white harris sanchez clark ramirez lewis robinson walker young "
    "allen king wright scott torres nguyen hill flores green adams nelson baker hall "
    "rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker "
    "cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez "
    "ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward "
    "richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price "
    "alvarez castillo sanders patel myers long ross foster jimenez wang zhang liu chen "
    "yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo tanaka suzuki sato muller "
    "schmidt schneider fischer weber dubois moreau laurent silva santos oliveira souza "
    "costa ferreira okafor mensah sharma singh khan"
)
PINYIN_GIVEN = _words(
    "wei fang min jing li qiang lei jun yang yong jie juan tao ming chao xiuying hua "
    "gang ping hong xia dan hui lan yan bo hao yu xin yi ting jian feng kai rui"
)
PINYIN_SURNAMES = _words(
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin "
    "luo zheng liang xie song tang han feng deng cao peng"
)
HANDLE_ADJ = _words(
    "tiny happy lazy crazy silent little golden silver cosmic sleepy wild blue red "
    "green lucky midnight sunny misty urban retro neon salty spicy sweet bitter fuzzy "
    "brave quiet random hidden lost wandering electric frozen velvet crimson lunar "
    "solar rusty mellow grumpy clumsy curious daring gentle noisy sneaky witty jolly "
    "humble"
)
HANDLE_NOUN = _words(
    "koala panda otter fox wolf owl tiger falcon raven bear cat dog llama penguin "
    "dolphin turtle moose badger lynx sparrow river ocean mountain forest cloud storm "
    "pixel byte coffee tea muffin pancake taco noodle mango peach cherry lemon cactus "
    "fern maple willow comet rocket planet galaxy nova echo shadow ghost ninja wizard "
    "pirate knight dragon phoenix unicorn gamer chef nomad dreamer drifter rider "
    "runner reader writer painter poet hiker surfer skater baker"
)
HANDLE_HOBBY = _words(
    "runs cooks bakes reads codes draws travels lifts writes paints hikes games sings "
    "dances films shoots knits builds plays eats"
)
CITIES = (
    "Chicago", "Lisbon", "Tokyo", "Brooklyn", "Austin", "Seattle", "Manchester",
    "Melbourne", "Toronto", "Denver", "Barcelona", "Berlin", "Dublin", "Vancouver",
    "Nashville", "Miami", "Bristol", "Leeds", "Cape Town", "Lagos", "Nairobi", "Manila",
    "Mumbai", "Auckland", "Portland", "Boston", "San Diego", "Edinburgh", "Paris",
    "Rome", "Amsterdam", "Copenhagen", "Glasgow", "Atlanta", "Phoenix", "Perth",
    "Singapore", "Osaka", "Seoul", "Mexico City",
)
LEAGUES = (
    ("Lakers", "Celtics", "Warriors", "Nuggets", "Heat", "Knicks"),
    ("Yankees", "Dodgers", "Cubs", "Red Sox"),
    ("Arsenal", "Chelsea", "Liverpool", "Man City", "Man United", "Spurs", "Real Madrid",
     "Barcelona", "Atletico", "Bayern", "Dortmund", "PSG", "Juventus", "Inter", "Milan",
     "Benfica", "Porto"),
    ("Boca", "River", "Flamengo", "Palmeiras"),
    ("Chiefs", "Eagles", "Cowboys", "Packers", "49ers"),
    ("Maple Leafs", "Oilers"),
)
TEAMS = tuple(t for league in LEAGUES for t in league)
EMOJI = (
    "😂", "🤣", "😅", "😭", "🙏", "🔥", "❤️", "😍", "🥲", "🙃", "😎", "👀", "💀", "✨", "🎉",
    "👏", "💯", "😴", "🤔", "😤", "🥳", "☀️", "🌧️", "☕", "🍕", "⚽", "🏀", "🎶", "📚", "💪",
)


# ---------------------------------------------------------------------------
# Text grammars: slot-filling templates, one per language
# ---------------------------------------------------------------------------

_SLOT = re.compile(r"\{([A-Z0-9_]+)\}")


class _Template:
    """A template as a ``str.format`` pattern plus the slot names it fills."""

    __slots__ = ("fmt", "names", "lists")

    def __init__(self, text: str) -> None:
        parts = _SLOT.split(text)
        lits = [p.replace("{", "{{").replace("}", "}}") for p in parts[0::2]]
        self.names = tuple(parts[1::2])
        self.fmt = "{}".join(lits)
        self.lists: tuple[list, ...] = ()


def _compile(text: str) -> _Template | str:
    """Compile a template; plain strings (no slots) stay str."""
    return _Template(text) if "{" in text else text


class Grammar:
    """Random sentences from templates with ``{SLOT}`` placeholders.

    Slot values may contain slots themselves.  ``caps`` capitalises the first
    letter of a post; ``joiners`` glue sentences; ``enders`` end a post.
    """

    def __init__(
        self,
        slots: dict[str, Sequence[str]],
        templates: Sequence[str],
        *,
        caps: bool = True,
        joiners: Sequence[str] = (". ", "! ", " and ", "... ", "\n", ", "),
        enders: Sequence[str] = ("", "", ".", "!", "!!", "...", " lol", " tbh"),
    ) -> None:
        self.slots = {k: [_compile(v) for v in vals] for k, vals in slots.items()}
        self.templates = [_compile(t) for t in templates]
        self.caps = caps
        self.joiners = tuple(joiners)
        self.enders = tuple(enders)
        for comp in [*self.templates, *(v for vs in self.slots.values() for v in vs)]:
            if isinstance(comp, _Template):
                missing = [n for n in comp.names if n not in self.slots]
                if missing:
                    raise ValueError(f"unknown slots {missing} in grammar")
                comp.lists = tuple(self.slots[n] for n in comp.names)

    def fill(self, comp: _Template | str, rnd: Any) -> str:
        """Fill one compiled template; ``rnd`` is a ``random.Random.random``."""
        if comp.__class__ is str:
            return comp  # type: ignore[return-value]
        vals = [lst[int(rnd() * len(lst))] for lst in comp.lists]  # type: ignore[union-attr]
        return comp.fmt.format(*[  # type: ignore[union-attr]
            v if v.__class__ is str else self.fill(v, rnd) for v in vals])

    def sentence(self, rnd: Any) -> str:
        """One random sentence."""
        t = self.templates
        return self.fill(t[int(rnd() * len(t))], rnd)

    def post(self, rnd: Any, n_sentences: int) -> str:
        """A post of ``n_sentences`` sentences with casing and an ending."""
        parts = [self.sentence(rnd)]
        for _ in range(n_sentences - 1):
            j = self.joiners
            parts.append(j[int(rnd() * len(j))])
            parts.append(self.sentence(rnd))
        text = "".join(parts)
        if self.caps and rnd() < 0.6:
            text = text[0].upper() + text[1:]
        e = self.enders
        return text + e[int(rnd() * len(e))]


_NUMS = [str(i) for i in range(2, 41)]
_SMALL = [str(i) for i in range(2, 10)]
_SHARED = {
    "NAME": [n.capitalize() for n in FIRST_NAMES],
    "CITY": list(CITIES),
    "TEAM": list(TEAMS),
    "N": _NUMS,
    "NS": _SMALL,
}

EN = Grammar(
    {
        **_SHARED,
        "PLACE": [
            "{CITY}", "{CITY}", "the beach", "downtown", "the lake", "the mountains",
            "the office", "the gym", "the park", "my hometown", "the airport",
            "the farmers market", "the library", "my parents' place", "the mall",
            "the new place on {STREET}", "{NAME}'s place",
        ],
        "STREET": ["Main St", "5th Ave", "Elm Street", "the corner", "Queen St", "Broadway"],
        "FOOD": [
            "tacos", "ramen", "pizza", "sushi", "a burrito", "pho", "pad thai", "a burger",
            "lasagna", "banana bread", "pancakes", "fried chicken", "curry", "dumplings",
            "a poke bowl", "mac and cheese", "nachos", "bagels", "brisket", "falafel",
            "shakshuka", "a smash burger", "birria tacos", "cinnamon rolls", "sourdough",
            "clam chowder", "jollof rice", "biryani", "a cheesesteak", "waffles",
            "key lime pie", "gumbo", "bibimbap", "a kebab", "chili", "fish and chips",
            "{ADJF} {FOOD2}",
        ],
        "ADJF": ["homemade", "spicy", "vegan", "leftover", "cold", "grilled", "fancy"],
        "FOOD2": ["noodles", "soup", "pasta", "salad", "toast", "rice", "cookies", "wings"],
        "DRINK": [
            "coffee", "iced coffee", "green tea", "matcha", "a smoothie", "lemonade",
            "kombucha", "a cold beer", "hot chocolate", "an espresso", "chai", "bubble tea",
        ],
        "MEDIA": [
            "book", "podcast", "series", "album", "movie", "game", "documentary",
            "audiobook", "anime", "mini-series",
        ],
        "GENRE": [
            "sci-fi", "horror", "fantasy", "true crime", "indie", "romance", "mystery",
            "jazz", "lo-fi", "K-drama", "comedy", "thriller", "cozy", "retro",
        ],
        "ADJP": [
            "amazing", "so good", "incredible", "underrated", "perfect", "wild",
            "beautiful", "hilarious", "a vibe", "top tier", "way better than I expected",
            "honestly great", "unreal", "so wholesome", "really solid",
            "criminally underrated", "pure gold", "a masterpiece", "lovely", "worth it",
        ],
        "ADJN": [
            "terrible", "so overrated", "a mess", "mid", "disappointing", "a disaster",
            "painful", "so bad", "way too long", "cursed", "exhausting", "a scam",
            "annoying", "a letdown", "boring", "overpriced",
        ],
        "TIME": [
            "this morning", "last night", "today", "tonight", "yesterday", "all week",
            "on Sunday", "this weekend", "right now", "after work", "before lunch",
            "at 3am", "on my lunch break", "since Monday", "for the first time in years",
            "again",
        ],
        "PERSON": [
            "my mom", "my dad", "my sister", "my brother", "my boss", "my roommate",
            "my neighbor", "my best friend", "my kid", "my partner", "my grandma",
            "my coworker", "the cat", "my dog", "our puppy", "my landlord", "the barista",
            "my teacher", "my cousin", "my husband", "my wife", "{NAME}",
        ],
        "THING": [
            "my phone", "the train", "my laptop", "the wifi", "the dishwasher", "my car",
            "the bus", "the printer", "my headphones", "the elevator", "the AC", "my bike",
            "the microwave", "my alarm", "the coffee machine", "my keyboard", "the fridge",
        ],
        "ACT": [
            "running", "cooking", "gardening", "studying", "gaming", "painting",
            "cleaning", "coding", "reading", "hiking", "swimming", "knitting",
            "practicing guitar", "meal prepping", "job hunting", "packing", "driving",
            "baking", "doing yoga", "working", "learning Spanish", "building lego",
        ],
        "FEEL": [
            "tired", "so happy", "exhausted", "grateful", "stressed", "proud", "confused",
            "hungry", "bored", "excited", "nervous", "relieved", "sore", "sleepy",
            "motivated", "overwhelmed", "chill", "sunburnt",
        ],
        "NEWS": [
            "the election", "inflation", "rent prices", "the heat wave", "the strike",
            "the new tax plan", "gas prices", "the trade talks", "the housing market",
            "the transit budget", "the school board vote", "the wildfire smoke",
            "interest rates", "the new AI rules", "the climate report", "the summit",
            "the court ruling", "the tariffs", "the storm warning", "the power outage",
            "the debt ceiling deal", "the China trip", "the teachers' contract",
        ],
        "NEWSOP": [
            "is getting out of hand", "is all anyone talks about at work",
            "makes no sense to me", "is actually a big deal", "is being overblown",
            "needs more attention", "is going to hit us hard", "is finally getting fixed",
            "worries me a bit", "is pretty good news honestly", "was handled so badly",
            "deserves a proper debate", "is more complicated than people think",
        ],
        "ANIMAL": ["cat", "dog", "puppy", "kitten", "parrot", "hamster", "bunny"],
        "REACT": [
            "love that for me", "classic", "of course", "why is it always me",
            "great start", "send help", "fun times", "cool cool cool", "just my luck",
            "whatever", "we move", "perfect timing", "can't make this up",
        ],
        "VPAST": ["made", "ate", "tried", "cooked", "ordered", "baked", "found", "had"],
        "DAY": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "RESULT": ["win", "loss", "comeback", "draw", "game", "second half"],
    },
    [
        "{TIME} I {VPAST} {FOOD} and it was {ADJP}",
        "{PERSON} just broke {THING} {TIME}, {REACT}",
        "{THING} stopped working {TIME}. {REACT}",
        "anyone else feel {FEEL} after {ACT} {TIME}?",
        "{N} hours of {ACT} {TIME} and I'm {FEEL}",
        "finally finished that {GENRE} {MEDIA} and it was {ADJP}",
        "that {GENRE} {MEDIA} everyone talks about is {ADJN} tbh",
        "what a {RESULT} by the {TEAM} {TIME}",
        "{TEAM} fans, how are we feeling {TIME}?",
        "the {TEAM} looked {ADJN} {TIME}, not gonna lie",
        "{NEWS} {NEWSOP}",
        "honestly {NEWS} {NEWSOP}",
        "can't stop thinking about the {FOOD2} from that place in {CITY}",
        "{PLACE} {TIME} was {ADJP}",
        "hot take: {FOOD} is {ADJN}",
        "hot take: {FOOD} is {ADJP}",
        "{PERSON} says hi from {PLACE}",
        "my {ANIMAL} woke me up at {NS}am again",
        "{DRINK} and {ACT} kind of {DAY}",
        "ok {NAME} was right about the {FOOD2}",
        "shoutout to {NAME} for the {FOOD} recipe",
        "day {N} of {ACT} every day. feeling {FEEL}",
        "tried {ACT} for the first time {TIME}, it was {ADJP}",
        "{NAME} and I went to {PLACE} {TIME} and it was {ADJP}",
        "why is {THING} always broken on a {DAY}",
        "new {GENRE} playlist for {ACT} is up",
        "currently {FEEL}, eating {FOOD}, listening to {GENRE}",
        "can someone explain {NEWS} to me like I'm five",
        "is it just me or is {THING} getting worse",
        "{DRINK} number {NS} today",
        "the {FOOD2} at {PLACE} is {ADJP}",
        "just booked a trip to {CITY}!",
        "missing {CITY} so much {TIME}",
        "grateful for {PERSON} {TIME}",
        "{PERSON} made {FOOD} {TIME} and it was {ADJP}",
        "spent {TIME} {ACT} with {PERSON}",
        "the weather in {CITY} is {ADJN} {TIME}",
        "if the {TEAM} don't sign someone this summer I'm done",
        "watching the {TEAM} vs the {TEAM} {TIME}",
        "my {NS} year old just asked me about {NEWS}",
        "reminder to drink water and stop {ACT} for a bit",
        "{N} days until my trip to {CITY}",
        "{PERSON} recommended a {GENRE} {MEDIA} and it's {ADJP}",
        "{N} minutes into {ACT} and I'm already {FEEL}",
        "nothing beats {DRINK} after {ACT}",
        "not me {ACT} at {NS}am on a {DAY}",
    ],
)

ES = Grammar(
    {
        **_SHARED,
        "COMIDA": [
            "tacos", "paella", "empanadas", "arepas", "un asado", "churros",
            "tortilla de patatas", "ceviche", "pozole", "enchiladas", "gazpacho",
            "tamales", "una pizza", "sushi", "helado", "chilaquiles", "milanesa",
        ],
        "LUGAR": [
            "Madrid", "Barcelona", "CDMX", "Bogotá", "Buenos Aires", "Lima", "Santiago",
            "Sevilla", "Valencia", "Guadalajara", "Monterrey", "Medellín", "la playa",
            "el centro", "la oficina", "el parque", "casa de mi abuela", "Cancún", "Quito",
        ],
        "TIEMPO": [
            "hoy", "esta mañana", "anoche", "ayer", "este finde", "toda la semana",
            "el domingo", "ahora mismo", "después del trabajo", "otra vez",
        ],
        "PERSONA": [
            "mi mamá", "mi papá", "mi hermana", "mi hermano", "mi jefe", "mi compa de piso",
            "mi vecino", "mi mejor amiga", "mi perro", "el gato", "mi abuela", "mi novio",
            "mi novia", "mi prima", "{NAME}",
        ],
        "ADJP": [
            "buenísimo", "increíble", "una maravilla", "lo mejor", "espectacular",
            "muy top", "brutal", "precioso", "genial", "una joya",
        ],
        "ADJN": [
            "malísimo", "un desastre", "carísimo", "aburridísimo", "una estafa", "lo peor",
            "un caos", "insoportable",
        ],
        "COSA": [
            "el móvil", "el metro", "la compu", "el wifi", "el coche", "el bus",
            "la lavadora", "el ascensor", "el aire acondicionado", "mi portátil",
        ],
        "ACT": [
            "correr", "cocinar", "estudiar", "jugar", "leer", "trabajar", "limpiar",
            "entrenar", "bailar", "caminar",
        ],
        "SENT": [
            "cansado", "feliz", "agotada", "agradecido", "estresada", "orgulloso",
            "aburrido", "emocionada", "nervioso", "tranquila",
        ],
        "NOTICIA": [
            "las elecciones", "la inflación", "el precio del alquiler", "la ola de calor",
            "la huelga", "los impuestos", "el precio de la gasolina", "la reforma",
            "el tráfico", "la sequía",
        ],
        "OPINION": [
            "ya es demasiado", "no tiene sentido", "es un tema serio",
            "me preocupa bastante", "es lo único de lo que se habla",
            "está fuera de control", "es una buena noticia la verdad",
        ],
    },
    [
        "{TIEMPO} comí {COMIDA} y estaba {ADJP}",
        "{PERSONA} rompió {COSA} {TIEMPO}, qué risa",
        "{COSA} dejó de funcionar {TIEMPO}, lo que me faltaba",
        "¿alguien más está {SENT} {TIEMPO}?",
        "{N} horas de {ACT} {TIEMPO} y estoy {SENT}",
        "{NOTICIA} {OPINION}",
        "qué partidazo del {TEAM} {TIEMPO}",
        "el {TEAM} jugó fatal {TIEMPO}, no hay excusa",
        "{LUGAR} {TIEMPO} estaba {ADJP}",
        "extraño mucho {LUGAR}",
        "la comida de {LUGAR} es {ADJP}",
        "opinión impopular: {COMIDA} es {ADJN}",
        "{NAME} tenía razón sobre {COMIDA}",
        "día {N} intentando {ACT} todos los días",
        "me voy a {LUGAR} este verano!!",
        "gracias {PERSONA} por todo",
        "{PERSONA} hizo {COMIDA} {TIEMPO} y estaba {ADJP}",
        "el clima en {LUGAR} está {ADJN} {TIEMPO}",
        "viendo {TEAM} vs {TEAM} {TIEMPO}",
        "{TIEMPO} fui a {LUGAR} con {PERSONA}, {ADJP}",
    ],
    enders=("", "", ".", "!", "!!", "...", " jajaja", " jaja"),
    joiners=(". ", "! ", " y ", "... ", "\n", ", "),
)

PT = Grammar(
    {
        **_SHARED,
        "COMIDA": [
            "feijoada", "pão de queijo", "coxinha", "açaí", "brigadeiro", "pastel",
            "churrasco", "moqueca", "pizza", "sushi", "tapioca", "bacalhau",
        ],
        "LUGAR": [
            "São Paulo", "Rio", "Belo Horizonte", "Salvador", "Recife", "Curitiba",
            "Porto Alegre", "Lisboa", "Porto", "Fortaleza", "a praia", "o trabalho",
            "a academia", "a casa da minha avó",
        ],
        "TEMPO": [
            "hoje", "hoje de manhã", "ontem à noite", "ontem", "nesse fim de semana",
            "a semana toda", "no domingo", "agora", "de novo",
        ],
        "PESSOA": [
            "minha mãe", "meu pai", "minha irmã", "meu irmão", "meu chefe",
            "meu colega de quarto", "minha vizinha", "minha melhor amiga", "meu gato",
            "meu cachorro", "minha avó", "meu namorado", "{NAME}",
        ],
        "ADJP": ["maravilhoso", "incrível", "muito bom", "perfeito", "sensacional", "top demais"],
        "ADJN": ["horrível", "uma decepção", "caro demais", "um caos", "chato", "insuportável"],
        "COISA": [
            "meu celular", "o metrô", "meu notebook", "o wifi", "o carro", "o ônibus",
            "a máquina de lavar",
        ],
        "ACT": [
            "correr", "cozinhar", "estudar", "jogar", "ler", "trabalhar", "limpar a casa",
            "treinar", "dançar",
        ],
        "SENT": [
            "cansado", "feliz", "exausta", "grato", "estressada", "orgulhoso", "animada",
            "nervoso",
        ],
        "NOTICIA": [
            "a inflação", "o preço do aluguel", "a onda de calor", "a greve", "os impostos",
            "o preço da gasolina", "as eleições", "a reforma",
        ],
        "OPINIAO": [
            "já passou dos limites", "não faz sentido", "é um assunto sério",
            "me preocupa", "é só o que se fala", "é uma boa notícia na verdade",
        ],
    },
    [
        "{TEMPO} comi {COMIDA} e tava {ADJP}",
        "{PESSOA} quebrou {COISA} {TEMPO}, que ótimo",
        "{COISA} parou de funcionar {TEMPO}, só pra variar",
        "mais alguém {SENT} {TEMPO}?",
        "{N} horas tentando {ACT}, tô {SENT}",
        "{NOTICIA} {OPINIAO}",
        "que jogo do {TEAM} {TEMPO}",
        "{LUGAR} {TEMPO} tava {ADJP}",
        "saudade de {LUGAR}",
        "opinião impopular: {COMIDA} é {ADJN}",
        "{NAME} tinha razão sobre {COMIDA}",
        "dia {N} tentando {ACT} todo dia",
        "obrigado {PESSOA} por tudo",
        "{PESSOA} fez {COMIDA} {TEMPO} e ficou {ADJP}",
        "{TEMPO} fui em {LUGAR} com {PESSOA}, {ADJP}",
        "o tempo em {LUGAR} tá {ADJN} {TEMPO}",
    ],
    enders=("", "", ".", "!", "!!", "...", " kkkk", " kkkkkk", " rs"),
    joiners=(". ", "! ", " e ", "... ", "\n", ", "),
)

FR = Grammar(
    {
        **_SHARED,
        "FOOD": [
            "une raclette", "des crêpes", "un croissant", "une pizza", "des sushis",
            "un couscous", "une galette", "un burger", "des frites", "une quiche",
            "un tajine", "une fondue",
        ],
        "LIEU": [
            "Paris", "Lyon", "Marseille", "Bordeaux", "Lille", "Nantes", "Toulouse",
            "Montréal", "Bruxelles", "Genève", "Dakar", "la plage", "le bureau",
            "chez mes parents", "la campagne",
        ],
        "TIME": [
            "ce matin", "hier soir", "aujourd'hui", "ce soir", "hier", "ce week-end",
            "toute la semaine", "dimanche", "encore",
        ],
        "PERSON": [
            "ma mère", "mon père", "ma sœur", "mon frère", "mon chef", "mon coloc",
            "ma voisine", "ma meilleure amie", "mon chat", "mon chien", "ma grand-mère",
            "mon copain", "{NAME}",
        ],
        "ADJP": ["incroyable", "trop bon", "génial", "parfait", "magnifique", "top", "une pépite"],
        "ADJN": ["nul", "décevant", "une catastrophe", "hors de prix", "interminable", "pénible"],
        "THING": [
            "mon téléphone", "le métro", "mon ordi", "le wifi", "la voiture", "le bus",
            "la machine à laver", "le RER",
        ],
        "ACT": ["courir", "cuisiner", "réviser", "jouer", "lire", "bosser", "ranger", "nager"],
        "FEEL": ["crevé", "content", "épuisée", "reconnaissant", "stressée", "fier", "motivée"],
        "NEWS": [
            "la réforme des retraites", "l'inflation", "les loyers", "la canicule",
            "la grève", "le prix de l'essence", "les élections", "la sécheresse",
        ],
        "OP": [
            "c'est n'importe quoi", "ça devient grave", "personne n'en parle assez",
            "ça m'inquiète un peu", "c'est une bonne nouvelle en fait", "il faut en parler",
        ],
    },
    [
        "{TIME} j'ai mangé {FOOD}, c'était {ADJP}",
        "{PERSON} a cassé {THING} {TIME}, super",
        "{THING} ne marche plus {TIME}, évidemment",
        "qui d'autre est {FEEL} {TIME} ?",
        "{N} heures à {ACT} {TIME}, je suis {FEEL}",
        "{NEWS}, {OP}",
        "quel match du {TEAM} {TIME}",
        "{LIEU} {TIME} c'était {ADJP}",
        "{LIEU} me manque trop",
        "avis impopulaire : {FOOD} c'est {ADJN}",
        "{NAME} avait raison pour {FOOD}",
        "jour {N} à {ACT} tous les jours",
        "merci {PERSON} pour tout",
        "{PERSON} a fait {FOOD} {TIME}, c'était {ADJP}",
        "la météo à {LIEU} est {ADJN} {TIME}",
        "{TIME} balade à {LIEU} avec {PERSON}, {ADJP}",
    ],
    enders=("", "", ".", " !", " !!", "...", " mdr", " ptdr"),
    joiners=(". ", " ! ", " et ", "... ", "\n", ", "),
)

DE = Grammar(
    {
        **_SHARED,
        "FOOD": [
            "Currywurst", "Käsespätzle", "eine Brezel", "Döner", "Schnitzel", "Pizza",
            "Sushi", "Apfelstrudel", "Pommes", "Spargel", "Kaiserschmarrn", "Ramen",
        ],
        "STADT": [
            "Berlin", "Hamburg", "München", "Köln", "Wien", "Zürich", "Leipzig",
            "Frankfurt", "Stuttgart", "Dresden", "Graz", "Basel",
        ],
        "TIME": [
            "heute", "heute Morgen", "gestern Abend", "gestern", "am Wochenende",
            "die ganze Woche", "am Sonntag", "gerade", "schon wieder",
        ],
        "PERSON": [
            "meine Mutter", "mein Vater", "meine Schwester", "mein Bruder", "mein Chef",
            "mein Mitbewohner", "meine Nachbarin", "meine beste Freundin", "meine Katze",
            "mein Hund", "meine Oma", "{NAME}",
        ],
        "ADJP": ["mega", "richtig gut", "der Hammer", "wunderschön", "großartig", "perfekt"],
        "ADJN": [
            "furchtbar", "enttäuschend", "viel zu teuer", "eine Katastrophe", "anstrengend",
            "langweilig",
        ],
        "THING": [
            "mein Handy", "die S-Bahn", "mein Laptop", "das WLAN", "das Auto", "der Bus",
            "die Waschmaschine", "die Bahn",
        ],
        "ACT": ["Laufen", "Kochen", "Lernen", "Zocken", "Lesen", "Arbeiten", "Aufräumen", "Radfahren"],
        "FEEL": ["müde", "glücklich", "fertig", "dankbar", "gestresst", "stolz", "motiviert", "genervt"],
        "NEWS": [
            "die Inflation", "die Mieten", "die Hitzewelle", "der Streik",
            "das Heizungsgesetz", "die Spritpreise", "die Wahl", "die Bahn-Verspätungen",
        ],
        "OP": [
            "ist echt nicht mehr normal", "nervt langsam", "wird viel zu wenig diskutiert",
            "macht mir Sorgen", "ist eigentlich eine gute Nachricht",
        ],
    },
    [
        "{TIME} gab es {FOOD} und es war {ADJP}",
        "{THING} geht {TIME} schon wieder nicht",
        "ist noch jemand so {FEEL} {TIME}?",
        "{N} Stunden {ACT} {TIME} und ich bin {FEEL}",
        "{NEWS} {OP}",
        "was für ein Spiel von {TEAM} {TIME}",
        "{STADT} war {TIME} {ADJP}",
        "ich vermisse {STADT} so sehr",
        "unpopuläre Meinung: {FOOD} ist {ADJN}",
        "{NAME} hatte recht mit {FOOD}",
        "Tag {N}: jeden Tag {ACT}",
        "danke an {PERSON} für alles",
        "das Wetter in {STADT} ist {TIME} {ADJN}",
        "{PERSON} hat {TIME} {FOOD} gemacht, {ADJP}",
        "{TIME} mit {PERSON} in {STADT}, {ADJP}",
    ],
    enders=("", "", ".", "!", "!!", "...", " haha", " lol"),
    joiners=(". ", "! ", " und ", "... ", "\n", ", "),
)

ZH = Grammar(
    {
        **_SHARED,
        "FOOD": [
            "火锅", "小笼包", "烤鸭", "奶茶", "牛肉面", "饺子", "麻辣烫", "煎饼果子", "寿司",
            "披萨", "粽子", "凉皮", "烧烤", "蛋挞", "咖啡", "卤肉饭", "肠粉",
        ],
        "PLACE": [
            "台北", "香港", "上海", "新加坡", "吉隆坡", "高雄", "深圳", "东京", "温哥华",
            "悉尼", "公司", "家里", "海边", "夜市", "健身房", "图书馆",
        ],
        "TIME": ["今天", "昨天", "今晚", "早上", "这周末", "刚刚", "最近", "上班的时候", "半夜", "周日"],
        "PERSON": [
            "我妈", "我爸", "我姐", "我弟", "老板", "室友", "同事", "我家猫", "我家狗",
            "男朋友", "女朋友", "奶奶", "邻居",
        ],
        "ADJP": ["超好吃", "太棒了", "绝了", "很不错", "好治愈", "真香", "超级好看", "太可爱了", "很值得"],
        "ADJN": ["太难吃了", "一言难尽", "好累", "太贵了", "很失望", "无语", "踩雷了", "热死了"],
        "THING": ["手机", "电脑", "地铁", "网络", "空调", "洗衣机", "电梯", "耳机", "公交车"],
        "ACT": ["跑步", "做饭", "学习", "打游戏", "加班", "看书", "健身", "追剧", "画画", "练琴"],
        "FEEL": ["好累", "好开心", "有点焦虑", "很满足", "好困", "超级期待", "有点烦", "很感动"],
        "NEWS": ["房价", "油价", "高温天气", "台风", "考试", "物价", "股市", "新政策", "毕业季", "梅雨"],
        "OP": ["真的让人头疼", "大家怎么看", "越来越离谱了", "希望快点好起来", "也太夸张了吧", "值得关注"],
    },
    [
        "{TIME}吃了{FOOD}，{ADJP}",
        "{PERSON}{TIME}把{THING}弄坏了，无语",
        "{THING}{TIME}又坏了",
        "{TIME}{ACT}了{NS}个小时，{FEEL}",
        "{NEWS}{OP}",
        "{PLACE}{TIME}{ADJN}",
        "好想去{PLACE}啊",
        "{TIME}和{PERSON}去了{PLACE}，{ADJP}",
        "{PLACE}的{FOOD}{ADJP}",
        "有人也{FEEL}吗",
        "终于看完了那部剧，{ADJP}",
        "{TEAM}{TIME}的比赛{ADJP}",
        "第{N}天坚持{ACT}",
        "推荐{PLACE}的{FOOD}",
        "{PERSON}做的{FOOD}{ADJP}",
        "{TIME}在{PLACE}{ACT}，{FEEL}",
    ],
    caps=False,
    joiners=("。", "！", "，", " ", "\n"),
    enders=("", "", "。", "！", "～", "哈哈哈", "😂"),
)

JA = Grammar(
    {
        **_SHARED,
        "FOOD": [
            "ラーメン", "寿司", "カレー", "たこ焼き", "焼肉", "うどん", "お好み焼き", "唐揚げ",
            "抹茶パフェ", "天ぷら", "おにぎり", "餃子", "パンケーキ",
        ],
        "PLACE": [
            "東京", "大阪", "京都", "福岡", "札幌", "名古屋", "横浜", "沖縄", "渋谷", "新宿",
            "会社", "カフェ", "海", "実家",
        ],
        "TIME": ["今日", "昨日", "今朝", "今夜", "週末", "さっき", "最近", "仕事の後", "夜中", "日曜日"],
        "PERSON": ["母", "父", "姉", "弟", "上司", "友達", "同僚", "うちの猫", "うちの犬", "彼氏", "彼女", "祖母"],
        "ADJP": ["最高だった", "美味しすぎた", "めっちゃ良かった", "神だった", "感動した", "癒された", "楽しかった"],
        "ADJN": ["微妙だった", "疲れた", "高すぎた", "残念だった", "しんどい"],
        "THING": ["スマホ", "パソコン", "電車", "Wi-Fi", "エアコン", "洗濯機", "イヤホン"],
        "ACT": ["ランニング", "料理", "勉強", "ゲーム", "残業", "読書", "筋トレ", "散歩", "掃除"],
        "FEEL": ["眠い", "嬉しい", "疲れた", "楽しみ", "不安", "幸せ"],
        "NEWS": ["物価高", "梅雨", "台風", "選挙", "円安", "電気代", "猛暑"],
        "OP": ["やばいな", "どうなるんだろう", "つらい", "心配", "ひどすぎる", "ちょっと気になる"],
    },
    [
        "{TIME}{FOOD}食べた、{ADJP}",
        "{TIME}の{ACT}、{ADJN}",
        "{THING}が{TIME}壊れた…",
        "{PLACE}行きたい",
        "{TIME}{PERSON}と{PLACE}に行った！{ADJP}",
        "{NEWS}{OP}",
        "{ACT}{NS}時間やって{FEEL}",
        "{PLACE}の{FOOD}{ADJP}",
        "{PERSON}が作った{FOOD}{ADJP}",
        "{N}日連続で{ACT}",
        "{TIME}は{FEEL}",
        "{TEAM}の試合{ADJP}",
    ],
    caps=False,
    joiners=("。", "！", "、", " ", "\n"),
    enders=("", "", "。", "！", "w", "ｗｗｗ", "笑"),
)

GRAMMARS: dict[str, Grammar] = {"en": EN, "es": ES, "pt": PT, "fr": FR, "de": DE, "zh": ZH, "ja": JA}

# Short texts that many unrelated people post (chance duplicates, generic replies).
GENERIC: dict[str, tuple[str, ...]] = {
    "en": (
        "lol", "lmao", "so true", "this!", "This.", "this 👆", "facts", "same", "omg",
        "congrats!", "Congratulations!!", "love this", "wow", "agreed", "100%", "thank you!",
        "Happy Friday!", "Happy Monday everyone", "mood", "I needed this today", "yes!!",
        "exactly", "so cute", "no way", "big if true", "W", "good morning",
        "Good morning everyone ☀️", "good night", "beautiful", "well said", "amen",
        "so proud of you", "can't wait", "haha", "hahaha", "same here", "why is this so true",
        "real", "based", "sending love", "RIP", "legend", "iconic", "So true!", "love it",
    ),
    "es": ("jajaja", "jajajaja", "buenos días", "qué bonito", "totalmente de acuerdo",
           "así es", "felicidades!", "qué risa", "gracias!", "amén", "tal cual"),
    "pt": ("kkkkk", "kkkkkkk", "bom dia", "que lindo", "verdade", "parabéns!", "amei",
           "isso aí", "obrigado!", "amém"),
    "fr": ("mdr", "ptdr", "bonjour à tous", "trop vrai", "grave", "bravo !", "merci !",
           "trop mignon", "exactement"),
    "de": ("haha", "guten Morgen", "stimmt", "genau", "so wahr", "Glückwunsch!", "danke!",
           "mega", "richtig so"),
    "zh": ("哈哈哈", "哈哈哈哈", "早安", "说得对", "太真实了", "恭喜！", "谢谢", "好可爱", "加油", "笑死"),
    "ja": ("草", "おはようございます", "それな", "わかる", "おめでとう！", "ありがとう", "かわいい", "すごい"),
    "und": ("😂😂😂", "😂", "❤️", "❤️❤️", "👏👏👏", "🔥🔥", "🔥", "🙏", "💯", "😭😭", "👍", "🥰", "💀💀"),
}
QUOTES = (
    "Be the change you wish to see in the world.",
    "The only way to do great work is to love what you do.",
    "In the middle of difficulty lies opportunity.",
    "It always seems impossible until it's done.",
    "Whatever you are, be a good one.",
    "Stay hungry, stay foolish.",
    "Happiness is not something ready made. It comes from your own actions.",
    "Do what you can, with what you have, where you are.",
    "The best time to plant a tree was 20 years ago. The second best time is now.",
    "Not all those who wander are lost.",
    "Dream big and dare to fail.",
    "What we think, we become.",
    "Life is what happens when you're busy making other plans.",
    "Act as if what you do makes a difference. It does.",
    "Keep your face always toward the sunshine, and shadows will fall behind you.",
    "You miss 100% of the shots you don't take.",
    "The journey of a thousand miles begins with one step.",
    "Simplicity is the ultimate sophistication.",
)
MEMES = (
    "me: I'll go to bed early\nalso me at 3am: 👁👄👁",
    "nobody:\nabsolutely nobody:\nmy cat at 4am: zoomies",
    "POV: it's Monday again",
    "Tell me you're tired without telling me you're tired",
    "not me crying over a commercial again",
    "me pretending to understand the group chat",
    "my bank account after one weekend 📉",
    "the wifi when you need it the most: 🐌",
    "when the weekend goes by in 5 minutes",
    "me explaining to my boss why I'm late: 🏃‍♂️💨",
    "current status: running on coffee and vibes",
    "that feeling when the food arrives 🤤",
    "Monday: exists\nme: 😩",
    "Friday feeling 🕺",
)
FILLER: dict[str, tuple[str, ...]] = {
    "en": (
        "Good morning! Have a nice day 🌸", "Beautiful sunset today 🌅", "Flowers in the park 🌷",
        "Happy weekend everyone!", "Nature is so beautiful 🌿", "Have a wonderful day!",
        "Peaceful morning ☕", "Good night friends 🌙", "Spring flowers are blooming",
        "Life is beautiful", "Enjoy the little things", "Good morning ☀️",
    ),
    "zh": (
        "早安，祝大家有美好的一天🌸", "今天的夕阳真美🌅", "公园里的花开了🌷", "周末愉快！",
        "大自然真美🌿", "晚安🌙", "生活很美好", "早上好☀️", "享受生活中的小确幸",
    ),
}

CHAIN_TEXTS: tuple[tuple[str, str], ...] = (
    ("en", "Copy and paste this if you love your mom ❤️ Let's see how many of my friends "
           "actually read my posts. I know who will 😉"),
    ("en", "I'm copying this from a friend. Cancer is a serious illness and so many people "
           "fight it every day. Copy and paste (don't share) if you know someone who fought "
           "it. 🎗️"),
    ("en", "Copy and paste this if you believe in kindness. 97% won't, but the 3% that do "
           "are the real ones 💯"),
    ("en", "NEW RULE: I do not give permission to use my pictures, information, messages or "
           "posts, past or future. Copy and paste this to protect your privacy. Sharing does "
           "not work, you have to copy it!"),
    ("en", "Let's see who actually reads my posts: if you see this, comment your favorite "
           "color and then copy and paste this to your page 🌈"),
    ("en", "Copy and paste this if you're proud of your kids, even on the hard days. "
           "Parenting is the toughest job in the world ❤️"),
    ("es", "Copia y pega esto si amas a tu madre ❤️ Quiero ver cuántos amigos leen mis "
           "publicaciones de verdad 😉"),
    ("pt", "Copie e cole isso se você ama sua mãe ❤️ Quero ver quantos amigos realmente "
           "leem meus posts 😉"),
    ("fr", "Copiez-collez ce message si vous aimez votre maman ❤️ Je veux voir qui lit "
           "vraiment mes publications 😉"),
    ("de", "Kopiere das und füge es ein, wenn du deine Mama liebst ❤️ Mal sehen, wer meine "
           "Beiträge wirklich liest 😉"),
)
CHAIN_PREFIX = ("Copied from a friend: ", "Done ✅ ", "Why not. ", "❤️ ", "Copied. ", "")
PACK_PRAISE: dict[str, tuple[str, ...]] = {
    "en": (
        "Well said 👍", "So true!", "Totally agree", "This is the truth", "👍👍👍",
        "Exactly!", "Great post", "Support!", "People need to see this", "Agree 100%",
        "Facts", "Absolutely right", "💯", "Good point", "Thank you for sharing",
    ),
    "zh": ("说得好👍", "说得对", "支持！", "这才是真相", "👍👍👍", "完全同意", "顶", "好文", "必须转发", "真相大白"),
}


# Campaign content: parallel tables, so a message can be "machine translated"
# by rendering the same (claim, support, call) indices in another language.
MT_LANGS = ("en", "zh", "es", "fr", "de", "ru")
CLAIMS: dict[str, tuple[str, ...]] = {
    "en": (
        "America is the biggest threat to world peace.",
        "The US government always lie to its own people.",
        "Gun violence in America is out of control, nobody is safe.",
        "Why the US hide the truth about Fort Detrick lab?",
        "Hong Kong is more stable and prosperous than ever.",
        "Japan dumping nuclear waste water into the ocean is a crime against humanity.",
        "The so-called democracy of America is only for the rich.",
        "Washington is using Taiwan as a pawn to make trouble in Asia.",
        "Homeless people fill the streets of American cities while politicians fight.",
        "The fentanyl crisis shows the failure of the US system.",
        "US biolabs around the world must be investigated.",
        "China's development brings opportunities to the whole world.",
        "Western media keep spreading fake news about China.",
        "The fugitive businessman is a liar who cheated his own followers.",
        "American hegemony is the root of chaos in the Middle East.",
        "Racism in America is getting worse every year.",
    ),
    "zh": (
        "美国是世界和平的最大威胁。", "美国政府一直在欺骗自己的人民。",
        "美国枪支暴力失控，没有人是安全的。", "美国为什么要隐瞒德特里克堡实验室的真相？",
        "香港比以往任何时候都更加稳定繁荣。", "日本向海洋排放核污水是反人类的罪行。",
        "美国所谓的民主只属于富人。", "华盛顿把台湾当作棋子在亚洲制造麻烦。",
        "政客们争吵不休，美国城市的街头却挤满了无家可归的人。", "芬太尼危机显示了美国制度的失败。",
        "美国在全球的生物实验室必须接受调查。", "中国的发展给全世界带来机遇。",
        "西方媒体不断散布关于中国的假新闻。", "那个逃亡商人是个骗子，欺骗了自己的追随者。",
        "美国霸权是中东乱局的根源。", "美国的种族歧视一年比一年严重。",
    ),
    "es": (
        "Estados Unidos es la mayor amenaza para la paz mundial.",
        "El gobierno de EE.UU. siempre miente a su propio pueblo.",
        "La violencia armada en EE.UU. está fuera de control, nadie está a salvo.",
        "¿Por qué EE.UU. oculta la verdad sobre el laboratorio de Fort Detrick?",
        "Hong Kong está más estable y próspero que nunca.",
        "Que Japón vierta agua nuclear al océano es un crimen contra la humanidad.",
        "La llamada democracia de EE.UU. es solo para los ricos.",
        "Washington usa a Taiwán como un peón para crear problemas en Asia.",
        "Las personas sin hogar llenan las calles de EE.UU. mientras los políticos pelean.",
        "La crisis del fentanilo muestra el fracaso del sistema estadounidense.",
        "Los biolaboratorios de EE.UU. en el mundo deben ser investigados.",
        "El desarrollo de China trae oportunidades a todo el mundo.",
        "Los medios occidentales siguen difundiendo noticias falsas sobre China.",
        "El empresario fugitivo es un mentiroso que engañó a sus propios seguidores.",
        "La hegemonía estadounidense es la raíz del caos en Oriente Medio.",
        "El racismo en EE.UU. empeora cada año.",
    ),
    "fr": (
        "L'Amérique est la plus grande menace pour la paix mondiale.",
        "Le gouvernement américain ment toujours à son propre peuple.",
        "La violence armée aux États-Unis est hors de contrôle, personne n'est en sécurité.",
        "Pourquoi les États-Unis cachent-ils la vérité sur le laboratoire de Fort Detrick ?",
        "Hong Kong est plus stable et prospère que jamais.",
        "Le rejet d'eaux nucléaires par le Japon dans l'océan est un crime contre l'humanité.",
        "La soi-disant démocratie américaine n'existe que pour les riches.",
        "Washington utilise Taïwan comme un pion pour semer le trouble en Asie.",
        "Les sans-abri remplissent les rues américaines pendant que les politiciens se battent.",
        "La crise du fentanyl montre l'échec du système américain.",
        "Les laboratoires biologiques américains dans le monde doivent faire l'objet d'une enquête.",
        "Le développement de la Chine apporte des opportunités au monde entier.",
        "Les médias occidentaux continuent de répandre de fausses nouvelles sur la Chine.",
        "L'homme d'affaires en fuite est un menteur qui a trompé ses propres partisans.",
        "L'hégémonie américaine est la racine du chaos au Moyen-Orient.",
        "Le racisme en Amérique s'aggrave chaque année.",
    ),
    "de": (
        "Amerika ist die größte Bedrohung für den Weltfrieden.",
        "Die US-Regierung belügt ständig ihr eigenes Volk.",
        "Die Waffengewalt in den USA ist außer Kontrolle, niemand ist sicher.",
        "Warum verheimlichen die USA die Wahrheit über das Labor in Fort Detrick?",
        "Hongkong ist stabiler und wohlhabender als je zuvor.",
        "Dass Japan atomares Abwasser ins Meer leitet, ist ein Verbrechen gegen die Menschheit.",
        "Die sogenannte Demokratie Amerikas gibt es nur für die Reichen.",
        "Washington benutzt Taiwan als Spielfigur, um in Asien Unruhe zu stiften.",
        "Obdachlose füllen die Straßen amerikanischer Städte, während Politiker streiten.",
        "Die Fentanyl-Krise zeigt das Versagen des US-Systems.",
        "Die US-Biolabore in aller Welt müssen untersucht werden.",
        "Chinas Entwicklung bringt der ganzen Welt Chancen.",
        "Westliche Medien verbreiten weiter Falschnachrichten über China.",
        "Der flüchtige Geschäftsmann ist ein Lügner, der seine eigenen Anhänger betrogen hat.",
        "Die amerikanische Hegemonie ist die Wurzel des Chaos im Nahen Osten.",
        "Der Rassismus in Amerika wird jedes Jahr schlimmer.",
    ),
    "ru": (
        "Америка — самая большая угроза миру во всём мире.",
        "Правительство США всегда лжёт своему народу.",
        "Оружейное насилие в США вышло из-под контроля, никто не в безопасности.",
        "Почему США скрывают правду о лаборатории Форт-Детрик?",
        "Гонконг стабильнее и богаче, чем когда-либо.",
        "Сброс Японией ядерной воды в океан — преступление против человечества.",
        "Так называемая американская демократия существует только для богатых.",
        "Вашингтон использует Тайвань как пешку, чтобы сеять смуту в Азии.",
        "Бездомные заполнили улицы американских городов, пока политики ссорятся.",
        "Кризис фентанила показывает провал американской системы.",
        "Биолаборатории США по всему миру должны быть расследованы.",
        "Развитие Китая открывает возможности для всего мира.",
        "Западные СМИ продолжают распространять фейки о Китае.",
        "Беглый бизнесмен — лжец, обманувший своих последователей.",
        "Американская гегемония — корень хаоса на Ближнем Востоке.",
        "Расизм в Америке с каждым годом становится всё хуже.",
    ),
}
SUPPORTS: dict[str, tuple[str, ...]] = {
    "en": (
        "Everyone can see it clearly.", "The facts do not lie.",
        "Even American people do not believe their government anymore.",
        "This is what the mainstream media will never tell you.",
        "History will prove who is right.", "The numbers are shocking.",
        "Double standard again!", "How long will this continue?", "The world is watching.",
        "They only care about money and power.", "Peace and cooperation is what people want.",
        "Stop lying to the world.",
    ),
    "zh": (
        "大家都看得清清楚楚。", "事实不会说谎。", "连美国人自己都不再相信他们的政府。",
        "这是主流媒体永远不会告诉你的。", "历史会证明谁是对的。", "数字令人震惊。", "又是双重标准！",
        "这种情况还要持续多久？", "全世界都在看着。", "他们只关心金钱和权力。", "和平与合作才是人民想要的。",
        "别再对世界撒谎了。",
    ),
    "es": (
        "Todos lo pueden ver claramente.", "Los hechos no mienten.",
        "Ni los propios estadounidenses creen ya en su gobierno.",
        "Esto es lo que los medios nunca te dirán.", "La historia demostrará quién tiene razón.",
        "Las cifras son impactantes.", "¡Otra vez doble rasero!", "¿Hasta cuándo seguirá esto?",
        "El mundo está mirando.", "Solo les importan el dinero y el poder.",
        "La paz y la cooperación es lo que la gente quiere.", "Dejen de mentirle al mundo.",
    ),
    "fr": (
        "Tout le monde le voit clairement.", "Les faits ne mentent pas.",
        "Même les Américains ne croient plus leur gouvernement.",
        "Voilà ce que les grands médias ne vous diront jamais.",
        "L'histoire prouvera qui a raison.", "Les chiffres sont choquants.",
        "Encore deux poids, deux mesures !", "Combien de temps cela va-t-il durer ?",
        "Le monde regarde.", "Ils ne pensent qu'à l'argent et au pouvoir.",
        "La paix et la coopération, c'est ce que veulent les peuples.",
        "Arrêtez de mentir au monde.",
    ),
    "de": (
        "Jeder kann es deutlich sehen.", "Die Fakten lügen nicht.",
        "Selbst die Amerikaner glauben ihrer Regierung nicht mehr.",
        "Das werden Ihnen die Mainstream-Medien nie sagen.",
        "Die Geschichte wird zeigen, wer recht hat.", "Die Zahlen sind schockierend.",
        "Schon wieder Doppelmoral!", "Wie lange soll das noch so weitergehen?",
        "Die Welt schaut zu.", "Ihnen geht es nur um Geld und Macht.",
        "Frieden und Zusammenarbeit wollen die Menschen.", "Hört auf, die Welt zu belügen.",
    ),
    "ru": (
        "Все это ясно видят.", "Факты не лгут.",
        "Даже сами американцы больше не верят своему правительству.",
        "Об этом главные СМИ вам никогда не расскажут.", "История покажет, кто прав.",
        "Цифры шокируют.", "Опять двойные стандарты!", "Сколько это будет продолжаться?",
        "Весь мир наблюдает.", "Их волнуют только деньги и власть.",
        "Люди хотят мира и сотрудничества.", "Хватит лгать миру.",
    ),
}
CALLS: dict[str, tuple[str, ...]] = {
    "en": (
        "Please share to let more people know the truth.", "Wake up!", "Say no to hegemony.",
        "Do not be fooled.", "Think about it.", "Support peace, oppose war.",
        "Truth will come out.", "Let the world hear our voice.",
    ),
    "zh": (
        "请转发，让更多人知道真相。", "醒醒吧！", "对霸权说不。", "不要被欺骗。", "想一想吧。",
        "支持和平，反对战争。", "真相终将大白。", "让世界听到我们的声音。",
    ),
    "es": (
        "Comparte para que más gente conozca la verdad.", "¡Despierten!", "Di no a la hegemonía.",
        "No te dejes engañar.", "Piénsalo.", "Apoya la paz, rechaza la guerra.",
        "La verdad saldrá a la luz.", "Que el mundo escuche nuestra voz.",
    ),
    "fr": (
        "Partagez pour que plus de gens connaissent la vérité.", "Réveillez-vous !",
        "Non à l'hégémonie.", "Ne vous laissez pas tromper.", "Réfléchissez-y.",
        "Pour la paix, contre la guerre.", "La vérité éclatera.", "Que le monde entende notre voix.",
    ),
    "de": (
        "Bitte teilen, damit mehr Menschen die Wahrheit erfahren.", "Wacht auf!",
        "Nein zur Hegemonie.", "Lasst euch nicht täuschen.", "Denkt darüber nach.",
        "Für den Frieden, gegen den Krieg.", "Die Wahrheit wird ans Licht kommen.",
        "Lasst die Welt unsere Stimme hören.",
    ),
    "ru": (
        "Поделитесь, чтобы больше людей узнали правду.", "Проснитесь!", "Скажи нет гегемонии.",
        "Не дайте себя обмануть.", "Подумайте об этом.", "За мир, против войны.",
        "Правда выйдет наружу.", "Пусть мир услышит наш голос.",
    ),
}
# Hashtag riders: openers that mention the trend ({T} is the trending tag).
RIDER_OPEN: dict[str, tuple[str, ...]] = {
    "en": (
        "Everyone is talking about #{T} but", "While you look at #{T},", "#{T} is trending and",
        "Forget #{T} for a second:", "Funny how #{T} gets attention while", "#{T}?",
        "Instead of #{T}, think about this:", "Interesting timing with #{T}.", "Wake up people.",
        "Think about it:", "Nobody will tell you this:", "Just saying,", "Honestly,",
        "Let me remind you:", "Look at the facts:", "Guess what?", "Sad but true:",
        "This is important:", "Reminder:", "Meanwhile,",
    ),
    "zh": (
        "大家都在讨论#{T}，但是", "在关注#{T}的同时，", "#{T}上热搜了，", "先别管#{T}了：", "#{T}？",
        "想一想：", "没人会告诉你：", "说实话，", "提醒大家：", "看看事实：", "可悲的是：", "与此同时，",
    ),
}
RIDER_TAIL: dict[str, tuple[str, ...]] = {
    "en": ("", "", "Share!", "RT", "Open your eyes.", "Shame!", "Think.", "#truth", "!!!", "🤔",
           "😡", "👇", "💔", "🙏"),
    "zh": ("", "", "转发！", "可耻！", "醒醒吧", "🤔", "😡", "👇", "💔"),
}
LINK_COMMENT: dict[str, tuple[str, ...]] = {
    "en": (
        "", "", "", "Must read.", "Interesting article", "👇👇", "Read this!", "Very true report",
        "The truth is here", "This explains everything", "Finally someone said it",
        "Worth reading", "Look at this", "Shocking", "Everyone should see this", "Wow",
        "Good analysis", "Read and share", "The real story", "Must watch", "👍",
    ),
    "zh": ("", "", "值得一看", "真相在这里", "必读", "说得太对了", "👍", "好文推荐", "转发", "大家看看"),
}
CAMPAIGN_TAGS: dict[str, tuple[str, ...]] = {
    "en": (
        "StopUSHegemony", "USBiolabs", "FortDetrick", "HongKongStable", "TruthAboutUS",
        "NoToWar", "FakeNewsMedia", "USGunViolence", "PeaceNotWar", "WakeUpAmerica",
        "StopLying", "NuclearWastewater", "FactsMatter", "RealDemocracy", "AmericanDream",
    ),
    "zh": ("美国霸权", "真相", "核污水", "德特里克堡", "香港", "和平", "美国枪支暴力", "双重标准"),
}
OP_EMOJI = ("🇨🇳", "👍", "😡", "🔥", "❗", "‼️", "👉", "💔", "🙏", "😱", "🤔", "👏", "❤️", "🌍", "✌️")

# Headlines: wire stories (news bots) and article titles (shares).
HEADLINE = {
    "en": Grammar(
        {
            "COUNTRY": [
                "US", "China", "UK", "France", "Germany", "Japan", "India", "Brazil", "Mexico",
                "Canada", "Australia", "Italy", "Spain", "South Korea", "Nigeria", "Kenya",
                "Turkey", "Poland", "Ukraine", "Argentina", "Indonesia", "Egypt",
            ],
            "GOVV": ["unveils", "approves", "scraps", "delays", "debates", "announces", "expands"],
            "POLICY": [
                "climate plan", "housing bill", "tax cuts", "AI rules", "migration deal",
                "budget", "energy subsidies", "trade tariffs", "health reform", "defense spending",
                "minimum wage hike", "chip export limits",
            ],
            "ISSUE": [
                "rising prices", "record heat", "union pressure", "budget gap", "protests",
                "slowing growth", "election fears", "supply shortages", "border tensions",
            ],
            "COMPANY": [
                "Apple", "Tesla", "Amazon", "Nvidia", "Meta", "Alphabet", "Microsoft", "Toyota",
                "Samsung", "Boeing", "Netflix", "Shell", "Nestle", "Siemens", "Sony", "Uber",
            ],
            "MOVE": ["jump", "slide", "surge", "tumble", "climb", "fall", "rebound"],
            "CEVENT": [
                "earnings beat", "profit warning", "CEO exit", "product recall", "layoff plan",
                "record sales", "antitrust probe", "merger talks", "strike deal",
            ],
            "ND": [str(i) for i in range(2, 60)],
            "DISASTER": ["floods", "wildfire", "earthquake", "storm", "heat wave", "landslide", "tornado"],
            "REGION": [
                "southern {COUNTRY}", "northern {COUNTRY}", "coastal {COUNTRY}", "{CITY}",
                "the Midwest", "central Europe", "the Pacific Northwest", "eastern {COUNTRY}",
            ],
            "CITY": list(CITIES),
            "ROLE": [
                "Secretary of State", "Prime Minister", "President", "Foreign minister",
                "Trade envoy", "UN chief", "Commerce Secretary", "Defense chief",
            ],
            "TOPIC": [
                "trade", "climate", "security", "chip exports", "energy", "debt relief",
                "fentanyl", "refugees", "food prices", "AI safety",
            ],
            "SCIV": ["discover", "map", "confirm", "warn about", "detect", "test"],
            "SCITHING": [
                "new species in the deep sea", "ancient city under the jungle",
                "faster melting of Antarctic ice", "signal from distant galaxy",
                "promising malaria vaccine", "microplastics in clouds", "record ocean heat",
                "new treatment for Alzheimer's", "water on distant moon",
            ],
            "TEAM": list(TEAMS),
            "SCORE": [f"{a}-{b}" for a in range(1, 6) for b in range(0, a)],
            "COMP": ["season opener", "final", "semifinal", "derby", "playoff game", "friendly"],
            "ECONV": ["inflation eases", "jobs data surprises", "GDP shrinks", "rates stay on hold"],
            "ECONISSUE": ["consumers cut spending", "exports slump", "energy prices drop", "wages rise"],
            "STUDY": [
                "coffee drinkers live longer", "teens sleep less than ever",
                "remote work boosts productivity", "city trees cut heat deaths",
                "social media use linked to anxiety", "four-day week improves wellbeing",
                "{ND}% of adults skip breakfast", "dogs can sense {FEELING} in humans",
                "{DIET} diet lowers {RISK} risk", "{ND} minutes of walking a day cuts {RISK} risk",
                "ultra-processed food linked to {RISK}", "screen time harms toddlers' speech",
                "loneliness as deadly as smoking", "microplastics found in {ORGAN} tissue",
            ],
            "FEELING": ["stress", "fear", "sadness", "joy"],
            "DIET": ["Mediterranean", "plant-based", "low-salt", "high-fibre", "keto"],
            "RISK": ["dementia", "heart disease", "diabetes", "stroke", "cancer", "depression"],
            "ORGAN": ["heart", "brain", "lung", "placenta"],
            "AGREE": ["boost trade", "resume talks", "share intelligence", "cut emissions", "build rail link"],
        },
        [
            "{COUNTRY} {GOVV} new {POLICY} amid {ISSUE}",
            "{COMPANY} shares {MOVE} after {CEVENT}",
            "{ND} dead as {DISASTER} hits {REGION}",
            "{ROLE} to visit {COUNTRY} for talks on {TOPIC}",
            "Scientists {SCIV} {SCITHING}",
            "{TEAM} beat {TEAM} {SCORE} in {COMP}",
            "{COUNTRY} {ECONV} as {ECONISSUE}",
            "{REGION} braces for {DISASTER}",
            "Court blocks {COUNTRY} {POLICY}",
            "Study finds {STUDY}",
            "{COUNTRY} and {COUNTRY} agree to {AGREE}",
            "Protests grow in {CITY} over {POLICY}",
            "{COMPANY} to cut {ND}00 jobs amid {ISSUE}",
            "{DISASTER} forces thousands to flee in {REGION}",
        ],
        enders=("",),
    ),
    "es": Grammar(
        {
            "PAIS": ["México", "España", "Argentina", "Colombia", "Chile", "Perú", "EE.UU.", "China"],
            "ACCION": ["aprueba", "anuncia", "rechaza", "retrasa", "presenta"],
            "MEDIDA": ["reforma fiscal", "plan de vivienda", "ley de IA", "subida del salario mínimo",
                       "plan contra la sequía", "presupuesto"],
            "ND": [str(i) for i in range(2, 40)],
            "DESASTRE": ["inundaciones", "un incendio", "un terremoto", "la ola de calor", "una tormenta"],
            "TEAM": list(TEAMS),
        },
        [
            "{PAIS} {ACCION} {MEDIDA} entre protestas",
            "{ND} muertos por {DESASTRE} en {PAIS}",
            "El {TEAM} vence y se acerca al título",
            "{PAIS} y {PAIS} firman acuerdo comercial",
            "Gobierno de {PAIS} {ACCION} nueva {MEDIDA}",
        ],
        enders=("",),
    ),
    "pt": Grammar(
        {
            "LUGAR": ["Brasil", "São Paulo", "Rio", "Portugal", "Lisboa", "Minas Gerais"],
            "ACAO": ["aprova", "anuncia", "adia", "rejeita"],
            "MEDIDA": ["reforma tributária", "novo arcabouço fiscal", "plano de habitação", "lei das fake news"],
            "ND": [str(i) for i in range(2, 40)],
            "TEAM": list(TEAMS),
        },
        [
            "Congresso {ACAO} {MEDIDA}",
            "Chuvas deixam {ND} mortos em {LUGAR}",
            "{TEAM} vence e assume a liderança",
            "Governo {ACAO} {MEDIDA} em {LUGAR}",
        ],
        enders=("",),
    ),
    "fr": Grammar(
        {
            "PAYS": ["France", "Belgique", "Canada", "Sénégal", "Suisse", "Chine", "États-Unis"],
            "ACTION": ["adopte", "annonce", "repousse", "rejette"],
            "MESURE": ["réforme des retraites", "loi immigration", "plan climat", "budget 2024"],
            "ND": [str(i) for i in range(2, 40)],
            "TEAM": list(TEAMS),
        },
        [
            "Le gouvernement {ACTION} la {MESURE}",
            "Canicule : {ND} départements en vigilance",
            "Le {TEAM} s'impose et file vers le titre",
            "{PAYS} : l'Assemblée {ACTION} la {MESURE}",
        ],
        enders=("",),
    ),
    "de": Grammar(
        {
            "LAND": ["Deutschland", "Österreich", "Schweiz", "Bayern", "Berlin", "China", "USA"],
            "AKTION": ["beschließt", "verschiebt", "kippt", "plant"],
            "MASSNAHME": ["Heizungsgesetz", "Deutschlandticket", "Haushalt", "Cannabis-Gesetz"],
            "ND": [str(i) for i in range(2, 40)],
            "TEAM": list(TEAMS),
        },
        [
            "Bundestag {AKTION} {MASSNAHME}",
            "Unwetter in {LAND}: {ND} Verletzte",
            "{TEAM} gewinnt Spitzenspiel",
            "Regierung in {LAND} {AKTION} {MASSNAHME}",
        ],
        enders=("",),
    ),
    "zh": Grammar(
        {
            "PLACE": ["台湾", "香港", "新加坡", "上海", "日本", "美国"],
            "EVENT": ["暴雨", "台风", "高温", "地震"],
            "POLICY": ["住房新政", "减税方案", "AI法规", "能源补贴"],
            "ND": [str(i) for i in range(2, 40)],
        },
        ["{PLACE}发布{POLICY}", "{EVENT}袭击{PLACE}，{ND}人受伤", "{PLACE}股市大涨", "{PLACE}推出{POLICY}"],
        caps=False,
        enders=("",),
    ),
    "ja": Grammar(
        {
            "PLACE": ["東京", "大阪", "九州", "北海道", "政府", "日銀"],
            "EVENT": ["大雨", "台風", "猛暑", "地震"],
            "POLICY": ["少子化対策", "防衛費増額", "電気代補助", "新NISA"],
            "ND": [str(i) for i in range(2, 40)],
        },
        ["{PLACE}で{EVENT}、{ND}人けが", "{PLACE}が{POLICY}を発表", "{POLICY}、来年から開始へ"],
        caps=False,
        enders=("",),
    ),
}

# News outlets: (domain, handle, language, weight).  Shared by authentic users.
OUTLETS: tuple[tuple[str, str, str, int], ...] = (
    ("reuters.com", "Reuters", "en", 10), ("apnews.com", "AP", "en", 9),
    ("bbc.co.uk", "BBCWorld", "en", 9), ("nytimes.com", "nytimes", "en", 9),
    ("theguardian.com", "guardian", "en", 8), ("cnn.com", "CNN", "en", 8),
    ("washingtonpost.com", "washingtonpost", "en", 6), ("aljazeera.com", "AJEnglish", "en", 4),
    ("npr.org", "NPR", "en", 4), ("theverge.com", "verge", "en", 4),
    ("abc.net.au", "abcnews", "en", 3), ("cbc.ca", "CBCNews", "en", 3),
    ("scmp.com", "SCMPNews", "en", 3), ("straitstimes.com", "STcom", "en", 2),
    ("timesofindia.indiatimes.com", "timesofindia", "en", 3),
    ("globaltimes.cn", "globaltimesnews", "en", 1), ("news.cgtn.com", "CGTNOfficial", "en", 1),
    ("elpais.com", "el_pais", "es", 8), ("infobae.com", "infobae", "es", 6),
    ("eluniversal.com.mx", "El_Universal_Mx", "es", 5), ("clarin.com", "clarincom", "es", 5),
    ("g1.globo.com", "g1", "pt", 9), ("folha.uol.com.br", "folha", "pt", 6),
    ("publico.pt", "Publico", "pt", 3), ("lemonde.fr", "lemondefr", "fr", 8),
    ("lefigaro.fr", "Le_Figaro", "fr", 6), ("radio-canada.ca", "RadioCanadaInfo", "fr", 3),
    ("spiegel.de", "derspiegel", "de", 8), ("zeit.de", "zeitonline", "de", 6),
    ("tagesschau.de", "tagesschau", "de", 7), ("nhk.or.jp", "nhk_news", "ja", 9),
    ("asahi.com", "asahi", "ja", 6), ("udn.com", "udn_com", "zh", 6),
    ("hk01.com", "hk01", "zh", 5), ("zaobao.com.sg", "zaobaosg", "zh", 5),
    ("chinadaily.com.cn", "ChinaDailyChina", "zh", 2),
)
BLOG_HOSTS = ("substack.com", "wordpress.com", "blogspot.com", "medium.com", "tumblr.com")
SHOP_HOSTS = ("etsy.com", "amazon.com", "ikea.com", "target.com", "zara.com")
STATE_MEDIA = ("globaltimes.cn", "news.cgtn.com", "chinadaily.com.cn", "xinhuanet.com")
OP_SITE_WORDS = _words(
    "global truth insight world peace asia news daily report voice review times focus "
    "observer herald today pacific east bridge harmony facts real story"
)
NEWS_TOWNS = (
    "Dayton", "Tulsa", "Fresno", "Boise", "Spokane", "Toledo", "Akron", "Omaha", "Wichita",
    "Reno", "Macon", "Peoria", "Lansing", "Yakima", "Topeka", "Billings", "Erie", "Duluth",
    "Savannah", "Tacoma", "Modesto", "Eugene", "Provo", "Fargo", "Laredo", "Amarillo",
)
NEWS_PAPERS = (
    "Courier", "Herald", "Gazette", "Tribune", "DailyNews", "Post", "Times", "Record",
    "Sentinel", "Chronicle", "Journal", "Observer", "Ledger", "Register",
)
NEWS_TOWNS_ES = ("Monterrey", "Puebla", "Cordoba", "Rosario", "Cali", "Valencia", "Bilbao", "Malaga")
NEWS_PAPERS_ES = ("Diario", "Noticias", "Informa", "Hoy", "Al Dia", "Cronica")
NEWS_TOWNS_DE = ("Bremen", "Kassel", "Ulm", "Trier", "Passau", "Rostock", "Jena", "Kiel")
NEWS_PAPERS_DE = ("Anzeiger", "Zeitung", "Kurier", "Nachrichten", "Rundschau", "Tagblatt")
# Most syndication bots post the bare headline and link; some add their own frame.
NEWS_BOT_TEMPLATES = (
    ("{title} {url}", ()), ("{title} {url}", ()), ("{title} {url}", ()), ("{title} {url}", ()),
    ("{title}\n\n{url}", ()), ("{title}\n{url}", ()), ("BREAKING: {title} {url}", ()),
    ("{title} | {outlet} {url}", ()), ("{title} #news {url}", ("news",)),
    ("NEW: {title} {url}", ()), ("{title} ({outlet}) {url}", ()),
    ("{title} #breaking {url}", ("breaking",)), ("{title} - {outlet} {url}", ()),
)

# Hashtags: trending events (some global, some per language) and evergreen ones.
TREND_EVENTS = (
    "WorldOceansDay", "FathersDay", "PrideMonth", "NBAFinals", "StanleyCupFinal", "Wimbledon",
    "Glastonbury", "WWDC", "SummerSolstice", "Juneteenth", "HeatWave", "ClimateAction",
    "TourDeFrance", "WomensWorldCup", "RolandGarros", "CannesLions", "SteamSummerSale",
    "PrimeDay", "ComicCon", "InternationalYogaDay", "WorldRefugeeDay", "WorldMusicDay",
    "NationalSelfieDay", "BookLovers", "AIsummit", "ThrowbackThursday", "MondayMotivation",
    "TitanSub", "Barbenheimer", "CanadaWildfires", "SmokeSky", "ChatGPT", "Threads",
    "ElonMusk", "Eurovision", "MetGala", "Coronation", "Ashes2023", "F1", "MotoGP",
    "NationalDonutDay", "GlobalRunningDay", "WorldEnvironmentDay", "DDay", "Oppenheimer",
    "VisionPro", "SuperBloom", "HotGirlSummer", "NHLDraft", "NBADraft",
)
TREND_A = ("Save", "Stop", "JusticeFor", "Free", "Happy", "Go", "Vote", "Support", "Protect", "Love")
TREND_B = (
    "Bees", "Teachers", "Nurses", "Oceans", "Libraries", "Farmers", "Workers", "Artists",
    "Trees", "Rivers", "Whales", "Doctors", "Students", "Writers", "Elephants",
)
TREND_LANG = {
    "es": ("FelizLunes", "VamosArgentina", "SelecciónMexicana", "OlaDeCalor", "Eurocopa",
           "DíaDelPadre", "OrgulloLGBT", "Elecciones2023", "BuenosDías", "NocheDeSanJuan"),
    "pt": ("BomDia", "Brasileirão", "FestaJunina", "SãoJoão", "Libertadores", "DiaDosNamorados"),
    "fr": ("FeteDeLaMusique", "Canicule", "Bac2023", "RolandGarros", "TourDeFrance2023", "Nahel"),
    "de": ("Hitzewelle", "Bundesliga", "Heizungsgesetz", "Tatort", "Klimakleber", "DFB"),
    "ja": ("梅雨入り", "今日の晩ごはん", "夏至", "父の日", "プロ野球", "推しの子"),
    "zh": ("端午节", "高考", "618", "父亲节", "毕业季", "台风"),
}
EVERGREEN: dict[str, tuple[str, ...]] = {
    "en": (
        "photography", "foodie", "travel", "music", "fitness", "art", "love", "instagood",
        "tbt", "nature", "sunset", "coffee", "gaming", "books", "dogsofinstagram", "catsofx",
        "ootd", "recipe", "motivation", "tech", "football", "nba", "summer", "vibes",
    ),
    "es": ("fotografía", "comida", "viajes", "música", "amor", "verano", "futbol", "arte"),
    "pt": ("fotografia", "comida", "viagem", "música", "amor", "verão", "futebol", "brasil"),
    "fr": ("photographie", "cuisine", "voyage", "musique", "paris", "été", "art"),
    "de": ("fotografie", "essen", "reisen", "musik", "sommer", "berlin", "kunst"),
    "zh": ("美食", "旅行", "摄影", "日常", "音乐", "台北", "香港"),
    "ja": ("写真好きな人と繋がりたい", "グルメ", "旅行", "カフェ", "猫", "日常"),
}


# ---------------------------------------------------------------------------
# Internal structures
# ---------------------------------------------------------------------------

P_NORMAL, P_GENERIC, P_SCHEDULED = 0, 1, 2  # how an account's regular posts look
(K_CP, K_LR, K_HR, K_RSEED, K_RR, K_FILL, K_NEWS, K_SHARE, K_CHAIN, K_VSEED, K_VREP,
 K_XP, K_XM) = range(13)
K_CSEED, K_CREP = 13, 14  # co-repost network: a lead's post, a member's repost
SERIAL_STYLES = ("#{n}", "({n}/{N})", "No. {n}", "第{n}", "【{n}】", "{n}.", "[{n}]")
MIN_COORD = 80  # 4 styles x 2 ops x 8 accounts, plus sleepers
MIN_DECOY = 64
# Regime styles: fewest operations per style (three behaviours, three zones).
MIN_REGIME_OPS = {"round_the_clock": 3, "other_zone": 3, "shift_only": 3, "sparse_rider": 2}
# The co-repost network: one member per this many posts, within these bounds;
# one co-repost moment per COREPOST_POSTS_PER_MOMENT posts, within these bounds;
# each moment joined by this share of the members (uniform).  Its reposts are
# about 1% of a 20,000-post store and 5-7% of stores from 100,000 posts.
COREPOST_POSTS_PER_MEMBER = 400
COREPOST_MEMBERS = (40, 600)
COREPOST_POSTS_PER_MOMENT = 1500
COREPOST_MOMENTS = (20, 400)
COREPOST_TURNOUT = (0.1, 0.3)
_B64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
_B36 = string.digits + string.ascii_lowercase
_ALNUM = string.ascii_letters + string.digits
TWEPOCH_MS = 1288834974657
IG_EPOCH_MS = 1314220021721


def _b64(n: int, width: int) -> str:
    """``_enc(n, _B64, width)`` via the C base64 codec (same alphabet and order)."""
    nbytes = (width * 6 + 23) // 24 * 3
    return base64.urlsafe_b64encode(n.to_bytes(nbytes, "big")).decode()[-width:]


def _enc(n: int, alphabet: str, width: int) -> str:
    """Encode a non-negative integer in ``alphabet``, left-padded to ``width``."""
    base = len(alphabet)
    out = []
    while n:
        n, d = divmod(n, base)
        out.append(alphabet[d])
    while len(out) < width:
        out.append(alphabet[0])
    return "".join(reversed(out))


class _Acct:
    """One account; ``idx`` is its position in ``_Generator.accts``."""

    __slots__ = (
        "idx", "platform", "handle", "author_id", "created_ts", "created_iso", "tz",
        "phase", "wk", "lang", "lang2", "copies", "act", "label", "style", "group",
        "profile", "min_day", "n_posts", "chan", "fixed",
    )

    def __init__(self, idx: int, platform: str, handle: str) -> None:
        self.idx = idx
        self.platform = platform
        self.handle = handle
        self.author_id = ""
        self.created_ts = 0
        self.created_iso = ""
        self.tz = 0  # UTC offset in seconds
        self.phase = 0  # chronotype: hours later (+) or earlier (-) than usual
        self.wk = 0.3  # probability that a post falls on a weekend day
        self.lang = "en"
        self.lang2 = ""
        self.copies = 1.0  # expected copies in the engagement pool per original
        self.act = 1.0  # activity weight for regular posts
        self.label = "authentic"
        self.style = "authentic"
        self.group = ""
        self.profile = P_NORMAL
        self.min_day = 0
        self.n_posts = 0
        self.chan = 0
        self.fixed = -1  # fixed number of regular posts (sleepers), -1 if drawn


@dataclass(eq=False)
class _Op:
    """A coordinated operation and its operator's habits."""

    gid: str
    style: str
    members: list[_Acct]
    sleepers: list[_Acct]
    platforms: list[str]
    lang: str
    mt_langs: list[str]
    mt_rate: float
    gap: float  # mean seconds between consecutive accounts of a push
    fixed_order: bool
    serial: str | None
    serial_by_push: bool
    serial_prefix: bool
    typo_rate: float
    emoji_rate: float
    token_rate: float
    link_rate: float  # irrelevant links
    tag_rate: float
    msg_link_rate: float
    reply_mode: bool
    reply_same: bool
    repost_rate: float
    tags: list[str]
    emoji: list[str]
    filler_rate: float
    sites: list[str]
    kind: str = ""  # what its pushes do (copypaste, link_ring...); ``style`` is the truth label
    zone: str | None = CST_ZONE  # operators' zone (office shifts); None: round the clock
    tells: bool = True  # generated handles and creation bursts
    leads: list[_Acct] = field(default_factory=list)  # co-repost network: accounts amplified
    amplified: set[str] = field(default_factory=set)  # co-repost network: outside posts reposted

    def __post_init__(self) -> None:
        self.kind = self.kind or self.style


class _Push:
    """One push of an operation: the shared content and what posts refer to."""

    __slots__ = ("op", "index", "n", "msg", "emoji", "link", "article", "trend", "tags",
                 "seed_pid", "targets", "pids")

    def __init__(self, op: _Op, index: int) -> None:
        self.op = op
        self.index = index
        self.n = 0
        self.msg: tuple[int, int, int, int] | None = None
        self.emoji = ""
        self.link: _Article | None = None
        self.article: _Article | None = None
        self.trend = ""
        self.tags: list[str] = []
        self.seed_pid: tuple | None = None
        self.targets: dict[str, tuple | None] = {}
        self.pids: list[tuple] = []


class _Article:
    """A URL with a title: news story, video, blog post or operation article."""

    __slots__ = ("url", "title", "lang", "outlet", "pub_ts", "pop", "short", "share_qs")

    def __init__(self, url: str, title: str, lang: str, outlet: str, pub_ts: int,
                 pop: float = 1.0) -> None:
        self.url = url
        self.title = title
        self.lang = lang
        self.outlet = outlet
        self.pub_ts = pub_ts
        self.pop = pop
        self.short = ""
        self.share_qs = ""


class _Pool:
    """Recent posts of one platform that others reply to or repost.

    Popular authors' posts are inserted several times, so they get most of the
    engagement; old posts are overwritten (engagement comes soon after posting).
    """

    __slots__ = ("buf", "i", "size")

    def __init__(self, size: int = 4096) -> None:
        self.buf: list[tuple] = []
        self.i = 0
        self.size = size

    def add(self, entry: tuple, copies: int) -> None:
        """Insert ``entry`` ``copies`` times, overwriting the oldest entries."""
        buf = self.buf
        copies = min(copies, self.size)
        if len(buf) < self.size:
            buf.extend([entry] * min(copies, self.size - len(buf)))
            return
        i = self.i
        end = i + copies
        if end <= self.size:
            buf[i:end] = [entry] * copies
        else:
            buf[i:] = [entry] * (self.size - i)
            buf[: end - self.size] = [entry] * (end - self.size)
        self.i = end % self.size

    def pick(self, rnd: Any) -> tuple | None:
        """A random entry (weighted by popularity), or None if empty."""
        buf = self.buf
        return buf[int(rnd() * len(buf))] if buf else None


# Engagement is front-loaded: each pick draws an age log-uniformly between
# FRESH_SECONDS and the horizon (with 24 h: a median of about 40 minutes, a
# tenth under 2 minutes) and takes one of the NEIGHBOURS entries added first
# at or after that age (a popular post's copies sit together, so it is the
# likelier pick), whatever the store's density.
FRESH_SECONDS = 60
NEIGHBOURS = 8


class _RecentPool(_Pool):
    """A :class:`_Pool` that only offers posts younger than ``horizon`` seconds.

    The default pool's reach depends on density: with a fixed number of
    entries, engagement in a sparse store (20,000 posts over 90 days) came
    weeks after the post, in a dense one (1,000,000 over 7 days) within the
    hour.  This pool is sized for the horizon and picks among the entries added
    in the last ``horizon`` seconds (by ``clock[0]``, the time of the record
    being made), so engagement delays look alike at every size and span.
    Entries are added in time order, so the recent ones are the ring's newest
    stretch, found by bisection: O(log size) per pick.  Picks favour the
    newest posts (see FRESH_SECONDS), as real engagement comes mostly soon
    after a post, so that ordinary people also repost the same popular post
    within a minute of each other, by chance.
    """

    __slots__ = ("times", "clock", "horizon")

    def __init__(self, size: int, clock: list[int], horizon: int) -> None:
        super().__init__(size)
        self.times = array.array("q")
        self.clock = clock
        self.horizon = horizon

    def add(self, entry: tuple, copies: int) -> None:
        """Insert ``entry`` ``copies`` times, stamped with the current time."""
        now = self.clock[0]
        buf, times = self.buf, self.times
        copies = min(copies, self.size)
        if len(buf) < self.size:
            k = min(copies, self.size - len(buf))
            buf.extend([entry] * k)
            times.extend(array.array("q", [now]) * k)
            return
        i = self.i
        end = i + copies
        if end <= self.size:
            buf[i:end] = [entry] * copies
            times[i:end] = array.array("q", [now]) * copies
        else:
            buf[i:] = [entry] * (self.size - i)
            times[i:] = array.array("q", [now]) * (self.size - i)
            buf[: end - self.size] = [entry] * (end - self.size)
            times[: end - self.size] = array.array("q", [now]) * (end - self.size)
        self.i = end % self.size

    def pick(self, rnd: Any) -> tuple | None:
        """An entry younger than the horizon, most likely a new one; None if there is none."""
        n = len(self.buf)
        if not n:
            return None
        now = self.clock[0]
        age = FRESH_SECONDS * (self.horizon / FRESH_SECONDS) ** rnd()
        start = self.i if n == self.size else 0
        k = min(self._first_after(now - int(age)), n - 1)
        if self.times[(start + k) % n] < now - self.horizon:
            return None
        return self.buf[(start + k + int(rnd() * min(NEIGHBOURS, n - k))) % n]

    def _first_after(self, cutoff: int) -> int:
        """Position, oldest first, of the first entry added at or after ``cutoff``."""
        times, n = self.times, len(self.buf)
        start = self.i if n == self.size else 0
        lo, hi = 0, n
        while lo < hi:
            mid = (lo + hi) // 2
            if times[(start + mid) % n] < cutoff:
                lo = mid + 1
            else:
                hi = mid
        return lo


def _wchoice(rnd: Any, items: Sequence[Any], cum: Sequence[float]) -> Any:
    """Weighted choice with precomputed cumulative weights."""
    return items[bisect.bisect(cum, rnd() * cum[-1])]


_PLATFORM_ITEMS = list(PLATFORM_WEIGHTS)
_PLATFORM_CUM = _cum(PLATFORM_WEIGHTS.values())
_LANG_ITEMS = list(LANG_WEIGHTS)
_LANG_CUM = _cum(LANG_WEIGHTS.values())
_TYPE_CUM = {p: _cum(w) for p, w in TYPE_MIX.items()}
OP_PLATFORMS = {
    "copypaste": {"x": 40, "facebook": 25, "youtube": 10, "tiktok": 8, "reddit": 6,
                  "instagram": 5, "medium": 3, "pinterest": 3},
    "link_ring": {"x": 45, "facebook": 30, "reddit": 10, "telegram": 10, "pinterest": 5},
    "hashtag_rider": {"x": 55, "instagram": 20, "tiktok": 15, "facebook": 10},
    "repost_ring": {"x": 55, "facebook": 20, "tiktok": 10, "youtube": 8, "instagram": 7},
    "corepost": {"x": 1},
}


# ---------------------------------------------------------------------------
# The generator: planning
# ---------------------------------------------------------------------------


class _Generator:
    """Plans accounts and the timestamps of every post, then streams records."""

    def __init__(self, n_posts: int, seed: int, share: float, start: datetime, days: int,
                 regime: Regime | None = None) -> None:
        if n_posts < 1000:
            raise ValueError("n_posts must be at least 1000")
        if days < 3:
            raise ValueError("days must be at least 3")
        if start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        start = start.astimezone(UTC)
        self.n_posts = n_posts
        self.share = max(0.0, min(0.5, share))
        self.days = days
        self.t0 = int(start.timestamp())
        self.t1 = self.t0 + days * 86400
        self.start_date = start.date()
        self.mid_date = self.start_date + timedelta(days=days // 2)
        self.r = random.Random(seed)
        self.rnd = self.r.random
        self.accts: list[_Acct] = []
        self.handles: dict[str, set[str]] = {p: set() for p in PLATFORM_WEIGHTS}
        self.author_ids: set[str] = set()
        self.buckets: list[list[tuple]] = [[] for _ in range(days)]
        self.seq = 0
        self.n_special = 0
        self.cnt = dict.fromkeys(PLATFORM_WEIGHTS, 0)
        self.regime = regime or Regime()
        self.clock = [self.t0]  # time of the record being made (for _RecentPool)
        hours = self.regime.engagement_hours
        if hours is None:
            self.pools: dict[str, _Pool] = {p: _Pool() for p in PLATFORM_WEIGHTS}
        else:
            # Room for three times the platform's posts within the horizon.
            per_hour = n_posts / (days * 24) / sum(PLATFORM_WEIGHTS.values())
            self.pools = {
                p: _RecentPool(max(4096, int(3 * per_hour * hours * w)), self.clock, int(hours * 3600))
                for p, w in PLATFORM_WEIGHTS.items()
            }
        self.zone_days: dict[str, list[int]] = {}
        self.bot_info: dict[int, tuple] = {}
        self.used_msgs: set[tuple[int, int, int, int]] = set()
        self.ops: list[_Op] = []
        self.year_tables: dict[str, tuple[list[tuple[int, int]], list[float]]] = {}
        self.tz_cache = {z: int(utc_offset(z, self.mid_date) * 3600) for z in TIME_ZONES}
        self.lang_tz = {
            lang: ([z for z, _ in zs], _cum([w for _, w in zs])) for lang, zs in LANG_TZ.items()
        }
        dates = [self.start_date + timedelta(days=d) for d in range(days)]
        self.weekend = [d.weekday() >= 5 for d in dates]
        self.weekend_days = [i for i, w in enumerate(self.weekend) if w]
        self.weekday_days = [i for i, w in enumerate(self.weekend) if not w]
        self.weekend_frac = len(self.weekend_days) / days
        # UTC timestamps of CST midnights of Chinese working days in the period.
        self.cn_days = [
            self.t0 + i * 86400 - CST * 3600 for i, d in enumerate(dates) if cn_workday(d)
        ] or [self.t0 + i * 86400 - CST * 3600 for i in range(days)]

    # -- small helpers -------------------------------------------------------

    def _ev(self, ts: int, a: _Acct, kind: int, ref: Any = None, extra: Any = 0) -> None:
        """Schedule one special (non-regular) post."""
        self.seq += 1
        self.buckets[(ts - self.t0) // 86400].append((ts, a.idx, self.seq, kind, ref, extra))
        self.n_special += 1
        a.n_posts += 1

    def _choice(self, seq: Sequence[Any]) -> Any:
        """A uniformly random element of ``seq``."""
        return seq[int(self.rnd() * len(seq))]

    def _awake(self, a: _Acct, ts: int) -> float:
        """How likely ``a`` is to be online at ``ts`` (0..1, by local hour)."""
        local = ts + a.tz - self.t0
        d = local // 86400
        h = (local % 86400 // 3600 - a.phase) % 24
        if 0 <= d < self.days and self.weekend[d]:
            return HOURS_WEEKEND[h] / _MAX_WEEKEND
        return HOURS_WEEKDAY[h] / _MAX_WEEKDAY

    def _diurnal_ts(self, a: _Acct, lo: int | None = None, hi: int | None = None) -> int:
        """A timestamp in [lo, hi) at which ``a`` would plausibly post."""
        rnd = self.rnd
        lo = max(self.t0, a.created_ts + 60) if lo is None else max(lo, a.created_ts + 60)
        hi = self.t1 if hi is None else min(hi, self.t1)
        if hi <= lo:
            return lo
        d_lo = max(0, (lo - self.t0) // 86400 - 1)
        d_hi = min(self.days, (hi - self.t0) // 86400 + 2)
        whole = d_lo == 0 and d_hi == self.days
        for _ in range(60):
            if whole and self.weekend_days and self.weekday_days:
                pool = self.weekend_days if rnd() < a.wk else self.weekday_days
                d = pool[int(rnd() * len(pool))]
            else:
                d = d_lo + int(rnd() * (d_hi - d_lo))
            cum = _CUM_WEEKEND if self.weekend[min(d, self.days - 1)] else _CUM_WEEKDAY
            h = (bisect.bisect(cum, rnd() * cum[-1]) + a.phase) % 24
            ts = self.t0 + d * 86400 + h * 3600 + int(rnd() * 3600) - a.tz
            if lo <= ts < hi:
                return ts
        return lo + int(rnd() * (hi - lo))

    def _shift_ts(self, dur: int) -> int:
        """Start of a push lasting ``dur`` s inside a CST office shift on a workday."""
        rnd = self.rnd
        mid = self.cn_days[int(rnd() * len(self.cn_days))]
        u = rnd()
        if u < 0.02:
            lo, hi = 18 * 3600, 20 * 3600 + 1800  # overtime
        elif u < 0.03:
            lo, hi = 12 * 3600 + 1800, 14 * 3600  # end of lunch break
        elif u < 0.04:
            lo, hi = 8 * 3600 + 1800, 9 * 3600  # early start
        elif u < 0.46:
            lo, hi = 9 * 3600, 12 * 3600
        else:
            lo, hi = 14 * 3600, 18 * 3600
        span = max(300, hi - lo - int(dur * 0.8))
        ts = mid + lo + int(rnd() * span)
        return min(max(ts, self.t0), self.t1 - dur - 2)

    def _op_ts(self, op: _Op, dur: int) -> int:
        """Start of a push of ``op`` lasting ``dur`` s, at its operators' working times."""
        if op.zone == CST_ZONE:
            return self._shift_ts(dur)
        if op.zone is None:
            return self._any_ts(dur)
        return self._zone_shift_ts(op.zone, dur)

    def _any_ts(self, dur: int) -> int:
        """Start of a push lasting ``dur`` s at any hour of any day of the period."""
        return self.t0 + int(self.rnd() * max(60, self.t1 - self.t0 - dur - 2))

    def _zone_shift_ts(self, zone: str, dur: int) -> int:
        """Start of a push lasting ``dur`` s in an office shift of an :data:`OPERATOR_ZONES` zone."""
        rnd = self.rnd
        offset, workdays, shifts = OPERATOR_ZONES[zone]
        mids = self.zone_days.get(zone)
        if mids is None:
            # UTC timestamps of local midnights of the zone's working days in the period.
            local = [(self.t0 + d * 86400 - int(offset * 3600), self.start_date + timedelta(days=d))
                     for d in range(self.days)]
            mids = [ts for ts, day in local if day.weekday() in workdays] or [ts for ts, _ in local]
            self.zone_days[zone] = mids
        mid = mids[int(rnd() * len(mids))]
        if rnd() < 0.03:  # overtime: up to two hours after the last shift
            lo, hi = shifts[-1][1] * 3600, (shifts[-1][1] + 2) * 3600
        else:
            total = sum(b - a for a, b in shifts)
            u = rnd() * total
            for a, b in shifts:
                if u < b - a:
                    break
                u -= b - a
            lo, hi = a * 3600, b * 3600
        span = max(300, hi - lo - int(dur * 0.8))
        ts = mid + lo + int(rnd() * span)
        return min(max(ts, self.t0), self.t1 - dur - 2)

    def _tz_for(self, lang: str) -> int:
        """UTC offset (seconds) of a home time zone drawn for a language."""
        zones, cum = self.lang_tz[lang]
        return self.tz_cache[_wchoice(self.rnd, zones, cum)]

    # -- sizes ---------------------------------------------------------------

    def _sizes(self) -> None:
        """How many accounts of each kind, scaled with ``n_posts``."""
        n = self.n_posts
        self.scale = n / 100_000
        self.ppa = 3.0 + 5.0 * min(1.0, n / 200_000)  # mean posts per account
        n_acc = max(300, round(n / self.ppa))
        self.n_coord = max(MIN_COORD, round(self.share * n_acc)) if self.share > 0 else 0
        self.n_decoy = max(MIN_DECOY, round(0.065 * n_acc))
        self.n_auth = n_acc - self.n_coord - self.n_decoy
        regime = self.regime
        if not regime.spamouflage:
            self.n_auth += self.n_coord
            self.n_coord = 0
        self.n_style: dict[str, int] = {}
        for style in regime.styles:
            if style == "corepost_network":
                size = regime.corepost_members or min(
                    COREPOST_MEMBERS[1], max(COREPOST_MEMBERS[0], round(n / COREPOST_POSTS_PER_MEMBER)))
            else:
                size = max(MIN_REGIME_OPS[style] * 8, round(regime.style_share * n_acc))
            self.n_style[style] = size
            self.n_auth -= size
        if self.n_auth < n_acc // 2:
            raise ValueError(f"n_posts={n} is too small for the regime's operations "
                             f"(use at least 10,000 posts)")

    # -- hashtags and articles -------------------------------------------------

    def _trends(self) -> None:
        """Schedule trending hashtags (global and per language) over the period."""
        r = self.r
        names = list(TREND_EVENTS)
        names += [a + b for a in TREND_A for b in TREND_B]
        names += [f"{x.replace(' ', '')}vs{y.replace(' ', '')}"
                  for league in LEAGUES for x in league for y in league if x != y]
        r.shuffle(names)
        used: set[str] = set()
        trends: list[tuple[str, str, int, int, int, float]] = []

        def take(pool: Sequence[str], k: int) -> str:
            """An unused tag from ``pool`` (the k-th, or random if k < 0)."""
            for _ in range(20):
                t = pool[int(self.rnd() * len(pool))] if k < 0 else pool[k % len(pool)]
                if t not in used:
                    used.add(t)
                    return t
                k = -1
            t = f"{t}{self.rnd() * 100:.0f}"
            used.add(t)
            return t

        gi = 0
        for d in range(-1, self.days):
            for _ in range(3):
                tag = take(names, gi)
                gi += 1
                trends.append(self._trend(tag, "", d))
            for lang, pool in TREND_LANG.items():
                if r.random() < 0.8:
                    trends.append(self._trend(take(pool, -1), lang, d))
        self.trend_hour: list[tuple[list[str], list[float], dict[str, tuple]]] = []
        for h in range(self.days * 24):
            t = self.t0 + h * 3600 + 1800
            glob: list[tuple[str, float]] = []
            per: dict[str, list[tuple[str, float]]] = {}
            for tag, lang, ts0, rise, ts1, w in trends:
                if ts0 <= t < ts1:
                    f = (t - ts0) / rise if t < ts0 + rise else (ts1 - t) / (ts1 - ts0 - rise)
                    (per.setdefault(lang, []) if lang else glob).append((tag, w * f + 1e-3))
            glob.sort(key=lambda x: -x[1])
            self.trend_hour.append((
                [g[0] for g in glob], _cum([g[1] for g in glob]),
                {k: ([x[0] for x in v], _cum([x[1] for x in v])) for k, v in per.items()},
            ))

    def _trend(self, tag: str, lang: str, day: int) -> tuple[str, str, int, int, int, float]:
        """One trending hashtag: (tag, language or '', start, rise time, end, peak weight)."""
        r = self.r
        ts0 = self.t0 + day * 86400 + int(r.random() * 86400)
        dur = int(r.uniform(10, 60) * 3600)
        rise = int(r.uniform(1, 5) * 3600)
        return tag, lang, ts0, rise, ts0 + dur, min(100.0, r.paretovariate(1.0))

    def _trending(self, ts: int, lang: str) -> str:
        """A hashtag trending at ``ts`` (weighted by its current popularity)."""
        h = min(max((ts - self.t0) // 3600, 0), len(self.trend_hour) - 1)
        glob, cum, per = self.trend_hour[h]
        if lang in per and self.rnd() < 0.3:
            tags, lcum = per[lang]
            return _wchoice(self.rnd, tags, lcum)
        if glob:
            return _wchoice(self.rnd, glob, cum)
        return self._choice(EVERGREEN["en"])

    def _top_trend(self, ts: int) -> str:
        """One of the three hottest global hashtags at ``ts`` (for riders)."""
        h = min(max((ts - self.t0) // 3600, 0), len(self.trend_hour) - 1)
        glob = self.trend_hour[h][0]
        return self._choice(glob[:3]) if glob else self._choice(TREND_EVENTS)

    def _slug(self, title: str) -> str:
        """URL slug of a title ("Canicule : 7 départements" -> canicule-7-departements)."""
        ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
        words = re.findall(r"[a-z0-9]+", ascii_title.lower())
        if len(words) < 2:
            return f"story-{int(self.rnd() * 1e8):08d}"
        return "-".join(words[:9])

    def _host(self, domain: str) -> str:
        """Host name as outlets use it (``www.`` for bare second-level domains)."""
        return "www." + domain if domain.count(".") == 1 else domain

    def _news_url(self, domain: str, title: str, ts: int) -> str:
        """A realistic canonical article URL for an outlet (style fixed per outlet)."""
        tm = time.gmtime(ts)
        slug = self._slug(title)
        section = self._choice(("world", "news", "politics", "business", "sport", "tech", "us"))
        style = sum(map(ord, domain)) % 4
        host = self._host(domain)
        if style == 0:
            return f"https://{host}/{section}/{tm.tm_year}/{tm.tm_mon:02d}/{tm.tm_mday:02d}/{slug}/"
        if style == 1:
            return f"https://{host}/{section}/{slug}-{int(self.rnd() * 9e7) + 10_000_000}"
        if style == 2:
            return f"https://{host}/article/{slug}-{_enc(self.r.getrandbits(128), '0123456789abcdef', 32)}"
        return f"https://{host}/{section}/{tm.tm_year}-{tm.tm_mon:02d}-{tm.tm_mday:02d}/{slug}.html"

    def _yt_id(self) -> str:
        """A random 11-character YouTube video id."""
        return _b64(self.r.getrandbits(66), 11)

    def _yt_url(self, vid: str | None = None) -> str:
        """A YouTube watch URL (random video unless ``vid`` is given)."""
        return f"https://www.youtube.com/watch?v={vid or self._yt_id()}"

    def _blog_url(self, title: str, who: str | None = None) -> str:
        """A blog post URL on Medium, Substack, WordPress, Blogspot or Tumblr."""
        host = self._choice(BLOG_HOSTS)
        name = who or (self._choice(HANDLE_ADJ) + self._choice(HANDLE_NOUN))
        slug = self._slug(title)
        if host == "medium.com":
            return f"https://medium.com/@{name}/{slug}-{self.r.getrandbits(48):012x}"
        if host == "substack.com":
            return f"https://{name}.substack.com/p/{slug}"
        if host == "wordpress.com":
            tm = time.gmtime(self.t0)
            return f"https://{name}.wordpress.com/{tm.tm_year}/{tm.tm_mon:02d}/{slug}/"
        if host == "blogspot.com":
            return f"https://{name}.blogspot.com/2023/06/{slug[:40]}.html"
        return f"https://{name}.tumblr.com/post/{self.r.getrandbits(56)}/{slug}"

    def _random_url(self) -> str:
        """An unrelated link (the "irrelevant links" of copy-paste operations)."""
        u = self.rnd()
        if u < 0.35:
            return self._yt_url()
        if u < 0.55:
            return self._blog_url(EN.sentence(self.rnd))
        if u < 0.75:
            return f"https://www.{self._choice(SHOP_HOSTS)}/dp/{_enc(self.r.getrandbits(50), _B36, 10).upper()}"
        if u < 0.9:
            d, _, _, _ = self._choice(OUTLETS)
            return self._news_url(d, EN.sentence(self.rnd), self.t0)
        return f"https://i.imgur.com/{_enc(self.r.getrandbits(42), _B64[:62], 7)}.jpg"

    def _headline(self, lang: str) -> str:
        """A wire headline / article title in ``lang``."""
        h = HEADLINE.get(lang, HEADLINE["en"]).sentence(self.rnd)
        return h[:1].upper() + h[1:]

    def _new_article(self, lang: str, ts: int) -> _Article:
        """A news story, video or blog post in ``lang`` published at ``ts``."""
        r = self.r
        u = r.random()
        if u < 0.65:
            outs = [o for o in OUTLETS if o[2] == lang] or list(OUTLETS)
            dom, handle, _, _ = _wchoice(self.rnd, outs, _cum([o[3] for o in outs]))
            title = self._headline(lang)
            art = _Article(self._news_url(dom, title, ts), title, lang, handle, ts)
            art.share_qs = self._share_qs(dom)
        elif u < 0.85:
            title = GRAMMARS[lang].sentence(self.rnd)
            art = _Article(self._yt_url(), title, lang, "YouTube", ts)
        else:
            title = GRAMMARS[lang].sentence(self.rnd)
            art = _Article(self._blog_url(title), title, lang, "", ts)
        art.pop = min(400.0, r.paretovariate(1.1))
        return art

    def _share_qs(self, domain: str) -> str:
        """The query string an outlet's share button adds (fixed per outlet)."""
        style = sum(map(ord, domain)) % 5
        return ("", "?utm_source=twitter&utm_medium=social",
                "?utm_source=share&utm_medium=ios_app&utm_campaign=sharebar", "",
                "?smid=tw-share")[style]

    def _articles(self) -> None:
        """Articles published each day (and two days before), for sharing."""
        per_day = max(12, round(self.n_posts / self.days * 0.012))
        self.day_articles: list[list[_Article]] = []
        for d in range(-2, self.days):
            arts = []
            for _ in range(per_day):
                lang = _wchoice(self.rnd, _LANG_ITEMS, _LANG_CUM)
                arts.append(self._new_article(lang, self.t0 + d * 86400 + int(self.rnd() * 86400)))
            self.day_articles.append(arts)

    # -- accounts ------------------------------------------------------------

    def _unique_handle(self, platform: str, handle: str) -> str:
        """Reserve ``handle`` on ``platform``, adding digits until it is free."""
        taken = self.handles[platform]
        h = handle
        while h in taken or len(h) < 3:
            h = f"{handle}{int(self.rnd() * 10 ** (1 + int(self.rnd() * 4)))}"
        taken.add(h)
        return h

    def _auth_handle(self, lang: str, platform: str) -> str:
        """An ordinary person's handle (many styles; ~8% ``firstnamelastname12``)."""
        r = self.rnd
        ch = self._choice
        u = r()
        if platform == "reddit" and u < 0.35:
            h = f"{ch(HANDLE_ADJ).capitalize()}-{ch(HANDLE_NOUN).capitalize()}-{int(r() * 9000) + 1000}"
        elif lang in ("zh", "ja") and u < 0.3:
            h = ch(PINYIN_SURNAMES) + ch(("_", "", ".")) + ch(PINYIN_GIVEN)
            if r() < 0.5:
                h += str(int(r() * 1000))
        elif u < 0.26:
            h = ch(HANDLE_ADJ) + ch(("", "_", "")) + ch(HANDLE_NOUN)
        elif u < 0.40:
            sep = "." if platform in ("instagram", "tiktok") and r() < 0.5 else ch(("_", ""))
            h = ch(FIRST_NAMES) + sep + ch(HANDLE_HOBBY)
        elif u < 0.56:
            h = ch(FIRST_NAMES) + ch(("", "_", "")) + str(int(r() * 100) if r() < 0.6 else 1960 + int(r() * 50))
        elif u < 0.64:
            h = ch(FIRST_NAMES) + ch(LAST_NAMES) + str(int(r() * 10 ** (2 + int(r() * 3))))
        elif u < 0.74:
            h = ch(("the_", "real", "its", "x", "_", "mr", "ms", "")) + ch(FIRST_NAMES) + ch(("_", "__", "x", "", "_official"))
        elif u < 0.86:
            h = ch(HANDLE_NOUN) + ch(HANDLE_NOUN) + (str(int(r() * 100)) if r() < 0.5 else "")
        else:
            h = ch(FIRST_NAMES)[0] + ch(LAST_NAMES) + (str(int(r() * 100)) if r() < 0.4 else "")
        if r() < 0.15:
            h = h[:1].upper() + h[1:]
        return self._unique_handle(platform, h.replace("__", "_")[:24])

    def _coord_handle(self, platform: str) -> str:
        """An operation account's handle: mostly ``firstnamelastname1234``."""
        r = self.rnd
        ch = self._choice
        u = r()
        if u < 0.12:
            return self._auth_handle("en", platform)  # bought or aged account
        first, last = (ch(FIRST_NAMES), ch(LAST_NAMES)) if u < 0.75 else (ch(PINYIN_GIVEN), ch(PINYIN_SURNAMES))
        v = r()
        digits = str(int(r() * 9000) + 1000) if v < 0.6 else str(int(r() * 10 ** (2 + int(r() * 6))))
        h = first + last + digits
        if r() < 0.2:
            h = first.capitalize() + last.capitalize() + digits
        elif r() < 0.08:
            h = first + "_" + last + digits
        return self._unique_handle(platform, h)

    def _near_handle(self, handle: str, platform: str) -> str:
        """The same persona's handle on another platform: same or nearly so."""
        r = self.rnd
        if r() < 0.6 and handle not in self.handles[platform]:
            return self._unique_handle(platform, handle)
        u = r()
        if u < 0.3:
            sep = "." if platform in ("instagram", "tiktok") and r() < 0.5 else self._choice(("_", ""))
            h = handle + sep + str(int(r() * 10))
        elif u < 0.55:
            h = handle.replace("_", "") if "_" in handle else handle + "_"
        elif u < 0.8:
            h = handle.rstrip(string.digits) or handle
            h = h + str(int(r() * 100))
        else:
            h = handle + self._choice(("official", "_real", "1", "2023"))
        return self._unique_handle(platform, h.lower() if r() < 0.3 else h)

    def _author_id(self, platform: str, created_ts: int, idx: int) -> str:
        """A platform-shaped account id (X: snowflake after 2013)."""
        rb = self.r.getrandbits
        while True:
            if platform == "x":
                if created_ts > 1_384_000_000:
                    aid = str(((created_ts * 1000 + rb(9) - TWEPOCH_MS) << 22) | (idx & 0x3FFFFF))
                else:
                    aid = str(10_000_000 + rb(30) % 2_400_000_000)
            elif platform == "facebook":
                aid = "1000" + f"{rb(40) % 10**11:011d}"
            elif platform == "instagram":
                aid = str(100_000_000 + rb(36) % 60_000_000_000)
            elif platform == "tiktok":
                aid = str(6_700_000_000_000_000_000 + rb(60) % 600_000_000_000_000_000)
            elif platform == "youtube":
                aid = "UC" + _enc(rb(132), _B64, 22)
            elif platform == "reddit":
                aid = "t2_" + _enc(rb(41), _B36, 8)
            elif platform == "medium":
                aid = f"{rb(48):012x}"
            elif platform == "pinterest":
                aid = str(500_000_000_000_000_000 + rb(58) % 400_000_000_000_000_000)
            else:
                aid = str(100_000_000 + rb(33) % 6_000_000_000)
            if aid not in self.author_ids:
                self.author_ids.add(aid)
                return aid

    def _new_acct(self, platform: str, handle: str, created_ts: int, lang: str,
                  label: str, style: str, group: str) -> _Acct:
        """Create and register an account with a home time zone and habits."""
        a = _Acct(len(self.accts), platform, handle)
        a.created_ts = created_ts
        a.created_iso = iso(created_ts)
        a.author_id = self._author_id(platform, created_ts, a.idx)
        a.lang = lang
        a.label, a.style, a.group = label, style, group
        a.tz = self._tz_for(lang)
        a.phase = self._choice((-2, -1, -1, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3))
        a.wk = min(0.9, self.weekend_frac * self.r.uniform(0.6, 1.6))
        if lang != "en" and self.rnd() < 0.25:
            a.lang2 = "en"
        z = min(3.3, self.r.gauss(0, 1))
        a.act = math.exp(1.4 * z)
        a.copies = math.exp(0.8 * z + 1.2 * self.r.gauss(0, 1)) / 2.83
        self.accts.append(a)
        return a

    def _created_ts(self, platform: str) -> int:
        """Account creation time: spread over years, more in recent years."""
        table = self.year_tables.get(platform)
        if table is None:
            first = max(PLATFORM_LAUNCH[platform], 2006)
            years = list(range(first, self.start_date.year + 1))
            spans = [(int(datetime(y, 1, 1, tzinfo=UTC).timestamp()),
                      min(int(datetime(y + 1, 1, 1, tzinfo=UTC).timestamp()), self.t0 - 86400))
                     for y in years]
            table = self.year_tables[platform] = (spans, _cum([1 + (y - first) * 0.6 for y in years]))
        lo, hi = _wchoice(self.rnd, *table)
        return lo + int(self.rnd() * max(1, hi - lo))

    def _after_launch(self, platform: str, ts: int) -> int:
        """Move a creation time that predates the platform to a random later one."""
        launch = int(datetime(PLATFORM_LAUNCH[platform], 6, 1, tzinfo=UTC).timestamp())
        if ts >= launch:
            return ts
        return launch + int(self.rnd() * (self.t0 - 400 * 86400 - launch))

    def _person(self, label: str = "authentic", style: str = "authentic", group: str = "",
                platform: str | None = None, lang: str | None = None) -> _Acct:
        """An ordinary person's account (authentic, or a decoy's member)."""
        lang = lang or _wchoice(self.rnd, _LANG_ITEMS, _LANG_CUM)
        platform = platform or _wchoice(self.rnd, _PLATFORM_ITEMS, _PLATFORM_CUM)
        created = self._created_ts(platform)
        a = self._new_acct(platform, self._auth_handle(lang, platform), created, lang, label, style, group)
        return a

    def _authentic_accounts(self) -> None:
        """Authentic accounts; a few are the same person on two platforms."""
        r = self.r
        self.first_auth = len(self.accts)
        for _ in range(self.n_auth):
            prev = self.accts[self.first_auth + int(r.random() * (len(self.accts) - self.first_auth))] \
                if len(self.accts) > self.first_auth and r.random() < 0.05 else None
            if prev is not None and prev.label == "authentic":
                plat = _wchoice(self.rnd, _PLATFORM_ITEMS, _PLATFORM_CUM)
                if plat != prev.platform:
                    a = self._new_acct(plat, self._near_handle(prev.handle, plat),
                                       self._created_ts(plat), prev.lang, "authentic", "authentic", "")
                    a.tz, a.phase, a.lang2 = prev.tz, prev.phase, prev.lang2
                    continue
            a = self._person()
            if r.random() < 0.03:  # joined during the month
                a.created_ts = self.t0 + int(r.random() * (self.days - 3) * 86400)
                a.created_iso = iso(a.created_ts)
                a.min_day = (a.created_ts - self.t0) // 86400
        self.last_auth = len(self.accts)
        auth = self.accts[self.first_auth:self.last_auth]
        ranked = sorted(auth, key=lambda x: -x.copies)
        self.celebs = ranked[: max(10, len(auth) // 250)]
        for c in self.celebs:
            c.copies = min(60.0, c.copies * 3 + 10)
            c.act *= 2
        self.celeb_used: set[int] = set()

    # -- coordinated operations ---------------------------------------------

    def _partition(self, total: int, k: int, big: int = 0) -> list[int]:
        """Split ``total`` accounts into ``k`` heavy-tailed groups of 8+."""
        r = self.r
        sizes = [8] * k
        rest = total - 8 * k
        w = [r.paretovariate(1.3) for _ in range(k)]
        tw = sum(w)
        for i in range(k):
            add = int(rest * w[i] / tw)
            sizes[i] += add
        for _ in range(total - sum(sizes)):
            sizes[int(r.random() * k)] += 1
        if big and max(sizes) < big and total >= big + 8 * (k - 1):
            i = sizes.index(max(sizes))
            while sizes[i] < big:
                j = max((x for x in range(k) if x != i), key=lambda x: sizes[x])
                if sizes[j] <= 8:
                    break
                sizes[j] -= 1
                sizes[i] += 1
        return sizes

    def _pick_platforms(self, style: str) -> list[str]:
        """One or two platforms for an operation of ``style``."""
        w = OP_PLATFORMS[style]
        items, cum = list(w), _cum(w.values())
        first = _wchoice(self.rnd, items, cum)
        p_second = {"copypaste": 0.5, "link_ring": 0.4, "hashtag_rider": 0.2, "repost_ring": 0.0,
                    "corepost": 0.0}[style]
        if self.rnd() < p_second:
            for _ in range(10):
                second = _wchoice(self.rnd, items, cum)
                if second != first:
                    return [first, second]
        return [first]

    def _op_site(self) -> str:
        """A domain of an operation-run 'news' site."""
        ch = self._choice
        return f"{ch(OP_SITE_WORDS)}{ch(OP_SITE_WORDS)}{ch(('', '', '-news', 'daily', '24'))}" \
               f"{ch(('.com', '.net', '.org', '.info', '.news', '.co'))}"

    def _make_op(self, gid: str, style: str, size: int, *, kind: str = "",
                 zone: str | None = CST_ZONE, tells: bool = True) -> _Op:
        """An operation with its operator's habits and ``size`` accounts.

        ``style`` is the members' truth label, ``kind`` what the pushes do
        (default: ``style``), ``zone`` where the operators work (None: round
        the clock) and ``tells`` whether members have generated handles and
        were created in bursts.
        """
        r = self.r
        u = r.random
        kind = kind or style
        lang = "en" if u() < 0.55 else "zh"
        others = [x for x in MT_LANGS if x != lang]
        op = _Op(
            gid=gid, style=style, members=[], sleepers=[], platforms=self._pick_platforms(kind),
            lang=lang, mt_langs=r.sample(others, 1 + int(u() * 2)),
            mt_rate=0.0 if u() < 0.5 else r.uniform(0.05, 0.25),
            gap=math.exp(r.uniform(0.0, math.log(35))), fixed_order=u() < 0.6,
            serial=None if u() < 0.4 else self._choice(SERIAL_STYLES),
            serial_by_push=u() < 0.3, serial_prefix=u() < 0.4,
            typo_rate=0.0 if u() < 0.3 else r.uniform(0.03, 0.25),
            emoji_rate=r.uniform(0.1, 0.7), token_rate=0.0 if u() < 0.55 else r.uniform(0.2, 0.8),
            link_rate=0.0 if u() < 0.5 else r.uniform(0.05, 0.4), tag_rate=r.uniform(0.0, 0.6),
            msg_link_rate=r.uniform(0.0, 0.5), reply_mode=kind == "copypaste" and u() < 0.15,
            reply_same=u() < 0.6, repost_rate=r.uniform(0.5, 0.9),
            tags=r.sample(CAMPAIGN_TAGS[lang], 2 + int(u() * 2)),
            emoji=r.sample(OP_EMOJI, 3 + int(u() * 3)),
            filler_rate=0.0 if u() < 0.3 else r.uniform(0.05, 0.3),
            sites=[self._op_site() for _ in range(1 + int(u() * 3))],
            kind=kind, zone=zone, tells=tells,
        )
        if lang == "zh" and u() < 0.5:
            op.tags.append(self._choice(CAMPAIGN_TAGS["en"]))
        twin_rate = {"copypaste": r.uniform(0.08, 0.25), "link_ring": 0.1,
                     "hashtag_rider": 0.08, "repost_ring": 0.0, "corepost": 0.0}[kind]
        bursts = [self.t0 - (2 + int(r.random() * 540)) * 86400 for _ in range(1 + int(u() * 3))]
        plats = op.platforms
        while len(op.members) < size:
            plat = plats[0] if len(plats) == 1 or u() < 0.65 else plats[1]
            a = self._coord_acct(op, plat, bursts)
            if size - len(op.members) >= 2 and u() < twin_rate:
                other = [p for p in plats if p != plat] or [
                    _wchoice(self.rnd, _PLATFORM_ITEMS, _PLATFORM_CUM)]
                if other[0] != plat:
                    t = self._coord_acct(op, other[0], bursts, handle=self._near_handle(a.handle, other[0]))
                    t.created_ts = min(t.created_ts, a.created_ts + int(u() * 3 * 86400))
                    t.created_iso = iso(t.created_ts)
        self.ops.append(op)
        return op

    def _coord_acct(self, op: _Op, platform: str, bursts: list[int], handle: str | None = None) -> _Acct:
        """A member account, created in one of the operation's bursts (or aged).

        Members of operations without tells look like anyone: an ordinary
        handle, created at any time over the years.
        """
        r = self.r
        if not op.tells:
            created = self._created_ts(platform)
            handle = handle or self._auth_handle(op.lang, platform)
        elif r.random() < 0.12:
            created = int(datetime(2014, 1, 1, tzinfo=UTC).timestamp()) + int(
                r.random() * (self.t0 - 400 * 86400 - 1_388_534_400))
            created = self._after_launch(platform, created)
        else:
            day = self._choice(bursts) + int(r.expovariate(1.2)) * 86400  # burst day(s)
            cst_midnight = day - (day + CST * 3600) % 86400
            created = cst_midnight + int(r.uniform(9, 18) * 3600)  # office hours, CST
            created = min(created, self.t0 - 3600)
        a = self._new_acct(platform, handle or self._coord_handle(platform), created, op.lang,
                           "coordinated", op.style, op.gid)
        if op.zone == CST_ZONE:
            a.tz = CST * 3600
        elif op.zone is not None:
            a.tz = int(OPERATOR_ZONES[op.zone][0] * 3600)
        a.profile = P_SCHEDULED
        a.copies = 0.003  # almost no engagement from outside
        op.members.append(a)
        return a

    def _sleeper(self, op: _Op) -> _Acct:
        """An old account with very few posts that joins a push of ``op``."""
        r = self.r
        plat = self._choice(op.platforms)
        created = int(datetime(2011, 1, 1, tzinfo=UTC).timestamp()) + int(
            r.random() * (int(datetime(2020, 1, 1, tzinfo=UTC).timestamp()) - 1_293_840_000))
        created = self._after_launch(plat, created)
        lang = op.lang if r.random() < 0.6 else _wchoice(self.rnd, _LANG_ITEMS, _LANG_CUM)
        a = self._new_acct(plat, self._auth_handle(lang, plat), created, lang,
                           "coordinated", "sleeper", op.gid)
        a.fixed = 1 + int(r.random() * 3)
        a.copies = 0.05
        op.sleepers.append(a)
        return a

    def _n_pushes(self, op: _Op, lo: int = 4) -> int:
        """Number of pushes of an operation over the period (scales with size)."""
        ppc = 2.0 * self.ppa  # posts per coordinated member over the period
        return max(lo, round(ppc / 0.7 * self.r.uniform(0.7, 1.3)))

    def _participation(self, op: _Op, n_push: int) -> list[list[_Acct]]:
        """Which accounts post in each push, in the operator's order."""
        r = self.r
        roster = op.members + op.sleepers
        per_push: list[list[int]] = [[] for _ in range(n_push)]
        for i in range(len(op.members)):
            if r.random() < 0.25:  # low-volume member: 1-3 pushes in the month
                picks = r.sample(range(n_push), min(n_push, 1 + int(r.random() * 3)))
            else:
                p = r.uniform(0.45, 0.95)
                picks = [j for j in range(n_push) if r.random() < p] or [int(r.random() * n_push)]
            for j in picks:
                per_push[j].append(i)
        for k, _ in enumerate(op.sleepers):
            for j in r.sample(range(n_push), min(n_push, 1 + int(r.random() * 2))):
                per_push[j].append(len(op.members) + k)
        out = []
        for idxs in per_push:
            idxs.sort()
            order = [roster[i] for i in idxs]
            if not op.fixed_order:
                r.shuffle(order)
            out.append(order)
        return out

    def _schedule(self, op: _Op, push: _Push, order: list[_Acct], kind: int,
                  start: int | None = None) -> int:
        """Post ``order`` one after the other at the operator's pace."""
        r = self.r
        gaps = [max(0, int(op.gap * r.lognormvariate(0, 0.5))) for _ in order]
        dur = sum(gaps) + 60
        t = self._op_ts(op, dur) if start is None else start
        push.n = len(order)
        for pos, a in enumerate(order):
            self._ev(t, a, kind, push, pos)
            t += gaps[pos]
        return t

    def _new_msg(self) -> tuple[int, int, int, int]:
        """A campaign message (claim, support, call, shape) not used before."""
        r = self.r
        for _ in range(30):
            m = (int(r.random() * 16), int(r.random() * 12), int(r.random() * 8), int(r.random() * 5))
            if m not in self.used_msgs:
                break
        self.used_msgs.add(m)
        return m

    def _op_article(self, op: _Op, ts: int) -> _Article:
        """An article the operation pushes: own site, Medium, YouTube, state media."""
        r = self.r
        c = int(r.random() * 16)
        lang = op.lang
        title = CLAIMS[lang][c].rstrip(".。")
        u = r.random()
        if u < 0.5:
            dom = self._choice(op.sites)
            url = self._news_url(dom, CLAIMS["en"][c], ts)
        elif u < 0.65:
            url = self._news_url(self._choice(STATE_MEDIA), CLAIMS["en"][c], ts)
        elif u < 0.8:
            who = self._coord_handle("medium") if r.random() < 0.5 else self._choice(op.members).handle
            url = f"https://medium.com/@{who}/{self._slug(CLAIMS['en'][c])}-{r.getrandbits(48):012x}"
        else:
            url = self._yt_url()
        art = _Article(url, title, lang, "", ts - int(r.uniform(60, 6 * 3600)))
        if r.random() < 0.3:
            art.short = f"https://{self._choice(('bit.ly', 'tinyurl.com', 'is.gd', 'ow.ly'))}/" \
                        f"{_enc(r.getrandbits(40), _B64[:62], 7)}"
        return art

    def _plan_coordinated(self) -> None:
        """Create the operations and schedule all their pushes and filler."""
        r = self.r
        n_sleep = max(4, round(0.07 * self.n_coord))
        rest = self.n_coord - n_sleep
        fr = {"copypaste": 0.36, "link_ring": 0.22, "hashtag_rider": 0.18, "repost_ring": 0.24}
        counts = {k: max(16, round(rest * f)) for k, f in fr.items()}
        counts["copypaste"] += rest - sum(counts.values())
        avg = 12 + 9 * math.sqrt(self.scale)
        gid = 0
        by_style: dict[str, list[_Op]] = {}
        for style, n in counts.items():
            k = max(2, min(n // 8, round(n / avg)))
            big = 110 if style == "copypaste" and self.n_posts >= 200_000 else 0
            for size in self._partition(n, k, big):
                gid += 1
                by_style.setdefault(style, []).append(self._make_op(f"op{gid}", style, size))
        hosts = by_style["copypaste"] + by_style["link_ring"]
        r.shuffle(hosts)
        hosts = hosts[: max(2, round(len(hosts) * 0.5))]
        for i in range(n_sleep):
            self._sleeper(hosts[i % len(hosts)])
        for op in self.ops:
            self._plan_pushes(op)
            self._plan_filler(op)

    def _plan_pushes(self, op: _Op) -> None:
        """Schedule an operation's pushes by what they do (sparse riders: few of them)."""
        if op.style == "sparse_rider":
            self._plan_sparse_rider(op)
            return
        {"copypaste": self._plan_copypaste, "link_ring": self._plan_link_ring,
         "hashtag_rider": self._plan_hashtag_rider, "repost_ring": self._plan_repost_ring,
         "corepost": self._plan_corepost}[op.kind](op)

    def _plan_regime_ops(self) -> None:
        """Create and schedule the operations of the regime's styles (after the default ones)."""
        gid = len(self.ops)
        avg = 12 + 9 * math.sqrt(self.scale)
        kinds = ("copypaste", "link_ring", "repost_ring")
        zones = tuple(OPERATOR_ZONES)
        for style in self.regime.styles:
            n = self.n_style[style]
            if style == "corepost_network":
                gid += 1
                op = self._make_op(f"op{gid}", style, n, kind="corepost", zone=None, tells=False)
                self._plan_pushes(op)
                continue
            if style == "sparse_rider":
                sizes = self._partition(n, max(MIN_REGIME_OPS[style], n // 10))
            else:
                sizes = self._partition(n, max(MIN_REGIME_OPS[style], min(n // 8, round(n / avg))))
            for i, size in enumerate(sizes):
                gid += 1
                if style == "sparse_rider":
                    op = self._make_op(f"op{gid}", style, size, kind="hashtag_rider")
                else:
                    zone = {"round_the_clock": None, "shift_only": CST_ZONE,
                            "other_zone": zones[(i + i // 3) % 3]}[style]
                    op = self._make_op(f"op{gid}", style, size, kind=kinds[i % 3], zone=zone,
                                       tells=False)
                self._plan_pushes(op)
                self._plan_filler(op)

    def _plan_sparse_rider(self, op: _Op) -> None:
        """Hashtag riding with little evidence: 3-6 pushes of 4-8 members each."""
        r = self.r
        for j in range(3 + int(r.random() * 4)):
            order = r.sample(op.members, min(len(op.members), 4 + int(r.random() * 5)))
            if op.fixed_order:
                order.sort(key=lambda a: a.idx)
            push = _Push(op, j)
            start = self._op_ts(op, int(op.gap * len(order)) + 60)
            push.trend = self._top_trend(start)
            push.tags = r.sample(op.tags, min(len(op.tags), 1 + int(self.rnd() * 2)))
            self._schedule(op, push, order, K_HR, start)

    def _plan_corepost(self, op: _Op) -> None:
        """A co-repost network: at each moment many members repost one post within a minute.

        A few members are leads whose posts the others amplify (most moments);
        the other moments amplify a popular outside post.  Members take part
        by a heavy-tailed activity (each in at least three moments) and also
        post ordinary content of their own at their home time zone's hours;
        the moments fall at any hour of any day.
        """
        r = self.r
        regime = self.regime
        members = op.members
        n_members = len(members)
        for a in members:
            a.profile = P_NORMAL  # ordinary posts of their own, besides the moments
            a.act *= 0.8
        n_leads = max(2, n_members // 40)
        op.leads = members[:n_leads]
        crowd = members[n_leads:]
        weight = [r.lognormvariate(0.0, 0.8) for _ in crowd]
        n_moments = regime.corepost_moments or min(COREPOST_MOMENTS[1], max(
            COREPOST_MOMENTS[0], round(self.n_posts / COREPOST_POSTS_PER_MOMENT)))
        moments: list[list[int]] = []
        for _ in range(n_moments):
            turnout = max(3, round(r.uniform(*COREPOST_TURNOUT) * len(crowd)))
            # Weighted sampling without replacement (Efraimidis-Spirakis keys).
            keys = sorted(((r.random() ** (1.0 / w), i) for i, w in enumerate(weight)), reverse=True)
            moments.append([i for _, i in keys[:turnout]])
        joined = [0] * len(crowd)
        for chosen in moments:
            for i in chosen:
                joined[i] += 1
        for i, k in enumerate(joined):
            for _ in range(max(0, 3 - k)):
                chosen = moments[int(r.random() * n_moments)]
                if i not in chosen:
                    chosen.append(i)
        for j, chosen in enumerate(moments):
            push = _Push(op, j)
            start = self._any_ts(1800 + 60)
            if r.random() < regime.corepost_lead_share:
                self._ev(start, self._choice(op.leads), K_CSEED, push, 0)
                start += int(r.uniform(90, 1800))  # still after the lead once aligned
            start -= start % 60  # the reposts share one clock minute
            push.n = len(chosen)
            for pos, i in enumerate(chosen):
                self._ev(start + int(r.random() * 60), crowd[i], K_CREP, push, pos)

    def _plan_copypaste(self, op: _Op) -> None:
        """Schedule copy-paste pushes: one message per push, posted by many members."""
        r = self.r
        n_push = self._n_pushes(op)
        msgs: list[tuple[int, int, int, int]] = []
        for j, order in enumerate(self._participation(op, n_push)):
            push = _Push(op, j)
            push.msg = self._choice(msgs) if msgs and r.random() < 0.15 else self._new_msg()
            msgs.append(push.msg)
            push.emoji = self._choice(op.emoji) if r.random() < 0.7 else ""
            start = self._op_ts(op, int(op.gap * len(order)) + 60)
            if r.random() < op.msg_link_rate:
                push.link = self._op_article(op, start)
            self._schedule(op, push, order, K_CP, start)

    def _plan_link_ring(self, op: _Op) -> None:
        """Schedule link-ring pushes: one article per push, shared by many members."""
        r = self.r
        n_push = self._n_pushes(op)
        arts: list[_Article] = []
        for j, order in enumerate(self._participation(op, n_push)):
            push = _Push(op, j)
            gaps_est = int(op.gap * len(order)) + 60
            start = self._op_ts(op, gaps_est)
            if arts and r.random() < 0.2:
                push.article = self._choice(arts)
            else:
                push.article = self._op_article(op, start)
                arts.append(push.article)
            self._schedule(op, push, order, K_LR, start)

    def _plan_hashtag_rider(self, op: _Op) -> None:
        """Schedule rider pushes on the hashtag trending at the push's hour."""
        n_push = self._n_pushes(op)
        for j, order in enumerate(self._participation(op, n_push)):
            push = _Push(op, j)
            start = self._op_ts(op, int(op.gap * len(order)) + 60)
            push.trend = self._top_trend(start)
            push.tags = self.r.sample(op.tags, min(len(op.tags), 1 + int(self.rnd() * 2)))
            self._schedule(op, push, order, K_HR, start)

    def _plan_repost_ring(self, op: _Op) -> None:
        """Schedule ring pushes: a seed post, then members repost or reply within seconds."""
        r = self.r
        n_seeds = min(len(op.members) - 4, 1 + int(r.random() * 3))
        seeds = op.members[:n_seeds]
        n_push = self._n_pushes(op, lo=5)
        for j, order in enumerate(self._participation(op, n_push)):
            push = _Push(op, j)
            external = r.random() < 0.12
            start = self._op_ts(op, int(op.gap * len(order)) + 120)
            if not external:
                seed = seeds[j % n_seeds]
                order = [a for a in order if a is not seed]
                self._ev(start, seed, K_RSEED, push, 0)
                start += 5 + int(r.random() * 55)
            if order:
                self._schedule(op, push, order, K_RR, start)

    def _plan_filler(self, op: _Op) -> None:
        """Individual filler posts ("good morning", scenery) at shift times."""
        if not op.filler_rate:
            return
        for a in op.members:
            if a.n_posts <= 3:  # low-volume members stay low-volume
                continue
            k = sum(1 for _ in range(a.n_posts) if self.rnd() < op.filler_rate)
            for _ in range(k):
                self._ev(self._op_ts(op, 0), a, K_FILL, op, 0)

    # -- decoys -----------------------------------------------------------------

    def _plan_decoys(self) -> None:
        """Create the look-alike groups and schedule their special posts."""
        s = self.scale
        n_groups_bots = max(2, round(1.5 + 1.2 * math.sqrt(s)))
        start_idx = len(self.accts)
        for g in range(n_groups_bots):
            self._plan_news_bots(g + 1, n_groups_bots)
        rest = self.n_decoy - (len(self.accts) - start_idx)
        fr = {"share": 0.26, "chain": 0.20, "generic": 0.20, "viral": 0.24, "xpost": 0.10}
        mins = {"share": 12, "chain": 10, "generic": 10, "viral": 12, "xpost": 6}
        n = {k: max(mins[k], round(rest * f)) for k, f in fr.items()}
        def n_groups(total: int, per: int) -> int:
            """How many groups to split ``total`` accounts into (2+ from 40 accounts)."""
            return max(2 if total >= 40 else 1, round(total / per))

        k_share = n_groups(n["share"], 150)
        for g, size in enumerate(self._split(n["share"], k_share)):
            self._plan_share_button(g + 1, size)
        k_chain = n_groups(n["chain"], 120)
        for g, size in enumerate(self._split(n["chain"], k_chain)):
            self._plan_chain(g + 1, size)
        k_viral = n_groups(n["viral"], 180)
        for g, size in enumerate(self._split(n["viral"], k_viral)):
            self._plan_viral(g + 1, size)
        k_gen = max(1, round(n["generic"] / 150))
        for i in range(n["generic"]):
            a = self._person("decoy", "generic_reply", f"generic{1 + i % k_gen}")
            a.profile = P_GENERIC
            a.act = a.act * 2.5 + 1.0
        for p in range(max(3, n["xpost"] // 2)):
            self._plan_cross_poster(p + 1)

    def _split(self, total: int, k: int) -> list[int]:
        """Split into ``k`` roughly equal parts (+-30%)."""
        w = [self.r.uniform(0.7, 1.3) for _ in range(k)]
        tw = sum(w)
        sizes = [max(8, int(total * x / tw)) for x in w]
        sizes[0] += max(0, total - sum(sizes))
        return sizes

    def _plan_news_bots(self, g: int, n_groups: int) -> None:
        """Outlets' syndication bots posting the same wire headline 24/7."""
        r = self.r
        gid = f"newsbots{g}"
        lang = "en" if g < 3 or n_groups < 4 else self._choice(("es", "de", "en"))
        towns, papers = {"es": (NEWS_TOWNS_ES, NEWS_PAPERS_ES),
                         "de": (NEWS_TOWNS_DE, NEWS_PAPERS_DE)}.get(lang, (NEWS_TOWNS, NEWS_PAPERS))
        n_out = 4 + int(r.random() * 4)
        bots: list[_Acct] = []
        for _ in range(n_out):
            town, paper = self._choice(towns), self._choice(papers)
            name = f"{town} {paper}".replace("DailyNews", "Daily News")
            domain = (town + paper).lower().replace(" ", "") + self._choice((".com", ".com", ".net"))
            handle = self._choice((f"{town}{paper}", f"{town}News", f"{town.lower()}{paper.lower()}",
                                   f"{paper}{town}")).replace(" ", "")
            plat = self._choice(("x", "x", "x", "facebook", "telegram"))
            created = int(datetime(2009, 1, 1, tzinfo=UTC).timestamp()) + int(r.random() * 8 * 365 * 86400)
            created = self._after_launch(plat, created)
            tpl, tags = self._choice(NEWS_BOT_TEMPLATES)
            style = int(r.random() * 4)
            delay, jitter, p = int(r.uniform(20, 600)), int(r.uniform(10, 180)), r.uniform(0.75, 0.97)
            plats = [plat] + (["facebook" if plat != "facebook" else "x"] if r.random() < 0.25 else [])
            for pl in plats:
                h = self._unique_handle(pl, handle)
                a = self._new_acct(pl, h, created, lang, "decoy", "news_bot", gid)
                a.profile = P_SCHEDULED
                a.copies = 0.5
                self.bot_info[a.idx] = (tpl, list(tags), domain, name, style,
                                        delay + (int(r.uniform(30, 300)) if pl != plat else 0), jitter, p)
                bots.append(a)
        target = 0.02 * self.n_posts / max(1, n_groups)
        n_head = max(15, round(target / (len(bots) * 0.85)))
        interval = self.days * 86400 / n_head
        for i in range(n_head):
            t = self.t0 + int(i * interval + r.random() * interval * 0.6)
            title = self._headline(lang)
            head = (title, f"{r.getrandbits(40):010x}")
            for a in bots:
                _, _, _, _, _, delay, jitter, p = self.bot_info[a.idx]
                ts = t + delay + int(r.random() * jitter)
                if ts < self.t1 and r.random() < p:
                    self._ev(ts, a, K_NEWS, head, 0)
        for a in bots:  # every bot posts at least once
            if not a.n_posts:
                self._ev(self.t0 + int(r.random() * (self.days - 1) * 86400), a, K_NEWS,
                         (self._headline(lang), f"{r.getrandbits(40):010x}"), 0)

    def _delayed(self, a: _Acct, t0: int, sample: Any, tries: int = 25, power: float = 1.0) -> int:
        """``t0`` plus a delay from ``sample()``, thinned by ``a``'s waking hours."""
        rnd = self.rnd
        ts = t0 + 1
        for _ in range(tries):
            ts = t0 + 1 + int(sample())
            if ts < self.t1 and rnd() < self._awake(a, ts) ** power:
                return ts
        return min(ts, self.t1 - 1)

    def _plan_share_button(self, g: int, size: int) -> None:
        """Many unrelated people sharing the same articles with the default text."""
        r = self.r
        gid = f"share{g}"
        lang = "en" if r.random() < 0.75 else self._choice(("es", "pt", "fr", "de"))
        members = [
            self._person("decoy", "share_button", gid,
                         platform=self._choice(("x", "x", "x", "facebook", "facebook", "reddit", "telegram")),
                         lang=lang if r.random() < 0.85 else None)
            for _ in range(size)
        ]
        n_art = min(6, 3 + int(r.random() * 4))
        outs = [o for o in OUTLETS if o[2] == lang] or list(OUTLETS)
        arts = []
        for _ in range(n_art):
            dom, handle, _, _ = self._choice(outs)
            pub = self.t0 + int(r.random() * (self.days - 2) * 86400)
            title = self._headline(lang)
            art = _Article(self._news_url(dom, title, pub), title, lang, handle, pub, pop=40.0)
            art.share_qs = self._share_qs(dom) or "?utm_source=share_button"
            arts.append(art)
            self.day_articles[2 + (pub - self.t0) // 86400].append(art)
        def delay() -> float:  # a burst right after publication, then a long tail
            """Seconds from publication to this account's post."""
            if r.random() < 0.25:
                return r.expovariate(1 / 1200)
            return min(48 * 3600, r.lognormvariate(math.log(5 * 3600), 1.1))

        for a in members:
            for art in r.sample(arts, 1 if r.random() < 0.75 else min(len(arts), 2 + int(r.random() * 2))):
                self._ev(self._delayed(a, art.pub_ts, delay, power=0.5), a, K_SHARE, art, 0)

    def _plan_chain(self, g: int, size: int) -> None:
        """A chain post spreading over days; each account posts it once."""
        r = self.r
        gid = f"chain{g}"
        lang, text = self._choice(CHAIN_TEXTS)
        t0 = self.t0 + int(r.random() * max(1, self.days - 5) * 86400)
        span = r.uniform(2, 6) * 86400
        for _ in range(size):
            plat = self._choice(("facebook", "facebook", "facebook", "x", "instagram", "tiktok"))
            a = self._person("decoy", "chain_post", gid, platform=plat, lang=lang)
            ts = self._delayed(a, t0, lambda: span * r.betavariate(1.6, 3.0))
            self._ev(ts, a, K_CHAIN, (lang, text), 0)

    def _plan_viral(self, g: int, size: int) -> None:
        """A viral post reposted by hundreds of unrelated accounts over hours."""
        r = self.r
        gid = f"viral{g}"
        plat = self._choice(("x", "x", "x", "tiktok", "facebook"))
        cands = [c for c in self.celebs if c.platform == plat and c.idx not in self.celeb_used]
        if not cands:
            auth = [a for a in self.accts[self.first_auth:self.last_auth]
                    if a.platform == plat and a.idx not in self.celeb_used and not a.min_day]
            cands = sorted(auth, key=lambda x: -x.copies)[:5]
        seed = self._choice(cands)
        self.celeb_used.add(seed.idx)
        t_seed = self._diurnal_ts(seed, self.t0, self.t1 - 30 * 3600)
        cascade: dict[str, Any] = {"pid": None}
        self._ev(t_seed, seed, K_VSEED, cascade, 0)

        def delay() -> float:
            """Seconds from publication to this account's post."""
            if r.random() < 0.35:
                return r.expovariate(1 / 300)
            return min(30 * 3600, r.lognormvariate(math.log(2.5 * 3600), 1.0))

        for _ in range(size):
            lang = seed.lang if r.random() < 0.7 else None
            a = self._person("decoy", "viral_cascade", gid, platform=plat, lang=lang)
            ts = self._delayed(a, t_seed, delay, power=0.5)
            self._ev(ts, a, K_VREP, cascade, 0)

    def _plan_cross_poster(self, p: int) -> None:
        """One person posting every text to two platforms, minutes apart."""
        r = self.r
        gid = f"xpost{p}"
        pa = self._choice(("x", "x", "instagram", "instagram", "facebook", "tiktok", "reddit", "telegram"))
        pb = self._choice([x for x in ("facebook", "x", "instagram", "telegram", "medium") if x != pa])
        a = self._person("decoy", "cross_poster", gid, platform=pa)
        b = self._new_acct(pb, self._near_handle(a.handle, pb), self._created_ts(pb), a.lang,
                           "decoy", "cross_poster", gid)
        b.tz, b.phase, b.lang2 = a.tz, a.phase, a.lang2
        a.profile = b.profile = P_SCHEDULED
        k = max(2, min(150, int(r.lognormvariate(math.log(4 + 2 * self.ppa), 0.8))))
        mean = r.uniform(40, 600)
        person: dict[int, tuple] = {}
        for j in range(k):
            ts = self._diurnal_ts(a, self.t0, self.t1 - 3600)
            tb = ts + max(15, int(mean * r.lognormvariate(0, 0.6)))
            self._ev(ts, a, K_XP, person, j)
            self._ev(min(tb, self.t1 - 1), b, K_XM, person, j)

    # -- regular posts ----------------------------------------------------------

    def _plan_regular(self) -> None:
        """Distribute the remaining posts over ordinary activity, heavy-tailed."""
        r = self.r
        budget = self.n_posts - self.n_special
        regs: list[_Acct] = []
        mins: list[int] = []
        weights: list[float] = []
        for a in self.accts:
            if a.profile == P_SCHEDULED:
                continue
            if a.fixed >= 0:
                m, w = a.fixed, 0.0
            elif a.label == "authentic":
                m, w = 1, a.act
            elif a.profile == P_GENERIC:
                m, w = 3, a.act
            else:
                m, w = 0, a.act * 0.8
            regs.append(a)
            mins.append(m)
            weights.append(w)
        need = sum(mins)
        if budget < need:
            # Tiny runs: drop authentic accounts that have no other posts.
            keep_r, keep_m, keep_w = [], [], []
            for a, m, w in zip(regs, mins, weights, strict=True):
                if need > budget and a.label == "authentic" and a.n_posts == 0 and a not in self.celebs:
                    need -= m
                    continue
                keep_r.append(a)
                keep_m.append(m)
                keep_w.append(w)
            regs, mins, weights = keep_r, keep_m, keep_w
            if budget < need:
                raise ValueError(f"n_posts={self.n_posts} is too small for the planned groups")
        counts = list(mins)
        extra = budget - need
        if extra > 0:
            cum = _cum(weights)
            for i in r.choices(range(len(regs)), cum_weights=cum, k=extra):
                counts[i] += 1
        for a, k in zip(regs, counts, strict=True):
            if k:
                for ts in self._regular_times(a, k):
                    self.buckets[(ts - self.t0) // 86400].append((ts, a.idx))
                a.n_posts += k

    def _session_ts(self, a: _Acct) -> int:
        """Fast path of :meth:`_diurnal_ts` for accounts older than the period."""
        if a.min_day or a.created_ts + 60 > self.t0:
            return self._diurnal_ts(a)
        rnd = self.rnd
        wk, wd = self.weekend_days, self.weekday_days
        base, t0, t1 = self.t0 - a.tz, self.t0, self.t1
        while True:
            if wk and rnd() < a.wk:
                d, cum = wk[int(rnd() * len(wk))], _CUM_WEEKEND
            else:
                d, cum = wd[int(rnd() * len(wd))], _CUM_WEEKDAY
            h = (bisect.bisect(cum, rnd() * cum[-1]) + a.phase) % 24
            ts = base + d * 86400 + h * 3600 + int(rnd() * 3600)
            if t0 <= ts < t1:
                return ts

    def _regular_times(self, a: _Acct, k: int) -> list[int]:
        """``k`` posting times: sessions at waking hours, posts minutes apart."""
        rnd = self.rnd
        out: list[int] = []
        burst_mean = min(4.0, k / 40)
        lo = max(self.t0, a.created_ts + 60)
        while len(out) < k:
            t = self._session_ts(a)
            n = 1 if k < 6 else 1 + int(-math.log(1.0 - rnd()) * burst_mean)
            for _ in range(min(n, k - len(out))):
                if not lo <= t < self.t1:
                    t = self._session_ts(a)
                out.append(t)
                t += 20 + int(-math.log(1.0 - rnd()) * 240)
        return out

    # -- planning entry point ------------------------------------------------

    def plan(self) -> None:
        """Create every account and schedule every post (no records yet)."""
        self._sizes()
        self._trends()
        self._articles()
        self._authentic_accounts()
        if self.n_coord:
            self._plan_coordinated()
        if self.regime.styles:
            self._plan_regime_ops()
        self._plan_decoys()
        self._plan_regular()

    def truth(self) -> list[TruthRow]:
        """One row per account that has at least one post."""
        return [TruthRow(a.platform, a.handle, a.label, a.style, a.group)
                for a in self.accts if a.n_posts > 0]

    # ---------------------------------------------------------------------------
    # The generator: records
    # ---------------------------------------------------------------------------

    def records(self) -> Iterator[dict]:
        """Materialise the planned posts, one day at a time, in time order."""
        handlers: dict[int, Callable[[int, _Acct, Any, Any], dict]] = {
            K_CP: self._e_copypaste, K_LR: self._e_link_ring, K_HR: self._e_hashtag_rider,
            K_RSEED: self._e_ring_seed, K_RR: self._e_ring_member, K_FILL: self._e_filler,
            K_NEWS: self._e_news, K_SHARE: self._e_share, K_CHAIN: self._e_chain,
            K_VSEED: self._e_viral_seed, K_VREP: self._e_viral_repost,
            K_XP: self._e_xpost, K_XM: self._e_xmirror,
            K_CSEED: self._e_corepost_lead, K_CREP: self._e_corepost,
        }
        clock = self.clock
        accts = self.accts
        for d in range(self.days):
            bucket = self.buckets[d]
            self.buckets[d] = []
            bucket.sort()
            self._share_candidates(d)
            for ev in bucket:
                clock[0] = ev[0]
                if len(ev) == 2:
                    yield self._e_regular(ev[0], accts[ev[1]])
                else:
                    yield handlers[ev[3]](ev[0], accts[ev[1]], ev[4], ev[5])

    # -- record assembly ---------------------------------------------------------

    def _post_id(self, a: _Acct, ts: int, comment: bool = False) -> str:
        """A unique, platform-shaped post id (X/Instagram/TikTok ids encode time)."""
        plat = a.platform
        c = self.cnt[plat] = self.cnt[plat] + 1
        if plat == "x":
            return str(((ts * 1000 + int(self.rnd() * 1000) - TWEPOCH_MS) << 22) | (c & 0x3FFFFF))
        if plat == "facebook":
            return f"{a.author_id}_{10**14 + (c * 7919 + 12345) % (9 * 10**14)}"
        if plat == "instagram":
            mid = ((ts * 1000 + int(self.rnd() * 1000) - IG_EPOCH_MS) << 23) | (c & 0x7FFFFF)
            return _b64(mid, 11)
        if plat == "tiktok":
            return str((ts << 32) | ((c * 2654435761) & 0xFFFFFFFF))
        if plat == "youtube":
            vid = _b64((c * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) % 2**64, 11)
            if comment:
                return f"Ugx{vid}{_b64(self.r.getrandbits(54), 9)}4AaABAg"
            return vid
        if plat == "reddit":
            return ("t1_" if comment else "t3_") + _enc(c + 1_500_000_000, _B36, 7)
        if plat == "medium":
            return f"{(c * 0x9E3779B1 + 0x1234) % 2**48:012x}"
        if plat == "pinterest":
            return str(800_000_000_000_000_000 + (c * 7919 + 1) % 10**17)
        if not a.chan:
            a.chan = 100 + int(self.rnd() * 40_000)
        a.chan += 1
        return f"{a.handle}/{a.chan}"

    def _rec(self, a: _Acct, ts: int, text: str, urls: list[str], tags: list[str], lang: str,
             reply: tuple | None = None, repost: tuple | None = None, pool: bool = False) -> dict:
        """Build a record; originals may enter the engagement pool."""
        comment = reply is not None and a.platform in ("youtube", "reddit")
        pid = self._post_id(a, ts, comment)
        rec = {
            "platform": a.platform, "post_id": pid, "author_handle": a.handle,
            "author_id": a.author_id, "author_created_at": a.created_iso, "posted_at": iso(ts),
            "text": text, "urls": urls, "hashtags": tags, "lang": lang,
            "reply_to_post_id": reply[0] if reply else None,
            "repost_of_post_id": repost[0] if repost else None,
        }
        if self.regime.minute_timestamps:  # as the X archives give them
            rec["posted_at"] = iso(ts - ts % 60)
            rec["author_created_at"] = a.created_iso[:10] + "T00:00:00Z"
        if pool:
            c = a.copies
            n = int(c)
            if self.rnd() < c - n:
                n += 1
            if n:
                self.pools[a.platform].add((pid, a.handle, text, lang, tags, a.idx, urls), n)
        return rec

    @staticmethod
    def _tagged(text: str, tags: list[str]) -> str:
        """Append ``#tags`` to a text (as the platforms show them)."""
        if not tags:
            return text
        sep = "\n" if len(tags) > 2 and len(text) > 40 else " "
        return (text + sep if text else "") + " ".join("#" + t for t in tags)

    @staticmethod
    def _cut(text: str, platform: str, limit: int = 280) -> str:
        """Truncate a text to X's length limit (other platforms unchanged)."""
        if platform == "x" and len(text) > limit:
            return text[: limit - 1].rstrip() + "…"
        return text

    def _tags_for(self, plat: str, ts: int, lang: str) -> list[str]:
        """Hashtags an ordinary post carries: a trending one and/or evergreen ones."""
        rnd = self.rnd
        tags: list[str] = []
        if rnd() < P_TREND[plat]:
            tags.append(self._trending(ts, lang))
        if rnd() < P_EVERGREEN[plat]:
            ever = EVERGREEN.get(lang, EVERGREEN["en"])
            for _ in range(1 + int(rnd() * 4)):
                t = ever[int(rnd() * len(ever))]
                if t not in tags:
                    tags.append(t)
        return tags

    def _lang_of(self, a: _Acct) -> str:
        """Language of one post: the account's main one, sometimes its second."""
        return a.lang2 if a.lang2 and self.rnd() < 0.2 else a.lang

    def _generic(self, lang: str, quotes: bool = False) -> tuple[str, str]:
        """A generic short text ("lol", "so true", emoji, a quote or a meme)."""
        rnd = self.rnd
        u = rnd()
        if quotes and u < 0.25:
            return self._choice(QUOTES), "en"
        if quotes and u < 0.4:
            return self._choice(MEMES), "en"
        if u < 0.2:
            return self._choice(GENERIC["und"]), "und"
        if lang not in GENERIC or rnd() < 0.15:
            lang = "en"
        return self._choice(GENERIC[lang]), lang

    def _sentences(self, plat: str) -> int:
        """Number of sentences of an ordinary post (longer on Reddit/Medium/Facebook)."""
        u = self.rnd()
        if plat in ("reddit", "medium", "facebook"):
            return 1 + int(u * 4)
        return 1 if u < 0.45 else (2 if u < 0.85 else 3)

    # -- regular (ordinary) posts --------------------------------------------------

    def _e_regular(self, ts: int, a: _Acct) -> dict:
        """An ordinary post: original, article share, reply or repost by platform mix."""
        rnd = self.rnd
        if a.profile == P_GENERIC and rnd() < 0.72:
            if rnd() < 0.78:
                rec = self._e_reply(ts, a, generic=True)
                if rec is not None:
                    return rec
            return self._e_original(ts, a, generic=True)
        kind = bisect.bisect(_TYPE_CUM[a.platform], rnd() * 100)
        rec = None
        if kind == 1:
            rec = self._e_article_share(ts, a)
        elif kind == 2:
            rec = self._e_reply(ts, a)
        elif kind == 3:
            rec = self._e_repost(ts, a)
        return rec if rec is not None else self._e_original(ts, a)

    def _e_original(self, ts: int, a: _Acct, generic: bool = False) -> dict:
        """An ordinary original post (video title on YouTube, article on Medium...)."""
        rnd = self.rnd
        plat = a.platform
        lang = self._lang_of(a)
        urls: list[str] = []
        if generic or rnd() < 0.05:
            text, lang = self._generic(lang, quotes=True)
        else:
            text = GRAMMARS[lang].post(rnd, self._sentences(plat))
            if rnd() < 0.3:
                text += " " + self._choice(EMOJI)
            if plat == "youtube":
                urls = [self._yt_url()]
            elif plat == "medium":
                urls = [f"https://medium.com/@{a.handle}/{self._slug(text)}-{self.r.getrandbits(48):012x}"]
            elif plat == "pinterest" and rnd() < 0.5:
                urls = [self._random_url() if rnd() < 0.3 else self._blog_url(text)]
            elif rnd() < 0.03:
                urls = [self._random_url()]
        text = self._cut(text, plat, 250)
        if urls and plat in URL_IN_TEXT:
            text = f"{text} {urls[0]}"
        tags = self._tags_for(plat, ts, lang)
        return self._rec(a, ts, self._tagged(text, tags), urls, tags, lang, pool=True)

    def _share_candidates(self, d: int) -> None:
        """Per language, articles of the last three days weighted by popularity."""
        self.share_cands: dict[str, tuple[list[_Article], list[float]]] = {}
        by_lang: dict[str, list[tuple[_Article, float]]] = {}
        for back, fade in ((0, 1.0), (1, 0.6), (2, 0.25)):
            for art in self.day_articles[d + 2 - back]:
                by_lang.setdefault(art.lang, []).append((art, art.pop * fade))
        for lang, items in by_lang.items():
            self.share_cands[lang] = ([x[0] for x in items], _cum([x[1] for x in items]))

    def _url_variant(self, art: _Article, heavy: bool) -> str:
        """The article URL as a person or an operator would paste it."""
        rnd = self.rnd
        if art.short and rnd() < (0.35 if heavy else 0.05):
            return art.short
        url = art.url
        if "youtube.com/watch" in url:
            vid = url.rsplit("=", 1)[1]
            u = rnd()
            if u < 0.3:
                return f"https://youtu.be/{vid}"
            if u < 0.4:
                return f"https://youtu.be/{vid}?si={_enc(self.r.getrandbits(96), _B64, 16)}"
            if u < 0.5:
                return f"https://m.youtube.com/watch?v={vid}&feature=share"
            return url
        p = 2.0 if heavy else 0.35
        scheme, rest = url.split("://", 1)
        host, _, path = rest.partition("/")
        path = "/" + path
        if rnd() < 0.2 * p:
            host = host[4:] if host.startswith("www.") else ("www." + host if host.count(".") == 1 else host)
        elif rnd() < 0.04 * p and host.startswith("www."):
            host = "m." + host[4:]
        if rnd() < 0.08 * p:
            scheme = "http"
        if rnd() < 0.2 * p:
            path = path[:-1] if path.endswith("/") else path + "/"
        q = []
        u = rnd()
        if u < 0.2 * p:
            q.append(f"utm_source={self._choice(('twitter', 'facebook', 'telegram', 'newsletter', 'share'))}")
            q.append(f"utm_medium={self._choice(('social', 'referral', 'email'))}")
            if rnd() < 0.5:
                q.append(f"utm_campaign={_enc(self.r.getrandbits(30), _B36, 6)}")
        elif u < 0.27 * p:
            q.append("fbclid=IwAR" + _enc(self.r.getrandbits(300), _B64[:62], 50))
        elif u < 0.3 * p:
            q.append(self._choice(("ref=share", "s=20", "amp=1", "src=rss", "ocid=socialflow_twitter")))
        return f"{scheme}://{host}{path}" + ("?" + "&".join(q) if q else "")

    def _e_article_share(self, ts: int, a: _Acct) -> dict | None:
        """An ordinary person sharing a recent popular article."""
        rnd = self.rnd
        lang = self._lang_of(a)
        cands = self.share_cands.get(lang) or self.share_cands.get("en")
        if not cands:
            return None
        arts, cum = cands
        art = None
        for _ in range(4):
            art = _wchoice(rnd, arts, cum)
            if art.pub_ts < ts:
                break
        if art is None or art.pub_ts >= ts:
            return None
        plat = a.platform
        u = rnd()
        if u < 0.3 and art.outlet and art.outlet != "YouTube":  # share button
            url = art.url + art.share_qs
            text = f"{art.title} via @{art.outlet}" if plat == "x" else art.title
        else:
            url = self._url_variant(art, False)
            if u < 0.55:
                text = GRAMMARS[lang].post(rnd, 1)
            elif u < 0.75:
                text = art.title
            elif u < 0.9:
                text = ""
            else:
                text = f"\"{art.title}\" {self._generic(lang)[0]}"
        text = self._cut(text, plat, 250)
        if plat in URL_IN_TEXT:
            text = f"{text} {url}".strip()
        tags = self._tags_for(plat, ts, lang) if rnd() < 0.5 else []
        return self._rec(a, ts, self._tagged(text, tags), [url], tags, lang, pool=True)

    def _target(self, a: _Acct) -> tuple | None:
        """A post of the same platform to reply to or repost (not the author's own)."""
        pool = self.pools[a.platform]
        for _ in range(3):
            t = pool.pick(self.rnd)
            if t is None:
                return None
            if t[5] != a.idx:
                return t
        return None

    def _e_reply(self, ts: int, a: _Acct, generic: bool = False) -> dict | None:
        """A reply to a recent (usually popular) post of the same platform."""
        tgt = self._target(a)
        if tgt is None:
            return None
        rnd = self.rnd
        lang = self._lang_of(a)
        if generic or rnd() < 0.22:
            text, lang = self._generic(lang)
        else:
            text = GRAMMARS[lang].post(rnd, 1 if rnd() < 0.7 else 2)
        if a.platform == "x" and rnd() < 0.7:
            text = f"@{tgt[1]} {text}"
        return self._rec(a, ts, self._cut(text, a.platform), [], [], lang, reply=tgt)

    def _repost_fields(self, plat: str, tgt: tuple) -> tuple[str, list[str], str, list[str]]:
        """Text, hashtags, language and URLs of a repost as each platform exports it.

        Pool entries are ``(post_id, handle, text, lang, hashtags, acct_idx, urls)``.
        X exports a retweet as "RT @author: text" (cut at 140 here) with the
        original's entities; Telegram forwards carry the full text; elsewhere a
        repost has no text of its own.
        """
        if plat == "x":
            text = f"RT @{tgt[1]}: {tgt[2]}"
            if len(text) > 140:
                text = text[:139] + "…"
            return text, list(tgt[4]), tgt[3], list(tgt[6])
        if plat == "telegram":
            return tgt[2], list(tgt[4]), tgt[3], list(tgt[6])
        return "", [], "und", []

    def _e_repost(self, ts: int, a: _Acct) -> dict | None:
        """An ordinary repost of a recent popular post."""
        tgt = self._target(a)
        if tgt is None:
            return None
        text, tags, lang, urls = self._repost_fields(a.platform, tgt)
        return self._rec(a, ts, text, urls, tags, lang, repost=tgt)

    # -- coordinated posts --------------------------------------------------------

    def _typo(self, text: str) -> str:
        """One keyboard slip: swapped, dropped, doubled or wrong letter."""
        rnd = self.rnd
        n = len(text)
        if n < 6:
            return text
        i = 0
        for _ in range(8):
            i = int(rnd() * (n - 1))
            if text[i].isalpha():
                break
        u = rnd()
        if u < 0.3:
            return text[:i] + text[i + 1] + text[i] + text[i + 2:]
        if u < 0.55:
            return text[:i] + text[i + 1:]
        if u < 0.8:
            return text[:i] + text[i] + text[i:]
        return text[:i] + self._choice(string.ascii_lowercase) + text[i + 1:]

    def _token(self) -> str:
        """A random token like ``xQ7kP2`` (copy-paste operations append these)."""
        return "".join(self._choice(_ALNUM) for _ in range(5 + int(self.rnd() * 4)))

    @staticmethod
    def _msg_text(msg: tuple[int, int, int, int], lang: str) -> str:
        """Render a campaign message in ``lang`` (the same indices in every language)."""
        c, s, k, shape = msg
        cl, su, ca = CLAIMS[lang][c], SUPPORTS[lang][s], CALLS[lang][k]
        parts = ((cl,), (cl, su), (cl, ca), (cl, su, ca), (su, cl))[shape]
        return ("" if lang == "zh" else " ").join(parts)

    def _e_copypaste(self, ts: int, a: _Acct, push: _Push, pos: int) -> dict:
        """A copy-paste member's post: the push's message with this member's edits."""
        op = push.op
        rnd = self.rnd
        lang = op.lang
        if op.mt_rate and rnd() < op.mt_rate:
            lang = self._choice(op.mt_langs)
        assert push.msg is not None
        text = self._msg_text(push.msg, lang)
        sp = "" if lang == "zh" else " "
        if push.emoji:
            text += sp + push.emoji
        if rnd() < op.emoji_rate * 0.5:
            e = self._choice(op.emoji)
            text = text.replace(push.emoji, e) if push.emoji and rnd() < 0.5 else text + e
        if op.typo_rate and rnd() < op.typo_rate:
            text = self._typo(text)
        if op.serial:
            n = push.index + 1 if op.serial_by_push else pos + 1
            s = op.serial.format(n=n, N=push.n)
            text = f"{s} {text}" if op.serial_prefix else f"{text} {s}"
        if op.token_rate and rnd() < op.token_rate:
            text += " " + self._token()
        if rnd() < 0.05:
            text = text.replace(" ", "  ", 1) if rnd() < 0.5 else text + self._choice(("!", "!!", " .", "\n"))
        urls = []
        if push.link is not None:
            urls.append(self._url_variant(push.link, True))
        if op.link_rate and rnd() < op.link_rate:
            urls.append(self._random_url())
        tags = self.r.sample(op.tags, 1 + int(rnd() * min(2, len(op.tags)))) if rnd() < op.tag_rate else []
        text = self._cut(text, a.platform, 200)
        if urls and a.platform in URL_IN_TEXT:
            text += " " + " ".join(urls)
        reply = None
        if op.reply_mode:
            if op.reply_same:
                if a.platform not in push.targets:
                    push.targets[a.platform] = self._target(a)
                reply = push.targets[a.platform]
            else:
                reply = self._target(a)
        return self._rec(a, ts, self._tagged(text, tags), urls, tags, lang, reply=reply, pool=not reply)

    def _e_link_ring(self, ts: int, a: _Acct, push: _Push, pos: int) -> dict:
        """A link-ring member's post: the push's article as a URL variant and a comment."""
        op = push.op
        art = push.article
        assert art is not None
        rnd = self.rnd
        url = self._url_variant(art, True)
        comments = LINK_COMMENT[op.lang]
        u = rnd()
        if u < 0.15:
            text = art.title
        elif u < 0.25:
            text = f"{art.title} {self._choice(comments)}".strip()
        else:
            text = self._choice(comments)
        if rnd() < 0.2:
            text = f"{text} {self._choice(op.emoji)}".strip()
        tags = [self._choice(op.tags)] if rnd() < op.tag_rate * 0.5 else []
        if a.platform in URL_IN_TEXT:
            text = f"{text} {url}".strip()
        return self._rec(a, ts, self._tagged(text, tags), [url], tags, op.lang, pool=True)

    def _e_hashtag_rider(self, ts: int, a: _Acct, push: _Push, pos: int) -> dict:
        """A rider's post: its own text around the trending tag plus campaign tags."""
        op = push.op
        rnd = self.rnd
        lang = op.lang
        opener = self._choice(RIDER_OPEN[lang]).replace("{T}", push.trend)
        c, s = int(rnd() * 16), int(rnd() * 12)
        u = rnd()
        if u < 0.5:
            body = CLAIMS[lang][c]
        elif u < 0.75:
            body = SUPPORTS[lang][s]
        else:
            body = ("" if lang == "zh" else " ").join((CLAIMS[lang][c], SUPPORTS[lang][s]))
        tail = self._choice(RIDER_TAIL[lang])
        text = ("" if lang == "zh" else " ").join(x for x in (opener, body, tail) if x)
        if rnd() < op.typo_rate:
            text = self._typo(text)
        tags = [push.trend] + [t for t in push.tags if t != push.trend]
        shown = [t for t in tags if "#" + t not in text]
        if rnd() < 0.3:
            self.r.shuffle(shown)
        return self._rec(a, ts, self._tagged(self._cut(text, a.platform, 200), shown), [], tags,
                         lang, pool=True)

    def _e_ring_seed(self, ts: int, a: _Acct, push: _Push, _: Any) -> dict:
        """The seed post of a repost-ring push (members react to it)."""
        op = push.op
        rnd = self.rnd
        text = self._msg_text(self._new_msg(), op.lang)
        if rnd() < 0.5:
            text += " " + self._choice(op.emoji)
        urls = [self._yt_url()] if rnd() < 0.4 else []
        tags = self.r.sample(op.tags, 1) if rnd() < 0.5 else []
        if urls and a.platform in URL_IN_TEXT:
            text += " " + urls[0]
        text = self._tagged(self._cut(text, a.platform), tags)
        rec = self._rec(a, ts, text, urls, tags, op.lang, pool=True)
        push.seed_pid = (rec["post_id"], a.handle, text, op.lang, tags, a.idx, urls)
        push.pids.append(push.seed_pid)
        return rec

    def _e_ring_member(self, ts: int, a: _Acct, push: _Push, pos: int) -> dict:
        """A ring member's repost of, or reply to, the seed (or another reply)."""
        op = push.op
        rnd = self.rnd
        tgt = push.seed_pid
        external = tgt is None
        if external:
            if "ext" not in push.targets:
                push.targets["ext"] = self._target(a)
            tgt = push.targets["ext"]
        elif len(push.pids) > 1 and rnd() < 0.25:
            tgt = self._choice(push.pids)
        lang = op.lang
        praise = self._choice(PACK_PRAISE[lang])
        if rnd() < 0.3:
            praise += " " + self._choice(op.emoji)
        if tgt is None:
            return self._rec(a, ts, praise, [], [], lang)
        if not external and a.platform in CAN_REPOST and tgt is push.seed_pid and rnd() < op.repost_rate:
            text, tags, rlang, urls = self._repost_fields(a.platform, tgt)
            return self._rec(a, ts, text, urls, tags, rlang, repost=tgt)
        if a.platform == "x" and rnd() < 0.7:
            praise = f"@{tgt[1]} {praise}"
        rec = self._rec(a, ts, praise, [], [], lang, reply=tgt)
        if not external:
            push.pids.append((rec["post_id"], a.handle, praise, lang, [], a.idx, []))
        return rec

    def _e_corepost_lead(self, ts: int, a: _Acct, push: _Push, _: Any) -> dict:
        """A co-repost network lead's post, which the members then repost."""
        op = push.op
        rnd = self.rnd
        lang = op.lang
        if rnd() < 0.5:
            text = self._msg_text(self._new_msg(), lang)
        else:
            text = GRAMMARS[lang].post(rnd, 1 + int(rnd() * 2))
        if rnd() < op.emoji_rate:
            text += " " + self._choice(op.emoji)
        urls = [self._url_variant(self._op_article(op, ts), False)] if rnd() < 0.25 else []
        tags = self.r.sample(op.tags, 1 + int(rnd() * 2)) if rnd() < 0.4 else []
        text = self._cut(text, a.platform, 200)
        if urls and a.platform in URL_IN_TEXT:
            text += " " + urls[0]
        text = self._tagged(text, tags)
        rec = self._rec(a, ts, text, urls, tags, lang, pool=True)
        push.seed_pid = (rec["post_id"], a.handle, text, lang, tags, a.idx, urls)
        return rec

    def _e_corepost(self, ts: int, a: _Acct, push: _Push, _: Any) -> dict:
        """A network member's repost of the moment's post (a lead's, or a popular outside one)."""
        tgt = push.seed_pid
        if tgt is None:
            if "ext" not in push.targets:
                push.targets["ext"] = self._fresh_target(a, push.op)
            tgt = push.targets["ext"]
        if tgt is None or tgt[5] == a.idx:
            return self._e_original(ts, a)
        text, tags, lang, urls = self._repost_fields(a.platform, tgt)
        return self._rec(a, ts, text, urls, tags, lang, repost=tgt)

    def _fresh_target(self, a: _Acct, op: _Op) -> tuple | None:
        """A popular ordinary post for a co-repost moment, not amplified by the network yet.

        Only ordinary authors' posts, so that what happens to the decoys
        measures how they are told apart, not whom the network amplifies.
        """
        for _ in range(8):
            tgt = self._target(a)
            if tgt is None:
                return None
            if tgt[0] not in op.amplified and self.accts[tgt[5]].label == ORDINARY_LABEL:
                op.amplified.add(tgt[0])
                return tgt
        return None

    def _e_filler(self, ts: int, a: _Acct, op: _Op, _: Any) -> dict:
        """A coordinated account's filler post (greetings, scenery, quotes)."""
        rnd = self.rnd
        lang = op.lang if op.lang in FILLER else "en"
        if rnd() < 0.3:
            text, lang = self._generic(lang, quotes=True)
        else:
            text = self._choice(FILLER[lang])
        urls = [f"https://i.imgur.com/{_enc(self.r.getrandbits(42), _B64[:62], 7)}.jpg"] if rnd() < 0.15 else []
        if urls and a.platform in URL_IN_TEXT:
            text += " " + urls[0]
        return self._rec(a, ts, text, urls, [], lang, pool=True)

    # -- decoy posts ------------------------------------------------------------

    def _e_news(self, ts: int, a: _Acct, head: tuple[str, str], _: Any) -> dict:
        """A news bot's post of a wire headline with its own outlet's link and template."""
        tpl, tags, domain, name, style = self.bot_info[a.idx][:5]
        title, hid = head
        tm = time.gmtime(ts)
        slug = self._slug(title)
        host = self._host(domain)
        if style == 0:
            url = f"https://{host}/news/national/{slug}/article_{hid}.html"
        elif style == 1:
            url = f"https://{host}/story/news/{tm.tm_year}/{tm.tm_mon:02d}/{tm.tm_mday:02d}/{slug}/{int(hid, 16) % 10**8}/"
        elif style == 2:
            url = f"https://{host}/ap/{slug}-{hid}"
        else:
            url = f"https://{domain}/{tm.tm_year}/{tm.tm_mon:02d}/{tm.tm_mday:02d}/{slug}/"
        if a.platform in URL_IN_TEXT:
            text = tpl.format(title=title, url=url, outlet=name)
        else:
            text = tpl.replace("{url}", "").format(title=title, outlet=name).strip()
        return self._rec(a, ts, text, [url], list(tags), a.lang, pool=True)

    def _e_share(self, ts: int, a: _Acct, art: _Article, _: Any) -> dict:
        """A share-button post: default text (``<Title> via @outlet <url>``)."""
        rnd = self.rnd
        url = art.url + art.share_qs
        plat = a.platform
        if plat == "x":
            text = f"{art.title} via @{art.outlet} {url}"
        elif plat == "telegram":
            text = f"{art.title}\n{url}"
        elif plat == "facebook":
            text = "" if rnd() < 0.5 else art.title
        else:
            text = art.title
        if rnd() < 0.2:
            text = f"{self._generic(art.lang)[0] if rnd() < 0.5 else GRAMMARS[art.lang].post(rnd, 1)} {text}".strip()
        return self._rec(a, ts, text, [url], [], art.lang, pool=True)

    def _e_chain(self, ts: int, a: _Acct, chain: tuple[str, str], _: Any) -> dict:
        """A chain post, sometimes with a small edit."""
        rnd = self.rnd
        lang, text = chain
        if rnd() < 0.25:
            u = rnd()
            if u < 0.3:
                text = self._choice(CHAIN_PREFIX) + text
            elif u < 0.5:
                text = text.replace("❤️", self._choice(("💕", "💖", "🥰", "❤️❤️")))
            elif u < 0.7:
                text = self._typo(text)
            elif u < 0.85:
                text = text.lower()
            else:
                text = text + " " + self._choice(("🙏", "💯", "Done!", "✅"))
        return self._rec(a, ts, self._cut(text, a.platform), [], [], lang, pool=True)

    def _e_viral_seed(self, ts: int, a: _Acct, cascade: dict, _: Any) -> dict:
        """The viral post; it enters the engagement pool with a large weight."""
        rnd = self.rnd
        lang = a.lang
        if rnd() < 0.4:
            text, lang = self._choice(MEMES), "en"
        else:
            text = GRAMMARS[lang].post(rnd, 1 + int(rnd() * 2)) + " " + self._choice(EMOJI)
        tags = [self._trending(ts, lang)] if rnd() < 0.3 else []
        text = self._tagged(self._cut(text, a.platform, 250), tags)
        rec = self._rec(a, ts, text, [], tags, lang)
        cascade["entry"] = (rec["post_id"], a.handle, text, lang, tags, a.idx, [])
        self.pools[a.platform].add(cascade["entry"], 40)
        return rec

    def _e_viral_repost(self, ts: int, a: _Acct, cascade: dict, _: Any) -> dict:
        """A repost of the viral post (sometimes a short reply instead)."""
        tgt = cascade["entry"]
        if self.rnd() < 0.08:
            text, lang = self._generic(a.lang)
            if a.platform == "x":
                text = f"@{tgt[1]} {text}"
            return self._rec(a, ts, text, [], [], lang, reply=tgt)
        text, tags, lang, urls = self._repost_fields(a.platform, tgt)
        return self._rec(a, ts, text, urls, tags, lang, repost=tgt)

    def _e_xpost(self, ts: int, a: _Acct, person: dict, j: int) -> dict:
        """A cross-poster's original post on their first platform."""
        rnd = self.rnd
        lang = self._lang_of(a)
        text = GRAMMARS[lang].post(rnd, self._sentences(a.platform))
        if rnd() < 0.3:
            text += " " + self._choice(EMOJI)
        urls = []
        if rnd() < 0.2:
            urls = [self._blog_url(text, a.handle.replace("_", "").replace(".", "").lower())
                    if rnd() < 0.6 else self._yt_url()]
        tags = self._tags_for(a.platform, ts, lang)
        text = self._cut(text, "x", 240)
        person[j] = (text, urls, tags, lang)
        shown = f"{text} {urls[0]}" if urls and a.platform in URL_IN_TEXT else text
        return self._rec(a, ts, self._tagged(shown, tags), list(urls), tags, lang, pool=True)

    def _e_xmirror(self, ts: int, b: _Acct, person: dict, j: int) -> dict:
        """The same text on the cross-poster's second platform, minutes later."""
        text, urls, tags, lang = person.pop(j)
        rnd = self.rnd
        if b.platform == "facebook" and rnd() < 0.5:
            tags = []
        if b.platform == "instagram" and urls:
            text, urls = text + " (link in bio)", []
        shown = f"{text} {urls[0]}" if urls and b.platform in URL_IN_TEXT else text
        return self._rec(b, ts, self._tagged(shown, tags), list(urls), list(tags), lang, pool=True)


# ---------------------------------------------------------------------------
# Public API, writers and command line
# ---------------------------------------------------------------------------


def generate(
    n_posts: int,
    seed: int = 0,
    *,
    coordinated_share: float = 0.04,
    start: datetime = DEFAULT_START,
    days: int = 30,
    regime: Regime | None = None,
) -> tuple[Iterator[dict], list[TruthRow]]:
    """Plan a synthetic data set and return ``(records, truth)``.

    ``records`` is a lazy iterator of exactly ``n_posts`` post dicts (DESIGN.md
    format) in time order; iterate it once.  ``truth`` has one row per account
    that appears in the records.  ``coordinated_share`` is the target fraction
    of coordinated accounts (0 disables operations); decoys are about 6.5% of
    accounts.  ``regime`` opts into the regimes of the module docstring
    (``None`` or ``Regime()``: the default data set).  Deterministic for the
    same arguments.
    """
    gen = _Generator(n_posts, seed, coordinated_share, start, days, regime)
    gen.plan()
    return gen.records(), gen.truth()


class _Sink:
    """Byte sink for an output file; gzip compression runs in a worker thread.

    zlib releases the GIL, so compressing overlaps with generating records.
    """

    def __init__(self, path: Path) -> None:
        self.gz = path.name.lower().endswith(".gz")
        # Closed in close(); a context manager does not fit a long-lived sink.
        self.f: Any = gzip.open(path, "wb", compresslevel=4) if self.gz else path.open("wb")  # noqa: SIM115
        self.q: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.err: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True) if self.gz else None
        if self.thread:
            self.thread.start()

    def _run(self) -> None:
        """Worker thread: compress and write queued chunks until ``None``."""
        while (chunk := self.q.get()) is not None:
            if self.err is None:
                try:
                    self.f.write(chunk)
                except BaseException as e:  # re-raised in the caller's thread
                    self.err = e

    def write(self, chunk: bytes) -> None:
        """Queue (gzip) or write one chunk of encoded output."""
        if self.err is not None:
            raise self.err
        if self.thread:
            self.q.put(chunk)
        else:
            self.f.write(chunk)

    def close(self) -> None:
        """Flush, stop the worker and close the file; re-raise a worker error."""
        if self.thread:
            self.q.put(None)
            self.thread.join()
        self.f.close()
        if self.err is not None:
            raise self.err


def write_records(records: Iterator[dict] | Sequence[dict], path: str | Path) -> int:
    """Stream records to ``.jsonl``, ``.csv`` (optionally ``.gz``); returns the count."""
    path = Path(path)
    name = path.name.lower().removesuffix(".gz")
    n = 0
    is_csv = name.endswith(".csv")
    if not is_csv and not name.endswith((".jsonl", ".ndjson", ".json")):
        raise ValueError(f"unsupported output format: {path} (use .jsonl, .csv, optionally .gz)")
    sink = _Sink(path)
    try:
        if is_csv:
            text = io.StringIO()
            w = csv.writer(text)
            w.writerow(FIELDS)
            dumps = orjson.dumps
            for rec in records:
                w.writerow([
                    rec["platform"], rec["post_id"], rec["author_handle"], rec["author_id"] or "",
                    rec["author_created_at"] or "", rec["posted_at"], rec["text"] or "",
                    dumps(rec["urls"]).decode(), dumps(rec["hashtags"]).decode(), rec["lang"] or "",
                    rec["reply_to_post_id"] or "", rec["repost_of_post_id"] or "",
                ])
                n += 1
                if n % 5000 == 0:
                    sink.write(text.getvalue().encode())
                    text.seek(0)
                    text.truncate()
            sink.write(text.getvalue().encode())
        else:
            dumps = orjson.dumps
            buf: list[bytes] = []
            for rec in records:
                buf.append(dumps(rec))
                n += 1
                if len(buf) >= 5000:
                    buf.append(b"")
                    sink.write(b"\n".join(buf))
                    buf = []
            if buf:
                buf.append(b"")
                sink.write(b"\n".join(buf))
    finally:
        sink.close()
    return n


def write_truth(rows: Sequence[TruthRow], path: str | Path) -> None:
    """Write the truth CSV (columns ``platform,author_handle,label,style,group``)."""
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=TRUTH_FIELDS)
        w.writeheader()
        for row in rows:
            w.writerow(asdict(row))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--posts N --seed S --out FILE --truth TRUTH.csv``."""
    p = argparse.ArgumentParser(description="Generate synthetic post records with ground truth.")
    p.add_argument("--posts", type=int, default=20_000, help="number of posts (>= 1000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="output file: .jsonl, .jsonl.gz, .csv or .csv.gz")
    p.add_argument("--truth", help="truth CSV: platform,author_handle,label,style,group")
    p.add_argument("--coordinated-share", type=float, default=0.04)
    p.add_argument("--start", default=DEFAULT_START.date().isoformat(), help="first day (UTC)")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--mix", choices=sorted(MIXES), default="default",
                   help="named operation mix; the options below change it")
    p.add_argument("--styles", help=f"regime styles, comma-separated: {','.join(REGIME_STYLES)}")
    p.add_argument("--style-share", type=float, help="share of accounts per regime style (0.01)")
    p.add_argument("--minute-timestamps", action="store_true", default=None,
                   help="cut posted_at to the minute (as the X archives do)")
    p.add_argument("--no-spamouflage", action="store_false", dest="spamouflage", default=None,
                   help="no default (Spamouflage-like) operations or sleepers")
    p.add_argument("--corepost-members", type=int, help="co-repost network size (default: scaled)")
    p.add_argument("--corepost-moments", type=int, help="co-repost moments (default: scaled)")
    p.add_argument("--engagement-hours", type=float,
                   help="replies and reposts target posts at most this many hours old")
    args = p.parse_args(argv)
    changes: dict[str, Any] = {}
    if args.styles is not None:
        changes["styles"] = tuple(x.strip() for x in args.styles.split(",") if x.strip())
    for name in ("style_share", "minute_timestamps", "spamouflage", "corepost_members",
                 "corepost_moments", "engagement_hours"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    try:
        start = datetime.fromisoformat(args.start)
        regime = replace(MIXES[args.mix], **changes)
        t = time.perf_counter()
        records, truth = generate(args.posts, args.seed, coordinated_share=args.coordinated_share,
                                  start=start, days=args.days, regime=regime)
    except ValueError as e:
        p.error(str(e))
    n = write_records(records, args.out)
    if args.truth:
        write_truth(truth, args.truth)
    labels: dict[str, int] = {}
    for row in truth:
        labels[row.label] = labels.get(row.label, 0) + 1
    print(f"wrote {n} posts by {len(truth)} accounts ({labels}) to {args.out} "
          f"in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
