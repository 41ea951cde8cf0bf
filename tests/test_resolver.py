"""Resolving pasted links safely (services/resolver.py), with HTTP mocked by respx.

DNS is replaced by `FakeDNS`, injected into the resolver. Requests go to the
checked address (the host stays in the Host header and the TLS server name),
so respx routes name addresses: `at("t.co", "/abc")` is https://104.244.42.1/abc.
"""

from __future__ import annotations

import gzip
import socket
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest
import respx

from services.checks import check_target
from services.resolver import FetchLimits, LinkResolver, is_public_address
from storage import linkcache
from storage.db import Store, now_ts
from storage.ingest import ingest_file
from tests.factories import record, write_jsonl

# Public addresses (is_global), one per test host.
ADDRESSES: dict[str, list[str]] = {
    "t.co": ["104.244.42.1"],
    "bit.ly": ["67.199.248.10"],
    "news.example": ["93.184.216.34"],
    "mirror.example": ["151.101.1.67"],
    "x.com": ["104.244.42.65"],
    "twitter.com": ["104.244.42.129"],
    "v6.example": ["2606:4700:4700::1111"],
    "evil.example": ["8.8.4.4"],
    "sneaky.example": ["8.8.8.8", "10.0.0.7"],  # one public, one private answer
}

HTML = "text/html; charset=utf-8"


class FakeDNS:
    """Answers from ADDRESSES (plus `extra`) and records what was asked."""

    def __init__(self, extra: dict[str, list[str]] | None = None, delay: float = 0.0) -> None:
        self.table = {**ADDRESSES, **(extra or {})}
        self.delay = delay
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append(host)
        if self.delay:
            time.sleep(self.delay)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.table[host]


def at(host: str, path: str = "/", scheme: str = "https") -> str:
    """The URL a request for `host` is sent to: its checked address."""
    address = ADDRESSES[host][0]
    if ":" in address:
        address = f"[{address}]"
    return f"{scheme}://{address}{path}"


def redirect(location: str, status: int = 301) -> httpx.Response:
    return httpx.Response(status, headers={"location": location})


def page(html: str, content_type: str = HTML) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": content_type}, text=html)


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    # Every request must match a route: an unexpected fetch fails the test.
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    # One client for the module: building one loads the CA bundle (~0.1 s).
    with httpx.Client() as c:
        yield c


@pytest.fixture
def dns() -> FakeDNS:
    return FakeDNS()


@pytest.fixture
def resolver(client: httpx.Client, dns: FakeDNS) -> LinkResolver:
    return LinkResolver(client, resolve_host=dns)


# ---------------------------------------------------------------------------
# Redirects and canonical URLs
# ---------------------------------------------------------------------------


def test_short_link_redirects_are_followed_and_canonical_read(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(at("t.co", "/abc")).mock(return_value=redirect("https://bit.ly/xyz"))
    mock.get(at("bit.ly", "/xyz")).mock(
        return_value=redirect("https://news.example/story?utm_source=tw&id=7", 302)
    )
    article = mock.get(at("news.example", "/story?utm_source=tw&id=7")).mock(
        return_value=page(
            '<html><head><title>A story</title><link rel="canonical" '
            'href="https://www.news.example/story?id=7"></head><body>…</body></html>'
        )
    )

    result = resolver.resolve("https://t.co/abc")

    assert result.error is None
    assert result.final_url == "https://news.example/story?utm_source=tw&id=7"
    assert result.canonical_url == "https://news.example/story?id=7"
    assert result.title == "A story"
    sent = article.calls.last.request
    assert sent.headers["host"] == "news.example"
    assert sent.extensions["sni_hostname"] == "news.example"
    assert sent.headers["user-agent"].startswith("cibwatch/")


def test_og_url_is_preferred_and_relative_canonical_made_absolute(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(at("news.example", "/a")).mock(
        return_value=page(
            '<head><link rel="canonical" href="/from-link-tag">'
            '<meta property="og:url" content="https://news.example/from-og">'
            '<meta property="og:title" content="The OG title"><title>Plain</title></head>'
        )
    )
    mock.get(at("news.example", "/b/c")).mock(
        return_value=page('<head><link rel="Canonical Shortlink" href="../d?x=1#top"></head>')
    )

    preferred = resolver.resolve("https://news.example/a")
    relative = resolver.resolve("https://news.example/b/c")

    assert preferred.canonical_url == "https://news.example/from-og"
    assert preferred.title == "The OG title"
    assert relative.canonical_url == "https://news.example/d?x=1"


def test_canonical_on_another_site_is_ignored(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(at("evil.example", "/p")).mock(
        return_value=page('<head><meta property="og:url" content="https://news.example/real">')
    )

    result = resolver.resolve("https://evil.example/p")

    assert result.canonical_url == "https://evil.example/p"


def test_broken_html_still_yields_canonical_and_title(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(at("news.example", "/broken")).mock(
        return_value=page(
            "<html><head><title>  Broken\n page &amp; more <meta property=og:url "
            "content=https://news.example/fixed?utm_medium=x><link rel=canonical href=/nope"
            "<<div><!-- never closed <script>"
        )
    )

    result = resolver.resolve("https://news.example/broken")

    assert result.error is None
    assert result.canonical_url == "https://news.example/fixed"
    assert result.title == "Broken page & more"


def test_page_in_legacy_chinese_encoding_reads_its_title(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    html = '<html><head><meta charset="gb2312"><title>新闻标题</title></head>'.encode("gb18030")
    mock.get(at("news.example", "/zh")).mock(
        return_value=httpx.Response(200, headers={"content-type": "text/html"}, content=html)
    )

    assert resolver.resolve("https://news.example/zh").title == "新闻标题"


def test_non_html_resolves_to_final_url_without_title(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(at("t.co", "/pdf")).mock(return_value=redirect("https://news.example/report.pdf"))
    mock.get(at("news.example", "/report.pdf")).mock(
        return_value=httpx.Response(
            200, headers={"content-type": "application/pdf"}, content=b"%PDF-1.7 <title>x</title>"
        )
    )

    result = resolver.resolve("https://t.co/pdf")

    assert result.error is None
    assert result.final_url == "https://news.example/report.pdf"
    assert result.canonical_url == "https://news.example/report.pdf"
    assert result.title is None


def test_http_error_after_redirect_keeps_where_the_link_leads(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(at("t.co", "/gone")).mock(return_value=redirect("https://news.example/paywalled"))
    mock.get(at("news.example", "/paywalled")).mock(return_value=httpx.Response(403))
    mock.get(at("news.example", "/missing")).mock(return_value=httpx.Response(404))

    blocked = resolver.resolve("https://t.co/gone")
    missing = resolver.resolve("https://news.example/missing")

    assert blocked.error == "HTTP 403"
    assert blocked.canonical_url == "https://news.example/paywalled"
    assert missing.error == "HTTP 404"


def test_unreachable_redirect_target_keeps_where_the_link_leads(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(at("t.co", "/down")).mock(return_value=redirect("https://news.example/down"))
    mock.get(at("news.example", "/down")).mock(side_effect=httpx.ConnectTimeout("connect"))
    mock.get(at("t.co", "/nx")).mock(return_value=redirect("https://gone.example/page"))

    down = resolver.resolve("https://t.co/down")
    unknown = resolver.resolve("https://t.co/nx")

    assert (down.error, down.canonical_url) == ("timed out", "https://news.example/down")
    assert (unknown.error, unknown.canonical_url) == ("host not found", "https://gone.example/page")


def test_ipv6_host_is_reached_on_its_checked_address(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    route = mock.get(at("v6.example", "/x")).mock(return_value=page("<title>six</title>"))

    assert resolver.resolve("https://v6.example/x").title == "six"
    assert route.calls.last.request.headers["host"] == "v6.example"


# ---------------------------------------------------------------------------
# Safety: redirects, addresses, schemes
# ---------------------------------------------------------------------------


def test_redirect_loop_is_an_error(mock: respx.MockRouter, resolver: LinkResolver) -> None:
    mock.get(at("t.co", "/a")).mock(return_value=redirect("https://bit.ly/b"))
    mock.get(at("bit.ly", "/b")).mock(return_value=redirect("https://t.co/a"))

    result = resolver.resolve("https://t.co/a")

    assert result.error == "redirect loop"
    assert result.canonical_url is None
    assert len(mock.calls) == 2


def test_more_than_five_redirects_are_refused(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    for hop in range(7):
        mock.get(at("t.co", f"/{hop}")).mock(return_value=redirect(f"/{hop + 1}", 302))
    mock.get(at("t.co", "/7")).mock(return_value=page("<title>end</title>"))

    result = resolver.resolve("https://t.co/0")

    assert result.error == "too many redirects"
    assert len(mock.calls) == 6  # the link and five redirects, no more


def test_five_redirects_are_followed(mock: respx.MockRouter, resolver: LinkResolver) -> None:
    for hop in range(5):
        mock.get(at("t.co", f"/{hop}")).mock(return_value=redirect(f"/{hop + 1}", 307))
    mock.get(at("t.co", "/5")).mock(return_value=page("<title>end</title>"))

    assert resolver.resolve("https://t.co/0").title == "end"


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.1/admin",
        "http://127.0.0.1:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "https://192.168.1.20/router",
        "http://[::ffff:10.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://localhost/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
    ],
)
def test_redirect_to_a_private_address_is_refused_on_the_hop(
    mock: respx.MockRouter, client: httpx.Client, location: str
) -> None:
    # What the system resolver would answer for the names among these.
    dns = FakeDNS({"localhost": ["127.0.0.1", "::1"], "2130706433": ["127.0.0.1"]})
    resolver = LinkResolver(client, resolve_host=dns)
    mock.get(at("t.co", "/inside")).mock(return_value=redirect(location, 302))

    result = resolver.resolve("https://t.co/inside")

    assert result.error == "link points to a private address"
    assert result.final_url is None and result.canonical_url is None
    assert len(mock.calls) == 1  # only the short link itself was fetched


def test_host_resolving_to_a_private_address_is_refused_before_any_request(
    mock: respx.MockRouter, client: httpx.Client
) -> None:
    dns = FakeDNS({"intranet.example": ["192.168.0.10"]})
    resolver = LinkResolver(client, resolve_host=dns)

    inside = resolver.resolve("https://intranet.example/wiki")
    mixed = resolver.resolve("https://sneaky.example/")

    assert inside.error == mixed.error == "link points to a private address"
    assert dns.asked == ["intranet.example", "sneaky.example"]
    assert not mock.calls


@pytest.mark.parametrize(
    "url",
    [
        "ftp://news.example/file",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://news.example:70/",
    ],
)
def test_non_http_schemes_are_refused(
    mock: respx.MockRouter, resolver: LinkResolver, dns: FakeDNS, url: str
) -> None:
    result = resolver.resolve(url)

    assert result.error in ("only http and https links are fetched", "not a valid link")
    assert not mock.calls and not dns.asked


def test_redirect_to_a_non_http_scheme_is_refused(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(at("t.co", "/f")).mock(return_value=redirect("file:///etc/passwd"))

    assert resolver.resolve("https://t.co/f").error == "only http and https links are fetched"


def test_unknown_host_is_an_error(mock: respx.MockRouter, resolver: LinkResolver) -> None:
    assert resolver.resolve("https://no-such-host.example/").error == "host not found"
    assert not mock.calls


def test_user_info_in_a_link_is_never_sent(mock: respx.MockRouter, resolver: LinkResolver) -> None:
    route = mock.get(at("news.example", "/")).mock(return_value=page("<title>t</title>"))

    resolver.resolve("https://admin:secret@news.example/")

    assert "authorization" not in route.calls.last.request.headers


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("127.0.0.1", False),
        ("169.254.169.254", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("0.0.0.0", False),
        ("::", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("2002:0a00:0001::1", False),  # 6to4 around 10.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 around 169.254.169.254
        ("not an address", False),
    ],
)
def test_public_address_rules(address: str, public: bool) -> None:
    assert is_public_address(address) is public


# ---------------------------------------------------------------------------
# Bounded reads and time-outs
# ---------------------------------------------------------------------------


def test_huge_body_is_read_only_up_to_the_limit(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    sent = 0

    def endless() -> Iterator[bytes]:
        nonlocal sent
        yield b"<html><head><title>Huge</title>"
        for _ in range(10_000):  # 640 MiB if anyone read it all
            sent += 65536
            yield b" " * 65536

    mock.get(at("news.example", "/huge")).mock(
        return_value=httpx.Response(200, headers={"content-type": HTML}, content=endless())
    )
    started = time.monotonic()

    result = resolver.resolve("https://news.example/huge")

    assert result.title == "Huge"
    assert sent <= FetchLimits().max_body + 65536
    assert time.monotonic() - started < 2


def test_compressed_bomb_is_inflated_only_up_to_the_limit(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    bomb = gzip.compress(b"<head><title>Bomb</title>" + b" " * (16 * 1024 * 1024))
    mock.get(at("news.example", "/bomb")).mock(
        return_value=httpx.Response(
            200, headers={"content-type": HTML, "content-encoding": "gzip"}, content=bomb
        )
    )

    assert resolver.resolve("https://news.example/bomb").title == "Bomb"


def test_a_page_compressed_in_an_unread_way_keeps_where_the_link_leads(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(at("news.example", "/br")).mock(
        return_value=httpx.Response(
            200, headers={"content-type": HTML, "content-encoding": "br"}, content=b"\x1b\x00"
        )
    )

    result = resolver.resolve("https://news.example/br")

    assert result.error == "the page is compressed in a way cibwatch does not read"
    # The link's own host, never the address it was fetched from.
    assert result.final_url == result.canonical_url == "https://news.example/br"


def test_reading_stops_at_the_end_of_head(mock: respx.MockRouter, resolver: LinkResolver) -> None:
    chunks_read = 0

    def body() -> Iterator[bytes]:
        nonlocal chunks_read
        for chunk in (b"<head><title>Short</title></head>", b"<body>" + b"x" * 65536) * 50:
            chunks_read += 1
            yield chunk

    mock.get(at("news.example", "/s")).mock(
        return_value=httpx.Response(200, headers={"content-type": HTML}, content=body())
    )

    assert resolver.resolve("https://news.example/s").title == "Short"
    assert chunks_read == 1


@pytest.mark.parametrize(
    "failure", [httpx.ConnectTimeout("connect"), httpx.ReadTimeout("read"), httpx.PoolTimeout("")]
)
def test_time_out_is_an_error(
    mock: respx.MockRouter, resolver: LinkResolver, failure: Exception
) -> None:
    mock.get(at("t.co", "/slow")).mock(side_effect=failure)

    result = resolver.resolve("https://t.co/slow")

    assert result.error == "timed out"
    assert result.canonical_url is None


def test_time_out_while_reading_the_page_keeps_the_final_url(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    def stalls() -> Iterator[bytes]:
        yield b"<head>"
        raise httpx.ReadTimeout("read")

    mock.get(at("t.co", "/s")).mock(return_value=redirect("https://news.example/slow"))
    mock.get(at("news.example", "/slow")).mock(
        return_value=httpx.Response(200, headers={"content-type": HTML}, content=stalls())
    )

    result = resolver.resolve("https://t.co/s")

    assert result.error == "timed out"
    assert result.canonical_url == "https://news.example/slow"


def test_slow_dns_times_out(mock: respx.MockRouter, client: httpx.Client) -> None:
    resolver = LinkResolver(
        client, resolve_host=FakeDNS(delay=1.0), limits=FetchLimits(dns_timeout=0.1)
    )
    started = time.monotonic()

    assert resolver.resolve("https://news.example/").error == "timed out"
    assert time.monotonic() - started < 0.5


def test_connection_refused_is_an_error(mock: respx.MockRouter, resolver: LinkResolver) -> None:
    mock.get(at("news.example", "/")).mock(side_effect=httpx.ConnectError("refused"))

    assert resolver.resolve("https://news.example/").error == "could not connect"


def test_default_client_keeps_no_cookies_and_follows_no_redirects() -> None:
    with LinkResolver() as resolver:
        client = resolver.client
        assert client.follow_redirects is False
        assert client.trust_env is False
        client.cookies.extract_cookies(
            httpx.Response(
                200,
                headers={"set-cookie": "id=1; Path=/"},
                request=httpx.Request("GET", "https://news.example/"),
            )
        )
        assert not client.cookies


# ---------------------------------------------------------------------------
# The cache in the store
# ---------------------------------------------------------------------------


def test_results_are_cached_in_the_store(
    mock: respx.MockRouter, client: httpx.Client, dns: FakeDNS, sqlite_store: Store
) -> None:
    route = mock.get(at("t.co", "/c")).mock(return_value=redirect("https://news.example/c"))
    mock.get(at("news.example", "/c")).mock(return_value=page("<title>Cached</title>"))
    first = LinkResolver(client, store=sqlite_store, resolve_host=dns).resolve("https://t.co/c")

    # A new resolver (another worker, a restart) on the same store.
    second = LinkResolver(client, store=sqlite_store, resolve_host=dns).resolve("https://t.co/c")

    assert route.call_count == 1
    assert second.from_cache and not first.from_cache
    assert (second.canonical_url, second.title, second.error) == (
        "https://news.example/c",
        "Cached",
        None,
    )


def test_errors_are_cached_for_a_shorter_time(
    mock: respx.MockRouter, client: httpx.Client, dns: FakeDNS, sqlite_store: Store
) -> None:
    route = mock.get(at("news.example", "/flaky")).mock(return_value=httpx.Response(503))
    limits = FetchLimits(cache_error_for=3600)
    resolver = LinkResolver(client, store=sqlite_store, resolve_host=dns, limits=limits)
    resolver.resolve("https://news.example/flaky")
    assert resolver.resolve("https://news.example/flaky").error == "HTTP 503"
    assert route.call_count == 1

    with sqlite_store.session() as session:  # the error was stored an hour ago
        linkcache.save_link(
            session,
            "https://news.example/flaky",
            resolved_url=None,
            title=None,
            error="HTTP 503",
            fetched_ts=now_ts() - 3600,
        )
    route.mock(return_value=page("<title>Back</title>"))

    assert resolver.resolve("https://news.example/flaky").title == "Back"
    assert route.call_count == 2


def test_successes_expire_after_their_time(
    mock: respx.MockRouter, client: httpx.Client, dns: FakeDNS, sqlite_store: Store
) -> None:
    route = mock.get(at("news.example", "/old")).mock(return_value=page("<title>New</title>"))
    with sqlite_store.session() as session:
        linkcache.save_link(
            session,
            "https://news.example/old",
            resolved_url="https://news.example/old",
            title="Old",
            error=None,
            fetched_ts=now_ts() - 8 * 24 * 3600,
        )

    resolver = LinkResolver(client, store=sqlite_store, resolve_host=dns)

    assert resolver.resolve("https://news.example/old").title == "New"
    assert route.call_count == 1


# ---------------------------------------------------------------------------
# check_target with a resolver
# ---------------------------------------------------------------------------


@pytest.fixture
def store_with_article(sqlite_store: Store, tmp_path: Path) -> Store:
    records = [
        record(
            str(n),
            f"sharer{n}",
            urls=["https://www.news.example/story?id=7&utm_source=fb"],
            posted_at=f"2023-06-05T00:01:{n:02d}Z",
        )
        for n in range(4)
    ]
    ingest_file(sqlite_store, write_jsonl(tmp_path / "posts.jsonl", records))
    return sqlite_store


def test_short_link_to_a_stored_article_gets_that_articles_verdict(
    mock: respx.MockRouter, resolver: LinkResolver, store_with_article: Store
) -> None:
    mock.get(at("t.co", "/abc")).mock(
        return_value=redirect("https://news.example/story?id=7&utm_source=tw")
    )
    mock.get(at("news.example", "/story?id=7&utm_source=tw")).mock(
        return_value=page(
            '<head><meta property="og:url" content="/story?id=7"><title>Story</title></head>'
        )
    )
    direct = check_target(store_with_article, "https://news.example/story?id=7")

    verdict = check_target(store_with_article, "<https://t.co/abc>", resolver=resolver)

    assert verdict.target == "https://news.example/story?id=7"
    assert verdict.kind == "article"
    assert verdict.level == direct.level
    assert [e.text for e in verdict.evidence] == [e.text for e in direct.evidence]
    assert "shared in 4 posts by 4 accounts" in verdict.evidence[0].text
    assert verdict.note.startswith(
        't.co/abc resolves to https://news.example/story?id=7 ("Story").'
    )


def test_short_link_to_a_post_is_checked_as_that_post(
    mock: respx.MockRouter, resolver: LinkResolver, sqlite_store: Store
) -> None:
    mock.get(at("t.co", "/p")).mock(
        return_value=redirect("https://twitter.com/someone/status/123?s=20")
    )
    mock.get(at("twitter.com", "/someone/status/123?s=20")).mock(return_value=httpx.Response(403))

    verdict = check_target(sqlite_store, "https://t.co/p", resolver=resolver)

    assert verdict.kind == "post"
    assert verdict.target == "x post 123"
    assert "resolves to https://x.com/someone/status/123" in verdict.note
    assert "; the page answered HTTP 403." in verdict.note


def test_article_link_that_resolves_to_itself_notes_its_title(
    mock: respx.MockRouter, resolver: LinkResolver, sqlite_store: Store
) -> None:
    mock.get(at("news.example", "/same")).mock(return_value=page("<title>Same page</title>"))

    verdict = check_target(
        sqlite_store, "https://news.example/same?utm_source=x", resolver=resolver
    )

    assert verdict.target == "https://news.example/same"
    assert verdict.note.startswith('The page is titled "Same page".')


def test_unresolvable_link_is_checked_as_given_with_a_note(
    mock: respx.MockRouter, resolver: LinkResolver, sqlite_store: Store
) -> None:
    mock.get(at("t.co", "/x")).mock(side_effect=httpx.ConnectTimeout("connect"))

    verdict = check_target(sqlite_store, "https://t.co/x", resolver=resolver)

    assert verdict.target == "https://t.co/x"
    assert verdict.note.startswith("Could not resolve the link: timed out; checked it as given.")


def test_handles_and_checks_without_a_resolver_fetch_nothing(
    mock: respx.MockRouter, resolver: LinkResolver, dns: FakeDNS, store_with_article: Store
) -> None:
    check_target(store_with_article, "@sharer1", resolver=resolver)
    check_target(store_with_article, "https://x.com/sharer1/status/1", resolver=resolver)
    check_target(store_with_article, "https://t.co/abc")

    assert not mock.calls and not dns.asked


def test_link_cache_rows_are_replaced_and_pruned(store: Store) -> None:
    url = "https://t.co/row"
    with store.session() as session:
        linkcache.save_link(
            session, url, resolved_url=None, title=None, error="timed out", fetched_ts=100
        )
    with store.session() as session:
        assert linkcache.save_link(
            session,
            url,
            resolved_url="https://news.example/" + "a" * 3000,  # too long for the column
            title="T" * 5000,
            error=None,
            fetched_ts=200,
        )
        assert not linkcache.save_link(
            session,
            "https://x/" + "a" * 3000,
            resolved_url=None,
            title=None,
            error=None,
            fetched_ts=200,
        )
    with store.session() as session:
        row = linkcache.cached_link(session, url)
        assert row is not None
        assert (row.resolved_url, len(row.title or ""), row.error, row.fetched_ts) == (
            None,
            linkcache.MAX_TITLE,
            None,
            200,
        )
        assert linkcache.prune_links(session, before_ts=201) == 1
        assert linkcache.cached_link(session, url) is None
