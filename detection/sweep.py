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

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

import networkx as nx

from detection import evidence as ev
from detection import features as feat
from detection import measure as ms
from detection import strength as st
from detection.bursts import Burst, Channel, find_bursts
from detection.neardup import PackedFirstGroups, first_groups, pack
from detection.network import (
    MIN_PERSONAS,
    MIN_REPEAT,
    SAME_MINUTE,
    WEAK_MIN_KEY_BURST_SHARE,
    Amplified,
    Joined,
    Reposting,
    activity,
    attach_members,
    core_clusters,
    count_pairs,
    one_person,
    persona_key,
    significant_graph,
    weak_clusters,
)
from detection.verdict import Evidence, Level, plural
from storage.sweepdata import (
    AccountColumns,
    CompressedStrings,
    OptionalStringColumn,
    PostColumns,
    SparseTexts,
    SweepData,
)
from storage.textnorm import normalise

#: A hashtag used by more than this share of all accounts is a trending or
#: generic tag; alone it says nothing about who acts together.
COMMON_TAG_SHARE = 0.02


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
    held: bool = False  # held down as an audience or a crowd


@dataclass
class SweepResult:
    """Scores for every account with any signal, and the clusters."""

    accounts: dict[int, AccountResult]
    clusters: list[ClusterResult]
    bursts: int
    max_post_pk: int


def first_cores(posts: PostColumns, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """Normalised text of each fingerprint of `posts` not in `known`, in order of first use."""
    return cores_of(zip(posts.fp, posts.text, strict=True), known)


def cores_of(
    texts: Iterable[tuple[str | None, str | None]], known: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Normalised text of each fingerprint not in `known`, in order of first use, from
    (fingerprint, text) pairs in store order (read once, so they can be streamed)."""
    cores: dict[str, str] = {}
    for fp, text in texts:
        if fp is not None and fp not in cores and (known is None or fp not in known):
            cores[fp] = normalise(text) if text else fp
    return cores


@dataclass
class TextGroups:
    """The near-duplicate groups of a sweep from scratch, and each fingerprint's normalised text."""

    groups: PackedFirstGroups
    cores: CompressedStrings  # the normalised text of each fingerprint of `groups`, in its order


def group_texts(texts: Iterable[tuple[str | None, str | None]]) -> TextGroups:
    """Group a first sweep's texts, from (fingerprint, text) pairs in store order
    (read once, so they can be streamed).

    The comparison tables are let go once the groups are known, and so is
    every object made while grouping: the groups are kept packed until
    stored (neardup.PackedFirstGroups says why). The normalised texts are
    only stored from then on, so they are kept compressed in the order of
    the groups (`CompressedStrings`: at 2,500,000 generated posts, 99 MB of
    text in about a third of that), not as a second map of every fingerprint
    with a str per text through the rest of the sweep.
    """
    cores = cores_of(texts)
    update = first_groups(cores)
    stored_cores = CompressedStrings(cores.values())
    del cores  # the normalised texts go before packing, which adds an index of every fingerprint
    packed = pack(update)
    del update  # the last references to the fingerprints as read
    return TextGroups(packed, stored_cores)


def text_burst_posts(keys: Iterable[KeyBursts]) -> set[int]:
    """Store ids of the posts whose texts are read after near-duplicate grouping: those in
    text bursts (the serial numbers in a cluster's copies) and in the bursts of
    tags and links used almost only in pushes (members' talking points)."""
    return {
        p
        for kb in keys
        for b in kb.bursts
        if kb.channel is Channel.TEXT or ms.spoken(b)
        for p in b.posts
    }


def forget_texts(posts: PostColumns, keep: set[int]) -> None:
    """Drop the texts of all posts but those with store ids in `keep`; they are the largest column."""
    kept = {
        i: text
        for i, (pk, text) in enumerate(zip(posts.pk, posts.text, strict=True))
        if text is not None and pk in keep
    }
    posts.text = SparseTexts(kept, len(posts))


#: Reads the texts of the posts with these store ids (storage.sweepdata.load_texts).
TextReader = Callable[[set[int]], Mapping[int, str]]


def set_texts(posts: PostColumns, texts: Mapping[int, str]) -> None:
    """Give the posts their texts from `texts` (by store id), and the others none."""
    index_of = posts.index_of
    given = {index_of[pk]: text for pk, text in texts.items() if pk in index_of}
    posts.text = SparseTexts(given, len(posts))


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
) -> dict[Channel, dict[str, array[int]]]:
    """The keys each post of `data` acts on (positions per key, per channel).

    `groups` maps fingerprints to their near-duplicate group; `tag_users` gives
    the distinct accounts per hashtag over the whole store, and tags above
    `limit` count only inside tag sets.
    """
    return {c: channel_posts(c, data, groups, tag_users, limit) for c in Channel}


def channel_posts(
    channel: Channel,
    data: SweepData,
    groups: Mapping[str, str],
    tag_users: Mapping[str, int],
    limit: int,
) -> dict[str, array[int]]:
    """The keys of one channel that the posts of `data` act on (positions per key), as in
    `keyed_posts`: a sweep holds one channel's keys at a time.

    Positions are kept as arrays of machine integers: 8 bytes a post, where a
    list holds an int object and a reference (40 bytes); the text channel
    keys nearly every post, most of them alone on their key.
    """
    posts = data.posts
    keyed: dict[str, array[int]] = defaultdict(_positions)
    if channel is Channel.TEXT:
        for i, fp in enumerate(posts.fp):
            if fp is not None:
                keyed[groups[fp]].append(i)
    elif channel is Channel.URL:
        for i, url in data.urls:
            keyed[url].append(i)
    elif channel is Channel.REPOST:
        for i, target in enumerate(posts.repost_of):
            if target:
                keyed["rp " + target].append(i)
        for i, target in enumerate(posts.reply_to):
            if target:
                keyed["re " + target].append(i)
    elif channel is Channel.HASHTAG:
        tags_of: dict[int, list[str]] = defaultdict(list)
        for i, tag in data.tags:
            tags_of[i].append(tag)
        for i, tags in tags_of.items():
            for tag in tags:
                if tag_users.get(tag, 0) <= limit:
                    keyed["#" + tag].append(i)
            if len(tags) >= 2:
                # A set of tags, trending ones included, is rarer than any one of them.
                keyed[tag_set_key(tags)].append(i)
    return keyed


def _positions() -> array[int]:
    return array("q")


def tag_set_key(tags: Iterable[str]) -> str:
    """The key of a post's set of hashtags."""
    return "set " + " ".join(sorted(set(tags)))


class Owners(Mapping[int, int]):
    """Posts on one key per account (account position -> posts), in the order the
    accounts first posted on it: two arrays of machine integers.

    A sweep keeps them for every key that bursts until its state is stored:
    16 bytes an account, where a dict takes about 90 (an int object per
    account, its entry and table space); 416,163 entries at 1,000,000
    generated posts, growing faster than the posts. Read by iterating
    (`items`); a look-up scans the accounts (in C), which no sweep does.
    """

    def __init__(self, counts: Mapping[int, int] | None = None) -> None:
        self._accounts: array[int] = array("q", counts.keys() if counts else ())
        self._posts: array[int] = array("q", counts.values() if counts else ())

    def __getitem__(self, account: int) -> int:
        try:
            return self._posts[self._accounts.index(account)]
        except ValueError:
            raise KeyError(account) from None

    def __iter__(self) -> Iterator[int]:
        return iter(self._accounts)

    def __len__(self) -> int:
        return len(self._accounts)

    def items(self) -> ItemsView[int, int]:
        """(account, posts) pairs in order, read from the arrays (no look-ups)."""
        return _OwnerItems(self)

    def __repr__(self) -> str:
        return f"Owners({dict(self.items())!r})"


class _OwnerItems(ItemsView[int, int]):
    """`Owners.items()`: the pairs read side by side from its two arrays."""

    _mapping: Owners

    def __iter__(self) -> Iterator[tuple[int, int]]:
        owners = self._mapping
        return zip(owners._accounts, owners._posts, strict=True)


@dataclass
class KeyBursts:
    """One key's surprising bursts and who posts on it.

    Burst posts are store ids (`PostColumns.pk`), accounts are positions in
    `SweepData.accounts`; `owners` maps account positions to their posts on
    the key (`Owners` in a sweep).
    """

    channel: Channel
    key: str
    key_posts: int
    key_burst_share: float
    bursts: list[Burst]
    owners: Mapping[int, int]

    @property
    def name(self) -> str:
        """'channel|key', unique across channels."""
        return f"{self.channel}|{self.key}"


def key_bursts(
    keyed: Mapping[Channel, Mapping[str, Sequence[int]]], posts: PostColumns
) -> list[KeyBursts]:
    """Find the bursts of every key; keys that never burst are left out.

    The bursts' posts (store ids) and accounts are kept as arrays of machine
    integers through the rest of the sweep: 8 bytes an entry, where a list of
    Python ints takes about 40 (an int object and its reference).
    """
    found: list[KeyBursts] = []
    for channel, keys in keyed.items():
        for key, positions in keys.items():
            if len(positions) < 2:
                continue  # one post makes no burst (most keys)
            # Store order first, so posts at the same second keep one order in every run.
            positions = sorted(positions, key=posts.pk.__getitem__)
            bursts = find_bursts(channel, [(key, positions)], posts.ts, posts.account)
            if not bursts:
                continue
            for burst in bursts:
                burst.posts = array("q", [posts.pk[p] for p in burst.posts])
                burst.accounts = array("q", burst.accounts)
            owners = Owners(Counter(posts.account[p] for p in positions))
            found.append(
                KeyBursts(channel, key, len(positions), bursts[0].key_burst_share, bursts, owners)
            )
    return found


@dataclass
class Network:
    """Who acts with whom: bursts in a fixed order, pair counts, clusters, attached members."""

    bursts: list[Burst]
    graph: nx.Graph
    members: list[list[int]]
    cluster_of: dict[int, int]
    attached: dict[int, Joined]
    strong: int  # clusters before this index are cores of repeated co-action
    cores: list[list[int]]  # the core clusters before members were attached
    weak: list[set[int]]  # the weak clusters, of accounts outside `weak_excluded`
    weak_excluded: set[int]
    #: By burst id, the accounts in a burst only as authors of posts others in it reposted.
    reposted: dict[int, frozenset[int]] = field(default_factory=dict)
    #: Names ('channel|key') of the texts that come almost only in pushes, as copies.
    pushed: frozenset[str] = frozenset()

    def member_bursts(self) -> dict[int, list[Burst]]:
        """For each clustered account, the bursts it shared with members of its own cluster."""
        return _member_bursts(self.bursts, self.cluster_of)


def network(keys: list[KeyBursts], data: SweepData) -> Network:
    """Pairs, clusters and attached members from the bursts of every key; `data`
    holds every post of the bursts."""
    accounts = data.accounts
    # One order for every run, however the bursts were gathered.
    bursts = sorted(
        (b for kb in keys for b in kb.bursts), key=lambda b: (b.start, b.channel, b.key, b.end)
    )
    for i, burst in enumerate(bursts):
        burst.id = i
    reposted = reposted_authors(bursts, data.posts)
    pushed = pushed_texts(keys, data.posts)
    active = activity(bursts)
    counts = count_pairs(bursts, len(accounts), active=active)
    graph = significant_graph(counts, active=active)
    del counts  # not read again: its memory serves the weak clusters' modularity split
    cores = _cores(graph, accounts, bursts, frozenset())
    return _clustered(bursts, keys, graph, accounts, cores, reposted, pushed)


def pushed_texts(keys: Sequence[KeyBursts], posts: PostColumns) -> frozenset[str]:
    """Names ('channel|key') of the texts that come almost only in pushes, and as copies.

    Such a text is a talking point: operations copy it into their pushes, and
    when several of them copy it, no one of them writes most of its posts. A
    headline shared all day, or a post's text carried by its reposts, is not
    one. As for weak ties, almost only is WEAK_MIN_KEY_BURST_SHARE of the
    key's posts; copies are most of the posts in its bursts.
    """
    index_of, repost_of = posts.index_of, posts.repost_of
    pushed: set[str] = set()
    for kb in keys:
        if kb.channel is not Channel.TEXT or kb.key_burst_share < WEAK_MIN_KEY_BURST_SHARE:
            continue
        in_bursts = sum(len(b.posts) for b in kb.bursts)
        reposts = sum(1 for b in kb.bursts for pk in b.posts if repost_of[index_of[pk]] is not None)
        if reposts * 2 < in_bursts:
            pushed.add(kb.name)
    return frozenset(pushed)


def reposted_authors(bursts: Sequence[Burst], posts: PostColumns) -> dict[int, frozenset[int]]:
    """By burst id, the accounts in a burst on copies (texts, links, tags) only as
    authors of original posts that others in the same burst reposted.

    A repost carries its original's text and links, so the burst of a network
    reposting someone's post within minutes holds that post too. Its author
    was reposted and did nothing at that moment: a journalist whose article a
    network pushes is not one of the network. Bursts of reposts themselves
    (`Channel.REPOST`) hold only the reposts. Only originals count: who
    reposted a post that others then reposted did act. (Post ids carry their
    platform, so a repost names its target on its own platform.)
    """
    index_of = posts.index_of
    copies = [b for b in bursts if b.channel is not Channel.REPOST]
    targets = {
        target
        for b in copies
        for pk in b.posts
        if (target := posts.repost_of[index_of[pk]]) is not None
    }
    if not targets:
        return {}
    original_pk = {
        post_id: posts.pk[i]
        for i, post_id in enumerate(posts.post_id)
        if post_id in targets and posts.repost_of[i] is None
    }
    found: dict[int, frozenset[int]] = {}
    for b in copies:
        in_burst = set(b.posts)
        originals = {
            original
            for pk in b.posts
            if (original := original_pk.get(posts.repost_of[index_of[pk]] or "")) in in_burst
        }
        if not originals:
            continue
        acting = {posts.account[index_of[pk]] for pk in b.posts if pk not in originals}
        passive = {posts.account[index_of[pk]] for pk in originals} - acting
        if passive:
            found[b.id] = frozenset(passive)
    return found


def _cores(
    graph: nx.Graph,
    accounts: AccountColumns,
    bursts: list[Burst],
    splittable: set[int] | frozenset[int],
) -> list[list[int]]:
    """The core clusters of `graph`, each sorted, splitting the components of `splittable`."""
    return [sorted(c) for c in core_clusters(graph, accounts.handle, bursts, splittable)]


def _clustered(
    bursts: list[Burst],
    keys: list[KeyBursts],
    graph: nx.Graph,
    accounts: AccountColumns,
    cores: list[list[int]],
    reposted: dict[int, frozenset[int]],
    pushed: frozenset[str],
    before: Network | None = None,
) -> Network:
    """The network of core clusters `cores` of `graph`: attached members and weak clusters.

    The weak clusters of the network `before` are taken again when they were
    found outside the same accounts (the same input gives the same clusters,
    and splitting a large weak component by modularity is most of the cost).
    `pushed` names the texts that clusters own together (`pushed_texts`).
    """
    by_name = {kb.name: kb for kb in keys}
    members = [list(group) for group in cores]
    cluster_of: dict[int, int] = {a: c for c, group in enumerate(members) for a in group}
    post_counts = accounts.post_count
    attached = _attach(bursts, by_name, members, cluster_of, post_counts, reposted, pushed)
    strong = len(members)
    excluded = set(cluster_of)
    if before is not None and before.weak_excluded == excluded:
        weak = before.weak
    else:
        weak = weak_clusters(bursts, excluded, accounts.handle, reposted)
    riders = _riders(weak, bursts, cluster_of, reposted)
    for a, joined in riders.items():
        attached[a] = joined
        members[joined.cluster].append(a)
        cluster_of[a] = joined.cluster
    for group in weak:
        rest = group - riders.keys()
        if len({persona_key(accounts.handle[a]) for a in rest}) < MIN_PERSONAS:
            continue
        for a in rest:
            cluster_of[a] = len(members)
        members.append(sorted(rest))
    attached.update(_attach(bursts, by_name, members, cluster_of, post_counts, reposted, pushed))
    return Network(
        bursts=bursts,
        graph=graph,
        members=members,
        cluster_of=cluster_of,
        attached=attached,
        strong=strong,
        cores=cores,
        weak=weak,
        weak_excluded=excluded,
        reposted=reposted,
        pushed=pushed,
    )


def _riders(
    weak: list[set[int]],
    bursts: list[Burst],
    cluster_of: dict[int, int],
    reposted: Mapping[int, frozenset[int]],
) -> dict[int, Joined]:
    """Accounts of weak groups that acted only in one cluster's pushes, with how they joined it.

    An account rode a cluster's pushes when at every moment it acted, two or
    more moments, it copied a text or a link that comes almost only in
    pushes (WEAK_MIN_KEY_BURST_SHARE) in a burst with two or more of the
    cluster's members, and it reposted in none of its bursts. An operation's
    sleepers waking up for its pushes, more of them than its members there,
    own none of the pushes' keys and so are not attached by them, and no two
    of them act together three times: they were a group of single pushes of
    their own, held below Likely. Tags are everyone's: a crowd's tag in which
    an operation rides is not its push. Bursts where an account is only the
    author others reposted (`reposted`, by burst id) are none of its acts.
    `bursts` are in time order; so are each rider's hits.
    """
    in_weak = {a for group in weak for a in group}
    acts: dict[int, list[tuple[Burst, set[int]]]] = defaultdict(list)
    for burst in bursts:
        inside = [a for a in burst.accounts if a in in_weak]
        if not inside:
            continue
        there: set[int] = set()
        if (
            burst.channel in (Channel.TEXT, Channel.URL)
            and burst.key_burst_share >= WEAK_MIN_KEY_BURST_SHARE
        ):
            counts = Counter(cluster_of[a] for a in burst.accounts if a in cluster_of)
            there = {c for c, n in counts.items() if n >= 2}
        passive = reposted.get(burst.id, frozenset())
        for a in inside:
            if a not in passive:
                acts[a].append((burst, there))
    riders: dict[int, Joined] = {}
    for a, acted in sorted(acts.items()):
        if any(b.channel is Channel.REPOST for b, _ in acted):
            continue
        starts = ms.moment_starts([b for b, _ in acted])
        if len(starts) < 2:
            continue
        at: list[set[int]] = [set() for _ in starts]
        for b, there in acted:
            at[bisect_right(starts, b.start) - 1] |= there
        common = set.intersection(*at)
        if common:
            c = min(common)
            hits = [b for b, there in acted if c in there]
            riders[a] = Joined(c, ms.distinct_moments(hits), tuple(hits), rode=True)
    return riders


def _key_owner_share(
    bursts: list[Burst],
    by_name: Mapping[str, KeyBursts],
    cluster_of: dict[int, int],
    pushed: frozenset[str],
) -> dict[tuple[int, str], float]:
    """For each (cluster, channel|key) that burst: share of the key's posts by members.

    A talking point that several clusters push (named in `pushed`) is theirs
    together: each of them owns the share of all of them. Members copying a
    narrative that several operations share write a small part of its posts
    each, and an account of one of them copying it once would join none.
    """
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
        together = sum(owned.values()) if name in pushed else 0
        for c, n in owned.items():
            shares[(c, name)] = max(n, together) / kb.key_posts
    return shares


def _attach(
    bursts: list[Burst],
    by_name: Mapping[str, KeyBursts],
    members: list[list[int]],
    cluster_of: dict[int, int],
    post_counts: Sequence[int],
    reposted: dict[int, frozenset[int]],
    pushed: frozenset[str],
) -> dict[int, Joined]:
    """Attach pushers to clusters; updates `members` and `cluster_of` in place."""
    owner_share = _key_owner_share(bursts, by_name, cluster_of, pushed)
    attached = attach_members(bursts, cluster_of, owner_share, post_counts, reposted)
    for a, joined in attached.items():
        members[joined.cluster].append(a)
        cluster_of[a] = joined.cluster
    return attached


def reposting(
    account: int,
    bursts: Sequence[Burst],
    burst_posts: ms.BurstPosts,
    is_core: Callable[[int], bool],
    lag: float,
) -> Reposting | None:
    """How `account` kept step with the cluster's core in `bursts`, when it only
    reposted there (None when it posted itself).

    Only reposts (or, in bursts of reposts and replies, reposts and replies)
    are what a push's audience does; an operation's account posts the push's
    texts, links and tags itself. At each moment it shared with core members
    (`is_core`) it was in step when it reposted as close to one of them as
    members follow each other (closer than `lag`, the cluster's median), or
    in the same minute.
    """
    posts = burst_posts.posts
    repost_of, ts = posts.repost_of, posts.ts
    beside: list[tuple[Burst, int, list[int]]] = []  # bursts with a core member's post
    for burst in bursts:
        mine = burst_posts.of(burst, account)
        if burst.channel is not Channel.REPOST and any(repost_of[i] is None for i in mine):
            return None
        nearest = _nearest_other(burst_posts.times(burst, is_core), [ts[i] for i in mine], account)
        if nearest is not None:
            beside.append((burst, nearest, mine))
    starts = ms.moment_starts([b for b, _, _ in beside])
    in_step: set[int] = set()
    off: dict[int, list[int]] = defaultdict(list)  # moment -> its posts there
    for burst, nearest, mine in beside:
        moment = bisect_right(starts, burst.start) - 1
        if nearest < max(SAME_MINUTE, lag):
            in_step.add(moment)
        off[moment] += mine
    return Reposting(
        moments=len(starts),
        in_step=len(in_step),
        nearest_member=min((n for _, n, _ in beside), default=None),
        followed=tuple(
            dict.fromkeys(i for m, own in sorted(off.items()) if m not in in_step for i in own)
        ),
    )


def _nearest_other(
    times: Sequence[tuple[int, int]], mine: Iterable[int], account: int
) -> int | None:
    """Seconds from the closest of `mine` to a post in `times` ((time, author),
    in time order) by another account than `account`; None when there is none."""
    nearest: int | None = None
    for t in mine:
        k = bisect_left(times, (t, -1))
        right = k
        while right < len(times) and times[right][1] == account:
            right += 1
        left = k - 1
        while left >= 0 and times[left][1] == account:
            left -= 1
        for j in (left, right):
            if 0 <= j < len(times):
                gap = abs(times[j][0] - t)
                if nearest is None or gap < nearest:
                    nearest = gap
    return nearest


@dataclass
class FullSweep:
    """A sweep over all of `data`, with what an incremental sweep keeps for next time."""

    result: SweepResult
    cores: CompressedStrings  # normalised text of each fingerprint of `new_groups`, in its order
    new_groups: PackedFirstGroups
    tag_users: dict[str, int]
    tag_limit: int
    keys: list[KeyBursts]  # the keys that burst
    posts_in_shift: int
    key_count: int  # all keys, bursting or not


def sweep_all(
    data: SweepData,
    config: DetectionConfig | None = None,
    *,
    groups: TextGroups | None = None,
    read_texts: TextReader | None = None,
) -> FullSweep:
    """Score every account of `data` from scratch; returns results and what to keep.

    `data` holds every post's text, or, given the near-duplicate `groups` of
    its texts (found before the posts were read, from their texts streamed
    once) and `read_texts`, none: then only the texts of the posts in text
    bursts, the only ones scoring reads, are read once their bursts are known.

    Memory is what bounds a sweep, so what is no longer read is let go as it
    goes: the near-duplicate comparison tables once the groups are known (the
    blocks to store are `new_groups.bands`), the map of fingerprints to groups
    and the fingerprints of `data`'s posts once the posts are keyed by
    their groups, the posts per key of each channel once its bursts are
    found, and every text of `data` but those of posts in text bursts
    (`forget_texts`).
    """
    config = config or DetectionConfig()
    if groups is None:
        groups = group_texts(zip(data.posts.fp, data.posts.text, strict=True))
    users = tag_accounts(data)
    limit = common_tag_limit(len(data.accounts))
    keys: list[KeyBursts] = []
    key_count = 0
    for channel in Channel:
        if channel is Channel.TEXT:
            keyed = channel_posts(channel, data, groups.groups.group_of(), users, limit)
            # Not read again: about 50 MB at 2,500,000 generated posts.
            data.posts.fp = OptionalStringColumn()
        else:
            keyed = channel_posts(channel, data, {}, users, limit)
        key_count += len(keyed)
        keys += key_bursts({channel: keyed}, data.posts)
        del keyed
    if read_texts is None:
        forget_texts(data.posts, text_burst_posts(keys))
    else:
        set_texts(data.posts, read_texts(text_burst_posts(keys)))
    clock = feat.ShiftClock(ZoneInfo(config.operator_zone))
    in_shift = feat.in_shift(data.posts.ts, clock)
    baseline = in_shift / len(data.posts) if len(data.posts) else 0.0
    result = judge(keys, data, baseline, config)
    return FullSweep(
        result=result,
        cores=groups.cores,
        new_groups=groups.groups,
        tag_users=users,
        tag_limit=limit,
        keys=keys,
        posts_in_shift=in_shift,
        key_count=key_count,
    )


def judge(
    keys: list[KeyBursts], data: SweepData, baseline: float, config: DetectionConfig
) -> SweepResult:
    """The verdicts of the network of `keys`, with a second look at held clusters.

    A cluster held as an audience or a crowd may be separate groups joined by
    a few ties, one of them drowned in the others (a retweet network among
    the fans who repost the same outlets): its connected group is split into
    the groups its ties and bursts separate, and all is scored again. Only
    held clusters are split: the parts of a network judged Likely as a whole
    can read as crowds once apart.
    """
    net = network(keys, data)
    result = score(net, data, baseline, config)
    held = {
        a
        for cluster in result.clusters
        if cluster.index < net.strong and cluster.held
        for a in cluster.members
    }
    if held:
        cores = _cores(net.graph, data.accounts, net.bursts, held)
        if cores == net.cores:  # nothing split: the same network again
            return result
        second = _clustered(
            net.bursts, keys, net.graph, data.accounts, cores, net.reposted, net.pushed, before=net
        )
        if len(second.members) != len(net.members):
            del result  # replaced: its evidence lines go before scoring again
            return score(second, data, baseline, config)
    return result


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
    # Features read the authors of what members' posts target, and who engages
    # with members' posts: only those, not a dict over every post of the store.
    member_posts = [i for own in posts_of.values() for i in own]
    targeted = {posts.repost_of[i] or posts.reply_to[i] for i in member_posts} - {None}
    author_of = {pid: posts.account[i] for i, pid in enumerate(posts.post_id) if pid in targeted}
    own_ids = {posts.post_id[i] for i in member_posts}
    engagers: dict[str, list[int]] = defaultdict(list)
    for i, target in enumerate(posts.repost_of):
        target = target or posts.reply_to[i]
        if target and target in own_ids:
            engagers[target].append(i)
    member_bursts = net.member_bursts()
    # Features read the links of members' posts and of the posts in their
    # bursts: only those, not a dict over every linked post of the store.
    index_of = posts.index_of
    read = set(member_posts)
    read.update(index_of[p] for own in member_bursts.values() for b in own for p in b.posts)
    # A post with several links counts by one of them, the same whatever order they were read in.
    domain_of = {
        i: url.split("/", 3)[2]
        for i, url in sorted(row for row in data.urls if row[0] in read)
        if url.count("/") >= 2
    }
    # Made only to build the context: a str per member post and per target of
    # one, let go before the clusters are measured, when the sweep peaks.
    del targeted, own_ids, member_posts, read
    store_week = feat.week_histogram(posts.ts)
    prior = feat.zone_offset(clock.zone, feat.median_low(posts.ts)) if len(posts) else None
    context = ms.Context(
        data=data,
        posts_of=posts_of,
        member_bursts=member_bursts,
        author_of=author_of,
        engagers=engagers,
        cluster_of=cluster_of,
        clock=clock,
        baseline=baseline,
        domain_of=domain_of,
        store_week=store_week,
        prior_offset=prior,
        creation_days=feat.creation_days(data.accounts.created_ts),
    )

    results: dict[int, AccountResult] = {}
    clusters: list[ClusterResult] = []
    targets_of: dict[int, set[str]] = {}  # cluster -> posts its core members reposted

    serials_of: dict[int, list[int]] = {}  # burst id -> serial numbers in its texts
    for c, group in enumerate(members):
        burst_posts = ms.BurstPosts(posts)

        def is_core(a: int, c: int = c) -> bool:
            return cluster_of.get(a) == c and a not in attached

        features = ms.cluster_features(group, c, context, burst_posts)
        strength = st.cluster_strength(features, single_pushes=c >= strong)
        if c >= strong and strength.level is not Level.LIKELY:
            # Groups tied by single pushes are only reported when the evidence is strong.
            continue
        pushes = sorted(
            {b.id: b for a in group for b in member_bursts.get(a, [])}.values(),
            key=lambda b: (-len(b.accounts), b.start),
        )
        # The first post of its largest pushes; a post opening two of them (its
        # tag and its tag set) is one example.
        examples: list[str] = []
        for b in pushes:
            first = posts.post_id[posts.index_of[b.posts[0]]]
            if first not in examples:
                examples.append(first)
                if len(examples) == ev.EXAMPLES:
                    break
        talking = burst_posts.talking
        evidence = ev.cluster_evidence(
            features,
            strength,
            config.operator_zone,
            examples,
            (talking, [posts.post_id[i] for i in talking.examples[: ev.EXAMPLES]]),
        )
        typical_created = feat.median_created([accounts.created_ts[a] for a in group])
        clusters.append(
            ClusterResult(
                c, group, features, strength.score, strength.level, evidence, strength.audience
            )
        )
        for a in group:
            own = member_bursts.get(a, [])
            joined = attached.get(a)
            if joined is not None:
                own_points = st.ATTACHED_POINTS if joined.pushes >= 2 else st.ATTACHED_ONCE_POINTS
            else:
                own_points = (
                    st.CORE_POINTS
                    if ms.distinct_moments(own) >= MIN_REPEAT
                    else st.FEW_MOMENTS_POINTS
                )
            # Reposting one push of a cluster's minutes after its core did is
            # what the push's audience does: worth a look, not more. So is
            # reposting many out of step at most of them, when the core
            # reposts within the minute (an amplifier network's fans); where
            # members themselves repost minutes apart, timing cannot tell
            # them from their audience.
            once = joined is not None and joined.pushes == 1
            in_the_minute = features.median_lag <= SAME_MINUTE
            reposts = (
                reposting(
                    a,
                    joined.hits if joined is not None else own,
                    burst_posts,
                    is_core,
                    features.median_lag,
                )
                if once or in_the_minute
                else None
            )
            if reposts is not None and once:
                if c not in targets_of:
                    targets_of[c] = {
                        t
                        for m in group
                        if m not in attached
                        for i in posts_of[m]
                        if (t := posts.repost_of[i]) is not None
                    }
                on_targets = sum(1 for i in posts_of[a] if posts.repost_of[i] in targets_of[c])
                reposts = replace(reposts, on_targets=on_targets)
            lines = ev.account_evidence(a, own, data, cluster_of, c, burst_posts, serials_of)
            if joined is not None:
                lines.append(
                    ev.joined_evidence(
                        a,
                        joined,
                        data,
                        len(posts_of[a]),
                        strength.audience,
                        reposts if once else None,
                    )
                )
            followed = reposts is not None and reposts.audience and (once or reposts.moments > 0)
            # A feed riding in a cluster: most of its co-action with it is the
            # copies of a wire, each linking its poster's own site (outlets of
            # one wire whose posts a network reposts). Its part is explained.
            feeds = sum(1 for b in own if b.id in burst_posts.feeds)
            feed = bool(own) and feeds >= feat.SYNDICATED_SHARE * len(own)
            # A feed's quiet outlet is no sleeper: the cluster's activity is explained.
            sleeper = (
                own
                and not strength.innocence
                and feat.is_sleeper(
                    accounts.created_ts[a],
                    min(b.start for b in own),
                    len(posts_of[a]),
                    typical_created,
                )
            )
            if sleeper:
                own_points += st.SLEEPER_POINTS
                lines.append(
                    Evidence(
                        kind="accounts",
                        text=(
                            f"sleeper: account created {ev.year(accounts.created_ts[a])}, only "
                            f"{ev.count(len(posts_of[a]), 'post')}, woke up to join this cluster's push"
                        ),
                        weight=0.1,
                    )
                )
            amplified = _amplified(
                a, c, own, net.reposted, posts_of[a], engagers, cluster_of, posts
            )
            value = strength.member_score(own_points, joined=joined is not None)
            # What the pushes' audience does, a feed's syndication, or what
            # the cluster amplifies is worth a look, not more; said on the
            # card only where it holds the account back.
            if (followed or feed or amplified) and value > st.BELOW_LIKELY:
                value = st.BELOW_LIKELY
                if amplified is not None:
                    mine = [
                        i for b in own if b.id in amplified.reposted for i in burst_posts.of(b, a)
                    ]
                    examples = [posts.post_id[i] for i in dict.fromkeys(mine)][: ev.EXAMPLES]
                    lines.append(ev.amplified_evidence(amplified, len(own), examples))
                if followed and reposts is not None and not once and not strength.audience:
                    lines.append(ev.followed_evidence(reposts, data))
                if feed:
                    mine = [
                        i for b in own if b.id in burst_posts.feeds for i in burst_posts.of(b, a)
                    ]
                    examples = [posts.post_id[i] for i in dict.fromkeys(mine)][: ev.EXAMPLES]
                    lines.append(ev.feed_evidence(feeds, len(own), examples))
            results[a] = AccountResult(
                a, value, st.level_for(value), c, lines + evidence, a not in attached
            )
    _weak_pairs(net.graph, cluster_of, accounts, results)
    return SweepResult(results, clusters, len(net.bursts), data.max_post_pk)


def _amplified(
    account: int,
    cluster: int,
    own: Sequence[Burst],
    reposted: Mapping[int, frozenset[int]],
    own_posts: Sequence[int],
    engagers: Mapping[str, list[int]],
    cluster_of: Mapping[int, int],
    posts: PostColumns,
) -> Amplified | None:
    """`account` as what its cluster amplifies, or None.

    In most of its bursts with the cluster (`own`) others reposted its post
    (`reposted`, by burst id), it acted itself at too few moments to be tied
    by them, and outsiders repost it too (AMPLIFIED_OUTSIDE): an outlet or a
    star a network pushes. The members a network amplifies are amplified by
    no one else. `own_posts` are its posts' positions, `engagers` the
    positions of the reposts and replies of each post id.
    """
    passive = frozenset(b.id for b in own if account in reposted.get(b.id, ()))
    moments = ms.distinct_moments([b for b in own if b.id not in passive])
    if not passive or 2 * len(passive) < len(own) or moments >= MIN_REPEAT:
        return None
    inside = [
        cluster_of.get(posts.account[j]) == cluster
        for i in own_posts
        for j in engagers.get(posts.post_id[i], ())
        if posts.repost_of[j] is not None
    ]
    outside = inside.count(False)
    if len(inside) < feat.CLOSED_LOOP_COUNT or outside < feat.AMPLIFIED_OUTSIDE * len(inside):
        return None
    return Amplified(passive, moments, outside, len(inside))


def _weak_pairs(graph, cluster_of, accounts, results) -> None:  # type: ignore[no-untyped-def]
    """Accounts with much repeated co-action outside any cluster are Suspicious, not more.

    A person posting the same texts on two platforms acts with themself.
    """
    platforms, handles = accounts.platform, accounts.handle
    for a in graph.nodes:
        if a in cluster_of:
            continue
        me = (platforms[a], handles[a])
        partners = [b for b in graph.neighbors(a) if not one_person(me, (platforms[b], handles[b]))]
        if not partners:
            continue
        best = max(graph[a][b]["weight"] for b in partners)
        if best < st.PAIR_SUSPICIOUS_MOMENTS:
            continue
        results[a] = AccountResult(
            a,
            0.45,
            Level.SUSPICIOUS,
            None,
            [
                Evidence(
                    kind="network",
                    text=(
                        f"acted together with {plural(len(partners), 'other account')} at up to "
                        f"{best} distinct moments, but they form no larger network"
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
