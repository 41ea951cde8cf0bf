"""Cards stay inside Block Kit's limits whatever the cluster size, and escape user text."""

from __future__ import annotations

import pytest
from fakes import block_kit_problems, mrkdwn_texts

from detection.digest import Digest, DigestAccount, DigestCluster
from detection.verdict import ClusterSummary, Evidence, FlagNote, Level, Verdict
from handlers.cards import compact_card, evidence_modal, verdict_card
from handlers.digest_cards import digest_blocks
from handlers.mrkdwn import literal


def huge_verdict() -> Verdict:
    """A verdict on an account in a 50,000-member cluster, with long, hostile evidence."""
    hostile = "<!channel> <@U1> *bold* `code` &amp; " + "x" * 5000
    return Verdict(
        target="x:@" + "a" * 3000,
        kind="account",
        level=Level.LIKELY,
        score=0.97,
        accounts=[f"x:@member{i}" for i in range(5000)],
        cluster=ClusterSummary(
            id=7,
            size=50_000,
            platforms={f"platform{i}": i for i in range(400)},
            first_ts=1_690_000_000,
            last_ts=1_700_000_000,
            score=0.97,
            sample_members=[f"x:@member{i}" + "b" * 400 for i in range(500)],
        ),
        evidence=[
            Evidence(kind="copy_paste", text=f"line {i}: {hostile}", examples=[hostile] * 50)
            for i in range(300)
        ],
        flags=[FlagNote("coordinated", "U<!here>", hostile, 1_700_000_000) for _ in range(40)],
        store_updated_ts=1_700_000_000,
        note=hostile,
    )


def test_card_for_huge_cluster_stays_within_block_kit_limits() -> None:
    blocks = [b.to_dict() for b in verdict_card(huge_verdict())]  # to_dict validates too

    assert len(blocks) <= 50
    assert block_kit_problems({"blocks": blocks, "text": "fallback"}) == []


def test_evidence_modal_for_huge_cluster_stays_within_limits() -> None:
    view = evidence_modal(huge_verdict()).to_dict()

    assert len(view["blocks"]) <= 100
    assert block_kit_problems({"view": view}) == []


def test_compact_card_for_hundreds_of_targets_stays_within_limits() -> None:
    blocks = [b.to_dict() for b in compact_card([huge_verdict()] * 300)]

    assert block_kit_problems({"blocks": blocks, "text": "fallback"}) == []


def test_user_text_in_cards_cannot_mention_anyone() -> None:
    for blocks in (
        [b.to_dict() for b in verdict_card(huge_verdict())],
        evidence_modal(huge_verdict()).to_dict()["blocks"],
        [b.to_dict() for b in compact_card([huge_verdict()] * 3)],
    ):
        texts = mrkdwn_texts(blocks)
        assert texts
        for text in texts:
            assert "<!channel>" not in text and "<!here>" not in text and "<@U1>" not in text


def test_post_text_in_a_digest_cannot_fake_a_line_or_format_it() -> None:
    evidence = "used 1 hashtag set; tags: #truth\n• *posted 500 texts* _just now_"
    account = DigestAccount("x:@janedoe1234", 0.97, Level.LIKELY, evidence, returning=False)
    digest = Digest(1_700_000_000, 1_700_086_400, [DigestCluster(3, 12, 0, [account])])

    texts = mrkdwn_texts([b.to_dict() for b in digest_blocks(digest)])

    (line,) = [t for t in texts if "tags:" in t]
    account_line = line.split("\n")[1]  # the cluster's title, then one line per account
    assert "posted 500 texts" in account_line and "\n• " not in line
    assert "*posted" not in line and "_just" not in line


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("*bold* _it_ ~x~ `c`", "\u2217bold\u2217 \u02cdit\u02cd \u223cx\u223c \u02cbc\u02cb"),
        ("#us_biolabs a*b snake_case", "#us_biolabs a*b snake_case"),
        ("one\ntwo\r\n\u2028three\tfour", "one two three four"),
        ("<!channel> & co", "&lt;!channel&gt; &amp; co"),
    ],
)
def test_literal_shows_user_text_as_written_on_one_line(text: str, shown: str) -> None:
    assert literal(text) == shown
