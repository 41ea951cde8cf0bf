"""Canonical URLs, platform links and typed targets (storage/links.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.links import (
    PLATFORMS,
    Target,
    TargetError,
    canonical_url,
    find_targets,
    is_short_link,
    normalise_handle,
    normalise_platform,
    parse_target,
    url_platform_target,
)

# ---------------------------------------------------------------------------
# canonical_url: variants collapse
# ---------------------------------------------------------------------------


def test_utm_and_www_variants_map_to_one_url() -> None:
    variants = [
        "https://example.com/news/story",
        "https://www.example.com/news/story",
        "https://example.com/news/story?utm_source=twitter&utm_medium=social",
        "https://www.example.com/news/story/?utm_campaign=x#comments",
        "http://example.com/news/story",
        "HTTPS://EXAMPLE.COM/news/story",
        "https://example.com:443/news/story",
        "http://example.com:80/news/story",
        "https://m.example.com/news/story?fbclid=IwAR0abc",
        "https://mobile.example.com//news//story/",
        "https://user:secret@example.com/news/story",
    ]
    assert {canonical_url(v) for v in variants} == {"https://example.com/news/story"}


def test_query_params_are_sorted() -> None:
    assert canonical_url("https://example.com/a?b=2&a=1&c=3") == canonical_url(
        "https://example.com/a?c=3&a=1&b=2"
    )
    assert canonical_url("https://example.com/a?b=2&a=1") == "https://example.com/a?a=1&b=2"


def test_root_path_is_dropped() -> None:
    assert canonical_url("https://example.com/") == "https://example.com"
    assert canonical_url("https://example.com/?") == "https://example.com"
    assert canonical_url("https://example.com/?q=1") == "https://example.com?q=1"


def test_twitter_and_x_hosts_are_one_site() -> None:
    expected = "https://x.com/someone/status/1690000000000000000"
    for host in ("twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "X.COM"):
        url = f"https://{host}/someone/status/1690000000000000000?s=20&t=AbCdEf&ref_src=twsrc"
        assert canonical_url(url) == expected


def test_share_tracking_params_on_platform_hosts_are_dropped() -> None:
    assert (
        canonical_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=abc&feature=share")
        == "https://youtube.com/watch?v=dQw4w9WgXcQ"
    )
    assert (
        canonical_url("https://www.instagram.com/p/Cx1/?igshid=MzRlODBiNWFlZA==")
        == "https://instagram.com/p/Cx1"
    )
    assert (
        canonical_url(
            "https://www.tiktok.com/@someone/video/7251?is_from_webapp=1&sender_device=pc"
        )
        == "https://tiktok.com/@someone/video/7251"
    )
    assert canonical_url("https://open.spotify.com/track/1?si=zz") == (
        "https://open.spotify.com/track/1"
    )


def test_short_names_are_tracking_only_on_their_own_site() -> None:
    # "s" and "t" are share junk on x.com but can pick the page elsewhere.
    assert canonical_url("https://example.com/search?s=cats&t=5") == (
        "https://example.com/search?s=cats&t=5"
    )
    assert canonical_url("https://example.com/a?si=1") == "https://example.com/a?si=1"


def test_meaningful_params_are_kept() -> None:
    assert canonical_url("https://m.youtube.com/watch?v=abc123&utm_source=x") == (
        "https://youtube.com/watch?v=abc123"
    )
    assert canonical_url(
        "https://www.facebook.com/permalink.php?story_fbid=pfbid02Ab&id=100064&__cft__[0]=AZ&__tn__=R"
    ) == ("https://facebook.com/permalink.php?id=100064&story_fbid=pfbid02Ab")
    assert canonical_url("https://example.com/article.php?id=7&page=2") == (
        "https://example.com/article.php?id=7&page=2"
    )


def test_repeated_params_keep_every_value() -> None:
    assert canonical_url("https://example.com/?tag=b&tag=a") == "https://example.com?tag=a&tag=b"


def test_percent_encoding_is_normalised() -> None:
    assert canonical_url("https://example.com/%7Euser/%41bc") == "https://example.com/~user/Abc"
    assert canonical_url("https://example.com/caf%c3%a9") == "https://example.com/caf%C3%A9"
    assert canonical_url("https://example.com/café") == "https://example.com/caf%C3%A9"
    # An encoded slash or ampersand is data, not structure: it stays encoded.
    assert canonical_url("https://example.com/a%2fb?q=x%26y") == "https://example.com/a%2Fb?q=x%26y"
    # A stray "%" becomes "%25" so the result is a valid URL.
    assert canonical_url("https://example.com/100%") == "https://example.com/100%25"


def test_path_case_is_kept_but_host_case_is_not() -> None:
    assert canonical_url("https://Example.COM/Path/ToPage") == "https://example.com/Path/ToPage"


def test_dot_segments_and_duplicate_slashes_are_resolved() -> None:
    assert canonical_url("https://example.com//a/./b/../c//") == "https://example.com/a/c"
    assert canonical_url("https://example.com/../a") == "https://example.com/a"


def test_non_default_ports_are_kept() -> None:
    assert canonical_url("https://example.com:8443/a") == "https://example.com:8443/a"
    assert canonical_url("http://example.com:8080/") == "https://example.com:8080"


def test_international_hosts_become_punycode() -> None:
    assert canonical_url("https://bücher.example/x") == "https://xn--bcher-kva.example/x"
    assert canonical_url("https://BÜCHER.example/x") == "https://xn--bcher-kva.example/x"
    assert canonical_url("https://xn--bcher-kva.example/x") == "https://xn--bcher-kva.example/x"


def test_ipv6_hosts_are_compressed() -> None:
    assert canonical_url("http://[2001:DB8:0:0::1]:80/a") == "https://[2001:db8::1]/a"


def test_www_is_not_stripped_from_a_two_label_host() -> None:
    assert canonical_url("https://www.com/a") == "https://www.com/a"


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "example.com/a",
        "//example.com/a",
        "ftp://example.com/a",
        "javascript:alert(1)",
        "mailto:someone@example.com",
        "http://",
        "https:///path",
        "https://user@/x",
        "https://exa mple.com/",
        "https://example.com/a b",
        "https://example.com/\x00",
        "https://a..b/",
        "https://example.com:99999/",
        "https://example.com:8o/",
        "https://[::1/",
        "https://[nonsense]/",
        "https://exa%6dple.com/",
        "https://example.com\\@evil.example/",
        "https://\ud800.example/",
        "https://example.com/\ud800",
        "https://a:b:c/",
    ],
)
def test_junk_is_not_a_url(junk: str) -> None:
    assert canonical_url(junk) is None


def test_non_strings_are_not_urls() -> None:
    assert canonical_url(None) is None  # type: ignore[arg-type]
    assert canonical_url(42) is None  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# canonical_url: properties
# ---------------------------------------------------------------------------

_HOSTS = st.sampled_from(
    [
        "example.com",
        "news.example.org",
        "bbc.co.uk",
        "x.com",
        "twitter.com",
        "youtube.com",
        "facebook.com",
        "t.me",
        "medium.com",
        "tiktok.com",
        "bücher.example",
        "xn--bcher-kva.example",
        "192.0.2.7",
    ]
)
# Path pieces include escapes, sub-delims, dot segments, a stray "%" and non-ASCII.
_SEGMENT = st.lists(
    st.sampled_from(list("abcXYZ019-._~!$&'()*+,;=:@%é€") + ["%2F", "%41", "%7e", ".."]),
    min_size=1,
    max_size=8,
).map("".join)
# Whitespace and control characters make a URL junk, so fragments avoid them.
_FRAGMENT = st.text(
    alphabet=st.characters(blacklist_categories=["Zs", "Zl", "Zp", "Cc", "Cs"]), max_size=10
)
_MEANINGFUL_KEYS = st.sampled_from(["v", "id", "q", "page", "story_fbid", "lang", "sort", "a"])
_VALUE = st.text(alphabet=st.sampled_from(list("abcXYZ019-_.~+%=/?é")), max_size=6)
_TRACKING = st.sampled_from(
    [
        ("utm_source", "twitter"),
        ("utm_medium", "social"),
        ("UTM_Campaign", "spring"),
        ("fbclid", "IwAR0xyz"),
        ("gclid", "abc"),
        ("msclkid", "1"),
        ("igshid", "MzRl"),
        ("ref", "share"),
        ("ref_src", "twsrc%5Etfw"),
        ("_ga", "2.1"),
        ("spm", "a2g0o"),
        ("share", "1"),
        ("mc_cid", "z"),
        ("yclid", "9"),
    ]
)


@st.composite
def _urls(draw: st.DrawFn) -> tuple[str, str, list[str], list[tuple[str, str]]]:
    """(scheme, host, path segments, meaningful params) of a plausible link."""
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    host = draw(_HOSTS)
    segments = draw(st.lists(_SEGMENT, max_size=4))
    params = draw(st.lists(st.tuples(_MEANINGFUL_KEYS, _VALUE), max_size=4))
    return scheme, host, segments, params


def _assemble(
    scheme: str,
    host: str,
    segments: list[str],
    params: list[tuple[str, str]],
    *,
    port: str = "",
    trailing_slash: bool = False,
    fragment: str | None = None,
) -> str:
    path = "".join("/" + segment for segment in segments)
    if trailing_slash:
        path += "/"
    query = "&".join(f"{key}={value}" for key, value in params)
    url = f"{scheme}://{host}{port}{path}"
    if query:
        url += "?" + query
    if fragment is not None:
        url += "#" + fragment
    return url


@settings(deadline=None)
@given(_urls(), st.lists(_TRACKING, max_size=3), _FRAGMENT)
def test_canonical_url_is_idempotent_on_generated_urls(
    parts: tuple[str, str, list[str], list[tuple[str, str]]],
    tracking: list[tuple[str, str]],
    fragment: str,
) -> None:
    scheme, host, segments, params = parts
    url = _assemble(scheme, host, segments, params + tracking, fragment=fragment)
    once = canonical_url(url)
    assert once is not None
    assert canonical_url(once) == once


@settings(deadline=None)
@given(
    _urls(),
    st.lists(_TRACKING, max_size=3),
    st.randoms(use_true_random=False),
    st.sampled_from(["", "www.", "m.", "WWW."]),
    st.sampled_from(["", ":443"]),
    st.booleans(),
    st.one_of(st.none(), _FRAGMENT),
)
def test_variants_do_not_change_the_canonical_form(
    parts: tuple[str, str, list[str], list[tuple[str, str]]],
    tracking: list[tuple[str, str]],
    rng: object,
    host_prefix: str,
    port: str,
    trailing_slash: bool,
    fragment: str | None,
) -> None:
    scheme, host, segments, params = parts
    base = canonical_url(_assemble("https", host, segments, params))
    shuffled = params + tracking
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    variant = _assemble(
        "http" if scheme == "https" else "https",
        host_prefix + host.upper() if host.isascii() else host_prefix + host,
        segments,
        shuffled,
        port=port,
        trailing_slash=trailing_slash,
        fragment=fragment,
    )
    assert base is not None
    assert canonical_url(variant) == base


@settings(deadline=None)
@given(st.text())
def test_canonical_url_never_raises_on_any_text(text: str) -> None:
    result = canonical_url(text)
    assert result is None or (result.startswith("https://") and canonical_url(result) == result)


@settings(deadline=None)
@given(st.sampled_from(["http://", "https://", "HTTP://"]), st.text())
def test_canonical_url_never_raises_on_junk_after_a_scheme(scheme: str, rest: str) -> None:
    result = canonical_url(scheme + rest)
    assert result is None or (result.startswith("https://") and canonical_url(result) == result)


# ---------------------------------------------------------------------------
# Short links, platform names, handles
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://t.co/AbC123",
        "http://bit.ly/3xyz",
        "https://www.bit.ly/3xyz",
        "https://ow.ly/abc",
        "https://tinyurl.com/y3k",
        "https://lnkd.in/eXyZ",
        "https://goo.gl/abc",
        "https://buff.ly/abc",
        "https://dlvr.it/abc",
        "https://is.gd/abc",
        "https://rebrand.ly/abc",
        "https://cutt.ly/abc",
        "https://shorturl.at/abc",
        "https://trib.al/abc",
        "https://fb.me/abc",
    ],
)
def test_shorteners_are_short_links(url: str) -> None:
    assert is_short_link(url)


@pytest.mark.parametrize(
    "url",
    ["https://youtu.be/dQw4w9WgXcQ", "https://example.com/t.co", "https://x.com/bitly", "junk", ""],
)
def test_post_links_and_other_urls_are_not_short_links(url: str) -> None:
    assert not is_short_link(url)


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


def test_typed_handles_with_dashes_and_odd_status_links_are_looked_up_as_given() -> None:
    # Collected data holds handles the platforms would not allow; look them up anyway.
    assert parse_target("telegram:@Gentle-Mountain-8738_").handle == "gentle-mountain-8738_"
    post = parse_target("https://x.com/he.ming/status/1664715253658682332")
    assert (post.kind, post.post_id, post.handle) == ("post", "1664715253658682332", "he.ming")
