"""Resolving pasted links safely: short links expanded, a page's own canonical URL read.

Analysts paste t.co and bit.ly links and tracking-laden article URLs. A
`LinkResolver` follows the redirects and reads the page's `og:url`,
`<link rel=canonical>` and title, so a check looks up the URL every variant of
the article shares (`storage.urls.canonical_url`). Results are cached in the
store (`storage.linkcache`), so one URL is fetched once. What the page says
about itself is read by `services.page_head`; this module does the fetching.

Fetching a link a stranger pasted must not become a way into our own network,
so every fetch keeps to these rules:

- only http and https;
- the host is resolved first and every address it resolves to must be public
  (not private, loopback, link-local, multicast, reserved, unspecified, shared,
  nor an IPv6 form of such an IPv4 address); the request then goes to that
  checked address (Host header and TLS server name stay the link's host), so a
  second DNS answer cannot swap in a private address;
- only ports 80 and 443 (`FetchLimits.ports`): a link cannot make us probe
  other services of a public host;
- redirects are followed one at a time, each hop checked the same way, at most
  `FetchLimits.max_redirects` of them, loops refused;
- short connect and read time-outs and one hard deadline for the whole
  resolution, DNS included: at the deadline the fetch's sockets are shut
  down (services.fetch_deadline), however slowly a server trickles bytes;
- at most `FetchLimits.links_per_check` links are fetched for one check (a
  message, a command), at the same time, within one deadline
  (`resolve_targets`); links in the cache do not count;
- only HTML is read, and only up to `FetchLimits.max_body` bytes after
  decompression, stopping at the end of `<head>`; no cookies kept, no
  connection reused.

Failures are never raised: they come back as a `Resolution` with a short,
user-facing `error` ("link points to a private address", "timed out", ...).
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType

import httpx

from services.fetch_deadline import Deadline, DeadlineTransport
from services.page_head import PageHead, PageUnreadable, read_head
from storage import linkcache
from storage.db import Store, StoreBusy, now_ts
from storage.links import Target, url_platform_target
from storage.urls import canonical_url, is_short_link

USER_AGENT = "cibwatch/0.1 (link resolver of a coordinated-behaviour checker; one fetch per link)"

#: `resolve_host(host, port)` -> the IP addresses `host` resolves to (as strings).
#: Raises OSError (socket.gaierror) when the host is unknown.
ResolveHost = Callable[[str, int], Sequence[str]]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64).
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
#: Seconds caching a resolution waits for the store's write lock before skipping it.
CACHE_WAIT = 2.0

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchLimits:
    """How far a resolution may go. Times are seconds, sizes bytes, ages seconds."""

    max_redirects: int = 5
    connect_timeout: float = 3.0
    read_timeout: float = 5.0
    dns_timeout: float = 3.0
    deadline: float = 8.0  # the whole resolution: DNS, every hop and the body
    ports: frozenset[int] = frozenset({80, 443})
    links_per_check: int = 3
    max_body: int = 512 * 1024
    cache_ok_for: int = 7 * 24 * 3600
    cache_error_for: int = 3600


@dataclass(frozen=True)
class Resolution:
    """What a link turned out to be.

    `final_url` is where the redirects ended and `canonical_url` the URL the
    store uses for the page: the page's own `og:url` (or `rel=canonical`,
    when on the same site), else the final URL, in `canonical_url` form. Both
    are None when no page answered; they are set alongside `error` when a
    page answered but could not be read (e.g. "HTTP 403" after a redirect),
    because where the link leads is still known. From the cache,
    `final_url` is the stored canonical URL.
    """

    url: str
    final_url: str | None
    canonical_url: str | None
    title: str | None
    error: str | None
    from_cache: bool = field(default=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the page was reached and read."""
        return self.error is None


def system_resolve_host(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for `host` (socket.getaddrinfo)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def is_public_address(address: str) -> bool:
    """True if `address` is a global unicast IP address a link may make us connect to.

    False for private, loopback, link-local, multicast, reserved, unspecified
    and shared (carrier NAT) addresses, for IPv6 addresses that embed such an
    IPv4 address (mapped, 6to4, Teredo, NAT64), and for anything not an address.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
        if any(ip in network for network in _NAT64):
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(v4 is not None and not is_public_address(str(v4)) for v4 in embedded):
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


class _Failure(Exception):
    """Why a resolution stopped; `final_url` when a page had answered already.

    `network` marks failures of the network (time-outs, refused connections,
    unknown hosts) rather than of the link: after a redirect, where the link
    leads is then still known.
    """

    def __init__(self, reason: str, final_url: str | None = None, *, network: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.final_url = final_url
        self.network = network


class LinkResolver:
    """Resolves links under the safety rules of this module, caching results in a store.

    `client` is used as given (tests pass one mocked with respx); without
    one, a client with the right settings (no redirects, no proxies from the
    environment, no cookies, no keep-alive) is built on first use and closed
    by `close()`. `resolve_host` replaces DNS and `address_ok` the public
    address rule (tests, which fetch from a local server); `store` holds the
    cache (None: no cache). Safe to share between threads.
    """

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        store: Store | None = None,
        resolve_host: ResolveHost = system_resolve_host,
        limits: FetchLimits | None = None,
        address_ok: Callable[[str], bool] = is_public_address,
    ) -> None:
        self.store = store
        self.limits = limits or FetchLimits()
        self._resolve_host = resolve_host
        self._address_ok = address_ok
        self._client = client
        self._owns_client = client is None
        self._lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------

    @property
    def client(self) -> httpx.Client:
        """The HTTP client, built on first use when none was given."""
        with self._lock:
            if self._client is None:
                self._client = _default_client(self.limits)
            return self._client

    def close(self) -> None:
        """Close the client if this resolver built it."""
        with self._lock:
            if self._owns_client and self._client is not None:
                self._client.close()
                self._client = None

    def __enter__(self) -> LinkResolver:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- resolving ---------------------------------------------------------

    def resolve(self, url: str) -> Resolution:
        """Where `url` leads, its canonical URL and title, from the cache or by fetching it once.

        Never raises for anything the link or the network does; see `Resolution.error`.
        """
        cached = self.cached(url)
        if cached is not None:
            return cached
        result = self._fetch(url)
        self._remember(result)
        return result

    def cached(self, url: str) -> Resolution | None:
        """What the cache knows of `url` while it is fresh, else None (nothing is fetched)."""
        if self.store is None:
            return None
        with self.store.session() as session:
            row = linkcache.cached_link(session, url)
        if row is None:
            return None
        max_age = self.limits.cache_error_for if row.error else self.limits.cache_ok_for
        if now_ts() - row.fetched_ts >= max_age:
            return None
        return Resolution(
            url, row.resolved_url, row.resolved_url, row.title, row.error, from_cache=True
        )

    def _remember(self, result: Resolution) -> None:
        if self.store is None:
            return
        try:
            with self.store.session(wait=CACHE_WAIT) as session:
                linkcache.save_link(
                    session,
                    result.url,
                    resolved_url=result.canonical_url,
                    title=result.title,
                    error=result.error,
                    fetched_ts=now_ts(),
                )
        except StoreBusy:  # the next check fetches the link again; this one goes on
            log.warning("store busy: the resolution of a link was not cached")

    def _fetch(self, url: str) -> Resolution:
        try:
            current = _clean(httpx.URL(url))
        except (httpx.InvalidURL, TypeError, ValueError):
            return Resolution(url, None, None, None, "not a valid link")
        with Deadline(self.limits.deadline) as hard:
            return self._follow(url, current, hard)

    def _follow(self, url: str, current: httpx.URL, hard: Deadline) -> Resolution:
        """Fetch `current` and the redirects after it, within `hard`'s deadline."""
        deadline = hard.at
        seen: set[str] = set()
        try:
            for _ in range(self.limits.max_redirects + 1):
                if str(current) in seen:
                    raise _Failure("redirect loop")
                seen.add(str(current))
                address = self._checked_address(current, deadline)
                response = self._send(current, address, deadline)
                try:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location:
                        current = _next_hop(current, location)
                        continue
                    return self._read_page(url, current, response, hard)
                finally:
                    response.close()  # the rest of the body is never read
            raise _Failure("too many redirects")
        except _Failure as failure:
            if hard.expired:  # whatever broke, it broke because the sockets were cut
                failure = _Failure("timed out", failure.final_url, network=True)
            final = failure.final_url
            if final is None and failure.network and len(seen) > 1:
                final = str(current)  # a redirect named it; only reaching it failed
            return Resolution(
                url, final, canonical_url(final) if final else None, None, failure.reason
            )

    def _checked_address(self, url: httpx.URL, deadline: float) -> str:
        """A public address of `url`'s host to connect to; _Failure when there is none."""
        if url.scheme not in ("http", "https"):
            raise _Failure("only http and https links are fetched")
        host = url.raw_host.decode("ascii")
        if not host:
            raise _Failure("not a valid link")
        try:
            literal: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(
                host
            )
        except ValueError:
            literal = None
        port = url.port or _port(url)
        addresses = [str(literal)] if literal else self._lookup(host, port, deadline)
        if not addresses:
            raise _Failure("host not found", network=True)
        # Every address must be public: a name that also resolves to a private
        # address is refused even if the first answer looks fine.
        if not all(self._address_ok(a) for a in addresses):
            raise _Failure("link points to a private address")
        if port not in self.limits.ports:
            ports = " and ".join(str(p) for p in sorted(self.limits.ports))
            raise _Failure(f"only links on ports {ports} are fetched")
        return addresses[0].split("%", 1)[0]

    def _lookup(self, host: str, port: int, deadline: float) -> list[str]:
        # getaddrinfo has no time-out of its own: run it on a helper thread and
        # stop waiting at the deadline (the thread ends with the system's own).
        wait = min(self.limits.dns_timeout, deadline - time.monotonic())
        if wait <= 0:
            raise _Failure("timed out", network=True)
        outcome: dict[str, object] = {}

        def run() -> None:
            try:
                outcome["addresses"] = list(self._resolve_host(host, port))
            except (OSError, UnicodeError, ValueError):
                outcome["addresses"] = []

        thread = threading.Thread(target=run, name="cib-dns", daemon=True)
        thread.start()
        thread.join(wait)
        if thread.is_alive():
            raise _Failure("timed out", network=True)
        found = outcome.get("addresses")
        return [str(a) for a in found] if isinstance(found, list) else []

    def _send(self, url: httpx.URL, address: str, deadline: float) -> httpx.Response:
        """Open a GET of `url` on the checked `address`; the response body is not read yet."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Failure("timed out", network=True)
        limits = self.limits
        timeout = httpx.Timeout(
            connect=min(limits.connect_timeout, remaining),
            read=min(limits.read_timeout, remaining),
            write=min(limits.connect_timeout, remaining),
            pool=min(limits.connect_timeout, remaining),
        )
        host = url.raw_host.decode("ascii")
        headers = {
            "Host": url.netloc.decode("ascii"),
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip",
            "Connection": "close",
        }
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        pinned = url.copy_with(host=address)
        try:
            request = self.client.build_request(
                "GET", pinned, headers=headers, extensions=extensions, timeout=timeout
            )
            return self.client.send(request, stream=True, follow_redirects=False)
        except httpx.TimeoutException:
            raise _Failure("timed out", network=True) from None
        except httpx.ConnectError:
            raise _Failure("could not connect", network=True) from None
        except (httpx.HTTPError, httpx.InvalidURL):
            raise _Failure("could not fetch the link", network=True) from None

    def _read_page(
        self, url: str, final: httpx.URL, response: httpx.Response, hard: Deadline
    ) -> Resolution:
        final_url = str(final)
        if response.status_code >= 400:
            raise _Failure(f"HTTP {response.status_code}", final_url)
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type not in _HTML_TYPES:
            return Resolution(url, final_url, canonical_url(final_url), None, None)
        try:
            body = read_head(response, self.limits.max_body, hard.at)
        except PageUnreadable as unreadable:
            raise _Failure(unreadable.reason, final_url) from None
        except httpx.TimeoutException:
            raise _Failure("timed out", final_url) from None
        except httpx.HTTPError:
            raise _Failure("could not read the page", final_url) from None
        if hard.expired:  # a cut connection can look like a short page
            raise _Failure("timed out", final_url)
        head = PageHead.read(body, response.charset_encoding)
        return Resolution(url, final_url, head.canonical(final), head.title, None)


def _default_client(limits: FetchLimits) -> httpx.Client:
    return httpx.Client(
        # Every socket is cut at its fetch's hard deadline (services.fetch_deadline). No
        # keep-alive: a pooled connection is keyed by address, not by TLS server name, so
        # a reused one could carry another host's request. One connection per request.
        transport=DeadlineTransport(max_connections=20),
        follow_redirects=False,
        # Proxies from the environment would connect for us, to whatever
        # address they resolve: the checked address must be the one dialled.
        trust_env=False,
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        headers={"User-Agent": USER_AGENT},
    )


def _port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def _clean(url: httpx.URL) -> httpx.URL:
    """`url` without user info (never sent) or fragment (never fetched)."""
    if url.userinfo:
        url = url.copy_with(userinfo=b"")
    return url.copy_with(fragment=None)


def _next_hop(current: httpx.URL, location: str) -> httpx.URL:
    try:
        return _clean(current.join(location.strip()))
    except (httpx.InvalidURL, TypeError, ValueError):
        raise _Failure("redirect to an invalid link") from None


# ---------------------------------------------------------------------------
# Checks: the target a link stands for
# ---------------------------------------------------------------------------


def resolves_on_check(target: Target) -> bool:
    """True for targets a check resolves first: article links and short links."""
    return target.url is not None and (target.kind == "article" or is_short_link(target.url))


def resolve_target(resolver: LinkResolver, target: Target) -> tuple[Target, str]:
    """(the target to check, a note for the verdict) after resolving an article or short link.

    A link that resolves to another canonical URL is checked as that URL: a
    post or profile link on a platform becomes a post or account target. When
    the link cannot be resolved, the target is checked as given and the note
    says why. The page's title, when read, is in the note. Other targets come
    back unchanged with no note.
    """
    if not resolves_on_check(target):
        return target, ""
    assert target.url is not None
    result = resolver.resolve(target.url)
    resolved = result.canonical_url
    if resolved is None or resolved == target.url:
        if result.error:
            return target, f"Could not resolve the link: {result.error}; checked it as given."
        return target, f'The page is titled "{result.title}".' if result.title else ""
    note = f"{_display(target.url)} resolves to {resolved}"
    note += f' ("{result.title}")' if result.title else ""
    note += f"; the page answered {result.error}." if result.error else "."
    found = url_platform_target(resolved)
    if found is not None:
        return Target(
            found.kind, found.platform, found.handle, found.post_id, resolved, target.raw
        ), note
    return Target("article", None, None, None, resolved, target.raw), note


def resolve_targets(resolver: LinkResolver, targets: Sequence[Target]) -> list[tuple[Target, str]]:
    """`resolve_target` for every target of one check (a message, a command), in order.

    Links the cache knows cost nothing; of the others, at most
    `links_per_check` are fetched, all at the same time (their deadlines
    start together, so the check waits one deadline at most, however many
    links it names). The rest are checked as given, with a note saying so.
    """
    limit = resolver.limits.links_per_check
    outcomes: list[tuple[Target, str]] = [(target, "") for target in targets]
    to_fetch: list[int] = []  # cached links too: resolve_target reads them at once
    fetches = 0
    for i, target in enumerate(targets):
        if not resolves_on_check(target):
            continue
        assert target.url is not None
        if resolver.cached(target.url) is not None:
            to_fetch.append(i)
        elif fetches < limit:
            to_fetch.append(i)
            fetches += 1
        else:
            outcomes[i] = (
                target,
                f"Not fetched: cibwatch fetches at most {limit} links per check; "
                "checked it as given.",
            )
    if to_fetch:
        with ThreadPoolExecutor(max_workers=len(to_fetch), thread_name_prefix="cib-fetch") as pool:
            done = pool.map(lambda i: resolve_target(resolver, targets[i]), to_fetch)
            for i, outcome in zip(to_fetch, done, strict=True):
                outcomes[i] = outcome
    return outcomes


def _display(url: str) -> str:
    return url.removeprefix("https://")
