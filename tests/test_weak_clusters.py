"""Weak clusters (detection.network.weak_clusters) against a graph of every tie."""

from __future__ import annotations

import random

import networkx as nx

from detection.bursts import Burst, Channel
from detection.network import (
    MAX_PAIR_BURST,
    MIN_PERSONAS,
    WEAK_MAX_COMPONENT,
    WEAK_MIN_ACCOUNTS,
    WEAK_MIN_KEY_BURST_SHARE,
    persona_key,
    weak_clusters,
)


def every_tie(bursts: list[Burst], exclude: set[int], handles: list[str]) -> list[set[int]]:
    """The groups from one graph of every tie: what weak_clusters must give."""
    graph = nx.Graph()
    for burst in bursts:
        if burst.key_burst_share < WEAK_MIN_KEY_BURST_SHARE:
            continue
        members = [a for a in burst.accounts if a not in exclude]
        if len(members) < WEAK_MIN_ACCOUNTS or len(members) > MAX_PAIR_BURST:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if graph.has_edge(a, b):
                    graph[a][b]["weight"] += 1
                else:
                    graph.add_edge(a, b, weight=1)
    groups: list[set[int]] = []
    for component in nx.connected_components(graph):
        parts = [set(component)]
        if len(component) > WEAK_MAX_COMPONENT:
            parts = [
                set(c) for c in nx.community.louvain_communities(graph.subgraph(component), seed=7)
            ]
        for part in parts:
            if len({persona_key(handles[a]) for a in part}) >= MIN_PERSONAS:
                groups.append(part)
    groups.sort(key=len, reverse=True)
    return groups


def test_weak_clusters_split_and_order_as_a_graph_of_every_tie() -> None:
    """Small components and one large enough to split by modularity, among accounts
    that tie nothing, some excluded (already in clusters)."""
    rng = random.Random(3)
    accounts = 3000
    handles = [f"acct{i}x" for i in range(accounts)]
    bursts = []
    big = rng.sample(range(accounts), 700)
    for i in range(900):
        if i % 3:
            members = rng.sample(big[: 350 if i % 2 else 700], rng.randint(3, 6))
        else:
            start = rng.randrange(accounts - 5)
            members = list(range(start, start + rng.randint(2, 5)))
        share = 0.9 if i % 7 else 0.3
        bursts.append(Burst(i, Channel.TEXT, f"k{i}", i * 60, i * 60 + 30, [], members, 5, share))
    exclude = set(rng.sample(range(accounts), 40))
    expected = every_tie(bursts, exclude, handles)
    assert any(len(group) > 50 for group in expected)
    assert len(expected) > 10
    found = weak_clusters(bursts, exclude, handles)
    assert found == expected
    assert [sorted(g) for g in found] == [sorted(g) for g in expected]


def test_an_author_others_reposted_is_not_tied_by_the_burst() -> None:
    """Low-volume reposters of one author's posts tie to each other, not to her."""
    handles = ["reporter", "ann", "bob", "cyd", "dan"]
    bursts = [
        Burst(0, Channel.TEXT, "story-1", 0, 60, [], [0, 1, 2, 3], 4, 1.0),
        Burst(1, Channel.TEXT, "story-2", 900, 960, [], [0, 2, 3, 4], 4, 1.0),
    ]
    assert weak_clusters(bursts, set(), handles) == [{0, 1, 2, 3, 4}]
    reposted = {0: frozenset({0}), 1: frozenset({0})}
    assert weak_clusters(bursts, set(), handles, reposted) == [{1, 2, 3, 4}]
