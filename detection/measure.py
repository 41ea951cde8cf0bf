"""Measuring a cluster: the features its verdict rests on.

What a cluster did together (its bursts, moments, keys, how much of them it
had to itself), what explains it innocently (syndication, one person on two
platforms, reposts), and the tells of an operation (working hours, creation
dates, handles, amplification, sleepers). Pure: reads the sweep's data.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from detection import features as feat
from detection.bursts import Burst, Channel
from detection.network import WEAK_MIN_KEY_BURST_SHARE, count_personas, persona_key
from storage.sweepdata import AccountColumns, PostColumns, SweepData


def moment_starts(bursts: list[Burst]) -> list[int]:
    """Starts of the bursts that start at least half an hour after the previous counted one."""
    starts: list[int] = []
    for start in sorted(b.start for b in bursts):
        if not starts or start - starts[-1] >= 1800:
            starts.append(start)
    return starts


def distinct_moments(bursts: list[Burst]) -> int:
    """Bursts that start at least half an hour after the previous counted one."""
    return len(moment_starts(bursts))


class BurstPosts:
    """The positions of each burst's posts in the post columns, looked up once per burst.

    Burst posts are store ids, and the columns find a store id by binary
    search: members of one cluster share its bursts, so looking each post up
    for every member read about 8 million store ids at a million posts. One
    per cluster: what it keeps goes with the cluster scored. `feeds` are the
    ids of the cluster's bursts of copies that each link their poster's own
    site, as feeds syndicating one wire post, and `talking` its members'
    repeated sentences (both set by `cluster_features`).
    """

    def __init__(self, posts: PostColumns) -> None:
        self.posts = posts
        self.feeds: frozenset[int] = frozenset()
        self.talking = feat.TalkingPoints(0, 0, 0, [])
        self._positions: dict[int, list[int]] = {}
        self._by_author: dict[int, dict[int, list[int]]] = {}
        self._core_times: dict[int, list[tuple[int, int]]] = {}

    def positions(self, burst: Burst) -> list[int]:
        """Positions of `burst`'s posts, in its order."""
        found = self._positions.get(burst.id)
        if found is None:
            index_of = self.posts.index_of
            found = self._positions[burst.id] = [index_of[p] for p in burst.posts]
        return found

    def of(self, burst: Burst, account: int) -> list[int]:
        """Positions of `account`'s posts in `burst`, in its order."""
        by_author = self._by_author.get(burst.id)
        if by_author is None:
            by_author = self._by_author[burst.id] = {}
            author = self.posts.account
            for i in self.positions(burst):
                by_author.setdefault(author[i], []).append(i)
        return by_author.get(account, [])

    def times(self, burst: Burst, is_core: Callable[[int], bool]) -> list[tuple[int, int]]:
        """(time, account) of the posts of core members (`is_core`, the same for
        every call: the cluster's) in `burst`, in time order."""
        found = self._core_times.get(burst.id)
        if found is None:
            author, ts = self.posts.account, self.posts.ts
            found = self._core_times[burst.id] = sorted(
                (ts[i], author[i]) for i in self.positions(burst) if is_core(author[i])
            )
        return found


@dataclass
class Context:
    """What scoring every cluster reads, built once per sweep."""

    data: SweepData
    posts_of: dict[int, list[int]]
    member_bursts: dict[int, list[Burst]]
    author_of: dict[str, int]
    engagers: dict[str, list[int]]
    cluster_of: dict[int, int]
    clock: feat.ShiftClock
    baseline: float
    domain_of: dict[int, str]
    store_week: list[int]  # all posts per half hour of the week, UTC
    prior_offset: int | None  # the configured operator zone's offset, half hours
    creation_days: Sequence[int]  # every account's creation day, sorted (feat.creation_days)


def cluster_features(
    group: list[int], c: int, ctx: Context, burst_positions: BurstPosts
) -> feat.ClusterFeatures:
    data, posts_of, member_bursts, cluster_of = (
        ctx.data,
        ctx.posts_of,
        ctx.member_bursts,
        ctx.cluster_of,
    )
    posts, accounts = data.posts, data.accounts
    positions = burst_positions.positions
    timestamps = [posts.ts[i] for a in group for i in posts_of[a]]
    given = inside = reposts_given = reposts_inside = 0
    givers: set[int] = set()
    receivers: set[int] = set()
    for a in group:
        for i in posts_of[a]:
            target = posts.repost_of[i] or posts.reply_to[i]
            if target and target in ctx.author_of:
                given += 1
                repost = posts.repost_of[i] is not None
                reposts_given += repost
                author = ctx.author_of[target]
                if cluster_of.get(author) == c and author != a:
                    inside += 1
                    reposts_inside += repost
                    givers.add(a)
                    receivers.add(author)
    received = from_outside = reposts_received = reposts_from_outside = 0
    for a in group:
        for i in posts_of[a]:
            for j in ctx.engagers.get(posts.post_id[i], ()):
                outside = cluster_of.get(posts.account[j]) != c
                received += 1
                from_outside += outside
                if posts.repost_of[j] is not None:
                    reposts_received += 1
                    reposts_from_outside += outside
    group_bursts = {b.id: b for a in group for b in member_bursts.get(a, [])}
    text_bursts = [b for b in group_bursts.values() if b.channel is Channel.TEXT]
    in_group = set(group)
    # How fast members follow each other: outsiders joining a popular post's
    # burst minutes later say nothing about the members' own timing.
    lags = []
    for b in group_bursts.values():
        times = sorted(posts.ts[i] for i in positions(b) if posts.account[i] in in_group)
        lags += [t - times[0] for t in times[1:]]
    # A syndication feed links its own site every time; an operation's added
    # links vary from post to post. Only links to a poster's usual site count.
    own_site = own_sites(group, posts, posts_of, ctx.domain_of)
    # One entry per persona: an outlet cross-posting to two platforms is one site.
    linked = [
        list(
            {
                persona_key(accounts.handle[posts.account[i]]): ctx.domain_of[i]
                for i in positions(b)
                if ctx.domain_of.get(i) is not None
                and ctx.domain_of[i] == own_site.get(posts.account[i])
            }.values()
        )
        for b in text_bursts
    ]
    explained = {
        b.id for b, d in zip(text_bursts, linked, strict=True) if len(d) >= 2 and feat.syndicated(d)
    }
    burst_positions.feeds = frozenset(explained)
    linked = [d for d in linked if len(d) >= 2]
    syndication = len(explained) / len(linked) if linked else 0.0
    if syndication >= feat.SYNDICATED_SHARE:
        # Readers sharing a feed's article right after the feed posts it are
        # its audience, not a push.
        sites = set(own_site.values())
        explained |= {
            b.id
            for b in group_bursts.values()
            if b.channel is Channel.URL
            and b.key.count("/") >= 2
            and b.key.split("/", 3)[2] in sites
            and 2 * sum(1 for i in positions(b) if posts.repost_of[i]) < len(b.posts)
        }
    # The same explained posts seen on another key (their hashtags, their
    # links) are the same co-action, explained too. Reposts riding in an
    # explained burst are not: a feed's copies explain themselves, not who
    # reposts them and how fast (amplifiers of an outlet repost it within the
    # minute); bursts of reposts are judged as reposts.
    explained_posts = {
        i for j in explained for i in positions(group_bursts[j]) if not posts.repost_of[i]
    }
    explained |= {
        b.id
        for b in group_bursts.values()
        if 2 * sum(i in explained_posts for i in positions(b)) >= len(b.posts)
    }
    # Co-action that syndication explains is no evidence of an operation, nor
    # is one persona posting on two platforms, nor a repost carrying its
    # original's text, links and tags into a burst of them.
    group_bursts = {
        i: b
        for i, b in group_bursts.items()
        if i not in explained and _acting_personas(b, positions(b), posts, accounts, in_group) >= 2
    }
    text_bursts = [b for b in group_bursts.values() if b.channel is Channel.TEXT]
    talking = burst_positions.talking = feat.talking_points(
        (i, posts.account[i], text)
        for i in dict.fromkeys(i for b in group_bursts.values() if spoken(b) for i in positions(b))
        if posts.account[i] in in_group
        and not posts.repost_of[i]
        and (text := posts.text[i]) is not None
    )
    typical_created = feat.median_created([accounts.created_ts[a] for a in group])
    sleepers = sum(
        1
        for a in group
        if member_bursts.get(a)
        and feat.is_sleeper(
            accounts.created_ts[a],
            min(b.start for b in member_bursts[a]),
            len(posts_of[a]),
            typical_created,
        )
    )
    platforms = Counter(accounts.platform[a] for a in group)
    moments = moment_starts(list(group_bursts.values()))
    burst_posts = member_posts = 0
    acted: dict[int, set[int]] = {}  # member -> its posts in the counted bursts
    copied: dict[tuple[int, int], set[str]] = {}  # (member, moment) -> texts and links it copied
    for b in group_bursts.values():
        content = b.channel in (Channel.TEXT, Channel.URL)
        moment = bisect_right(moments, b.start) - 1
        for i in positions(b):
            burst_posts += 1
            author = posts.account[i]
            if author in in_group:
                member_posts += 1
                acted.setdefault(author, set()).add(i)
                if content and not posts.repost_of[i]:
                    copied.setdefault((author, moment), set()).add(b.key)
    return feat.ClusterFeatures(
        members=len(group),
        personas=len({persona_key(accounts.handle[a]) for a in group}),
        platforms=dict(platforms.most_common()),
        events=len(moments),
        posts=len(timestamps),
        shift_share=feat.shift_share(timestamps, ctx.clock),
        baseline_shift_share=ctx.baseline,
        active_hours=feat.round_the_clock_hours(timestamps),
        created_in_bursts=feat.creation_burst_members(
            [accounts.created_ts[a] for a in group], ctx.creation_days
        ),
        generated_handles=feat.generated_handles([accounts.handle[a] for a in group]),
        internal_engagement=inside / given if given else 0.0,
        mutual_amplifiers=len(givers & receivers),
        engagement_from_outside=from_outside / received if received else 0.0,
        engagement_given=given,
        engagement_received=received,
        reposts_to_members=reposts_inside / reposts_given if reposts_given else 0.0,
        reposts_from_outside=reposts_from_outside / reposts_received if reposts_received else 0.0,
        reposts_given=reposts_given,
        reposts_received=reposts_received,
        sleepers=sleepers,
        median_lag=statistics.median(lags) if lags else 0.0,
        syndication_share=syndication,
        repost_share=(
            sum(1 for b in group_bursts.values() if b.channel is Channel.REPOST) / len(group_bursts)
            if group_bursts
            else 0.0
        ),
        first_ts=min(timestamps) if timestamps else 0,
        last_ts=max(timestamps) if timestamps else 0,
        exclusivity=member_posts / burst_posts if burst_posts else 1.0,
        # Nothing left to weigh when every burst was explained (syndication).
        involvement=statistics.median(
            [len(acted.get(a, ())) / len(posts_of[a]) if posts_of[a] else 0.0 for a in group]
        )
        if group_bursts
        else 1.0,
        keys=len({(b.channel, b.key) for b in group_bursts.values()}),
        text_events=distinct_moments(text_bursts),
        talking_points=talking.repeating / talking.posts if talking.posts else 0.0,
        batch=sum(map(len, copied.values())) / len(copied) if copied else 0.0,
        office=feat.office_fit(timestamps, ctx.store_week, ctx.prior_offset),
        weekly=feat.weekly_slot(moments),
    )


def spoken(burst: Burst) -> bool:
    """True for a burst whose posts' own words are read for talking points: tags
    and links on keys used almost only in pushes (copies of a text are copies)."""
    return (
        burst.channel in (Channel.HASHTAG, Channel.URL)
        and burst.key_burst_share >= WEAK_MIN_KEY_BURST_SHARE
    )


def _acting_personas(
    burst: Burst,
    positions: list[int],
    posts: PostColumns,
    accounts: AccountColumns,
    group: set[int],
) -> int:
    """Distinct personas of `group` acting in `burst` (its posts at `positions`) on their own
    (reposts count only as reposts)."""
    acting = []
    for i in positions:
        a = posts.account[i]
        if a not in group or (burst.channel is not Channel.REPOST and posts.repost_of[i]):
            continue
        acting.append((accounts.platform[a], accounts.handle[a]))
    return count_personas(acting)


#: An account "has its own site" when this share of its linked posts (at least
#: two) point to one domain.
OWN_SITE_SHARE = 0.8


def own_sites(
    group: list[int], posts: PostColumns, posts_of: dict[int, list[int]], domain_of: dict[int, str]
) -> dict[int, str]:
    """Members whose own posts' links almost always go to one site, with that site.

    A repost carries its original's link: an account that mostly reposts one
    outlet links that outlet's site, but it is not its own.
    """
    own: dict[int, str] = {}
    for a in group:
        domains = Counter(
            domain_of[i] for i in posts_of[a] if i in domain_of and not posts.repost_of[i]
        )
        if not domains:
            continue
        site, n = domains.most_common(1)[0]
        total = sum(domains.values())
        if total >= 2 and n >= OWN_SITE_SHARE * total:
            own[a] = site
    return own
