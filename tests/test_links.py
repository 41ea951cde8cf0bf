"""Platform names, platform links and typed targets (storage/links.py)."""

from __future__ import annotations

import pytest

from storage.links import (
    PLATFORMS,
    TargetError,
    normalise_handle,
    normalise_platform,
    parse_target,
    post_id_forms,
    post_url,
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
            ("post", "facebook", "100064", "100064_123456"),  # the Graph API's PAGE_POST
        ),
        ("https://www.facebook.com/watch/?v=98765", ("post", "facebook", None, "98765")),
        (
            "https://www.facebook.com/100064000000001/posts/123456789",
            ("post", "facebook", "100064000000001", "100064000000001_123456789"),
        ),
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
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxKREWxIgDrw8w2e_Z4AaABAg",
            ("post", "youtube", None, "UgxKREWxIgDrw8w2e_Z4AaABAg"),  # one comment
        ),
        ("https://youtube.com/shorts/AbC_d-1", ("post", "youtube", None, "AbC_d-1")),
        ("https://youtu.be/dQw4w9WgXcQ?si=xyz", ("post", "youtube", None, "dQw4w9WgXcQ")),
        # Reddit
        ("https://www.reddit.com/user/Some_User/", ("account", "reddit", "some_user", None)),
        ("https://old.reddit.com/u/some-user", ("account", "reddit", "some-user", None)),
        (
            "https://www.reddit.com/r/worldnews/comments/15abcd/some_title/",
            ("post", "reddit", None, "t3_15abcd"),  # Reddit's fullname of a submission
        ),
        (
            "https://www.reddit.com/r/worldnews/comments/15abcd/some_title/jk3x9zq/",
            ("post", "reddit", None, "t1_jk3x9zq"),  # one comment of it
        ),
        ("https://www.reddit.com/comments/15abcd/_/jk3x9zq", ("post", "reddit", None, "t1_jk3x9zq")),
        ("https://redd.it/15abcd", ("post", "reddit", None, "t3_15abcd")),
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
        (
            "https://telegram.me/SomeChannel/1234",
            ("post", "telegram", "somechannel", "SomeChannel/1234"),  # exports: CHAT/MESSAGE
        ),
        ("https://t.me/c/1234567890/55", ("post", "telegram", None, "1234567890/55")),
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
        "123_456",
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


# ---------------------------------------------------------------------------
# Post ids as exports write them, and links to stored posts
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "owners", "forms"),
    [
        ("https://www.reddit.com/r/x/comments/0ot27f7/title/", [], ("t3_0ot27f7", "0ot27f7")),
        (
            "https://www.facebook.com/100064/posts/555",
            [],
            ("100064_555", "555"),
        ),
        (
            "https://www.facebook.com/somepage/posts/555",
            [("SomePage", "100064")],
            ("555", "100064_555", "SomePage_555"),
        ),
        ("https://t.me/SomeChannel/10322", [], ("SomeChannel/10322", "somechannel/10322")),
        (
            "https://t.me/somechannel/10322",
            [("channel1234567890", "1234567890")],
            ("somechannel/10322", "channel1234567890/10322", "1234567890/10322"),
        ),
        ("https://t.me/c/1234567890/55", [], ("1234567890/55", "-1001234567890/55")),
        ("https://x.com/a/status/42", [], ("42",)),
    ],
)
def test_post_ids_are_tried_in_every_form_the_platforms_exports_write(
    url: str, owners: list[tuple[str, str | None]], forms: tuple[str, ...]
) -> None:
    target = url_platform_target(url)
    assert target is not None

    assert post_id_forms(target, owners) == forms


@pytest.mark.parametrize(
    ("platform", "post_id", "handle", "parent", "url"),
    [
        ("x", "1665471234567890", "TinyKoala", None, "https://x.com/TinyKoala/status/1665471234567890"),
        ("twitter", "42", None, None, "https://x.com/i/status/42"),
        ("facebook", "100064_555", "page", None, "https://www.facebook.com/100064/posts/555"),
        ("facebook", "555", "page", None, "https://www.facebook.com/page/posts/555"),
        ("facebook", "555", None, None, None),
        ("instagram", "CxAbC12dEf", None, None, "https://www.instagram.com/p/CxAbC12dEf/"),
        ("tiktok", "7251234567890", "dance.queen", None, "https://www.tiktok.com/@dance.queen/video/7251234567890"),
        ("youtube", "dQw4w9WgXcQ", None, None, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("youtube", "UgxAbc", None, "dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxAbc"),
        ("reddit", "t3_0ot27f7", None, None, "https://www.reddit.com/comments/0ot27f7/"),
        ("reddit", "t1_jk3x9zq", None, "t3_0ot27f7", "https://www.reddit.com/comments/0ot27f7/_/jk3x9zq/"),
        ("reddit", "t1_jk3x9zq", None, "t1_other", None),
        ("telegram", "SomeChannel/10322", None, None, "https://t.me/SomeChannel/10322"),
        ("telegram", "-1001234567890/55", None, None, "https://t.me/c/1234567890/55"),
        ("pinterest", "123456789", None, None, "https://www.pinterest.com/pin/123456789/"),
        ("medium", "1a2b3c4d5e6f", None, None, "https://medium.com/p/1a2b3c4d5e6f"),
        ("mastodon", "1", None, None, None),
    ],
)
def test_stored_posts_link_back_to_the_same_post(
    platform: str, post_id: str, handle: str | None, parent: str | None, url: str | None
) -> None:
    link = post_url(platform, post_id, handle, parent)

    assert link == url
    if link is not None:
        target = url_platform_target(link)
        assert target is not None and target.kind == "post"
        assert post_id in post_id_forms(target, [(handle, None)] if handle else [])
