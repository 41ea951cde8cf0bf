"""The bot's two ways to meet Slack: HTTP (uvicorn) and Socket Mode.

HTTP mode serves `POST /slack/events` (commands, events and interactivity:
one Request URL for all three) and `GET /healthz`. Anyone can post to the
events URL, so a request earns each step before the next: its body is read
only up to `MAX_BODY` (413 past it, read no further), its signature is
checked on those raw bytes (401), and only then is it decoded and parsed
(400 for anything that is not a Slack payload). Requests are turned into
Bolt requests with Bolt's Starlette adapter; `App.dispatch` is synchronous
(it waits for the listener's ack), so it runs on a worker thread, never on
the event loop, and one slow ack cannot hold up other requests.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.request.internals import parse_body
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.app import Bot, build_bot, check_settings
from bot.settings import Settings
from storage import queries
from storage.db import Store, describe_store, open_store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
#: Largest request body read (bytes). Slack's own are a few KB (a modal's state, a long
#: message event); no real one comes near this.
MAX_BODY = 1024 * 1024
#: Slack signs every request with its time; older ones are replays (Slack's own rule).
MAX_REQUEST_AGE = 5 * 60


class Refused(Exception):
    """A request refused before it reaches Bolt: its HTTP status and a short reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def capped_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, read only while it stays within `limit` bytes (Refused 413 past it).

    A declared Content-Length over the limit is refused before a byte is read;
    a body without one (chunked) is read until it passes the limit, no further.
    """
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise Refused(400, "bad Content-Length")
        if int(declared) > limit:
            raise Refused(413, "request body too large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Refused(413, "request body too large")
    return bytes(body)


def signed_by_slack(
    body: bytes, timestamp: str | None, signature: str | None, secret: str, now: float
) -> bool:
    """True if `signature` is Slack's v0 HMAC of `body` (raw bytes) at a fresh `timestamp`."""
    if not secret or not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > MAX_REQUEST_AGE:
        return False
    mac = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest("v0=" + mac.hexdigest(), signature)


def slack_payload(body: bytes, content_type: str | None) -> str:
    """The body as text when it reads as a Slack payload (Refused 400 otherwise).

    Read the way Bolt reads it (a JSON object, a form with a JSON `payload`,
    or a slash command's form), so nothing Bolt would choke on reaches it.
    """
    try:
        text = body.decode("utf-8")
        data = parse_body(text, content_type)
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "not a Slack payload") from None
    if not isinstance(data, dict):
        raise Refused(400, "not a Slack payload")
    kind = data.get("type")
    if isinstance(kind, str):
        if kind == "event_callback" and not isinstance(data.get("event"), dict):
            raise Refused(400, "event_callback without an event")
        return text
    if isinstance(data.get("command"), str) or "ssl_check" in data:
        return text
    raise Refused(400, "not a Slack payload")


def store_ok(store: Store) -> str:
    """The word "ok" if the store answers a query, else "unavailable" (the reason is logged).

    /healthz answers anyone who can reach the port: the driver's error names
    hosts, ports and users, so it goes to the log only.
    """
    try:
        with store.session() as session:
            queries.ping(session)
    except Exception as exc:
        log.error("health check: the store does not answer: %s", _one_line(exc))
        return "unavailable"
    return "ok"


def _one_line(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()
    return text[0][:300] if text else type(exc).__name__


def create_asgi(
    app: App, store: Store, bot: Bot | None = None, *, signing_secret: str | None = None
) -> Starlette:
    """The ASGI app serving Slack's requests and the health check.

    `signing_secret` (default: the bot's) checks each request before Bolt
    sees it; without one every event request is refused.
    """
    secret = signing_secret if signing_secret is not None else (bot.signing_secret if bot else "")

    async def slack_events(request: Request) -> Response:
        try:
            body = await capped_body(request)
            headers = request.headers
            if not signed_by_slack(
                body,
                headers.get("x-slack-request-timestamp"),
                headers.get("x-slack-signature"),
                secret,
                time.time(),
            ):
                raise Refused(401, "invalid or missing signature")
            slack_payload(body, headers.get("content-type"))
        except Refused as refused:
            return PlainTextResponse(refused.reason, status_code=refused.status)
        try:
            bolt_request = to_bolt_request(request, body)
            bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        except Exception as exc:  # signed, yet Bolt could not read it
            error_id = secrets.token_hex(4)
            log.warning(
                "signed request Bolt could not read (error id %s): %s", error_id, _one_line(exc)
            )
            return PlainTextResponse(f"unreadable request (error id {error_id})", status_code=400)
        return to_starlette_response(bolt_response)

    async def healthz(request: Request) -> Response:
        db = await run_in_threadpool(store_ok, store)
        ok = db == "ok"
        return JSONResponse({"ok": ok, "db": db}, status_code=200 if ok else 503)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        if bot is not None:
            await run_in_threadpool(bot.close)

    return Starlette(
        routes=[
            Route(EVENTS_PATH, slack_events, methods=["POST"]),
            Route(HEALTH_PATH, healthz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


def http_server(asgi: Starlette, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server for `asgi` (not started)."""
    config = uvicorn.Config(
        asgi,
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        proxy_headers=True,
        timeout_graceful_shutdown=10,
    )
    return uvicorn.Server(config)


def bound_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket (port 0: any free port), for servers started in tests."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def serve_http(settings: Settings, host: str, port: int) -> None:
    """Run the bot in HTTP mode until interrupted (raises StartupError, StoreError)."""
    check_settings(settings, "http")
    store = open_store(settings.db_url)
    try:
        bot = build_bot(settings, store, "http")
        if bot.runtime.scheduler:
            bot.runtime.scheduler.start()
        server = http_server(create_asgi(bot.app, store, bot), host, port)
        log.warning(
            "cibwatch listening on http://%s:%d%s (store: %s)",
            host,
            port,
            EVENTS_PATH,
            describe_store(settings.db_url),
        )
        server.run()
    finally:
        store.dispose()


def serve_socket_mode(settings: Settings) -> None:
    """Run the bot in Socket Mode until interrupted (raises StartupError, StoreError)."""
    check_settings(settings, "socket")
    store = open_store(settings.db_url)
    bot: Bot | None = None
    try:
        bot = build_bot(settings, store, "socket")
        if bot.runtime.scheduler:
            bot.runtime.scheduler.start()
        handler = SocketModeHandler(bot.app, app_token=settings.slack_app_token)
        log.warning(
            "cibwatch connecting to Slack in Socket Mode (store: %s)",
            describe_store(settings.db_url),
        )
        handler.start()  # blocks; Ctrl-C raises KeyboardInterrupt
    finally:
        if bot is not None:
            bot.close()
        store.dispose()
