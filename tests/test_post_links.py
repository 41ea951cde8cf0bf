"""Post links check back to the posts in the store, whatever id convention the data uses.

Collections write a post's id the way their source does (Reddit fullnames,
Facebook's PAGE_POST, Telegram's CHAT/MESSAGE); analysts paste the links the
platforms show. Every example id a card prints, turned into its platform's
link, must check back to the same post.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import record, write_jsonl
from generate import generate, write_records
from sqlmodel import col, select

from detection.verdict import Level
from services.checks import check_target
from services.sweeps import run_sweep
from storage import queries
from storage.db import Store, open_store
from storage.ingest import ingest_file
from storage.links import parse_target
from storage.models import Account, AccountScore


@pytest.mark.parametrize(
    ("stored", "link"),
    [
        (
            record("newsroom/10322", "newsroom", platform="telegram"),
            "https://t.me/newsroom/10322",
        ),
        (
            record("NewsRoom/77", "NewsRoom", platform="telegram"),
            "https://t.me/newsroom/77",  # channel names are case-blind
        ),
        (
            record(
                "1234567890/55", "channel1234567890", platform="telegram", author_id="1234567890"
            ),
            "https://t.me/c/1234567890/55",
        ),
        (
            record("t3_0ot27f7", "redditor", platform="reddit"),
            "https://www.reddit.com/r/worldnews/comments/0ot27f7/some_title/",
        ),
        (
            record("0ot27f8", "redditor", platform="reddit"),  # a bare id, as PRAW keeps it
            "https://redd.it/0ot27f8",
        ),
        (
            record(
                "100064000000001_555", "citypage", platform="facebook", author_id="100064000000001"
            ),
            "https://www.facebook.com/100064000000001/posts/555",
        ),
        (
            record(
                "100064000000001_556", "citypage", platform="facebook", author_id="100064000000001"
            ),
            "https://www.facebook.com/citypage/posts/556",  # the page by name
        ),
        (
            record(
                "100064000000001_557", "citypage", platform="facebook", author_id="100064000000001"
            ),
            "https://www.facebook.com/permalink.php?story_fbid=557&id=100064000000001",
        ),
    ],
)
def test_post_links_check_back_to_posts_stored_under_export_ids(
    tmp_path: Path, store: Store, stored: dict, link: str
) -> None:
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", [stored]))

    verdict = check_target(store, link)

    assert verdict.level is not Level.NOT_IN_STORE, verdict.note
    assert verdict.kind == "post" and "This post is not in the store" not in verdict.note
    assert verdict.accounts == [f"{stored['platform']}:@{stored['author_handle']}"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """bench/generate.py's data on every platform, ingested and swept."""
    folder = tmp_path_factory.mktemp("post-links")
    records, _ = generate(4000, seed=11)
    path = folder / "posts.jsonl"
    write_records(records, path)
    store = open_store(f"sqlite:///{folder / 'store.db'}")
    ingest_file(store, path)
    run_sweep(store, force=True)
    yield store
    store.dispose()


def test_every_example_a_card_prints_links_back_to_the_same_post(generated: Store) -> None:
    with generated.session() as session:
        scored = [
            f"{a.platform}:@{a.handle}"
            for a in session.scalars(
                select(Account).join(AccountScore, col(AccountScore.account_id) == col(Account.id))
            )
        ]
    examples = {
        example
        for label in scored
        for line in check_target(generated, label).evidence
        for example in line.examples
        if "://" not in example  # links (co-link lines) are not posts
    }
    platforms: Counter[str] = Counter()
    for example in sorted(examples):
        platform, _, post_id = example.partition(":")
        with generated.session() as session:
            post = queries.post_by_id(session, platform, post_id)
            assert post is not None, example
            link = queries.post_link(session, post)
            assert link is not None, example
            back = queries.post_by_target(session, parse_target(link))
            author = queries.account_by_id(session, post.account_id)
            assert author is not None
        assert back is not None and back.id == post.id, (example, link)
        verdict = check_target(generated, link)
        assert verdict.kind == "post" and verdict.level is not Level.NOT_IN_STORE, (example, link)
        assert verdict.accounts == [f"{author.platform}:@{author.handle}"]
        platforms[platform] += 1

    # The platforms whose ids differ from what their links show are all among them.
    assert set(platforms) >= {"x", "facebook", "reddit", "telegram", "instagram"}, platforms


#: One store holding posts of every platform in storage.links.PLATFORMS, ids as
#: bench/generate.py and the platforms' exports write them, with the threads
#: comments need to be linked (a YouTube reply's video, a Reddit comment's submission).
EVERY_PLATFORM = [
    record("1666645560628609458", "tinykoala", platform="x"),
    record("100061978257281_100000000107373", "citypage", platform="facebook"),
    record("CtWq3J0oKeA", "lensdiary", platform="instagram"),
    record("7241234567890123456", "dancefloor", platform="tiktok"),
    record("dQw4w9WgXcQ", "videomaker", platform="youtube"),
    record(
        "UgxAbCdEfGhIjK123456789AaABAg",
        "commenter",
        platform="youtube",
        reply_to_post_id="dQw4w9WgXcQ",
    ),
    record(
        "UgzZyXwVuTsRq987654321AaABAg",
        "replier",
        platform="youtube",
        reply_to_post_id="UgxAbCdEfGhIjK123456789AaABAg",
    ),
    record(
        "UgyNoVideoStored11111111AaABAg",
        "elsewhere",
        platform="youtube",
        reply_to_post_id="aBcDeFgHiJk",
    ),  # its video is not in the store
    record("t3_0ot27f7", "redditor", platform="reddit"),
    record("t1_k2x9abc", "commentator", platform="reddit", reply_to_post_id="t3_0ot27f7"),
    record("9e3779b91234", "essayist", platform="medium"),
    record("800000000000012345", "pinner", platform="pinterest"),
    record("newsroom/10322", "newsroom", platform="telegram"),
    record("-1001234567890/55", "channel1234567890", platform="telegram"),
]


def test_every_platform_links_each_stored_post_back_to_itself(tmp_path: Path, store: Store) -> None:
    from storage.links import PLATFORMS

    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", EVERY_PLATFORM))
    covered = set()
    for stored in EVERY_PLATFORM:
        with store.session() as session:
            post = queries.post_by_id(session, stored["platform"], stored["post_id"])
            assert post is not None, stored["post_id"]
            link = queries.post_link(session, post)
            assert link is not None, stored["post_id"]
            back = queries.post_by_target(session, parse_target(link))
        assert back is not None and back.id == post.id, (stored["post_id"], link)
        verdict = check_target(store, link)
        assert verdict.kind == "post" and verdict.level is not Level.NOT_IN_STORE, link
        assert verdict.accounts == [f"{stored['platform']}:@{stored['author_handle']}"], link
        covered.add(stored["platform"])

    assert covered == set(PLATFORMS)  # a platform added to storage/links.py needs its case here
