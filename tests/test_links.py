"""Platform names, platform links and typed targets (storage/links.py)."""

from __future__ import annotations

import pytest

from storage.links import (
    PLATFORMS,
    TargetError,
    normalise_handle,
    normalise_platform,
    parse_target,
    url_platform_target,
)

# ---------------------------------------------------------------------------
# Platform names, handles
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("x", "x"),
        ("twitter", "x"),
        ("X.com", "x"),
        (" Twitter.com ", "x"),
        ("fb", "facebook"),
        ("Facebook", "facebook"),
        ("ig", "instagram"),
        ("tg", "telegram"),
        ("t.me", "telegram"),
        ("yt", "youtube"),
        ("TikTok", "tiktok"),
        ("reddit", "reddit"),
        ("medium", "medium"),
        ("pinterest", "pinterest"),
        ("myspace", None),
        ("", None),
    ],
)
def test_platform_names_and_aliases_are_normalised(name: str, expected: str | None) -> None:
    assert normalise_platform(name) == expected


def test_every_platform_names_itself() -> None:
    assert all(normalise_platform(name) == name for name in PLATFORMS)


def test_handles_lose_one_at_sign_and_case() -> None:
    assert normalise_handle("  @TinyKoala ") == "tinykoala"
    assert normalise_handle("TinyKoala") == "tinykoala"
    assert normalise_handle("@@odd") == "@odd"


# ---------------------------------------------------------------------------
# Platform links
# ---------------------------------------------------------------------------


def _shape(url: str) -> tuple[str, str | None, str | None, str | None] | None:
    target = url_platform_target(url)
    if target is None:
        return None
    return (target.kind, target.platform, target.handle, target.post_id)


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        # X / Twitter
        ("https://x.com/TinyKoala", ("account", "x", "tinykoala", None)),
        ("https://twitter.com/tinykoala/", ("account", "x", "tinykoala", None)),
        ("https://x.com/tinykoala/with_replies", ("account", "x", "tinykoala", None)),
        (
            "https://twitter.com/TinyKoala/status/1665471234567890?s=20",
            ("post", "x", "tinykoala", "1665471234567890"),
        ),
        ("https://x.com/i/web/status/1665471234567890", ("post", "x", None, "1665471234567890")),
        ("https://x.com/i/status/42", ("post", "x", None, "42")),
        # Facebook
        ("https://www.facebook.com/some.page", ("account", "facebook", "some.page", None)),
        ("https://fb.com/somepage", ("account", "facebook", "somepage", None)),
        (
            "https://m.facebook.com/profile.php?id=100064000000001",
            ("account", "facebook", "100064000000001", None),
        ),
        (
            "https://www.facebook.com/somepage/posts/pfbid02AbCdEf",
            ("post", "facebook", "somepage", "pfbid02AbCdEf"),
        ),
        (
            "https://www.facebook.com/permalink.php?story_fbid=123456&id=100064",
            ("post", "facebook", "100064", "123456"),
        ),
        ("https://www.facebook.com/watch/?v=98765", ("post", "facebook", None, "98765")),
        # Instagram
        ("https://www.instagram.com/some_user/", ("account", "instagram", "some_user", None)),
        ("https://instagram.com/p/CxAbC12dEf/", ("post", "instagram", None, "CxAbC12dEf")),
        ("https://www.instagram.com/reel/Cy9ZZ/", ("post", "instagram", None, "Cy9ZZ")),
        # TikTok
        ("https://www.tiktok.com/@Dance.Queen", ("account", "tiktok", "dance.queen", None)),
        (
            "https://www.tiktok.com/@dance.queen/video/7251234567890?is_from_webapp=1",
            ("post", "tiktok", "dance.queen", "7251234567890"),
        ),
        # YouTube
        ("https://www.youtube.com/@SomeChannel", ("account", "youtube", "somechannel", None)),
        ("https://youtube.com/@SomeChannel/videos", ("account", "youtube", "somechannel", None)),
        (
            "https://www.youtube.com/channel/UCabcDEF123",
            ("account", "youtube", "ucabcdef123", None),
        ),
        ("https://www.youtube.com/c/SomeName", ("account", "youtube", "somename", None)),
        ("https://www.youtube.com/user/oldname", ("account", "youtube", "oldname", None)),
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            ("post", "youtube", None, "dQw4w9WgXcQ"),
        ),
        ("https://youtube.com/shorts/AbC_d-1", ("post", "youtube", None, "AbC_d-1")),
        ("https://youtu.be/dQw4w9WgXcQ?si=xyz", ("post", "youtube", None, "dQw4w9WgXcQ")),
        # Reddit
        ("https://www.reddit.com/user/Some_User/", ("account", "reddit", "some_user", None)),
        ("https://old.reddit.com/u/some-user", ("account", "reddit", "some-user", None)),
        (
            "https://www.reddit.com/r/worldnews/comments/15abcd/some_title/",
            ("post", "reddit", None, "15abcd"),
        ),
        ("https://redd.it/15abcd", ("post", "reddit", None, "15abcd")),
        # Medium
        ("https://medium.com/@Writer", ("account", "medium", "writer", None)),
        (
            "https://medium.com/@writer/why-this-matters-1a2b3c4d5e6f",
            ("post", "medium", "writer", "1a2b3c4d5e6f"),
        ),
        (
            "https://medium.com/@writer/a-post-without-id",
            ("post", "medium", "writer", "a-post-without-id"),
        ),
        ("https://writer.medium.com/", ("account", "medium", "writer", None)),
        (
            "https://writer.medium.com/some-story-0123456789ab",
            ("post", "medium", "writer", "0123456789ab"),
        ),
        # Pinterest
        ("https://www.pinterest.com/craftylady/", ("account", "pinterest", "craftylady", None)),
        ("https://uk.pinterest.com/craftylady/", ("account", "pinterest", "craftylady", None)),
        ("https://www.pinterest.com/pin/123456789/", ("post", "pinterest", None, "123456789")),
        # Telegram
        ("https://t.me/SomeChannel", ("account", "telegram", "somechannel", None)),
        ("https://t.me/s/SomeChannel", ("account", "telegram", "somechannel", None)),
        ("https://telegram.me/somechannel/1234", ("post", "telegram", "somechannel", "1234")),
    ],
)
def test_platform_profile_and_post_links_are_recognised(
    url: str, shape: tuple[str, str | None, str | None, str | None]
) -> None:
    assert _shape(url) == shape


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com",
        "https://x.com/home",
        "https://twitter.com/search?q=cats",
        "https://x.com/explore",
        "https://x.com/i/flow/login",
        "https://twitter.com/intent/tweet?text=hi",
        "https://twitter.com/share",
        "https://x.com/hashtag/news",
        "https://x.com/settings/profile",
        "https://x.com/messages",
        "https://x.com/notifications",
        "https://x.com/someone/lists/extra/path",
        "https://x.com/someone/status/not-a-number",
        "https://www.facebook.com/groups/somegroup",
        "https://www.facebook.com/sharer/sharer.php?u=https://example.com",
        "https://www.facebook.com/login.php",
        "https://www.facebook.com/events/123",
        "https://www.instagram.com/explore/tags/cats/",
        "https://www.instagram.com/accounts/login/",
        "https://www.tiktok.com/foryou",
        "https://www.youtube.com/results?search_query=cats",
        "https://www.youtube.com/feed/trending",
        "https://www.reddit.com/r/worldnews/",
        "https://medium.com/tag/politics",
        "https://www.pinterest.com/search/pins/?q=cats",
        "https://www.pinterest.com/craftylady/some-board/",
        "https://t.me/joinchat/AAAAAE",
        "https://t.me/+AbCdEf",
        "https://example.com/@someone",
        "not a url",
    ],
)
def test_reserved_and_non_profile_paths_are_not_accounts_or_posts(url: str) -> None:
    assert url_platform_target(url) is None


def test_platform_target_carries_canonical_url_and_raw_input() -> None:
    raw = "https://mobile.twitter.com/TinyKoala/status/123?s=20&utm_source=x"
    target = url_platform_target(raw)
    assert target is not None
    assert target.url == "https://x.com/TinyKoala/status/123"
    assert target.raw == raw
    assert target.label() == "x post 123"


def test_facebook_group_posts_are_posts_without_an_account() -> None:
    assert _shape("https://www.facebook.com/groups/123/posts/456/") == (
        "post",
        "facebook",
        None,
        "456",
    )


# ---------------------------------------------------------------------------
# parse_target
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "platform", "handle", "label"),
    [
        ("@TinyKoala", None, "tinykoala", "@tinykoala"),
        ("  @tinykoala  ", None, "tinykoala", "@tinykoala"),
        ("@tinykoala.", None, "tinykoala", "@tinykoala"),
        ("tinykoala", None, "tinykoala", "@tinykoala"),
        ("x:@TinyKoala", "x", "tinykoala", "x:@tinykoala"),
        ("twitter:tinykoala", "x", "tinykoala", "x:@tinykoala"),
        ("X:@tiny_koala", "x", "tiny_koala", "x:@tiny_koala"),
        ("ig:@first.last", "instagram", "first.last", "instagram:@first.last"),
        ("tg:SomeChannel", "telegram", "somechannel", "telegram:@somechannel"),
        ("youtube:@some-channel", "youtube", "some-channel", "youtube:@some-channel"),
    ],
)
def test_typed_handles_become_account_targets(
    text: str, platform: str | None, handle: str, label: str
) -> None:
    target = parse_target(text)
    assert (target.kind, target.platform, target.handle, target.url) == (
        "account",
        platform,
        handle,
        None,
    )
    assert target.raw == text.strip()
    assert target.label() == label


def test_profile_link_becomes_account_target() -> None:
    target = parse_target("https://www.tiktok.com/@Dance.Queen?lang=en")
    assert (target.kind, target.platform, target.handle) == ("account", "tiktok", "dance.queen")
    assert target.url == "https://tiktok.com/@Dance.Queen?lang=en"
    assert target.label() == "tiktok:@dance.queen"


def test_post_link_becomes_post_target() -> None:
    target = parse_target("https://twitter.com/someone/status/1665471234567890?s=46")
    assert (target.kind, target.platform, target.handle, target.post_id) == (
        "post",
        "x",
        "someone",
        "1665471234567890",
    )
    assert target.url == "https://x.com/someone/status/1665471234567890"


def test_other_links_become_article_targets() -> None:
    target = parse_target("http://www.example-news.com/2023/08/story.html?utm_source=tw")
    assert target.kind == "article"
    assert target.platform is None
    assert target.url == "https://example-news.com/2023/08/story.html"
    assert target.label() == "https://example-news.com/2023/08/story.html"


def test_slack_formatted_and_schemeless_links_are_read() -> None:
    assert parse_target("<https://x.com/TinyKoala|x.com/TinyKoala>").handle == "tinykoala"
    assert parse_target("x.com/TinyKoala").handle == "tinykoala"
    assert parse_target("www.example.com/a").url == "https://example.com/a"
    slack_escaped = parse_target("<https://example.com/a?b=1&amp;c=2>")
    assert slack_escaped.url == "https://example.com/a?b=1&c=2"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "@",
        "x:@",
        "@tiny koala",
        "x:@tiny koala",
        "@tiny!koala",
        "@tiny/koala",
        "@" + "a" * 51,
        "myspace:@someone",
        "ftp://example.com/file",
        "javascript:alert(1)",
        "https:example.com",
        "https://",
        "someone@example.com",
        "mailto:someone@example.com",
        "<@U123ABC>",
        "<#C123|general>",
        "<!here>",
        "first.last",
        "@...",
    ],
)
def test_bad_targets_raise_a_one_line_error(text: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_target(text)
    message = str(caught.value)
    assert message
    assert "\n" not in message
    assert len(message) < 200


def test_unknown_platform_error_lists_the_platforms() -> None:
    with pytest.raises(TargetError, match="x, facebook, instagram"):
        parse_target("myspace:@someone")


def test_target_error_is_a_value_error() -> None:
    assert issubclass(TargetError, ValueError)


def test_typed_handles_with_dashes_and_odd_status_links_are_looked_up_as_given() -> None:
    # Collected data holds handles the platforms would not allow; look them up anyway.
    assert parse_target("telegram:@Gentle-Mountain-8738_").handle == "gentle-mountain-8738_"
    post = parse_target("https://x.com/he.ming/status/1664715253658682332")
    assert (post.kind, post.post_id, post.handle) == ("post", "1664715253658682332", "he.ming")
