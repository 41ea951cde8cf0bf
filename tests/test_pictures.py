"""Evidence pictures: the cluster graph, the posting-hours heatmap and the push timeline.

Pictures are drawn for generated data with known truth (bench/generate.py's
sample, and bench/pictures.py's 320-account operation, larger than the 300
nodes a graph draws) and for the cases with little to draw: one account
outside any cluster, an article link outside any cluster, a target not in
the store. Every picture must be a valid PNG of WIDTH x HEIGHT pixels with
alt text stating its key figures, and a picture that fails is left out.
"""

from __future__ import annotations

import logging
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import record, write_jsonl
from generate import generate, write_records  # bench/, on sys.path through conftest.py
from pictures import network_records  # bench/pictures.py
from sqlmodel import col, select

import services.pictures.gather as service
from detection.ties import (
    Tie,
    biggest_push,
    co_action_degrees,
    densest,
    pushes_of,
    shared_by,
    ties,
)
from detection.verdict import Level, Verdict
from services.checks import check_target
from services.flags import record_flag
from services.pictures import PICTURE_NAMES, PictureDrawer, render_pictures, write_pictures
from services.pictures.canvas import (
    HEIGHT,
    LINE_WIDTH,
    MAX_ALT,
    SUBTITLE_SIZE,
    TITLE_SIZE,
    WIDTH,
    drawable,
    keeping_figures,
    subtitle_lines,
    text_width,
    title_line,
)
from services.pictures.graph import MAX_NODES, GraphData, GraphNode, graph_picture
from services.pictures.hours import HoursData, baseline_words, hour_grid, hours_picture, shift_share
from services.pictures.push import PushData, PushPost, push_picture
from services.sweeps import run_sweep
from storage import pictures as data
from storage import sweepdata
from storage.db import Store, open_store
from storage.ingest import ingest_file
from storage.models import Account, AccountScore, Cluster
from storage.sweepstate import StoredKey

ROOT = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: 2023-06-05 is a Monday; 02:00 UTC is 10:00 in Shanghai, inside the morning shift.
MONDAY_10_SHANGHAI = 1685930400


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk, after checking the signature."""
    assert png[:8] == PNG_SIGNATURE, "not a PNG"
    assert png[12:16] == b"IHDR", "no IHDR chunk first"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def assert_valid_pictures(pictures: list, names: tuple[str, ...] = PICTURE_NAMES) -> None:
    assert [p.name for p in pictures] == list(names)
    for picture in pictures:
        assert png_size(picture.png) == (WIDTH, HEIGHT), picture.name
        assert picture.filename.endswith(f"{picture.name}.png")
        assert picture.title and picture.alt_text and len(picture.alt_text) <= MAX_ALT


def _swept_store(folder: Path, records_path: Path) -> Store:
    store = open_store(f"sqlite:///{folder / 'store.db'}")
    ingest_file(store, records_path)
    run_sweep(store, force=True)
    return store


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """bench/generate.py's data (4,000 posts, operations and decoys), ingested and swept."""
    folder = tmp_path_factory.mktemp("pictures-generated")
    records, _truth = generate(4000, seed=7)
    path = folder / "posts.jsonl"
    write_records(records, path)
    store = _swept_store(folder, path)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def large_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[str]]]:
    """One 320-account operation (more than a graph draws) and ordinary accounts, swept."""
    folder = tmp_path_factory.mktemp("pictures-large")
    records, handles = network_records(members=320, pushes=10, ordinary=150, posts_per_ordinary=8)
    path = write_jsonl(folder / "posts.jsonl", records)
    store = _swept_store(folder, path)
    yield store, handles
    store.dispose()


def _largest_cluster_member(store: Store) -> str:
    with store.session() as session:
        cluster = session.scalars(select(Cluster).order_by(col(Cluster.size).desc())).first()
        assert cluster is not None
        account = session.scalars(
            select(Account)
            .join(AccountScore, col(AccountScore.account_id) == col(Account.id))
            .where(col(AccountScore.cluster_id) == cluster.id)
            .order_by(col(Account.id))
        ).first()
        assert account is not None
        return f"{account.platform}:@{account.handle}"


def _unclustered_account(store: Store) -> str:
    """An account with posts and no cluster in the last sweep."""
    with store.session() as session:
        clustered = select(col(AccountScore.account_id)).where(
            col(AccountScore.cluster_id).is_not(None)
        )
        account = session.scalars(
            select(Account)
            .where(col(Account.id).not_in(clustered), col(Account.post_count) >= 5)
            .order_by(col(Account.id))
        ).first()
        assert account is not None
        return f"{account.platform}:@{account.handle}"


# ---------------------------------------------------------------------------
# The three pictures of generated clusters
# ---------------------------------------------------------------------------


def test_a_generated_cluster_gets_three_pngs_of_the_fixed_size_with_key_figures(
    generated_store: Store,
) -> None:
    verdict = check_target(generated_store, _largest_cluster_member(generated_store))
    assert verdict.level is Level.LIKELY and verdict.cluster is not None

    pictures = render_pictures(generated_store, verdict)

    assert_valid_pictures(pictures)
    graph, hours, push = pictures
    c = verdict.cluster
    assert graph.alt_text.startswith(f"Cluster #{c.id}: {c.size} accounts on ")
    assert "co-action ties" in graph.alt_text and "checked" in graph.alt_text
    assert f"cluster #{c.id} ({c.size} accounts" in hours.alt_text
    assert "% of posts in office shifts 09–12/14–18 Asia/Shanghai Mon–Fri" in hours.alt_text
    assert "Push timeline of the " in push.alt_text and "accounts posted it within" in push.alt_text


def test_the_office_shift_share_of_an_operation_stands_out_against_the_baseline(
    generated_store: Store,
) -> None:
    verdict = check_target(generated_store, _largest_cluster_member(generated_store))

    (hours,) = render_pictures(generated_store, verdict, names=("hours",))

    shares = [int(w.rstrip("%")) for w in hours.alt_text.split() if w.endswith("%")]
    operation, everybody = shares[:2]
    assert operation >= 60 and operation > 2 * everybody, hours.alt_text


def test_a_cluster_larger_than_the_graph_draws_its_densest_core_and_counts_the_rest(
    large_store: tuple[Store, list[str]],
) -> None:
    store, handles = large_store
    member = f"x:@{handles[1]}"  # every fifth account is on facebook; this one is on x
    verdict = check_target(store, member)
    assert verdict.cluster is not None and verdict.cluster.size > MAX_NODES

    pictures = render_pictures(store, verdict)

    assert_valid_pictures(pictures)
    graph = pictures[0]
    assert f"Cluster #{verdict.cluster.id}: {verdict.cluster.size} accounts" in graph.alt_text
    assert f"the densest {MAX_NODES} shown" in graph.alt_text
    assert f"checked {member}" in graph.alt_text  # kept in the core, highlighted


def test_the_same_cluster_is_drawn_the_same_way_every_time(generated_store: Store) -> None:
    verdict = check_target(generated_store, _largest_cluster_member(generated_store))

    first = render_pictures(generated_store, verdict, names=("graph",))
    second = render_pictures(generated_store, verdict, names=("graph",))

    assert first[0].png == second[0].png


def test_flagged_accounts_are_marked_on_the_graph(tmp_path: Path, generated_store: Store) -> None:
    member = _largest_cluster_member(generated_store)
    verdict = check_target(generated_store, member)
    assert verdict.cluster is not None
    neighbour = next(m for m in verdict.cluster.sample_members if m != member)
    record_flag(generated_store, neighbour, "coordinated", "UREVIEWER", "same texts")

    (graph,) = render_pictures(generated_store, verdict, names=("graph",))

    assert "1 account flagged coordinated" in graph.alt_text


# ---------------------------------------------------------------------------
# Little or nothing to draw
# ---------------------------------------------------------------------------


def test_an_account_outside_any_cluster_still_gets_three_valid_pictures(
    generated_store: Store,
) -> None:
    target = _unclustered_account(generated_store)
    verdict = check_target(generated_store, target)
    assert verdict.cluster is None

    pictures = render_pictures(generated_store, verdict)

    assert_valid_pictures(pictures)
    graph, hours, push = pictures
    assert graph.alt_text.startswith(target)  # the account (and any co-actors), no cluster
    assert f"Posting hours of {target} (1 account" in hours.alt_text
    assert push.alt_text.startswith("Push timeline")


def test_a_single_account_with_one_post_draws_empty_states(
    tmp_path: Path, sqlite_store: Store
) -> None:
    ingest_file(sqlite_store, write_jsonl(tmp_path / "one.jsonl", [record("1", "loner")]))
    run_sweep(sqlite_store)
    verdict = check_target(sqlite_store, "@loner")

    pictures = render_pictures(sqlite_store, verdict)

    assert_valid_pictures(pictures)
    graph, hours, push = pictures
    assert "x:@loner: 1 account on x (1), 0 co-action ties" in graph.alt_text
    assert "no co-action ties: no burst shared with another account" in graph.alt_text
    assert "(1 account, 1 post)" in hours.alt_text
    assert "no push" in push.alt_text


def test_an_article_link_outside_any_cluster_pictures_its_sharers(tmp_path: Path) -> None:
    url = "https://news.example.com/a-story"
    records = [
        record(str(i), f"reader{i}", posted_at=f"2023-06-05T0{i}:00:00Z", urls=[url])
        for i in range(1, 6)
    ]
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", records))
    run_sweep(store)
    verdict = check_target(store, url)
    assert verdict.kind == "article" and verdict.cluster is None

    pictures = render_pictures(store, verdict)
    store.dispose()

    assert_valid_pictures(pictures)
    graph, hours, push = pictures
    assert graph.alt_text.startswith(f"the sharers of {url}: 5 accounts")
    assert "(5 accounts, 5 posts)" in hours.alt_text
    assert "no push of the link" in push.alt_text  # an hour apart: shared, not pushed
    assert "checked" not in graph.alt_text  # nobody was checked: the link was


def test_a_target_not_in_the_store_has_no_pictures(generated_store: Store) -> None:
    verdict = check_target(generated_store, "@nobody_at_all")
    assert verdict.level is Level.NOT_IN_STORE

    assert render_pictures(generated_store, verdict) == []


def test_render_functions_draw_empty_data_as_valid_pictures() -> None:
    pictures = [
        graph_picture(GraphData(subject="Cluster #9", nodes=[], edges=[], accounts=0)),
        hours_picture(
            HoursData("cluster #9", 0, [], [], ["Asia/Shanghai", "UTC"], "Asia/Shanghai")
        ),
        push_picture(PushData(what="the link x", posts=[], start=0, end=0, accounts=0)),
    ]

    assert_valid_pictures(pictures)
    assert "no posts in the store" in pictures[1].alt_text


def test_handles_with_dollar_signs_and_non_latin_text_draw_as_written() -> None:
    nodes = [
        GraphNode(1, "x:@$money$", "x", 5, checked=True),
        GraphNode(2, "weibo:@中文用户", "weibo", 3, flag="watch"),
    ]
    posts = [
        PushPost("x:@$money$", "x", 1000, member=True, checked=True),
        PushPost("weibo:@中文用户", "weibo", 1010, member=True, flag="watch"),
    ]

    graph = graph_picture(
        GraphData("Cluster #1", nodes, [Tie(1, 2, {"copy_paste": 3})], accounts=2)
    )
    push = push_picture(PushData("the text “真相 $5”", posts, 1000, 1010, 2, cluster_id=1))

    assert png_size(graph.png) == png_size(push.png) == (WIDTH, HEIGHT)
    assert "x:@$money$ and weibo:@中文用户, 3 co-actions" in graph.alt_text
    assert "1 account on watch" in graph.alt_text


# ---------------------------------------------------------------------------
# A picture that fails never takes the others down
# ---------------------------------------------------------------------------


def test_a_picture_that_fails_to_draw_is_left_out_and_logged_with_an_error_id(
    generated_store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    verdict = check_target(generated_store, _largest_cluster_member(generated_store))

    def broken(*args: object) -> None:
        raise RuntimeError("the font cache is gone")

    monkeypatch.setattr(service, "hours_picture", broken)
    with caplog.at_level(logging.ERROR, logger="services.pictures.gather"):
        pictures = render_pictures(generated_store, verdict)

    assert [p.name for p in pictures] == ["graph", "push"]
    assert "could not draw the hours picture" in caplog.text and "error id" in caplog.text


def test_a_store_that_fails_gives_no_pictures_instead_of_an_error(
    generated_store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    verdict = check_target(generated_store, _largest_cluster_member(generated_store))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(sweepdata, "load_account_posts", broken)
    with caplog.at_level(logging.ERROR, logger="services.pictures.gather"):
        assert render_pictures(generated_store, verdict) == []
    assert "error id" in caplog.text


def test_drawing_in_worker_processes_gives_the_same_pictures(generated_store: Store) -> None:
    verdict = check_target(generated_store, _largest_cluster_member(generated_store))
    drawer = PictureDrawer(processes=2)
    try:
        in_processes = render_pictures(generated_store, verdict, drawer=drawer)
        broken = drawer.draw(
            {"hours": (hours_picture, (HoursData("x", 0, [1], [], ["Nowhere/Zone"]), "h.png"))}
        )
    finally:
        drawer.close()
    in_thread = render_pictures(generated_store, verdict)

    assert [p.png for p in in_processes] == [p.png for p in in_thread]
    assert isinstance(broken["hours"], Exception)  # raised in the worker, handed back


def test_an_unknown_time_zone_is_left_out_of_the_heatmap(generated_store: Store) -> None:
    verdict = check_target(generated_store, _largest_cluster_member(generated_store))

    (hours,) = render_pictures(
        generated_store,
        verdict,
        timezone="Mars/Olympus",
        operator_zone="Asia/Shanghai",
        names=("hours",),
    )

    assert png_size(hours.png) == (WIDTH, HEIGHT) and "Asia/Shanghai" in hours.alt_text


# ---------------------------------------------------------------------------
# The pieces: hour grids, ties, the store's reads
# ---------------------------------------------------------------------------


def test_hour_grid_bins_posts_by_weekday_and_hour_in_the_zone() -> None:
    stamps = [MONDAY_10_SHANGHAI, MONDAY_10_SHANGHAI + 60, MONDAY_10_SHANGHAI + 5 * 86400]

    shanghai = hour_grid(stamps, "Asia/Shanghai")
    utc = hour_grid(stamps, "UTC")

    assert shanghai[0][10] == 2 and shanghai[5][10] == 1  # Monday and Saturday, 10:00
    assert utc[0][2] == 2
    assert shift_share(shanghai) == pytest.approx(2 / 3)  # Saturday is no working day
    assert shift_share(utc) == 0.0


def _key(channel: str, key: str, *bursts: tuple[int, list[int]]) -> StoredKey:
    """A stored key with bursts given as (start, accounts); each account posts once, post id = account."""
    return StoredKey(
        channel,
        key,
        key_posts=10,
        key_burst_share=0.5,
        bursts=[(start, start + 60, list(accounts), list(accounts)) for start, accounts in bursts],
        owners={},
    )


def test_pushes_are_the_stored_bursts_oldest_first_and_shared_by_counts_members() -> None:
    keys = [
        _key("hashtag", "set a b", (500, [1, 2, 9])),
        _key("copy_paste", "g1", (100, [1, 2]), (900, [3, 9])),
    ]

    pushes = pushes_of(keys)

    assert [(p.channel, p.start, p.accounts) for p in pushes] == [
        ("copy_paste", 100, (1, 2)),
        ("hashtag", 500, (1, 2, 9)),
        ("copy_paste", 900, (3, 9)),
    ]
    assert [p.start for p in shared_by(pushes, group=[1, 2, 3])] == [
        100,
        500,
    ]  # 3 is alone in its push
    assert [p.start for p in shared_by(pushes, group=[3], at_least=1)] == [900]
    assert pushes[0].seconds == 60 and pushes[1].name == "hashtag|set a b"


def test_ties_count_shared_pushes_per_channel_and_degrees_sum_them() -> None:
    pushes = pushes_of(
        [
            _key("copy_paste", "g1", (0, [1, 2, 3]), (9000, [1, 2])),
            _key("co_link", "https://a.example/", (5000, [1, 2, 3])),
            _key("hashtag", "#x", (7000, [2, 3, 4])),  # 4 is not pictured
        ]
    )

    found = ties(pushes, among=[1, 2, 3])
    degrees = co_action_degrees(pushes, among=[1, 2, 3])

    assert [(t.a, t.b, t.counts) for t in found] == [
        (1, 2, {"co_link": 1, "copy_paste": 2}),
        (1, 3, {"co_link": 1, "copy_paste": 1}),
        (2, 3, {"co_link": 1, "copy_paste": 1, "hashtag": 1}),
    ]
    for account in (1, 2, 3):
        assert degrees[account] == sum(t.weight for t in found if account in (t.a, t.b))
    assert densest([1, 2, 3], degrees, limit=1) == [2]
    assert densest([1, 2, 3], degrees, limit=2, keep=[1]) == [2, 1]
    biggest = biggest_push(pushes, involving=[4])
    assert biggest is not None and biggest.channel == "hashtag"


def test_the_stores_reads_for_pictures(tmp_path: Path, store: Store) -> None:
    records = [
        record("1", "alice", posted_at="2023-06-05T02:00:00Z", urls=["https://a.example/x"]),
        record("2", "bob", posted_at="2023-06-05T02:00:30Z", urls=["https://a.example/x"]),
        record("3", "bob", posted_at="2023-06-05T03:00:00Z", repost_of_post_id="1"),
    ]
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", records))
    record_flag(store, "@alice", "watch", "UREVIEWER")
    with store.session() as session:
        ids = {a.handle: a.id for a in session.scalars(select(Account))}
        accounts = data.pictured_accounts(session, ids.values())
        posts = sweepdata.load_account_posts(session.connection(), ids.values(), limit=2)
        sharers = data.sharers_of(session, "https://a.example/x")
        baseline = data.sample_post_times(session, size=2)
        times = data.post_times(session, posts.posts.pk)
        text = data.post_text(session, posts.posts.pk[0])

    assert {a.label: a.flag for a in accounts.values()} == {"x:@alice": "watch", "x:@bob": None}
    # The newest two posts, oldest first, keyed as a sweep keys them.
    assert list(posts.posts.ts) == [1685930430, 1685934000]
    assert posts.posts.repost_of == [None, "x:1"]
    assert posts.urls == [(0, "https://a.example/x")]
    assert sharers == [(ids["alice"], 1685930400), (ids["bob"], 1685930430)]
    assert baseline.store_posts == 3 and set(baseline.times) <= {1685930400, 1685930430, 1685934000}
    assert times == [(ids["bob"], 1685930430), (ids["bob"], 1685934000)]
    assert text == "an ordinary post number 2 about the weather"


# ---------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------


def _cibwatch(
    *args: str, cwd: Path, database_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env["CIBWATCH_FETCH_LINKS"] = "0"
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_with_pictures_writes_the_three_pngs_and_says_where(
    tmp_path: Path, generated_store: Store
) -> None:
    member = _largest_cluster_member(generated_store)
    url = str(generated_store.engine.url)

    result = _cibwatch(
        "check", member, "--pictures", str(tmp_path / "out"), cwd=tmp_path, database_url=url
    )

    assert result.returncode == 0, result.stderr
    written = sorted((tmp_path / "out").glob("*.png"))
    assert [p.name.rsplit("-", 1)[-1] for p in written] == ["graph.png", "hours.png", "push.png"]
    assert all(png_size(p.read_bytes()) == (WIDTH, HEIGHT) for p in written)
    assert f"wrote 3 pictures to {tmp_path / 'out'}" in result.stdout
    assert "Cluster #" in result.stdout  # each file with its alt text


def test_check_json_with_pictures_keeps_stdout_json(tmp_path: Path, generated_store: Store) -> None:
    import json

    url = str(generated_store.engine.url)
    result = _cibwatch(
        "check",
        "@nobody_at_all",
        "--json",
        "--pictures",
        str(tmp_path),
        cwd=tmp_path,
        database_url=url,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["level"] == "Not in store"
    assert "nothing to draw" in result.stderr and not list(tmp_path.glob("*.png"))


def test_demo_writes_the_member_pictures_and_says_where(tmp_path: Path) -> None:
    result = _cibwatch("demo", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    folder = tmp_path / "cibwatch-demo-pictures"
    written = sorted(folder.glob("*.png"))
    assert len(written) == 3 and all(png_size(p.read_bytes()) == (WIDTH, HEIGHT) for p in written)
    assert str(folder) in result.stdout.replace("\n", "")
    # The README shows these pictures, made by `cibwatch demo --pictures docs/pictures`:
    # a demo that now pictures another member or cluster means they are out of date.
    shown = re.findall(r"\(docs/pictures/([^)]+\.png)\)", (ROOT / "README.md").read_text())
    assert sorted(shown) == [p.name for p in written]
    assert all((ROOT / "docs" / "pictures" / name).is_file() for name in shown)


def test_write_pictures_creates_the_folder(tmp_path: Path) -> None:
    picture = graph_picture(GraphData("Cluster #1", [GraphNode(1, "x:@a", "x", 1)], [], 1), "g.png")

    (path,) = write_pictures([picture], tmp_path / "new" / "folder")

    assert path == tmp_path / "new" / "folder" / "g.png" and path.read_bytes() == picture.png


def test_not_in_store_verdicts_are_skipped_before_any_read(generated_store: Store) -> None:
    verdict = Verdict(target="@ghost", kind="account", level=Level.NOT_IN_STORE, score=0.0)
    assert render_pictures(generated_store, verdict) == []


# ---------------------------------------------------------------------------
# Readable at full size and as a thumbnail
# ---------------------------------------------------------------------------


def test_long_titles_and_subtitles_are_cut_to_fit_the_picture() -> None:
    link = "https://news.example.com/" + "a-very-long-path-segment/" * 30
    title = title_line(f"Push of the link {link}")
    subtitle = subtitle_lines("one more word " * 200)

    assert title.endswith("…") and text_width(title, TITLE_SIZE, bold=True) <= LINE_WIDTH
    assert title_line("Cluster #1: 3 accounts") == "Cluster #1: 3 accounts"
    lines = subtitle.split("\n")
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text_width(line, SUBTITLE_SIZE) <= LINE_WIDTH for line in lines)
    push = push_picture(
        PushData(
            f"the link {link}",
            [PushPost("x:@a", "x", 1000, member=True), PushPost("x:@b", "x", 1010, member=True)],
            1000,
            1010,
            2,
        )
    )
    assert png_size(push.png) == (WIDTH, HEIGHT)


def test_a_text_the_font_cannot_draw_is_named_not_drawn_as_boxes() -> None:
    posts = [PushPost("x:@a", "x", 1000, member=True), PushPost("x:@b", "x", 1010, member=True)]

    push = push_picture(PushData("the text “全世界都在看着”", posts, 1000, 1010, 2))

    assert (
        push.title == "Push of a text the font cannot show (the alt text quotes it)"
    )
    assert "全世界都在看着" in push.alt_text


def test_a_latin_text_with_an_emoji_keeps_its_words_in_the_title() -> None:
    posts = [PushPost("x:@a", "x", 1000, member=True), PushPost("x:@b", "x", 1010, member=True)]
    text = "Why the US hide the truth about Fort Detrick lab? Wake up!🌍 【4】 #USGunViolence"

    push = push_picture(PushData(f"the text “{text}”", posts, 1000, 1010, 2))

    assert push.title == (
        "Push of the text “Why the US hide the truth about Fort Detrick lab? Wake up! 4 "
        "#USGunViolence”"
    )
    assert drawable(push.title) and text in push.alt_text


def test_the_heatmap_says_whether_it_shows_every_post_or_a_sample() -> None:
    assert baseline_words(6000, 6000) == "all 6,000 posts in the store"
    assert baseline_words(5000, 1_000_000) == "a sample of 5,000 of the store's 1,000,000 posts"

    hours = hours_picture(
        HoursData(
            "cluster #1",
            2,
            [MONDAY_10_SHANGHAI] * 50,
            [MONDAY_10_SHANGHAI] * 3,
            ["UTC"],
            store_posts=3,
            active_hours=1,
        )
    )
    few = hours_picture(HoursData("cluster #2", 2, [MONDAY_10_SHANGHAI] * 5, [], ["UTC"]))

    assert "active in 1 of 24 hours" in hours.alt_text
    assert "active in" not in few.alt_text  # under 48 posts there is nothing to say


def _overlaps(a: object, b: object) -> bool:
    """True when two display-space boxes (matplotlib Bbox) share some area."""
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1  # type: ignore[attr-defined]


def test_every_heatmap_panel_shares_one_colour_scale() -> None:
    # A cluster working one hour beside a store spread over the week: 0–100% beside 0–1%.
    spread = [MONDAY_10_SHANGHAI + hour * 3600 for hour in range(7 * 24)] * 3
    with keeping_figures() as figures:
        hours_picture(
            HoursData(
                "cluster #1", 3, [MONDAY_10_SHANGHAI] * 60, spread, ["Asia/Shanghai", "UTC"]
            )
        )

    (figure,) = figures
    images = [image for axes in figure.axes for image in axes.get_images()]
    assert len(images) == 4  # cluster and everybody, in two zones
    scales = {(image.norm.vmin, image.norm.vmax) for image in images}
    assert len(scales) == 1 and scales.pop()[1] >= 100  # the cluster's 100% fits the one scale


def test_the_graph_legend_is_clear_of_every_node_and_label() -> None:
    nodes = [
        GraphNode(i, f"x:@a_rather_long_handle_{i:03d}", "x", 5 + i, checked=i == 0)
        for i in range(30)
    ]
    ties = [Tie(i, j, {"copy_paste": 1 + (i + j) % 4}) for i in range(30) for j in range(i + 1, 30)]
    with keeping_figures() as figures:
        graph_picture(GraphData("Cluster #1", nodes, ties, accounts=30))

    (figure,) = figures
    renderer = figure.canvas.get_renderer()
    (legend,) = figure.legends
    box = legend.get_window_extent(renderer)
    (axes,) = figure.axes
    labels = [text for text in axes.texts if text.get_text().startswith("@a_rather_long")]
    assert len(labels) == 30  # under 40 nodes every node is labelled
    for artist in [*labels, *axes.collections]:  # the labels, the nodes and the ties
        assert not _overlaps(box, artist.get_window_extent(renderer)), artist


def test_the_push_timeline_counts_accounts_in_whole_numbers_and_names_each_mark() -> None:
    posts = [PushPost(f"x:@m{i}", "x", 1000 + 7 * i, member=True) for i in range(3)]
    posts.append(PushPost("x:@outsider", "x", 1030, member=False))
    with keeping_figures() as figures:
        push_picture(PushData("the link https://news.example/a", posts, 1000, 1030, 4))

    (figure,) = figures
    so_far = next(a for a in figure.axes if a.get_ylabel() == "accounts so far")
    ticks = [t for t in so_far.get_yticks() if so_far.get_ylim()[0] <= t <= so_far.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)
    (legend,) = figure.legends
    names = [text.get_text() for text in legend.get_texts()]
    # Members, outsiders, the shaded band and the step line: each mark drawn has its entry.
    assert names == ["member on x", "account", "the push (30 s)", "accounts so far"], names
