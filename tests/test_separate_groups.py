"""Clusters: a component that is separate groups joined by a few ties is one cluster per group."""

from __future__ import annotations

import random

import networkx as nx

from detection.bursts import Burst, Channel
from detection.network import core_clusters


def _tie_all(
    graph: nx.Graph, group: list[int], rng: random.Random, density: float, moments: range
) -> None:
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            if rng.random() < density:
                graph.add_edge(a, b, weight=rng.choice(moments))


def _handles(n: int) -> list[str]:
    return [f"user{i}q" for i in range(n)]


def test_a_network_and_the_fans_it_shares_a_few_moments_with_are_two_clusters() -> None:
    rng = random.Random(5)
    network, fans = list(range(40)), list(range(40, 100))
    graph = nx.Graph()
    _tie_all(graph, network, rng, 0.9, range(20, 200))  # within the minute, again and again
    _tie_all(graph, fans, rng, 0.3, range(3, 8))  # the same popular posts over minutes
    for a, b in [(3, 50), (7, 61), (12, 88)]:  # camouflage reposts of the fans' stars
        graph.add_edge(a, b, weight=3)
    assert nx.is_connected(graph)
    assert core_clusters(graph, _handles(100), (), set(graph)) == [set(fans), set(network)]


def _bursts(groups: list[list[int]], count: int, rng: random.Random) -> list[Burst]:
    """`count` bursts in which several members of each of `groups` act together."""
    bursts = []
    for i in range(count):
        accounts = [a for group in groups for a in rng.sample(group, 5)]
        bursts.append(Burst(i, Channel.TEXT, f"k{i}", 60 * i, 60 * i + 30, accounts, accounts))
    return bursts


def _network_and_fans(rng: random.Random) -> tuple[nx.Graph, list[int], list[int]]:
    network, fans = list(range(40)), list(range(40, 100))
    graph = nx.Graph()
    _tie_all(graph, network, rng, 0.9, range(20, 200))
    _tie_all(graph, fans, rng, 0.3, range(3, 8))
    for a, b in [(3, 50), (7, 61), (12, 88)]:
        graph.add_edge(a, b, weight=3)
    return graph, network, fans


def test_groups_that_act_in_each_others_bursts_are_one_network() -> None:
    # The parts of one large network: few significant ties across (each is
    # too busy for a pair across to stand out), but they act together.
    rng = random.Random(8)
    graph, network, fans = _network_and_fans(rng)
    together = (
        _bursts([network], 200, rng)
        + _bursts([fans], 100, rng)
        + _bursts([network, fans], 100, rng)
    )
    assert core_clusters(graph, _handles(100), together, set(graph)) == [set(network) | set(fans)]


def test_a_network_joining_its_fans_bursts_is_still_a_group_of_its_own() -> None:
    # The network's camouflage reposts bring it into the fans' bursts; the
    # fans bring almost nothing to the network's.
    rng = random.Random(9)
    graph, network, fans = _network_and_fans(rng)
    bursts = (
        _bursts([network], 400, rng) + _bursts([fans], 100, rng) + _bursts([fans, network], 60, rng)
    )
    assert core_clusters(graph, _handles(100), bursts, set(graph)) == [set(fans), set(network)]


def test_one_operation_is_one_cluster_however_modularity_would_cut_it() -> None:
    rng = random.Random(6)
    operation = list(range(60))
    graph = nx.Graph()
    _tie_all(graph, operation, rng, 0.3, range(3, 12))  # members act with the whole of it
    assert nx.is_connected(graph)
    assert len(nx.community.louvain_communities(graph, seed=7)) >= 2
    assert core_clusters(graph, _handles(60), (), set(graph)) == [set(operation)]


def test_a_small_sparse_component_is_not_cut_in_two() -> None:
    # Two halves of a ten-account push group, each half tied inside, three ties across.
    graph = nx.Graph()
    for half in (range(5), range(5, 10)):
        members = list(half)
        for a, b in zip(members, members[1:] + members[:1], strict=True):
            graph.add_edge(a, b, weight=4)
    for a, b in [(0, 5), (2, 7), (4, 9)]:
        graph.add_edge(a, b, weight=3)
    assert core_clusters(graph, _handles(10), (), set(graph)) == [set(range(10))]


def test_clusters_do_not_depend_on_the_order_ties_were_counted_in() -> None:
    rng = random.Random(7)
    graph = nx.Graph()
    _tie_all(graph, list(range(30)), rng, 0.8, range(10, 50))
    _tie_all(graph, list(range(30, 80)), rng, 0.4, range(3, 6))
    graph.add_edge(1, 40, weight=3)
    edges = list(graph.edges.data("weight"))
    rng.shuffle(edges)
    shuffled = nx.Graph()
    shuffled.add_weighted_edges_from(edges)
    assert core_clusters(shuffled, _handles(80), (), set(graph)) == core_clusters(
        graph, _handles(80), (), set(graph)
    )


def test_only_components_given_as_splittable_are_split() -> None:
    rng = random.Random(5)
    graph, network, fans = _network_and_fans(rng)
    assert core_clusters(graph, _handles(100)) == [set(network) | set(fans)]
    assert core_clusters(graph, _handles(100), (), {fans[0]}) == [set(fans), set(network)]
