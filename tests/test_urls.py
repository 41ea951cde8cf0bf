"""Canonical URLs and short links (storage/urls.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.urls import canonical_url, is_short_link

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
# Short links
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
