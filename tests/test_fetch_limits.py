"""How long and how much link fetching may take (services/resolver.py, services/fetch_deadline.py).

A fetch has a hard deadline that cuts its connection however slowly a
server trickles bytes (tried on a real local server that does, and on one
that never says a word, like a silent TLS listener); one check fetches at
most a few links, at the same time, within one deadline; only ports 80 and
443 are fetched. The count limits are also tried with respx.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence

import httpx
import pytest
import respx

from services.checks import check_many
from services.resolver import FetchLimits, LinkResolver
from storage.db import Store
from storage.links import parse_target

#: How long the local servers keep a connection going before giving up themselves.
SERVER_PATIENCE = 10.0
#: The fetch deadline in these tests (the bot's is 8 s).
DEADLINE = 1.0


class LocalServer:
    """A TCP server on 127.0.0.1 that handles each connection with `behaviour` on a thread.

    `behaviour(conn)` returns True if the client closed the connection first.
    Counts connections, the most open at once, and those the client closed.
    """

    def __init__(self, behaviour: Callable[[socket.socket], bool]) -> None:
        self.behaviour = behaviour
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.open = 0
        self.most_open = 0
        self.closed_by_client = 0
        self.finished = threading.Semaphore(0)
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:  # closed
                return
            with self._lock:
                self.accepted += 1
                self.open += 1
                self.most_open = max(self.most_open, self.open)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            by_client = self.behaviour(conn)
        with self._lock:
            self.open -= 1
            self.closed_by_client += by_client
        self.finished.release()

    def wait_until_finished(self, connections: int) -> None:
        """Until `connections` connections ended (fails the test after a generous wait)."""
        for _ in range(connections):
            assert self.finished.acquire(timeout=SERVER_PATIENCE + 10)

    def close(self) -> None:
        self.listener.close()


def _client_closed(conn: socket.socket, wait: float) -> bool:
    """True if the client closed (or cut) the connection within `wait` seconds."""
    conn.settimeout(wait)
    try:
        return conn.recv(4096) == b""
    except TimeoutError:
        return False
    except OSError:  # reset: cut
        return True


def trickle_headers(conn: socket.socket) -> bool:
    """Read the request, then send a never-ending status line and header, a byte at a time."""
    conn.settimeout(5)
    conn.recv(65536)
    started = time.monotonic()
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
        if time.monotonic() - started > SERVER_PATIENCE:
            return False
        try:
            conn.sendall(bytes([byte]))
        except OSError:
            return True
        if _client_closed(conn, 0.2):
            return True
    return False


def silent(conn: socket.socket) -> bool:
    """Never say a word (a TLS listener that never answers the handshake); True if the
    client hung up before the server's patience ran out."""
    started = time.monotonic()
    conn.settimeout(0.2)
    while time.monotonic() - started < SERVER_PATIENCE:
        try:
            if conn.recv(4096) == b"":  # what the client says (its TLS hello) is ignored
                return True
        except TimeoutError:
            continue
        except OSError:  # reset: cut
            return True
    return False


@pytest.fixture
def trickling_server() -> Iterator[LocalServer]:
    server = LocalServer(trickle_headers)
    yield server
    server.close()


@pytest.fixture
def silent_server() -> Iterator[LocalServer]:
    server = LocalServer(silent)
    yield server
    server.close()


def local_resolver(port: int) -> LinkResolver:
    """A resolver with the bot's own HTTP client, sent to 127.0.0.1:`port` for every host.

    Only this test's loopback address and port are let through; per-read
    time-outs are longer than the deadline, so only the deadline can end a fetch.
    """
    return LinkResolver(
        resolve_host=lambda host, _port: ["127.0.0.1"],
        address_ok=lambda address: address == "127.0.0.1",
        limits=FetchLimits(
            deadline=DEADLINE, connect_timeout=5.0, read_timeout=5.0, ports=frozenset({port})
        ),
    )


def test_trickled_headers_are_cut_off_at_the_deadline(trickling_server: LocalServer) -> None:
    with local_resolver(trickling_server.port) as resolver:
        result = resolver.resolve(f"http://slow.example:{trickling_server.port}/story")

    assert result.error == "timed out"
    trickling_server.wait_until_finished(1)
    # The bot hung up while the server was still trickling, not the other way round.
    assert trickling_server.closed_by_client == 1


def test_ten_links_to_a_silent_tls_listener_cost_one_deadline(
    silent_server: LocalServer, sqlite_store: Store
) -> None:
    port = silent_server.port
    targets = [parse_target(f"https://silent{i}.example:{port}/story") for i in range(10)]

    with local_resolver(port) as resolver:
        verdicts = check_many(sqlite_store, targets, resolver=resolver)

    silent_server.wait_until_finished(3)
    assert silent_server.accepted == 3  # three links fetched...
    assert silent_server.most_open == 3  # ...at the same time...
    assert silent_server.closed_by_client == 3  # ...and cut off at the deadline
    fetched, skipped = verdicts[:3], verdicts[3:]
    assert all(v.note.startswith("Could not resolve the link: timed out") for v in fetched)
    assert all(v.note.startswith("Not fetched: cibwatch fetches at most 3") for v in skipped)


# ---------------------------------------------------------------------------
# Counts and ports, with respx
# ---------------------------------------------------------------------------

NEWS = "93.184.216.34"


def fake_dns(host: str, port: int) -> Sequence[str]:
    return [NEWS]


@pytest.fixture
def mock() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.fixture
def resolver(sqlite_store: Store) -> Iterator[LinkResolver]:
    with httpx.Client() as client:
        yield LinkResolver(client, store=sqlite_store, resolve_host=fake_dns)


def _page(n: int) -> httpx.Response:
    return httpx.Response(
        200, headers={"content-type": "text/html"}, text=f"<title>Story {n}</title>"
    )


def test_one_check_fetches_at_most_three_links_and_cached_ones_are_free(
    mock: respx.MockRouter, resolver: LinkResolver, sqlite_store: Store
) -> None:
    for n in range(8):
        mock.get(f"https://{NEWS}/story{n}").mock(return_value=_page(n))
    resolver.resolve("https://news.example/story0")
    resolver.resolve("https://news.example/story1")
    mock.reset()  # the calls so far filled the cache
    targets = [parse_target(f"https://news.example/story{n}") for n in range(8)]

    verdicts = check_many(sqlite_store, targets, resolver=resolver)

    fetched = sorted(str(call.request.url) for call in mock.calls)
    assert fetched == [f"https://{NEWS}/story{n}" for n in (2, 3, 4)]
    titled = [v for v in verdicts if "is titled" in v.note]
    assert len(titled) == 5  # two from the cache, three fetched
    assert [v.target for v in verdicts if v.note.startswith("Not fetched")] == [
        f"https://news.example/story{n}" for n in (5, 6, 7)
    ]


@pytest.mark.parametrize(
    "url", ["https://news.example:8443/a", "http://news.example:22/", "http://news.example:6379/"]
)
def test_links_on_other_ports_are_not_fetched(
    mock: respx.MockRouter, resolver: LinkResolver, url: str
) -> None:
    result = resolver.resolve(url)

    assert result.error == "only links on ports 80 and 443 are fetched"
    assert not mock.calls


def test_a_redirect_to_another_port_is_refused_on_the_hop(
    mock: respx.MockRouter, resolver: LinkResolver
) -> None:
    mock.get(f"https://{NEWS}/r").mock(
        return_value=httpx.Response(302, headers={"location": "http://news.example:11211/"})
    )

    result = resolver.resolve("https://news.example/r")

    assert result.error == "only links on ports 80 and 443 are fetched"
    assert len(mock.calls) == 1


def test_explicit_default_ports_are_fetched(mock: respx.MockRouter, resolver: LinkResolver) -> None:
    mock.get(f"https://{NEWS}/p").mock(return_value=_page(1))

    assert resolver.resolve("https://news.example:443/p").error is None
