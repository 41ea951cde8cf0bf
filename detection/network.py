"""The coordination network: who acts with whom, again and again.

Edges join accounts that took part in the same surprising burst. One shared
burst is a coincidence; an edge is *significant* when the two accounts shared
bursts at `MIN_REPEAT` distinct moments (at least `DISTINCT_GAP` apart), so a
viral cascade or a single news spike does not tie strangers together.
Clusters are the connected components of the significant edges, with at least
`MIN_PERSONAS` distinct personas (one person on two platforms is one persona).
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from detection.bursts import Burst, poisson_tail

MIN_REPEAT = 3
DISTINCT_GAP = 1800
MIN_PERSONAS = 3
#: Bursts with more accounts than this are not expanded into pairs (they are
#: still used to attach accounts to clusters).
MAX_PAIR_BURST = 1200
LOW_VOLUME_POSTS = 12

_PERSONA_STRIP = re.compile(r"[^a-z0-9]")
_TRAILING_DIGITS = re.compile(r"(?<=[a-z]{4})\d{1,4}$")
_DIGITS = re.compile(r"\d+")


def persona_key(handle: str) -> str:
    """The persona behind a handle: alice_smith on x and alice.smith on facebook are one."""
    return _PERSONA_STRIP.sub("", handle.lower()) or handle


def count_personas(accounts: list[tuple[str, str]]) -> int:
    """Distinct personas among (platform, handle) accounts.

    Beyond persona_key, a handle on one platform and the same handle with a
    number added on another (sweetgamer, sweetgamer90) are one person who
    could not get their name twice. On one platform such handles stay apart:
    operations number their accounts (janedoe1003, janedoe1004).
    """
    loose: dict[str, set[str]] = {}
    keys: set[str] = set()
    merged = 0
    for platform, handle in sorted(set(accounts)):
        key = persona_key(handle)
        if key in keys:
            continue
        keys.add(key)
        base = _TRAILING_DIGITS.sub("", key)
        platforms = loose.setdefault(base, set())
        if platforms and platform not in platforms:
            merged += 1
        platforms.add(platform)
    return len(keys) - merged


#: Words people add to their name where it is taken (realjanedoe, janedoe_official).
NAME_AFFIXES = ("official", "real")


def _bare_name(key: str) -> str:
    """A persona key without digits and without the affixes people add to a taken name."""
    key = _DIGITS.sub("", key)
    for affix in NAME_AFFIXES:
        if key.startswith(affix) and len(key) > len(affix):
            key = key[len(affix) :]
        if key.endswith(affix) and len(key) > len(affix):
            key = key[: -len(affix)]
    return key


def one_person(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """True when two (platform, handle) accounts read as one person posting on two platforms.

    One persona (`persona_key`), or on two platforms the name they could
    get on each: the same name with numbers or "official"/"real" added or
    changed (mxu and mxu59; tunde_78 and tunde_782023; skaterdragon95 and
    skaterdragon84; blue_bear and blue_bearofficial), or cut one letter
    short by a platform's length limit. On one platform such handles stay
    apart: operations number their accounts (janedoe1003, janedoe1004).
    """
    key_a, key_b = persona_key(a[1]), persona_key(b[1])
    if key_a == key_b:
        return True
    if a[0] == b[0]:
        return False
    short, long = sorted((key_a, key_b), key=len)
    if len(long) == len(short) + 1 and long.startswith(short) and len(short) >= 6:
        return True
    bare = _bare_name(key_a)
    return len(bare) >= 3 and bare == _bare_name(key_b)


@dataclass
class PairCounts:
    """Repeated co-action per account pair, keyed by a*n + b (a < b)."""

    n: int
    moments: dict[int, int] = field(default_factory=dict)
    last_ts: dict[int, int] = field(default_factory=dict)

    def pair(self, key: int) -> tuple[int, int]:
        """The two account positions of a pair key."""
        return divmod(key, self.n)


#: Bits of a pair's count of moments while counting (`count_pairs`): more
#: than a million moments half an hour apart would take 57 years.
_COUNT_BITS = 20
_COUNT_MASK = (1 << _COUNT_BITS) - 1
#: Bits of a pair's last moment while counting, in seconds after the first
#: burst: 2**40 seconds are 34,000 years.
_START_BITS = 40
_START_MASK = (1 << _START_BITS) - 1
_ORDER_SHIFT = _START_BITS + _COUNT_BITS

#: Pairs met while counting are held in a dict of Python ints, about 110
#: bytes a pair: at 2,500,000 generated posts about 300 MB at once, and the
#: pairs grow faster than the posts. `count_pairs` therefore counts in passes,
#: each over the pairs whose first account falls in one share of the
#: accounts, so that a pass meets at most about this many pair occurrences
#: (an upper bound on its distinct pairs): about 220 MB at most.
PAIRS_PER_PASS = 2_000_000


def count_pairs(
    bursts: list[Burst],
    n_accounts: int,
    min_repeat: int = MIN_REPEAT,
    active: Activity | None = None,
    *,
    pairs_per_pass: int = PAIRS_PER_PASS,
) -> PairCounts:
    """Count, for every pair of accounts that can reach `min_repeat`, the distinct moments they co-acted.

    Bursts are visited in time order; a pair's count grows only when a burst
    starts at least DISTINCT_GAP after the pair's previous one, so one push seen
    on several keys (same text, same link, same tags) counts once.

    A pair never shares more distinct moments than either account has alone
    (counting the earliest burst after each gap finds the most moments at
    least DISTINCT_GAP apart, and the pair's bursts are a subset of each
    account's), so only accounts with `min_repeat` or more moments of their
    own (`active`, computed here when not given) are paired: pairs that could
    never reach `min_repeat` are not held in memory. Pairs below `min_repeat`
    are left out of the result for the same reason.

    The pairs are counted in passes over the bursts (PAIRS_PER_PASS; the
    bursts' pairs occurrences are counted first to know how many), each
    holding only the pairs whose first account is in its share; the result
    lists the pairs in the order they were first met, as one pass gives.
    O(sum of eligible burst sizes squared), bounded by MAX_PAIR_BURST, plus
    O(sum of burst sizes) a pass.
    """
    active = active or activity(bursts)
    eligible = {a for a, n in active.moments.items() if n >= min_repeat}
    timeline = sorted(bursts, key=lambda b: b.start)
    first_start = timeline[0].start if timeline else 0
    occurrences = 0
    for burst in timeline:
        if len(burst.accounts) <= MAX_PAIR_BURST:
            size = sum(1 for a in burst.accounts if a in eligible)
            occurrences += size * (size - 1) // 2
    passes = max(1, -(-occurrences // pairs_per_pass))
    # The pairs that repeat, from every pass: when each was first met, its key, moments and last moment.
    first_met, keys, moments, last = array("q"), array("q"), array("q"), array("q")
    for share in range(passes):
        met = _meet_pairs(timeline, eligible, n_accounts, first_start, share, passes)
        for key, seen in met.items():
            if seen & _COUNT_MASK >= min_repeat:
                first_met.append(seen >> _ORDER_SHIFT)
                keys.append(key)
                moments.append(seen & _COUNT_MASK)
                last.append((seen >> _COUNT_BITS & _START_MASK) + first_start)
        del met
    counts = PairCounts(n=n_accounts)
    for i in sorted(range(len(keys)), key=first_met.__getitem__):
        counts.moments[keys[i]] = moments[i]
        counts.last_ts[keys[i]] = last[i]
    return counts


def _meet_pairs(
    timeline: list[Burst],
    eligible: set[int],
    n_accounts: int,
    first_start: int,
    share: int,
    shares: int,
) -> dict[int, int]:
    """One pass of `count_pairs`: every pair met whose first account `a` has
    `a % shares == share`, keyed by a*n + b (a < b).

    One dict while counting, a pair's first meeting, last moment and count in
    one int (order << _ORDER_SHIFT | last moment << _COUNT_BITS | moments):
    two dicts of every pair met took about 250 MB at 2,500,000 posts, most
    pairs never repeating. A pair is first met at (burst, i, j), the places of
    the burst in `timeline` and of its two accounts among the burst's
    eligible members, numbered in the order one pass over everything meets them.
    """
    met: dict[int, int] = {}
    for position, burst in enumerate(timeline):
        if len(burst.accounts) > MAX_PAIR_BURST:
            continue
        members = sorted(a for a in burst.accounts if a in eligible)
        start = burst.start - first_start
        for i, a in enumerate(members):
            if a % shares != share:
                continue
            base = a * n_accounts
            order = (position * MAX_PAIR_BURST + i) * MAX_PAIR_BURST
            for j in range(i + 1, len(members)):
                key = base + members[j]
                seen = met.get(key)
                if seen is None:
                    met[key] = (order + j) << _ORDER_SHIFT | start << _COUNT_BITS | 1
                elif start - (seen >> _COUNT_BITS & _START_MASK) >= DISTINCT_GAP:
                    count = (seen & _COUNT_MASK) + 1
                    met[key] = seen >> _ORDER_SHIFT << _ORDER_SHIFT | start << _COUNT_BITS | count
    return met


#: A pair's co-action must be this unlikely by chance (Poisson tail, see
#: `chance_of_pair`) to tie the two accounts.
PAIR_CHANCE = 1e-4


@dataclass
class Activity:
    """How much every account takes part in bursts: the pair test's null model."""

    moments: dict[int, int]  # account -> distinct moments it took part in bursts
    size_factor: float  # sum of squared burst sizes over the squared sum of sizes

    def expected(self, a: int, b: int) -> float:
        """Moments a and b would share by chance if each joined bursts at random, by size."""
        return self.moments.get(a, 0) * self.moments.get(b, 0) * self.size_factor


def activity(bursts: list[Burst]) -> Activity:
    """Each account's distinct burst moments, and the bursts' size profile. O(sum of burst sizes)."""
    last: dict[int, int] = {}
    moments: dict[int, int] = defaultdict(int)
    total = squares = 0
    for burst in sorted(bursts, key=lambda b: b.start):
        size = len(burst.accounts)
        total += size
        squares += size * size
        for a in burst.accounts:
            previous = last.get(a)
            if previous is None or burst.start - previous >= DISTINCT_GAP:
                moments[a] += 1
                last[a] = burst.start
    return Activity(dict(moments), squares / (total * total) if total else 0.0)


def chance_of_pair(shared: int, expected: float) -> float:
    """How likely two accounts share `shared` moments by chance when `expected` is the mean."""
    return poisson_tail(shared, expected)


class SharedWeightGraph(nx.Graph):  # type: ignore[misc]
    """A graph whose edges of one weight share one attribute dict.

    networkx keeps a dict per edge (184 bytes): by object sizes, about 180 MB
    for the million edges of the largest weak component at 2,500,000
    generated posts and 67 MB for their 363,004 edges of repeated co-action.
    Louvain copies the graph it splits into a new graph of the same class
    through `add_weighted_edges_from` (networkx 3.x `louvain_partitions`,
    which never changes edge data in place), so its copy shares them too:
    measured on that component, the split's peak fell from 522 MB to 338 MB
    over what the process held before. Only for graphs whose edge data is
    not changed in place, since an edge shares it with every other edge of
    its weight; an edge added again takes its new weight, as in networkx.
    """

    def add_weighted_edges_from(  # type: ignore[no-untyped-def]
        self, ebunch_to_add, weight: str = "weight", **attr
    ) -> None:
        """Add (u, v, weight) edges as networkx does, sharing one dict per weight
        (with other attributes, a dict per edge as in networkx)."""
        if attr:
            super().add_weighted_edges_from(ebunch_to_add, weight, **attr)
            return
        by_weight: dict[object, dict[str, object]] = {}
        # `_adj` and `_node` are networkx's documented structure for subclasses.
        adjacency, nodes = self._adj, self._node
        for u, v, value in ebunch_to_add:
            for node in (u, v):
                if node not in nodes:
                    adjacency[node] = self.adjlist_inner_dict_factory()
                    nodes[node] = self.node_attr_dict_factory()
            data = by_weight.setdefault(value, {weight: value})
            adjacency[u][v] = data
            adjacency[v][u] = data


def significant_graph(
    counts: PairCounts, min_repeat: int = MIN_REPEAT, active: Activity | None = None
) -> nx.Graph:
    """The graph of pairs that co-acted at `min_repeat` or more distinct moments.

    With `active`, a pair must also have shared more moments than chance
    explains for two accounts that busy (PAIR_CHANCE): heavy users of
    popular keys, fans reposting the same stars, meet often by chance.
    """

    # A pair's key decodes into two new int objects: the edges take one object
    # per account instead (about 23 MB for the 363,004 edges at 2,500,000 generated posts).
    node: dict[int, int] = {}

    def significant() -> Iterator[tuple[int, int, int]]:
        for key, moments in counts.moments.items():
            if moments >= min_repeat:
                a, b = counts.pair(key)
                if (
                    active is not None
                    and chance_of_pair(moments, active.expected(a, b)) > PAIR_CHANCE
                ):
                    continue
                yield node.setdefault(a, a), node.setdefault(b, b), moments

    graph = SharedWeightGraph()
    graph.add_weighted_edges_from(significant())
    return graph


#: Two modularity communities of a component are separate groups when they
#: are tied to each other at most this fraction as densely as the sparser of
#: the two is tied inside: a retweet network and the fans who repost the same
#: popular accounts, two operations sharing a few accounts (0.001-0.09 on
#: generated stores, counted against the rest of the component). The
#: communities modularity cuts out of one operation (its members act with the
#: whole of it), and out of small sparse components, are tied across at
#: 0.15-1.0 times their density inside: they stay one group.
SEPARATE_DENSITY = 0.1


def core_clusters(
    graph: nx.Graph,
    handles: Sequence[str],
    bursts: Sequence[Burst] = (),
    splittable: set[int] | frozenset[int] = frozenset(),
) -> list[set[int]]:
    """Groups of `graph` with at least MIN_PERSONAS personas, largest first.

    A group is a connected component, or each of its communities when they
    are separate groups joined by a few ties (SEPARATE_DENSITY) that do not
    act in each other's bursts (SEPARATE_BURSTS, read from `bursts`): each
    is then judged on its own co-action, not on the mixture.
    """
    clusters = []
    for component in nx.connected_components(graph):
        groups = [set(component)]
        if not splittable.isdisjoint(component):
            groups = separate_groups(graph, component)
        if len(groups) > 1:
            groups = _rejoin_sharing_bursts(groups, bursts)
        for group in groups:
            personas = {persona_key(handles[a]) for a in group}
            if len(personas) >= MIN_PERSONAS:
                clusters.append(group)
    clusters.sort(key=lambda c: (-len(c), min(c)))
    return clusters


#: Groups that are separate in their ties may still act in the same bursts,
#: as the parts of one large network do: two groups are one when each
#: brings to the bursts where the other acts more than this share of what
#: the other brings itself. A retweet network's camouflage reposts bring it
#: into its fans' bursts (30-60% of theirs), but the fans bring 5% or less to
#: the network's.
SEPARATE_BURSTS = 0.25


def _rejoin_sharing_bursts(groups: list[set[int]], bursts: Sequence[Burst]) -> list[set[int]]:
    """`groups`, those that act in each other's bursts (SEPARATE_BURSTS) joined again. O(bursts)."""
    group_of = {a: g for g, members in enumerate(groups) for a in members}
    own = [0] * len(groups)
    brought: dict[tuple[int, int], int] = defaultdict(int)  # (g, h) -> h's accounts in g's bursts
    for burst in bursts:
        present: dict[int, int] = defaultdict(int)
        for a in burst.accounts:
            g = group_of.get(a)
            if g is not None:
                present[g] += 1
        for g, count in present.items():
            if count < 2:  # a burst where g acts: two or more of its members
                continue
            own[g] += count
            for h, other in present.items():
                if h != g:
                    brought[g, h] += other
    return _joined(
        groups,
        (
            (g, h)
            for (g, h), count in brought.items()
            if count > SEPARATE_BURSTS * own[g]
            and brought.get((h, g), 0) > SEPARATE_BURSTS * own[h]
        ),
    )


def _joined(groups: Sequence[Iterable[int]], pairs: Iterable[tuple[int, int]]) -> list[set[int]]:
    """`groups` with those linked by `pairs` (positions in `groups`) made one, transitively."""
    joined = nx.Graph()
    joined.add_nodes_from(range(len(groups)))
    joined.add_edges_from(pairs)
    return [
        {a for g in sorted(together) for a in groups[g]}
        for together in nx.connected_components(joined)
    ]


def separate_groups(graph: nx.Graph, component: set[int]) -> list[set[int]]:
    """`component` as the separate groups it holds: its modularity communities,
    those tied to each other more densely than SEPARATE_DENSITY allows joined again.

    The communities are found on a copy of the component's ties in sorted
    order, so they do not depend on the order the ties were counted in (a
    sweep from scratch and an incremental one count them in different orders).
    """
    if len(component) < 2 * MIN_PERSONAS:
        return [set(component)]
    ordered = SharedWeightGraph()
    ordered.add_nodes_from(sorted(component))
    ordered.add_weighted_edges_from(
        sorted(
            (min(a, b), max(a, b), w) for a, b, w in graph.subgraph(component).edges.data("weight")
        )
    )
    communities = [sorted(c) for c in nx.community.louvain_communities(ordered, seed=7)]
    if len(communities) == 1:
        return [set(component)]
    community_of = {a: c for c, members in enumerate(communities) for a in members}
    inside = [0] * len(communities)
    across: dict[tuple[int, int], int] = defaultdict(int)
    for a, b in ordered.edges:
        ca, cb = community_of[a], community_of[b]
        if ca == cb:
            inside[ca] += 1
        else:
            across[min(ca, cb), max(ca, cb)] += 1
    size = [len(c) for c in communities]
    density = [
        2 * inside[c] / (size[c] * (size[c] - 1)) if size[c] > 1 else 0.0 for c in range(len(size))
    ]
    return _joined(
        communities,
        (
            (c, d)
            for (c, d), ties in across.items()
            if ties / (size[c] * size[d]) > SEPARATE_DENSITY * min(density[c], density[d])
        ),
    )


@dataclass(frozen=True)
class Joined:
    """How an account outside a cluster's core joined it (`attach_members`)."""

    cluster: int
    pushes: int  # hits at distinct moments
    hits: tuple[Burst, ...]  # every hit burst, in time order
    rode: bool = False  # acted only in the cluster's pushes (detection.sweep._riders)


#: A repost within this many seconds of a member's post is within a minute of it
#: (timestamps of many archives are to the minute).
SAME_MINUTE = 60


@dataclass(frozen=True)
class Reposting:
    """How an account that only reposted in a cluster's pushes kept step with its
    core (`detection.sweep.reposting`)."""

    moments: int  # distinct moments it reposted in a push beside core members
    in_step: int  # of them, closer to a core member's post than members follow each other
    nearest_member: int | None  # seconds from its closest repost to a core member's post
    followed: tuple[int, ...] = ()  # positions of its reposts at the moments out of step
    on_targets: int | None = None  # its reposts of posts the core reposted (counted for joiners)

    @property
    def audience(self) -> bool:
        """Out of step at most of its moments (or beside no core member's post): it
        followed the pushes, as their audience does."""
        return 2 * self.in_step < max(1, self.moments)


@dataclass(frozen=True)
class Amplified:
    """A member that is what its cluster amplifies (`detection.sweep._amplified`)."""

    reposted: frozenset[int]  # ids of its bursts with the cluster where others reposted its post
    moments: int  # distinct moments it acted itself in the others
    outside: int  # reposts it got from outside the cluster
    received: int  # reposts it got


def attach_members(
    bursts: list[Burst],
    cluster_of: dict[int, int],
    key_owner_share: dict[tuple[int, str], float],
    account_posts: Sequence[int],
    reposted: Mapping[int, frozenset[int]] | None = None,
) -> dict[int, Joined]:
    """Accounts outside the core that join a cluster's pushes: account -> how it joined.

    A hit is a burst on a key the cluster owns (its members wrote most of that
    key's posts; for a talking point that several clusters push, the clusters
    together did: see `key_owner_share`) in which cluster members are at least
    half of the others.
    An account is attached with two hits at distinct moments, or with one hit
    when it posts little (LOW_VOLUME_POSTS or fewer posts) or such pushes are a
    third or more of everything it posted: low-volume copy-pasters and sleepers
    that wake up for one push.

    `reposted` gives, by burst id, the accounts in a burst only because others
    in it reposted their post (`detection.sweep.reposted_authors`): a
    network reposting someone's post is no hit of theirs.
    """
    reposted = reposted or {}
    hits: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    hit_bursts: dict[tuple[int, int], list[Burst]] = defaultdict(list)
    for burst in sorted(bursts, key=lambda b: b.start):
        by_cluster: dict[int, int] = defaultdict(int)
        for a in burst.accounts:
            c = cluster_of.get(a)
            if c is not None:
                by_cluster[c] += 1
        if not by_cluster:
            continue
        for c, inside in by_cluster.items():
            if key_owner_share.get((c, f"{burst.channel}|{burst.key}"), 0.0) < 0.5:
                continue
            passive = reposted.get(burst.id, frozenset())
            for a in burst.accounts:
                if a in cluster_of or a in passive:
                    continue
                others = len(burst.accounts) - 1
                if inside * 2 < others or inside < 2:
                    continue
                moments = hits[a][c]
                if not moments or burst.start - moments[-1] >= DISTINCT_GAP:
                    moments.append(burst.start)
                hit_bursts[a, c].append(burst)
    attached: dict[int, Joined] = {}
    for a, per_cluster in hits.items():
        c, moments = max(per_cluster.items(), key=lambda item: len(item[1]))
        n = len(moments)
        posts = max(account_posts[a], 1)
        if n >= 2 or posts <= LOW_VOLUME_POSTS or n / posts >= 1 / 3:
            attached[a] = Joined(c, n, tuple(hit_bursts[a, c]))
    return attached


#: Weak ties: one shared burst, but on a key whose posts came almost all in bursts.
WEAK_MIN_ACCOUNTS = 3
WEAK_MIN_KEY_BURST_SHARE = 0.7
WEAK_MAX_COMPONENT = 400


def weak_clusters(
    bursts: list[Burst],
    exclude: set[int],
    handles: Sequence[str],
    reposted: Mapping[int, frozenset[int]] | None = None,
) -> list[set[int]]:
    """Groups tied by single shared pushes, for low-volume networks.

    Operations with many accounts posting only a few times rarely put the same
    two accounts together three times, but their pushes are tight and their
    keys appear almost only in pushes. Here any shared burst of at least
    WEAK_MIN_ACCOUNTS accounts on such a key ties its members; components are
    split by modularity when large. Callers must demand strong corroboration
    before calling such a group coordinated. `reposted` (by burst id, as in
    `attach_members`) leaves out of a burst the authors others there reposted.

    Components come from joining each burst's members (O(sum of tied burst
    sizes)), in the order of their first member's first tie as in a graph of
    every tie; a graph is built only for the components large enough to
    split (at 2,500,000 generated posts, one of 38,209 accounts and about a
    million edges), not for every tie.
    """
    ties: list[list[int]] = []
    for burst in bursts:
        if burst.key_burst_share < WEAK_MIN_KEY_BURST_SHARE:
            continue
        passive = (reposted or {}).get(burst.id, frozenset())
        members = [a for a in burst.accounts if a not in exclude and a not in passive]
        if WEAK_MIN_ACCOUNTS <= len(members) <= MAX_PAIR_BURST:
            ties.append(members)
    parent: dict[int, int] = {}

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = a = parent[parent[a]]
        return a

    for members in ties:
        for a in members:
            parent.setdefault(a, a)
        first = root(members[0])
        for b in members[1:]:
            other = root(b)
            if other != first:
                parent[other] = first
    components: dict[int, list[int]] = {}
    for a in parent:  # in order of first tie
        components.setdefault(root(a), []).append(a)
    large = {r for r, nodes in components.items() if len(nodes) > WEAK_MAX_COMPONENT}
    # The ties of large components only, in a graph with every tied account as
    # a node in the order a graph of every tie has them: its components and
    # their views read as they would there, so modularity splits them alike.
    graph = SharedWeightGraph()
    if large:
        graph.add_nodes_from(parent)
        _add_weighted_ties(graph, [m for m in ties if root(m[0]) in large], len(handles))
    groups: list[set[int]] = []
    for r, nodes in components.items():
        parts = [set(nodes)]
        if r in large:
            component = nx.node_connected_component(graph, nodes[0])
            parts = [
                set(c) for c in nx.community.louvain_communities(graph.subgraph(component), seed=7)
            ]
        for part in parts:
            if len({persona_key(handles[a]) for a in part}) >= MIN_PERSONAS:
                groups.append(part)
    groups.sort(key=len, reverse=True)
    return groups


def _add_weighted_ties(graph: nx.Graph, ties: list[list[int]], n_accounts: int) -> None:
    """Add to `graph` an edge per pair of accounts sharing a tie, weighted by their ties.

    The same graph as adding each pair's edge at its first tie and counting
    the rest on it (same order of neighbours), but the pairs are counted
    first. Every account of `ties` must be a node of `graph` already.
    """
    shared: dict[int, int] = {}  # min * n_accounts + max -> ties, in order of first tie
    for members in ties:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                key = min(a, b) * n_accounts + max(a, b)
                shared[key] = shared.get(key, 0) + 1
    # A pair's key decodes into two new int objects (32 bytes each: about 64 MB
    # for the million edges of the largest weak component at 2,500,000
    # generated posts); the edges take the graph's own object of each node.
    node = {a: a for a in graph}
    edges = (divmod(key, n_accounts) + (weight,) for key, weight in shared.items())
    graph.add_weighted_edges_from((node[a], node[b], weight) for a, b, weight in edges)
