"""Targets in Slack message text (handlers/slack_text.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.slack_text import find_targets
from storage.links import Target

# ---------------------------------------------------------------------------
# find_targets
# ---------------------------------------------------------------------------


def _labels(targets: list[Target]) -> list[str]:
    return [target.label() for target in targets]


def test_slack_links_and_handles_are_found_in_order() -> None:
    text = (
        "<@U024BE7LH> look at <https://twitter.com/TinyKoala/status/99?s=20|this tweet> "
        "and @other_one, also x:@ThirdOne and <https://example.com/a?utm_source=x>"
    )
    assert _labels(find_targets(text)) == [
        "x post 99",
        "@other_one",
        "x:@thirdone",
        "https://example.com/a",
    ]


def test_mentions_and_special_links_are_not_targets() -> None:
    text = (
        "<@U123ABC> <#C123|general> <!here> <!channel> <!subteam^S123|@reviewers> "
        "<!date^1392734382^{date}|Feb 18> <mailto:bob@example.com|bob@example.com>"
    )
    assert find_targets(text) == []


def test_emails_are_not_handles() -> None:
    assert find_targets("write to bob@example.com or alice.smith@example.org") == []


def test_duplicates_are_dropped() -> None:
    text = (
        "<https://example.com/a?utm_source=x> <https://www.example.com/a/> "
        "https://example.com/a @bob @Bob x:@bob"
    )
    assert _labels(find_targets(text)) == ["https://example.com/a", "@bob", "x:@bob"]


def test_handle_at_end_of_sentence_loses_the_full_stop() -> None:
    assert _labels(find_targets("Ask @bob. Or @carol_1.")) == ["@bob", "@carol_1"]


def test_handles_inside_links_are_not_separate_targets() -> None:
    targets = find_targets("<https://medium.com/@writer|medium.com/@writer>")
    assert _labels(targets) == ["medium:@writer"]


def test_bare_urls_lose_sentence_punctuation() -> None:
    targets = find_targets("see https://example.com/a, and (https://example.com/b).")
    assert [target.url for target in targets] == ["https://example.com/a", "https://example.com/b"]


def test_slack_escaped_ampersands_in_links_are_unescaped() -> None:
    targets = find_targets("<https://youtube.com/watch?v=abc&amp;feature=share>")
    assert [(t.kind, t.post_id) for t in targets] == [("post", "abc")]


def test_handle_running_into_a_dash_is_skipped_not_cut() -> None:
    assert find_targets("@dave-smith") == []
    assert _labels(find_targets("youtube:@dave-smith")) == ["youtube:@dave-smith"]


def test_fediverse_style_addresses_are_not_handles() -> None:
    assert find_targets("@erin@mastodon.social") == []


def test_slack_entities_in_links_are_unescaped_once() -> None:
    # Typed "&lt;" arrives as "&amp;lt;"; unescaping twice would turn it into "<" (%3C).
    targets = find_targets("<https://example.com/a&amp;lt;b>")
    assert [target.url for target in targets] == ["https://example.com/a&lt;b"]


def test_too_long_handles_are_ignored() -> None:
    assert find_targets("@" + "a" * 51) == []


def test_unknown_prefix_leaves_the_handle() -> None:
    assert _labels(find_targets("cc:@bob")) == ["@bob"]


def test_limit_caps_the_number_of_targets() -> None:
    text = " ".join(f"@user{i}" for i in range(80))
    assert len(find_targets(text)) == 50
    assert _labels(find_targets(text, limit=3)) == ["@user0", "@user1", "@user2"]
    assert find_targets(text, limit=0) == []


def test_junk_urls_in_messages_are_skipped() -> None:
    assert find_targets("<http://|x> <ftp://example.com> <tel:123|123>") == []


@settings(deadline=None)
@given(st.text())
def test_find_targets_never_raises(text: str) -> None:
    for target in find_targets(text):
        assert target.kind in ("account", "post", "article")
