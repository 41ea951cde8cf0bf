"""Targets in Slack message text (handlers/slack_text.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.slack_text import _TRAILING_PUNCTUATION, _trim_bare_url, find_targets
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


# ---------------------------------------------------------------------------
# Trimming a bare URL: linear in its length
# ---------------------------------------------------------------------------


class ScannedText(str):
    """A str that adds to `cost` the characters each operation on it may look at.

    Indexing costs 1, a slice its length, any str method the whole string
    (an upper bound of what the method reads): a count of work that does not
    depend on the machine's speed.
    """

    cost: list[int]

    def __new__(cls, text: str, cost: list[int]) -> ScannedText:
        made = super().__new__(cls, text)
        made.cost = cost
        return made

    def __getitem__(self, key):  # type: ignore[no-untyped-def, override]
        piece = str.__getitem__(self, key)
        self.cost[0] += len(piece) if isinstance(key, slice) else 1
        return ScannedText(piece, self.cost)

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.cost[0] += len(self)
        return str.__iter__(self)

    def __getattribute__(self, name: str):  # type: ignore[no-untyped-def]
        found = super().__getattribute__(name)
        if name.startswith("_") or not callable(found) or not hasattr(str, name):
            return found
        text = str(self)
        cost = super().__getattribute__("cost")

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            cost[0] += len(text)
            return found(*args, **kwargs)

        return counted


def _trim_cost(closing: int) -> int:
    cost = [0]
    _trim_bare_url(ScannedText("https://example.com/a" + ")" * closing, cost))
    return cost[0]


def test_trimming_a_40000_character_url_is_linear() -> None:
    # 40,000 closing marks, each trimmed: a pass per mark over the whole URL is
    # 16 times the work of 10,000; one pass is 4 times.
    small, large = _trim_cost(10_000), _trim_cost(40_000)
    assert large <= 10 * 40_000
    assert large / small < 6


def test_a_40000_character_message_is_read() -> None:
    text = "see https://news.example/a_(b)" + ")" * 40_000 + " and @handle_one"
    assert _labels(find_targets(text)) == ["https://news.example/a_(b)", "@handle_one"]


@given(st.text(alphabet="a()/.,;:!?'\"*_~", max_size=30))
def test_trimmed_url_keeps_its_own_brackets_and_drops_the_sentences(tail: str) -> None:
    url = "https://a.com/" + tail
    trimmed = _trim_bare_url(url)
    assert url.startswith(trimmed) and trimmed.startswith("https://a.com/")
    removed = url[len(trimmed) :]
    assert all(c in _TRAILING_PUNCTUATION or c == ")" for c in removed)
    last = trimmed[-1]
    assert last not in _TRAILING_PUNCTUATION
    assert last != ")" or trimmed.count("(") >= trimmed.count(")")
