"""The sweep: score every account in the store, cluster by cluster.

Pipeline (each step a pure function elsewhere in this package):
keys (texts, links, reposts, hashtags) -> surprising bursts -> repeated
co-action between pairs -> clusters -> members attached by their pushes ->
cluster features -> verdict levels, scores and evidence lines.

The stages are separate so a sweep can be incremental (detection/incremental.py):
bursts belong to one key each, so only keys with new posts are looked at again;
the network and the scores are then rebuilt from all keys' bursts, which are
few next to the posts.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import networkx as nx

from detection import features as feat
from detection.bursts import Burst, Channel, find_bursts
from detection.neardup import NearDupState, NearDupUpdate, extend_groups
from detection.network import (
    MIN_REPEAT,
    attach_members,
    core_clusters,
    count_pairs,
    persona_key,
    significant_graph,
    weak_clusters,
)
from detection.verdict import LIKELY_AT as LIKELY_AT  # re-exported: thresholds live with the levels
from detection.verdict import SUSPICIOUS_AT as SUSPICIOUS_AT
from detection.verdict import Evidence, Level, level_for
from storage.sweepdata import AccountColumns, PostColumns, SweepData
from storage.textnorm import normalise

#: A hashtag used by more than this share of all accounts is a trending or
#: generic tag; alone it says nothing about who acts together.
COMMON_TAG_SHARE = 0.02
#: Corroborating features that do not come from timing alone.
STRONG_SIGNS = frozenset({"office_shift", "creation_burst", "generated_handles", "internal_amplification"})
#: Without corroboration, this much repeated co-action still makes an operation.
FALLBACK_PERSONAS = 5
FALLBACK_EVENTS = 6
EXAMPLES = 3

_SERIAL_NUMBER = re.compile(
    r"(?:#\s*(\d{1,5})\b|\((\d{1,5})\s*/\s*\d{1,5}\)|\bNo\.?\s*(\d{1,5})\b|第\s*(\d{1,5}))", re.I
)


@dataclass
class DetectionConfig:
    """Tunable parts of detection that analysts may want to change."""

    operator_zone: str = "Asia/Shanghai"


@dataclass
class AccountResult:
    """The sweep's verdict on one account (by position in SweepData.accounts)."""

    account: int
    score: float
    level: Level
    cluster: int | None
    evidence: list[Evidence] = field(default_factory=list)
    core: bool = False


@dataclass
class ClusterResult:
    """A cluster found by the sweep."""

    index: int
    members: list[int]
    features: feat.ClusterFeatures
    score: float
    level: Level
    evidence: list[Evidence]


@dataclass
class SweepResult:
    """Scores for every account with any signal, and the clusters."""

    accounts: dict[int, AccountResult]
    clusters: list[ClusterResult]
    bursts: int
    max_post_pk: int


def first_cores(posts: PostColumns, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """Normalised text of each fingerprint not in `known`, in order of first use."""
    cores: dict[str, str] = {}
    for i, fp in enumerate(posts.fp):
        if fp is not None and fp not in cores and (known is None or fp not in known):
            text = posts.text[i]
            cores[fp] = normalise(text) if text else fp
    return cores


def common_tag_limit(accounts: int) -> int:
    """Hashtags used by more accounts than this are trending or generic."""
    return max(50, int(COMMON_TAG_SHARE * accounts))


def tag_accounts(data: SweepData) -> dict[str, int]:
    """Distinct accounts per hashtag in `data`."""
    users: dict[str, set[int]] = defaultdict(set)
    for i, tag in data.tags:
        users[tag].add(data.posts.account[i])
    return {tag: len(accounts) for tag, accounts in users.items()}


def keyed_posts(
    data: SweepData, groups: Mapping[str, str], tag_users: Mapping[str, int], limit: int
) -> dict[Channel, dict[str, list[int]]]:
    """The keys each post of `data` acts on (positions per key, per channel).

    `groups` maps fingerprints to their near-duplicate group; `tag_users` gives
    the distinct accounts per hashtag over the whole store, and tags above
    `limit` count only inside tag sets.
    """
    posts = data.posts
    keyed: dict[Channel, dict[str, list[int]]] = {c: defaultdict(list) for c in Channel}
    text_keys = keyed[Channel.TEXT]
    for i, fp in enumerate(posts.fp):
        if fp is not None:
            text_keys[groups[fp]].append(i)
    for i, url in data.urls:
        keyed[Channel.URL][url].append(i)
    for i, target in enumerate(posts.repost_of):
        if target:
            keyed[Channel.REPOST]["rp " + target].append(i)
    for i, target in enumerate(posts.reply_to):
        if target:
            keyed[Channel.REPOST]["re " + target].append(i)
    tags_of: dict[int, list[str]] = defaultdict(list)
    for i, tag in data.tags:
        tags_of[i].append(tag)
    hashtag_keys = keyed[Channel.HASHTAG]
    for i, tags in tags_of.items():
        for tag in tags:
            if tag_users.get(tag, 0) <= limit:
                hashtag_keys["#" + tag].append(i)
        if len(tags) >= 2:
            # A set of tags, trending ones included, is rarer than any one of them.
            hashtag_keys[tag_set_key(tags)].append(i)
    return keyed


def tag_set_key(tags: Iterable[str]) -> str:
    """The key of a post's set of hashtags."""
    return "set " + " ".join(sorted(set(tags)))


@dataclass
class KeyBursts:
    """One key's surprising bursts and who posts on it.

    Burst posts are store ids (`PostColumns.pk`), accounts are positions in
    `SweepData.accounts`; `owners` maps account positions to their posts on the key.
    """

    channel: Channel
    key: str
    key_posts: int
    key_burst_share: float
    bursts: list[Burst]
    owners: dict[int, int]

    @property
    def name(self) -> str:
        """'channel|key', unique across channels."""
        return f"{self.channel}|{self.key}"


def key_bursts(keyed: Mapping[Channel, Mapping[str, list[int]]], posts: PostColumns) -> list[KeyBursts]:
    """Find the bursts of every key; keys that never burst are left out."""
    found: list[KeyBursts] = []
    for channel, keys in keyed.items():
        for key, positions in keys.items():
            # Store order first, so posts at the same second keep one order in every run.
            positions = sorted(positions, key=posts.pk.__getitem__)
            bursts = find_bursts(channel, [(key, positions)], posts.ts, posts.account)
            if not bursts:
                continue
            for burst in bursts:
                burst.posts = [posts.pk[p] for p in burst.posts]
            owners = Counter(posts.account[p] for p in positions)
            found.append(
                KeyBursts(channel, key, len(positions), bursts[0].key_burst_share, bursts, dict(owners))
            )
    return found


@dataclass
class Network:
    """Who acts with whom: bursts in a fixed order, pair counts, clusters, attached members."""

    bursts: list[Burst]
    graph: nx.Graph
    members: list[list[int]]
    cluster_of: dict[int, int]
    attached: dict[int, tuple[int, int]]
    strong: int  # clusters before this index are cores of repeated co-action

    def member_bursts(self) -> dict[int, list[Burst]]:
        """For each clustered account, the bursts it shared with members of its own cluster."""
        return _member_bursts(self.bursts, self.cluster_of)


def network(keys: list[KeyBursts], accounts: AccountColumns) -> Network:
    """Pairs, clusters and attached members from the bursts of every key."""
    # One order for every run, however the bursts were gathered.
    bursts = sorted(
        (b for kb in keys for b in kb.bursts), key=lambda b: (b.start, b.channel, b.key, b.end)
    )
    for i, burst in enumerate(bursts):
        burst.id = i
    by_name = {kb.name: kb for kb in keys}
    counts = count_pairs(bursts, len(accounts))
    graph = significant_graph(counts)
    members: list[list[int]] = [sorted(c) for c in core_clusters(graph, accounts.handle)]
    cluster_of: dict[int, int] = {a: c for c, group in enumerate(members) for a in group}
    post_counts = accounts.post_count
    attached = _attach(bursts, by_name, members, cluster_of, post_counts)
    strong = len(members)
    for weak in weak_clusters(bursts, set(cluster_of), accounts.handle):
        for a in weak:
            cluster_of[a] = len(members)
        members.append(sorted(weak))
    attached.update(_attach(bursts, by_name, members, cluster_of, post_counts))
    return Network(bursts, graph, members, cluster_of, attached, strong)


def _key_owner_share(
    bursts: list[Burst], by_name: Mapping[str, KeyBursts], cluster_of: dict[int, int]
) -> dict[tuple[int, str], float]:
    """For each (cluster, channel|key) that burst: share of the key's posts by members."""
    shares: dict[tuple[int, str], float] = {}
    seen: set[str] = set()
    for burst in bursts:
        name = f"{burst.channel}|{burst.key}"
        if name in seen or not any(a in cluster_of for a in burst.accounts):
            continue
        seen.add(name)
        kb = by_name[name]
        owned: Counter[int] = Counter()
        for a, n in kb.owners.items():
            c = cluster_of.get(a)
            if c is not None:
                owned[c] += n
        for c, n in owned.items():
            shares[(c, name)] = n / kb.key_posts
    return shares


def _attach(
    bursts: list[Burst],
    by_name: Mapping[str, KeyBursts],
    members: list[list[int]],
    cluster_of: dict[int, int],
    post_counts: list[int],
) -> dict[int, tuple[int, int]]:
    """Attach pushers to clusters; updates `members` and `cluster_of` in place."""
    owner_share = _key_owner_share(bursts, by_name, cluster_of)
    attached = attach_members(bursts, cluster_of, owner_share, post_counts)
    for a, (c, _hits) in attached.items():
        members[c].append(a)
        cluster_of[a] = c
    return attached


@dataclass
class FullSweep:
    """A sweep over all of `data`, with what an incremental sweep keeps for next time."""

    result: SweepResult
    near_dup: NearDupState
    new_groups: NearDupUpdate
    tag_users: dict[str, int]
    tag_limit: int
    keys: list[KeyBursts]  # the keys that burst
    posts_in_shift: int
    key_count: int  # all keys, bursting or not


def sweep_all(data: SweepData, config: DetectionConfig | None = None) -> FullSweep:
    """Score every account of `data` from scratch. Pure: reads `data`, returns results."""
    config = config or DetectionConfig()
    near_dup = NearDupState()
    update = extend_groups(first_cores(data.posts), near_dup)
    users = tag_accounts(data)
    limit = common_tag_limit(len(data.accounts))
    keyed = keyed_posts(data, update.groups, users, limit)
    keys = key_bursts(keyed, data.posts)
    net = network(keys, data.accounts)
    clock = feat.ShiftClock(ZoneInfo(config.operator_zone))
    in_shift = feat.in_shift(data.posts.ts, clock)
    baseline = in_shift / len(data.posts) if len(data.posts) else 0.0
    result = score(net, data, baseline, config)
    return FullSweep(result, near_dup, update, users, limit, keys, in_shift, sum(map(len, keyed.values())))


def score(
    net: Network, data: SweepData, baseline: float, config: DetectionConfig | None = None
) -> SweepResult:
    """Cluster features, verdicts, scores and evidence for the network's accounts.

    `data` holds every post the network was built from; `baseline` is the
    share of all posts in office shifts.
    """
    config = config or DetectionConfig()
    posts, accounts = data.posts, data.accounts
    members, cluster_of, attached, strong = net.members, net.cluster_of, net.attached, net.strong
    posts_of: dict[int, list[int]] = defaultdict(list)
    for i, a in enumerate(posts.account):
        if a in cluster_of:
            posts_of[a].append(i)
    clock = feat.ShiftClock(ZoneInfo(config.operator_zone))
    author_of = {pid: posts.account[i] for i, pid in enumerate(posts.post_id)}
    engagers: dict[str, list[int]] = defaultdict(list)
    for i, target in enumerate(posts.repost_of):
        target = target or posts.reply_to[i]
        if target:
            engagers[target].append(i)
    member_bursts = net.member_bursts()
    # A post with several links counts by one of them, the same whatever order they were read in.
    domain_of = {i: url.split("/", 3)[2] for i, url in sorted(data.urls) if url.count("/") >= 2}
    context = _Context(data, posts_of, member_bursts, author_of, engagers, cluster_of, clock, baseline, domain_of)

    results: dict[int, AccountResult] = {}
    clusters: list[ClusterResult] = []
    serials_of: dict[int, list[int]] = {}  # burst id -> serial numbers in its texts
    for c, group in enumerate(members):
        features = _cluster_features(group, c, context)
        corroboration = features.corroboration()
        operated = bool(corroboration) and not features.round_the_clock()
        if c >= strong:
            # Tied by single pushes only: demand two independent signs of an operation.
            operated = operated and len(set(corroboration) & STRONG_SIGNS) >= 2
            if not operated:
                continue
        base = 0.5
        if operated:
            base = 0.72 + 0.06 * min(len(corroboration), 3) + 0.1 * min(1.0, features.events / 10)
        elif (
            c < strong
            and not features.round_the_clock()
            and not features.looks_syndicated()
            and features.personas >= FALLBACK_PERSONAS
            and features.events >= FALLBACK_EVENTS
            # Fans reposting the same popular account again and again co-act too;
            # without corroboration, reposting alone does not make an operation.
            and features.repost_share < 0.5
        ):
            # Sustained co-action by many personas with nothing that explains it
            # innocently: likely, though no shift, burst or handle pattern shows.
            base = 0.76
        base = min(base, 1.0)
        evidence = _cluster_evidence(features, corroboration, config)
        typical_created = feat.median_created([accounts.created_ts[a] for a in group])
        clusters.append(ClusterResult(c, group, features, base, level_for(base), evidence))
        for a in group:
            own = member_bursts.get(a, [])
            moments = _distinct_moments(own)
            if a in attached:
                strength = 0.9 if attached[a][1] >= 2 else 0.85
            else:
                strength = 0.85 + 0.15 * min(1.0, moments / MIN_REPEAT)
            value = round(base * strength, 3)
            lines = _account_evidence(a, own, data, cluster_of, c, serials_of)
            if a in attached:
                lines.append(
                    Evidence(
                        kind="accounts",
                        text=(
                            f"joined {attached[a][1]} of this cluster's pushes on texts, links or "
                            f"tags the cluster owns; {len(posts_of[a])} posts in the store"
                        ),
                        weight=0.2,
                        counts={"pushes": attached[a][1], "posts": len(posts_of[a])},
                    )
                )
            sleeper = own and feat.is_sleeper(
                accounts.created_ts[a], min(b.start for b in own), len(posts_of[a]), typical_created
            )
            if sleeper:
                lines.append(
                    Evidence(
                        kind="accounts",
                        text=(
                            f"sleeper: account created {_year(accounts.created_ts[a])}, only "
                            f"{len(posts_of[a])} posts, woke up to join this cluster's push"
                        ),
                        weight=0.1,
                    )
                )
            results[a] = AccountResult(
                a, value, level_for(value), c, lines + evidence, a not in attached
            )
    _weak_pairs(net.graph, cluster_of, accounts.handle, results)
    return SweepResult(results, clusters, len(net.bursts), data.max_post_pk)


def _weak_pairs(graph, cluster_of, handles, results) -> None:  # type: ignore[no-untyped-def]
    """Accounts with repeated co-action outside any cluster are Suspicious, not more."""
    for a in graph.nodes:
        if a in cluster_of:
            continue
        partners = [
            b for b in graph.neighbors(a) if persona_key(handles[b]) != persona_key(handles[a])
        ]
        if not partners:
            continue
        best = max(graph[a][b]["weight"] for b in partners)
        results[a] = AccountResult(
            a,
            0.45,
            Level.SUSPICIOUS,
            None,
            [
                Evidence(
                    kind="network",
                    text=(
                        f"acted together with {len(partners)} other account(s) at up to {best} "
                        "distinct moments, but they form no larger network"
                    ),
                    weight=0.45,
                    counts={"partners": len(partners), "moments": best},
                )
            ],
        )


def _member_bursts(bursts: list[Burst], cluster_of: dict[int, int]) -> dict[int, list[Burst]]:
    """For each clustered account, the bursts it shared with members of its own cluster."""
    out: dict[int, list[Burst]] = defaultdict(list)
    for burst in bursts:
        by_cluster = Counter(cluster_of.get(a) for a in burst.accounts)
        for a in burst.accounts:
            c = cluster_of.get(a)
            if c is not None and by_cluster[c] >= 2:
                out[a].append(burst)
    return out


def _distinct_moments(bursts: list[Burst]) -> int:
    moments = 0
    last = None
    for start in sorted(b.start for b in bursts):
        if last is None or start - last >= 1800:
            moments += 1
            last = start
    return moments


@dataclass
class _Context:
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


def _cluster_features(group: list[int], c: int, ctx: _Context) -> feat.ClusterFeatures:
    data, posts_of, member_bursts, cluster_of = ctx.data, ctx.posts_of, ctx.member_bursts, ctx.cluster_of
    posts, accounts = data.posts, data.accounts
    index_of = posts.index_of
    timestamps = [posts.ts[i] for a in group for i in posts_of[a]]
    given = inside = 0
    for a in group:
        for i in posts_of[a]:
            target = posts.repost_of[i] or posts.reply_to[i]
            if target and target in ctx.author_of:
                given += 1
                inside += cluster_of.get(ctx.author_of[target]) == c
    received = from_outside = 0
    for a in group:
        for i in posts_of[a]:
            for j in ctx.engagers.get(posts.post_id[i], ()):
                received += 1
                from_outside += cluster_of.get(posts.account[j]) != c
    group_bursts = {b.id: b for a in group for b in member_bursts.get(a, [])}
    lags = [posts.ts[index_of[p]] - b.start for b in group_bursts.values() for p in b.posts[1:]]
    text_bursts = [b for b in group_bursts.values() if b.channel is Channel.TEXT]
    # One entry per persona: an outlet cross-posting to two platforms is one site.
    linked = [
        list(
            {
                persona_key(accounts.handle[posts.account[index_of[p]]]): ctx.domain_of[index_of[p]]
                for p in b.posts
                if index_of[p] in ctx.domain_of
            }.values()
        )
        for b in text_bursts
    ]
    linked = [d for d in linked if len(d) >= 2]
    syndication = sum(1 for d in linked if feat.syndicated(d)) / len(linked) if linked else 0.0
    typical_created = feat.median_created([accounts.created_ts[a] for a in group])
    sleepers = sum(
        1
        for a in group
        if member_bursts.get(a)
        and feat.is_sleeper(
            accounts.created_ts[a], min(b.start for b in member_bursts[a]), len(posts_of[a]), typical_created
        )
    )
    platforms = Counter(accounts.platform[a] for a in group)
    return feat.ClusterFeatures(
        members=len(group),
        personas=len({persona_key(accounts.handle[a]) for a in group}),
        platforms=dict(platforms.most_common()),
        events=_distinct_moments(list(group_bursts.values())),
        posts=len(timestamps),
        shift_share=feat.shift_share(timestamps, ctx.clock),
        baseline_shift_share=ctx.baseline,
        active_hours=feat.round_the_clock_hours(timestamps),
        created_in_bursts=feat.creation_burst_members([accounts.created_ts[a] for a in group]),
        generated_handles=feat.generated_handles([accounts.handle[a] for a in group]),
        internal_engagement=inside / given if given else 0.0,
        engagement_from_outside=from_outside / received if received else 0.0,
        engagement_given=given,
        engagement_received=received,
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
    )


def _year(ts: int | None) -> str:
    if ts is None:
        return "at an unknown date"
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _cluster_evidence(
    f: feat.ClusterFeatures, corroboration: list[str], config: DetectionConfig
) -> list[Evidence]:
    lines: list[Evidence] = []
    if "office_shift" in corroboration:
        lines.append(
            Evidence(
                kind="timing",
                text=(
                    f"{_pct(f.shift_share)} of the cluster's {f.posts} posts fall in office shifts "
                    f"(09–12, 14–18 {config.operator_zone}, Mon–Fri) against "
                    f"{_pct(f.baseline_shift_share)} for all accounts; active in {f.active_hours} of 24 hours"
                ),
                weight=0.15,
                counts={
                    "shift_share": round(f.shift_share, 3),
                    "baseline": round(f.baseline_shift_share, 3),
                },
            )
        )
    if "creation_burst" in corroboration:
        lines.append(
            Evidence(
                kind="accounts",
                text=f"{f.created_in_bursts} of {f.members} members were created within days of each other",
                weight=0.1,
                counts={"created_in_bursts": f.created_in_bursts, "members": f.members},
            )
        )
    if "generated_handles" in corroboration:
        lines.append(
            Evidence(
                kind="accounts",
                text=f"{f.generated_handles} of {f.members} handles look generated (firstnamelastname1234)",
                weight=0.1,
                counts={"generated_handles": f.generated_handles},
            )
        )
    if "internal_amplification" in corroboration:
        lines.append(
            Evidence(
                kind="amplification",
                text=(
                    f"{_pct(f.internal_engagement)} of members' {f.engagement_given} replies and reposts go to "
                    f"other members; {_pct(f.engagement_from_outside)} of the engagement they get comes from outside"
                ),
                weight=0.1,
            )
        )
    if f.sleepers >= 2 and corroboration:
        lines.append(
            Evidence(
                kind="accounts",
                text=f"{f.sleepers} sleeper accounts (old, almost silent) joined the cluster's pushes",
                weight=0.05,
            )
        )
    if f.round_the_clock():
        lines.append(
            Evidence(
                kind="timing",
                text=(
                    f"posts around the clock ({f.active_hours} of 24 hours active), as syndication "
                    "bots do: co-action alone is not enough to call it an operation"
                ),
                weight=-0.2,
            )
        )
    elif f.looks_syndicated():
        lines.append(
            Evidence(
                kind="links",
                text=(
                    f"in {_pct(f.syndication_share)} of its shared-text bursts each copy links to a "
                    "different site, as news syndication feeds do"
                ),
                weight=-0.2,
            )
        )
    elif not corroboration:
        lines.append(
            Evidence(
                kind="timing",
                text="no shift pattern, creation burst, generated handles or internal amplification found",
                weight=-0.1,
            )
        )
    return lines


_CHANNEL_WORDS = {
    Channel.TEXT: ("posted", "texts", "posted within minutes"),
    Channel.URL: ("shared", "links", "shared within minutes"),
    Channel.REPOST: ("reposted or replied to", "posts", "did the same within minutes"),
    Channel.HASHTAG: ("used", "hashtag sets", "used in the same minutes"),
}


def _account_evidence(
    a: int,
    own: list[Burst],
    data: SweepData,
    cluster_of: dict[int, int],
    c: int,
    serials_of: dict[int, list[int]],
) -> list[Evidence]:
    """Per-channel lines: how often the account acted with cluster-mates, with examples."""
    posts = data.posts
    lines: list[Evidence] = []
    by_channel: dict[Channel, list[Burst]] = defaultdict(list)
    for burst in own:
        by_channel[burst.channel].append(burst)
    for channel in Channel:
        group = by_channel.get(channel)
        if not group:
            continue
        keys = {b.key for b in group}
        partners = {x for b in group for x in b.accounts if x != a and cluster_of.get(x) == c}
        mine = [posts.index_of[p] for b in group for p in b.posts if posts.account[posts.index_of[p]] == a]
        lags = [b.end - b.start for b in group]
        verb, noun, tail = _CHANNEL_WORDS[channel]
        text = (
            f"{verb} {len(keys)} {noun} that {len(partners)} other accounts of this cluster "
            f"{tail} (widest burst {_duration(max(lags))})"
        )
        counts: dict[str, object] = {
            "keys": len(keys),
            "partners": len(partners),
            "bursts": len(group),
        }
        if channel is Channel.TEXT:
            for b in group:
                if b.id not in serials_of:
                    serials_of[b.id] = _serials(posts.text[posts.index_of[p]] for p in b.posts)
            serials = [n for b in group for n in serials_of[b.id]]
            if serials:
                text += f"; serial numbers #{min(serials)}–#{max(serials)}"
                counts["serials"] = [min(serials), max(serials)]
        examples = [posts.post_id[p] for p in mine[:EXAMPLES]]
        if channel is Channel.URL:
            examples = sorted(keys)[:EXAMPLES]
        if channel is Channel.HASHTAG:
            text += "; tags: " + ", ".join(sorted(keys)[:EXAMPLES])
        lines.append(
            Evidence(kind=str(channel), text=text, weight=0.2, counts=counts, examples=examples)
        )
    return lines


def _serials(texts: Iterator[str | None]) -> list[int]:
    found: list[int] = []
    for text in texts:
        if not text:
            continue
        for match in _SERIAL_NUMBER.finditer(text):
            number = next(g for g in match.groups() if g)
            found.append(int(number))
    return found


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} s"
    return f"{round(seconds / 60)} min"
