"""Requests that are not Slack's: refused at the door, before anything reads or parses them.

Anyone can post to the events URL. An oversized body is refused without
being read to its end, an unsigned one before it is parsed, and a signed one
that is not a Slack payload with 400: never a 500, never a stack trace.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import socket
import time
from urllib.parse import urlparse

import httpx
import pytest
from fakes import SIGNING_SECRET

#: The largest body the bot reads (the README's promise).
MAX_BODY = 1024 * 1024


def _address(bot_url: str) -> tuple[str, int]:
    parsed = urlparse(bot_url)
    assert parsed.hostname is not None and parsed.port is not None
    return parsed.hostname, parsed.port


def _status_line(sock: socket.socket) -> str:
    """The first line of the response; fails the test if none comes within 10 seconds."""
    sock.settimeout(10)
    received = b""
    while b"\r\n" not in received:
        chunk = sock.recv(4096)
        if not chunk:
            break
        received += chunk
    return received.split(b"\r\n", 1)[0].decode()


def _send_quietly(sock: socket.socket, data: bytes) -> None:
    # The bot may answer and close while we are still sending: that is the point.
    with contextlib.suppress(OSError):
        sock.sendall(data)


def test_oversized_unsigned_post_is_refused_from_its_declared_length(bot_url: str) -> None:
    with socket.create_connection(_address(bot_url)) as sock:
        _send_quietly(
            sock,
            b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            b"Content-Length: 400000000\r\n\r\n" + b"x" * 65536,
        )
        # 400 MB announced, 64 KB sent: the answer comes without the rest being read.
        assert _status_line(sock) == "HTTP/1.1 413 Request Entity Too Large"


def test_chunked_post_is_read_only_up_to_the_limit(bot_url: str) -> None:
    chunk = b"x" * 65536
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    with socket.create_connection(_address(bot_url)) as sock:
        _send_quietly(
            sock,
            b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n",
        )
        for _ in range(MAX_BODY // len(chunk) + 2):
            _send_quietly(sock, framed)
        # The body never ends (no last chunk): only a bot that stops reading can answer.
        assert _status_line(sock) == "HTTP/1.1 413 Request Entity Too Large"


def _signed_headers(body: bytes, content_type: str, secret: str = SIGNING_SECRET) -> dict[str, str]:
    ts = str(int(time.time()))
    mac = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": "v0=" + mac.hexdigest(),
    }


JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
JUNK = [
    (b"{", JSON),
    (b"[]", JSON),
    (b"null", JSON),
    (b'"text"', JSON),
    (b"\xff\xfe{}", JSON),
    (b'{"type": "event_callback"}', JSON),
    (b'{"type": "event_callback", "event": []}', JSON),
    (b"payload=%7B", FORM),
    (b"payload=%5B%5D", FORM),
    (b"payload=null", FORM),
    (b"payload=%7B%22type%22%3A1%7D", FORM),
    (b"a=b", FORM),
    (b"", FORM),
]


@pytest.mark.parametrize(("body", "content_type"), JUNK)
def test_signed_junk_is_400_without_a_trace(bot_url: str, body: bytes, content_type: str) -> None:
    response = httpx.post(
        bot_url + "/slack/events", content=body, headers=_signed_headers(body, content_type)
    )
    assert response.status_code == 400
    assert "Traceback" not in response.text and len(response.text) < 200


@pytest.mark.parametrize(("body", "content_type"), JUNK)
def test_unsigned_junk_is_401_without_a_trace(bot_url: str, body: bytes, content_type: str) -> None:
    for headers in (
        {"Content-Type": content_type},
        _signed_headers(body, content_type, secret="not-the-secret"),
        {**_signed_headers(body, content_type), "X-Slack-Request-Timestamp": "yesterday"},
    ):
        response = httpx.post(bot_url + "/slack/events", content=body, headers=headers)
        assert response.status_code == 401
        assert "Traceback" not in response.text


def test_stale_signature_is_refused(bot_url: str) -> None:
    body = b'{"type": "event_callback", "event": {"type": "message"}}'
    ts = str(int(time.time()) - 600)
    mac = hmac.new(SIGNING_SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    headers = {
        "Content-Type": JSON,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": "v0=" + mac.hexdigest(),
    }
    assert httpx.post(bot_url + "/slack/events", content=body, headers=headers).status_code == 401
