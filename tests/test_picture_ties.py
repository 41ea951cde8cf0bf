"""The pictures never contradict the verdict: ties are the co-actions its evidence lines count.

One small generated store holds clusters of every operation style
(bench/generate.py: the default Spamouflage-like styles and every regime
style). For each cluster, the graph the pictures draw is compared with what
each member's card says: a member whose line reads "used 16 hashtag sets
that 7 other accounts of this cluster used in the same minutes" has exactly
7 ties on hashtags, and so on for texts (near-copies included), links and
reposts. The push timeline shows the push the card names: the largest burst
holding the first example post of the card's evidence lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from generate import COORDINATED_STYLES, REGIME_STYLES, Regime, generate, write_records
from sqlmodel import col, select

import services.pictures.gather as gather
from detection.bursts import Channel
from services.checks import check_target
from services.pictures import render_pictures
from services.sweeps import run_sweep
from storage import queries
from storage.db import Store, open_store
from storage.ingest import ingest_file
from storage.models import Account, AccountScore

CHANNELS = {str(c) for c in Channel}
#: Styles the test must find clustered; "sleeper" accounts join copy-paste operations.
OPERATION_STYLES = (set(COORDINATED_STYLES) - {"sleeper"}) | set(REGIME_STYLES)


@pytest.fixture(scope="module")
def every_style(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, str]]]:
    """10,000 posts over a week with operations of every style, swept; and each account's style."""
    folder = tmp_path_factory.mktemp("every-style")
    records, truth = generate(
        10_000, 5, days=7, regime=Regime(styles=REGIME_STYLES, engagement_hours=24.0)
    )
    path = folder / "posts.jsonl"
    write_records(records, path)
    store = open_store(f"sqlite:///{folder / 'store.db'}")
    ingest_file(store, path)
    run_sweep(store, force=True)
    styles = {f"{r.platform}:@{r.author_handle}": r.style for r in truth}
    yield store, styles
    store.dispose()


def _clusters(store: Store) -> dict[int, list[str]]:
    """Each cluster's members, 'platform:@handle'."""
    members: dict[int, list[str]] = defaultdict(list)
    with store.session() as session:
        rows = session.execute(
            select(Account, AccountScore)
            .join(AccountScore, col(AccountScore.account_id) == col(Account.id))
            .where(col(AccountScore.cluster_id).is_not(None))
            .order_by(col(Account.id))
        )
        for account, score in rows:
            assert score.cluster_id is not None
            members[score.cluster_id].append(f"{account.platform}:@{account.handle}")
    return members


def test_every_operation_style_is_clustered_in_the_store(
    every_style: tuple[Store, dict[str, str]],
) -> None:
    store, styles = every_style
    clustered = {styles.get(m) for members in _clusters(store).values() for m in members}

    assert clustered >= OPERATION_STYLES, OPERATION_STYLES - clustered


def test_the_ties_drawn_equal_the_co_actions_each_members_card_counts(
    every_style: tuple[Store, dict[str, str]],
) -> None:
    store, styles = every_style
    checked_styles = set()
    for cluster_id, members in _clusters(store).items():
        verdict = check_target(store, members[0])
        assert verdict.cluster is not None and verdict.cluster.id == cluster_id
        with store.session() as session:
            graph = gather.graph_data(gather.scene_of(session, verdict))
        assert len(graph.nodes) == len(members)  # small clusters are drawn whole
        key_of = {n.label: n.key for n in graph.nodes}
        for member in members:
            card = check_target(store, member)
            counted = {
                line.kind: line.counts["partners"]
                for line in card.evidence
                if line.kind in CHANNELS
            }
            key = key_of[member]
            drawn: dict[str, int] = defaultdict(int)
            for tie in graph.edges:
                if key in (tie.a, tie.b):
                    for channel, n in tie.counts.items():
                        assert n > 0
                        drawn[channel] += 1
            assert dict(drawn) == counted, (styles.get(member), member, card.evidence)
        checked_styles.update(styles.get(m) for m in members)
    assert checked_styles >= OPERATION_STYLES


def test_the_graph_picture_counts_the_ties_it_was_given(
    every_style: tuple[Store, dict[str, str]],
) -> None:
    store, styles = every_style
    rider = next(m for m, s in styles.items() if s == "hashtag_rider")
    verdict = check_target(store, rider)
    with store.session() as session:
        ties = gather.graph_data(gather.scene_of(session, verdict)).edges

    (graph,) = render_pictures(store, verdict, names=("graph",))

    assert f"{len(ties)} co-action ties" in graph.alt_text and len(ties) > 0
    assert "hashtags (" in graph.alt_text  # a hashtag rider is tied through its tags


@pytest.mark.parametrize("style", sorted(OPERATION_STYLES))
def test_the_push_timeline_shows_the_push_the_card_names(
    every_style: tuple[Store, dict[str, str]], style: str
) -> None:
    store, styles = every_style
    clustered = {m for members in _clusters(store).values() for m in members}
    member = next(m for m, s in sorted(styles.items()) if s == style and m in clustered)
    verdict = check_target(store, member)
    with store.session() as session:
        scene = gather.scene_of(session, verdict)
        push = gather.named_push(session, scene)
        # Each example the card prints, in card order, with the pushes it is part of.
        named = []
        for line in verdict.evidence:
            for example in line.examples if line.kind in CHANNELS else []:
                if line.kind == "co_link":
                    named.append((example, [p for p in scene.pushes if p.key == example]))
                    continue
                post = queries.post_by_id(session, *example.split(":", 1))
                assert post is not None, example  # every example is a post in the store
                named.append((example, [p for p in scene.pushes if post.id in p.posts]))
    assert push is not None
    # The first example that is in a burst picks the push drawn: the largest holding it.
    example, holding = next((e, pushes) for e, pushes in named if pushes)
    assert push in holding and len(push.accounts) == max(len(p.accounts) for p in holding), (
        member,
        example,
    )

    (picture,) = render_pictures(store, verdict, names=("push",))

    assert f"{len(push.accounts)} accounts posted it within {push.seconds:,} seconds" in (
        picture.alt_text
    )


def test_pictures_of_an_unswept_store_say_so(tmp_path: Path) -> None:
    records, _ = generate(1000, 3)
    path = tmp_path / "posts.jsonl"
    write_records(records, path)
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    ingest_file(store, path)
    with store.session() as session:
        handle = session.scalars(select(Account).order_by(col(Account.id))).first()
        assert handle is not None
        target = f"{handle.platform}:@{handle.handle}"

    graph, _hours, push = render_pictures(store, check_target(store, target))
    store.dispose()

    assert "not swept yet" in graph.alt_text and "not swept yet" in push.alt_text


def test_a_links_sharers_are_ringed_as_sharers_and_nobody_is_starred(
    every_style: tuple[Store, dict[str, str]],
) -> None:
    store, styles = every_style
    ring = [m for m, s in sorted(styles.items()) if s == "link_ring"]
    with store.session() as session:
        ids = [a.id for m in ring for a in queries.accounts_by_label(session, m)]
        url = queries.most_shared_urls(session, ids, limit=1)[0][0]
    verdict = check_target(store, url)
    assert verdict.kind == "article" and len(verdict.accounts) > 1

    with store.session() as session:
        scene = gather.scene_of(session, verdict)
    graph, _hours, push = render_pictures(store, verdict)

    assert scene.checked == set() and scene.named  # the card names sharers; nobody checked one
    assert "shared the link:" in graph.alt_text and "checked" not in graph.alt_text
    assert "posted it first" not in push.alt_text and "after the first" not in push.alt_text


def test_card_and_heatmap_give_one_count_of_active_hours(
    every_style: tuple[Store, dict[str, str]],
) -> None:
    store, _ = every_style
    said = too_few = 0
    for members in _clusters(store).values():
        verdict = check_target(store, members[0])
        with store.session() as session:
            hours = gather.hours_data(session, gather.scene_of(session, verdict), ["UTC"])
        card = " ".join(line.text for line in verdict.evidence)
        assert "active in 0 of 24 hours" not in card
        if hours.active_hours is None:
            assert len(hours.timestamps) < 48 and "active in" not in card
            too_few += 1
        elif "active in " in card:
            count = card.split("active in ", 1)[1].split(" of 24 hours", 1)[0]
            assert int(count) == hours.active_hours
            said += 1
    assert said and too_few  # clusters with enough posts to say it, and clusters without


def test_the_heatmap_quotes_the_cards_timing_figures_beside_its_own(
    every_style: tuple[Store, dict[str, str]],
) -> None:
    store, _ = every_style
    quoted = 0
    for members in _clusters(store).values():
        verdict = check_target(store, members[0])
        timing = next(
            (e for e in verdict.evidence if e.kind == "timing" and "shift_share" in e.counts), None
        )
        if timing is None:
            continue
        (hours,) = render_pictures(store, verdict, names=("hours",))
        card_figures = (
            f"{round(100 * timing.counts['shift_share'])}% against "
            f"{round(100 * timing.counts['baseline'])}% for all accounts"
        )
        # The card's own figures, named as its measure, never the heatmap's under its name.
        assert timing.text.startswith(f"{round(100 * timing.counts['shift_share'])}% of the ")
        assert f"against {round(100 * timing.counts['baseline'])}% for all accounts" in timing.text
        assert "the card's timing line counts half hours" in hours.alt_text
        assert card_figures in hours.alt_text, (timing.text, hours.alt_text)
        quoted += 1
    assert quoted  # operations in office hours are among the clusters
