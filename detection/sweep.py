"""The sweep: score every account in the store, cluster by cluster.

Pipeline (each step a pure function elsewhere in this package):
keys (texts, links, reposts, hashtags) -> surprising bursts -> repeated
co-action between pairs -> clusters -> members attached by their pushes ->
cluster features -> verdict levels, scores and evidence lines.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from detection import features as feat
from detection.bursts import Burst, Channel, find_bursts
from detection.neardup import group_near_duplicates
from detection.network import (
    MIN_REPEAT,
    attach_members,
    core_clusters,
    count_pairs,
    persona_key,
    significant_graph,
    weak_clusters,
)
from detection.verdict import Evidence, Level
from storage.sweepdata import SweepData
from storage.textnorm import normalise

#: A hashtag used by more than this share of all accounts is a trending or
#: generic tag; alone it says nothing about who acts together.
COMMON_TAG_SHARE = 0.02
#: Corroborating features that do not come from timing alone.
STRONG_SIGNS = frozenset({"office_shift", "creation_burst", "generated_handles", "internal_amplification"})
#: Without corroboration, this much repeated co-action still makes an operation.
FALLBACK_PERSONAS = 5
FALLBACK_EVENTS = 6
LIKELY_AT = 0.65
SUSPICIOUS_AT = 0.4
EXAMPLES = 3

_SERIAL_NUMBER = re.compile(
    r"(?:#\s*(\d{1,5})\b|\((\d{1,5})\s*/\s*\d{1,5}\)|\bNo\.?\s*(\d{1,5})\b|第\s*(\d{1,5}))", re.I
)


def level_for(score: float) -> Level:
    """The verdict level a score falls in."""
    if score >= LIKELY_AT:
        return Level.LIKELY
    if score >= SUSPICIOUS_AT:
        return Level.SUSPICIOUS
    return Level.NONE


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


def _keyed_posts(data: SweepData) -> dict[Channel, dict[str, list[int]]]:
    posts = data.posts
    keyed: dict[Channel, dict[str, list[int]]] = {c: defaultdict(list) for c in Channel}
    cores: dict[str, str] = {}
    for i, fp in enumerate(posts.fp):
        if fp is not None and fp not in cores:
            text = posts.text[i]
            cores[fp] = normalise(text) if text else fp
    groups = group_near_duplicates(cores)
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
    tag_accounts: dict[str, set[int]] = defaultdict(set)
    tags_of: dict[int, list[str]] = defaultdict(list)
    for i, tag in data.tags:
        tag_accounts[tag].add(posts.account[i])
        tags_of[i].append(tag)
    common = max(50, int(COMMON_TAG_SHARE * len(data.accounts)))
    hashtag_keys = keyed[Channel.HASHTAG]
    for i, tags in tags_of.items():
        for tag in tags:
            if len(tag_accounts[tag]) <= common:
                hashtag_keys["#" + tag].append(i)
        if len(tags) >= 2:
            # A set of tags, trending ones included, is rarer than any one of them.
            hashtag_keys["set " + " ".join(sorted(tags))].append(i)
    return keyed


def _all_bursts(data: SweepData, keyed: dict[Channel, dict[str, list[int]]]) -> list[Burst]:
    bursts: list[Burst] = []
    for channel, keys in keyed.items():
        bursts.extend(
            find_bursts(channel, keys.items(), data.posts.ts, data.posts.account, len(bursts))
        )
    return bursts


def _key_owner_share(
    bursts: list[Burst],
    keyed: dict[Channel, dict[str, list[int]]],
    cluster_of: dict[int, int],
    post_account: list[int],
) -> dict[tuple[int, str], float]:
    """For each (cluster, channel|key) that burst: share of the key's posts by members."""
    shares: dict[tuple[int, str], float] = {}
    seen: set[str] = set()
    for burst in bursts:
        name = f"{burst.channel}|{burst.key}"
        if name in seen or not any(a in cluster_of for a in burst.accounts):
            continue
        seen.add(name)
        positions = keyed[burst.channel][burst.key]
        owners = Counter(cluster_of.get(post_account[p]) for p in positions)
        for c, n in owners.items():
            if c is not None:
                shares[(c, name)] = n / len(positions)
    return shares


def _attach(
    bursts: list[Burst],
    keyed: dict[Channel, dict[str, list[int]]],
    members: list[list[int]],
    cluster_of: dict[int, int],
    post_counts: list[int],
    post_account: list[int],
) -> dict[int, tuple[int, int]]:
    """Attach pushers to clusters; updates `members` and `cluster_of` in place."""
    owner_share = _key_owner_share(bursts, keyed, cluster_of, post_account)
    attached = attach_members(bursts, cluster_of, owner_share, post_counts)
    for a, (c, _hits) in attached.items():
        members[c].append(a)
        cluster_of[a] = c
    return attached


def sweep(data: SweepData, config: DetectionConfig | None = None) -> SweepResult:
    """Score every account of `data`. Pure: reads `data`, returns results."""
    config = config or DetectionConfig()
    posts, accounts = data.posts, data.accounts
    keyed = _keyed_posts(data)
    bursts = _all_bursts(data, keyed)
    counts = count_pairs(bursts, len(accounts))
    graph = significant_graph(counts)
    posts_of: list[list[int]] = [[] for _ in range(len(accounts))]
    for i, a in enumerate(posts.account):
        posts_of[a].append(i)
    post_counts = [len(p) for p in posts_of]
    members: list[list[int]] = [sorted(c) for c in core_clusters(graph, accounts.handle)]
    cluster_of: dict[int, int] = {a: c for c, group in enumerate(members) for a in group}
    attached = _attach(bursts, keyed, members, cluster_of, post_counts, posts.account)
    strong = len(members)
    for weak in weak_clusters(bursts, set(cluster_of), accounts.handle):
        for a in weak:
            cluster_of[a] = len(members)
        members.append(sorted(weak))
    attached.update(_attach(bursts, keyed, members, cluster_of, post_counts, posts.account))
    clock = feat.ShiftClock(ZoneInfo(config.operator_zone))
    baseline = feat.shift_share(posts.ts[:: max(1, len(posts.ts) // 200_000)], clock)
    author_of = {pid: posts.account[i] for i, pid in enumerate(posts.post_id)}
    member_bursts = _member_bursts(bursts, cluster_of)
    domain_of = {i: url.split("/", 3)[2] for i, url in data.urls if url.count("/") >= 2}

    results: dict[int, AccountResult] = {}
    clusters: list[ClusterResult] = []
    for c, group in enumerate(members):
        features = _cluster_features(
            group, data, posts_of, member_bursts, author_of, cluster_of, c, clock, baseline, domain_of
        )
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
            score = round(base * strength, 3)
            lines = _account_evidence(a, own, data, cluster_of, c)
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
                a, score, level_for(score), c, lines + evidence, a not in attached
            )
    _weak_pairs(graph, counts, cluster_of, accounts.handle, results)
    return SweepResult(results, clusters, len(bursts), data.max_post_pk)


def _weak_pairs(graph, counts, cluster_of, handles, results) -> None:  # type: ignore[no-untyped-def]
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


def _cluster_features(
    group: list[int],
    data: SweepData,
    posts_of: list[list[int]],
    member_bursts: dict[int, list[Burst]],
    author_of: dict[str, int],
    cluster_of: dict[int, int],
    c: int,
    clock: feat.ShiftClock,
    baseline: float,
    domain_of: dict[int, str],
) -> feat.ClusterFeatures:
    posts, accounts = data.posts, data.accounts
    timestamps = [posts.ts[i] for a in group for i in posts_of[a]]
    given = inside = 0
    for a in group:
        for i in posts_of[a]:
            target = posts.repost_of[i] or posts.reply_to[i]
            if target and target in author_of:
                given += 1
                inside += cluster_of.get(author_of[target]) == c
    member_post_ids = {posts.post_id[i] for a in group for i in posts_of[a]}
    received = from_outside = 0
    for i, target in enumerate(posts.repost_of):
        target = target or posts.reply_to[i]
        if target and target in member_post_ids:
            received += 1
            from_outside += cluster_of.get(posts.account[i]) != c
    group_bursts = {b.id: b for a in group for b in member_bursts.get(a, [])}
    lags = [posts.ts[p] - b.start for b in group_bursts.values() for p in b.posts[1:]]
    text_bursts = [b for b in group_bursts.values() if b.channel is Channel.TEXT]
    # One entry per persona: an outlet cross-posting to two platforms is one site.
    linked = [
        list({persona_key(accounts.handle[posts.account[p]]): domain_of[p] for p in b.posts if p in domain_of}.values())
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
        shift_share=feat.shift_share(timestamps, clock),
        baseline_shift_share=baseline,
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
    a: int, own: list[Burst], data: SweepData, cluster_of: dict[int, int], c: int
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
        mine = [p for b in group for p in b.posts if posts.account[p] == a]
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
            serials = _serials(posts.text[p] for b in group for p in b.posts)
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
