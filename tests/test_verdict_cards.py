"""What a card says reads right: before a sweep, in the singular, and in the store's own spelling.

Cards are built by handlers/cards.py and handlers/digest_cards.py from
verdicts a real store gives; the command line prints the same card, and
`check --json` the verdict it was built from.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import orjson
from factories import record, write_jsonl

from detection import strength
from detection.digest import Digest, DigestAccount, DigestCluster
from detection.evidence import cluster_evidence
from detection.features import ClusterFeatures
from detection.verdict import NOT_SWEPT, ClusterSummary, Evidence, Level, Verdict
from handlers.cards import (
    compact_card,
    evidence_blocks,
    evidence_modal,
    fallback_text,
    verdict_card,
)
from handlers.digest_cards import digest_blocks, digest_text
from services.checks import check_target
from services.sweeps import run_sweep
from storage.db import Store
from storage.ingest import ingest_file

#: The four level names of swept data: a contract of cards, `--json` and the sweep CSV.
LEVELS = {"Likely coordinated", "Suspicious", "No coordination signal", "Not in store"}


def _texts(blocks: list) -> str:
    """Every text of `blocks`, one per line."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str):
                found.append(value["text"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk([b.to_dict() for b in blocks])
    return "\n".join(found)


def _network(tmp_path: Path) -> Path:
    """Four accounts posting the same texts within a minute at five moments, and a bystander."""
    records = [
        record(
            f"{push}{member}",
            f"Member{member}",
            posted_at=f"2023-06-{5 + push:02d}T02:1{member}:00Z",
            text=f"the same words pushed again, number {push}",
        )
        for push in range(5)
        for member in range(4)
    ]
    records.append(record("99", "bystander", text="a walk in the park today"))
    return write_jsonl(tmp_path / "posts.jsonl", records)


# ---------------------------------------------------------------------------
# Before the first sweep
# ---------------------------------------------------------------------------


def test_before_the_first_sweep_the_card_says_not_swept_yet(tmp_path: Path, store: Store) -> None:
    ingest_file(store, _network(tmp_path))

    verdict = check_target(store, "@member0")

    assert verdict.swept is False and verdict.headline == NOT_SWEPT
    assert str(verdict.level) in LEVELS  # the contract's names stay as they are
    assert verdict.note.startswith("Not swept yet")
    card = _texts(verdict_card(verdict))
    assert card.splitlines()[0] == "Not swept yet"  # the header, with no score to mislead
    assert "No coordination signal" not in card and "0.00" not in card
    assert "5 posts in the store, not swept yet" in card
    assert fallback_text(verdict).startswith("Not swept yet")
    assert "*Not swept yet*" in _texts(compact_card([verdict, verdict]))

    run_sweep(store)
    swept = check_target(store, "@member0")

    assert swept.swept is True and swept.headline == str(swept.level)
    assert _texts(verdict_card(swept)).splitlines()[0] == f"{swept.level} · {swept.score:.2f}"


def test_an_account_loaded_after_the_last_sweep_is_not_swept_yet(
    tmp_path: Path, store: Store
) -> None:
    ingest_file(store, _network(tmp_path))
    run_sweep(store)
    time.sleep(1.1)  # ingest times are whole seconds: the newcomer must come after the sweep
    ingest_file(store, write_jsonl(tmp_path / "late.jsonl", [record("500", "latecomer")]))

    verdict = check_target(store, "@latecomer")

    assert verdict.swept is False and verdict.headline == NOT_SWEPT
    assert "arrived after the last sweep" in verdict.note


def test_check_json_says_swept_false_and_keeps_the_level_names(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env |= {"CIBWATCH_FETCH_LINKS": "0", "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}

    def cibwatch(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from bot.cli import main; main()", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert cibwatch("ingest", str(_network(tmp_path))).returncode == 0
    before = cibwatch("check", "@member0", "--json")
    text = cibwatch("check", "@member0")
    several = cibwatch("check", "@member0", "@member1")
    watched = cibwatch("flag", "@member2", "--label", "watch", "--by", "ana")
    assert cibwatch("sweep").returncode == 0
    after = cibwatch("check", "@member0", "--json")

    assert before.returncode == 0, before.stderr
    unswept = orjson.loads(before.stdout)
    assert unswept["swept"] is False and unswept["level"] in LEVELS
    assert unswept["note"].startswith("Not swept yet")
    assert "Not swept yet" in text.stdout and "No coordination signal" not in text.stdout
    assert several.stdout.splitlines()[1:] == ["@member0: Not swept yet", "@member1: Not swept yet"]
    assert watched.returncode == 0, watched.stderr
    assert watched.stdout.splitlines()[-1] == (
        "@member2: not swept yet, so it has no verdict (run cibwatch sweep)"
    )
    swept = orjson.loads(after.stdout)
    assert swept["swept"] is True and swept["level"] in LEVELS


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------


def test_one_of_a_thing_is_singular_on_cards() -> None:
    lines = [Evidence(kind="timing", text=f"line {i}") for i in range(9)]
    verdict = Verdict(
        target="x:@a",
        kind="account",
        level=Level.SUSPICIOUS,
        score=0.5,
        accounts=["x:@a"],
        cluster=ClusterSummary(1, 1, {"x": 1}, 0, 0, sample_members=["x:@a"]),
        evidence=lines,
    )

    card = _texts(verdict_card(verdict))

    assert "and 1 more evidence line (View evidence)" in card
    assert "Cluster #1:* 1 account (" in card and "`x:@a` and" not in card  # all members listed
    assert "and 1 more evidence line" not in _texts(evidence_blocks(lines, limit=9))


def test_a_cluster_card_says_how_many_members_it_does_not_list() -> None:
    members = [f"x:@m{i}" for i in range(8)]
    verdict = Verdict(
        target="x:@m0",
        kind="account",
        level=Level.LIKELY,
        score=0.9,
        accounts=["x:@m0"],
        cluster=ClusterSummary(1, 15, {"x": 15}, 0, 0, sample_members=members),
    )

    assert "`x:@m7` and 7 more" in _texts(verdict_card(verdict))
    assert "and 7 more" in _texts(evidence_modal(verdict).blocks)


def test_an_example_post_is_printed_once_per_line() -> None:
    line = Evidence(kind="hashtag", text="used 2 hashtag sets", examples=["x:1", "x:1", "x:2"])

    assert "e.g. x:1, x:2" in _texts(evidence_blocks([line]))


def test_the_card_keeps_the_stores_spelling_of_a_handle(tmp_path: Path, store: Store) -> None:
    ingest_file(store, _network(tmp_path))
    run_sweep(store)

    verdict = check_target(store, "@MEMBER1")

    assert verdict.target == "@Member1" and verdict.accounts == ["x:@Member1"]


def test_a_post_copied_by_one_other_account_says_so_in_the_singular(
    tmp_path: Path, store: Store
) -> None:
    records = [
        record("1", "alice", posted_at="2023-06-05T02:00:00Z", text="exactly these words here"),
        record("2", "bob", posted_at="2023-06-05T02:01:00Z", text="exactly these words here"),
    ]
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", records))
    run_sweep(store)

    verdict = check_target(store, "https://x.com/alice/status/1")

    assert "posted by 1 other account within 10 minutes of it (2 copies in the store" in (
        verdict.evidence[0].text
    )


def test_the_digest_says_active_means_newly_loaded_and_when_those_posts_were_posted() -> None:
    june_first, june_thirtieth = 1685577600, 1688083200
    digest = Digest(
        start_ts=1790000000,
        end_ts=1790086400,
        clusters=[
            DigestCluster(
                3,
                size=1,
                known_before=0,
                accounts=[
                    DigestAccount("x:@a", 0.9, Level.LIKELY, "posted", False, june_first),
                    DigestAccount("x:@b", 0.8, Level.LIKELY, "posted", False, june_thirtieth),
                ],
            )
        ],
    )

    text = _texts(digest_blocks(digest))

    assert digest_text(digest) == "cibwatch digest: 2 suspected accounts newly active"
    assert "newly active: posts loaded 2026-09-21 " in text
    assert "posted from 2023-06-01 to 2023-06-30" in text
    assert "1 group ·" in text and "*Cluster #3*: 1 account" in text


def _news_feeds(**changes: object) -> ClusterFeatures:
    """Seven feeds whose copies each link their own site: every burst explained by syndication."""
    feeds = ClusterFeatures(
        members=8,
        personas=7,
        platforms={"x": 4, "telegram": 3, "facebook": 1},
        events=0,
        posts=120,
        shift_share=0.2,
        baseline_shift_share=0.25,
        active_hours=12,
        created_in_bursts=0,
        generated_handles=0,
        internal_engagement=0.0,
        engagement_from_outside=1.0,
        engagement_given=0,
        reposts_to_members=0.0,
        reposts_from_outside=1.0,
        reposts_given=0,
        reposts_received=0,
        engagement_received=0,
        sleepers=0,
        median_lag=60.0,
        syndication_share=1.0,
        repost_share=0.0,
        first_ts=0,
        last_ts=0,
        keys=0,
    )
    return replace(feeds, **changes)  # type: ignore[arg-type]


def test_a_news_feed_card_says_what_its_innocent_explanation_did() -> None:
    feeds = _news_feeds()
    points = strength.cluster_strength(feeds)
    assert points.innocence and points.without_innocence() is points.level  # the level stays

    lines = {line.kind: line.text for line in cluster_evidence(feeds, points, "UTC", [])}

    assert lines["timing"].startswith("innocent explanation: in 100% of its shared-text bursts")
    assert lines["timing"].endswith(
        ": the bursts it explains are not counted as co-action, and it lowers the score, not the level"
    )
    # No "acted together at 0 distinct moments on 0 keys; 100% of the posts ... are its own".
    assert lines["network"] == (
        "7 personas are tied by bursts that do not count as co-action: "
        "syndication explains them (below)"
    )


def test_an_innocent_explanation_that_moves_the_level_names_the_level_without_it() -> None:
    feeds = _news_feeds(events=5, keys=9, personas=6, syndication_share=0.9)
    points = strength.cluster_strength(feeds)
    assert points.without_innocence() is not points.level

    (innocent,) = [
        line.text
        for line in cluster_evidence(feeds, points, "UTC", [])
        if line.text.startswith("innocent explanation")
    ]

    assert innocent.endswith(
        "not counted as co-action, and without it the cluster would be "
        f"{points.without_innocence().value}"
    )
