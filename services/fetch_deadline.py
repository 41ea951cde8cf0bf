"""A hard wall-clock limit on a link fetch: at its deadline, its sockets are shut down.

httpx's time-outs bound each socket operation, not the whole fetch: a server
that sends its response headers one byte a second, each byte inside the read
time-out, holds a fetch for as long as it likes (26 s in a test, until it
stopped). A worker thread blocked in `recv` cannot be told to stop, and
closing the socket from another thread does not wake it; shutting the
socket down does (`recv` returns at once).

So the resolver's HTTP client makes its connections through
`DeadlineBackend`, which registers every socket it opens (and the TLS socket
that replaces it) with the `Deadline` of the fetch running on that thread.
When the deadline passes, a timer shuts those sockets down: whatever the
fetch was waiting for (the TLS handshake with a silent listener, trickled
headers, a slow body) fails at once, and the resolver reports "timed out".
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import threading
import time
from types import TracebackType
from typing import Any

import httpcore
import httpx

_current = threading.local()


class Deadline:
    """The end of one fetch, `seconds` from now, enforced on its sockets.

    Use as a context manager around the fetch, on the thread that does it:
    sockets opened through `DeadlineBackend` on that thread meanwhile are shut
    down when the time is up (`expired` then says so). Leaving the block
    stops the timer.
    """

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + max(0.0, seconds)
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.name = "cib-fetch-deadline"

    def __enter__(self) -> Deadline:
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._timer.cancel()
        _current.deadline = None

    def remaining(self) -> float:
        """Seconds left (0 once passed)."""
        return max(0.0, self.at - time.monotonic())

    def track(self, sock: socket.socket) -> None:
        """Shut `sock` down at the deadline (at once if it has passed)."""
        with self._lock:
            if not self.expired:
                self._sockets.append(sock)
                return
        _shut(sock)

    def forget(self, sock: socket.socket) -> None:
        """`sock` is being closed by its owner: leave it alone."""
        with self._lock:
            if sock in self._sockets:
                self._sockets.remove(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)


def current_deadline() -> Deadline | None:
    """The deadline of the fetch running on this thread, if any."""
    return getattr(_current, "deadline", None)


def _shut(sock: socket.socket) -> None:
    # socket.socket.shutdown, not SSLSocket.shutdown: the TLS object may be in use on
    # the fetching thread; only the connection under it is cut.
    with contextlib.suppress(OSError):  # already closed, or never connected
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose socket the current fetch's Deadline can shut down."""

    def __init__(self, sock: socket.socket, deadline: Deadline | None) -> None:
        self._sock = sock
        self._deadline = deadline
        if deadline is not None:
            deadline.track(sock)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            self._sock.settimeout(timeout)
            return self._sock.recv(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(exc) from exc
        except OSError as exc:
            raise httpcore.ReadError(exc) from exc

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            while buffer:
                self._sock.settimeout(timeout)
                sent = self._sock.send(buffer)
                buffer = buffer[sent:]
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(exc) from exc
        except OSError as exc:
            raise httpcore.WriteError(exc) from exc

    def close(self) -> None:
        if self._deadline is not None:
            self._deadline.forget(self._sock)
        self._sock.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # The handshake runs on the TLS socket after it is tracked, so a silent or
        # trickling TLS listener is cut off at the deadline too.
        if self._deadline is not None:
            self._deadline.forget(self._sock)
        try:
            tls = ssl_context.wrap_socket(
                self._sock, server_hostname=server_hostname, do_handshake_on_connect=False
            )
        except (OSError, ValueError) as exc:
            self._sock.close()
            raise httpcore.ConnectError(exc) from exc
        stream = DeadlineStream(tls, self._deadline)
        try:
            tls.settimeout(timeout)
            tls.do_handshake()
        except TimeoutError as exc:
            stream.close()
            raise httpcore.ConnectTimeout(exc) from exc
        except OSError as exc:  # ssl.SSLError included
            stream.close()
            raise httpcore.ConnectError(exc) from exc
        return stream

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object" and isinstance(self._sock, ssl.SSLSocket):
            return self._sock._sslobj  # type: ignore[attr-defined]  # what httpcore reads ALPN from
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "socket":
            return self._sock
        if info == "is_readable":  # an idle connection that turned readable was dropped
            readable, _, _ = select.select([self._sock], [], [], 0)
            return bool(readable)
        return None


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend, with every socket tracked by the current fetch's Deadline."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        deadline = current_deadline()
        if deadline is not None:
            timeout = (
                deadline.remaining() if timeout is None else min(timeout, deadline.remaining())
            )
        source = (local_address, 0) if local_address else None
        try:
            sock = socket.create_connection((host, port), timeout, source_address=source)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(exc) from exc
        except OSError as exc:
            raise httpcore.ConnectError(exc) from exc
        for option in socket_options or ():
            sock.setsockopt(*option)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return DeadlineStream(sock, deadline)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("links are never fetched over a unix socket")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's HTTP transport on a DeadlineBackend: HTTP/1.1 only, no proxies, no keep-alive."""

    def __init__(self, max_connections: int = 20) -> None:
        super().__init__(trust_env=False)
        # httpx builds its connection pool without a way to pass a network backend:
        # replace it (nothing has connected yet) with one that has ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=0,
            http1=True,
            http2=False,
            network_backend=DeadlineBackend(),
        )
