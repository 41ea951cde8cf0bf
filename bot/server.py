"""The bot's two ways to meet Slack: HTTP (uvicorn) and Socket Mode.

HTTP mode serves `POST /slack/events` (commands, events and interactivity:
one Request URL for all three) and `GET /healthz`. Requests are turned into
Bolt requests with Bolt's Starlette adapter; `App.dispatch` is synchronous
(it waits for the listener's ack), so it runs on a worker thread, never on
the event loop, and one slow ack cannot hold up other requests.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.app import Bot, build_bot, check_settings
from bot.settings import Settings
from storage import queries
from storage.db import Store, describe_store, open_store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


def store_ok(store: Store) -> str:
    """The word "ok" if the store answers a query, else the error in one line."""
    try:
        with store.session() as session:
            queries.ping(session)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return "ok"


def create_asgi(app: App, store: Store, bot: Bot | None = None) -> Starlette:
    """The ASGI app serving Slack's requests and the health check."""

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        bolt_request = to_bolt_request(request, body)
        bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
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
