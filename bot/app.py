"""The app factory: Settings and a Store in, a Bolt app with every listener out.

Nothing here runs at import. `build_bot()` builds the Web API client (on
`SLACK_API_URL`, retrying rate limits and dropped connections), the worker
pool, event dedupe, and registers each handler module. Building the app
calls `auth.test` once, so a wrong bot token fails at start, clearly, not
on the first user's command.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.scheduler import DigestScheduler
from bot.settings import Settings
from detection.sweep import DetectionConfig
from handlers import (
    actions,
    commands,
    digest,
    errors,
    export,
    flag_commands,
    home,
    messages,
    review,
    shortcuts,
    watchlist,
    workflow,
)
from handlers.dedupe import EventDedupe
from handlers.pool import WorkPool
from handlers.runtime import Runtime
from services.pictures import PictureDrawer
from services.resolver import LinkResolver
from storage.db import Store

log = logging.getLogger(__name__)

Mode = Literal["http", "socket"]

#: Bolt's own threads: they parse, ack and hand off, so a few more than the
#: pool's workers keep acks flowing while every worker is busy.
LISTENER_THREADS = 16
#: Web API calls: seconds before giving up on one HTTP request.
WEB_API_TIMEOUT = 15
RATE_LIMIT_RETRIES = 3
CONNECTION_RETRIES = 2
#: What each mode cannot start without.
REQUIRED: dict[Mode, tuple[str, ...]] = {
    "http": ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
    "socket": ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"),
}


class StartupError(Exception):
    """The bot cannot start: missing or refused settings. One line, user-facing."""


@dataclass
class Bot:
    """A built app, the runtime it shares with its handlers, and Bolt's listener threads."""

    app: App
    runtime: Runtime
    listener_threads: ThreadPoolExecutor
    #: checks HTTP requests before Bolt reads them (bot.server); empty in Socket Mode
    signing_secret: str = ""

    def close(self) -> None:
        """Finish queued work and stop the threads (the store is closed by whoever opened it)."""
        self.runtime.close()
        self.listener_threads.shutdown(wait=True)


def missing_settings(settings: Settings, mode: Mode) -> list[str]:
    """Names of the environment variables `mode` needs that are not set."""
    values = {
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_SIGNING_SECRET": settings.slack_signing_secret,
        "SLACK_APP_TOKEN": settings.slack_app_token,
    }
    return [name for name in REQUIRED[mode] if not values[name].strip()]


def check_settings(settings: Settings, mode: Mode) -> None:
    """Raise StartupError naming what `mode` needs and is missing or malformed."""
    missing = missing_settings(settings, mode)
    if missing:
        # Short enough for one terminal line: the CLI prints it as is.
        raise StartupError(f"set {' and '.join(missing)} (environment or .env)")
    if mode == "socket" and not settings.slack_app_token.startswith("xapp-"):
        raise StartupError("SLACK_APP_TOKEN must be an app-level token (xapp-...)")


def web_client(settings: Settings) -> WebClient:
    """The Web API client: `SLACK_API_URL`, retries on 429 (honouring Retry-After) and resets."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=WEB_API_TIMEOUT,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


def build_bot(settings: Settings, store: Store, mode: Mode = "http") -> Bot:
    """Build the Bolt app for `mode` with all listeners; raises StartupError."""
    check_settings(settings, mode)
    listener_threads = ThreadPoolExecutor(
        max_workers=LISTENER_THREADS, thread_name_prefix="cib-listener"
    )
    try:
        app = App(
            # the token travels in the client (Bolt takes it from there)
            signing_secret=settings.slack_signing_secret or None,
            client=web_client(settings),
            # Ack first, then work: listeners run on Bolt's threads and return the
            # HTTP response as soon as they call ack(); slow work goes to the pool.
            process_before_response=False,
            listener_executor=listener_threads,
            # Signatures (and their 5-minute freshness) are checked on every HTTP
            # request; Socket Mode requests arrive on an authenticated socket instead.
            request_verification_enabled=mode == "http",
            token_verification_enabled=True,
            ignoring_self_events_enabled=True,
        )
    except BoltError as exc:
        listener_threads.shutdown()
        raise StartupError(f"Slack refused SLACK_BOT_TOKEN: {exc}") from None
    except OSError as exc:
        listener_threads.shutdown()
        where = settings.slack_api_url
        raise StartupError(f"cannot reach Slack's Web API at {where}: {exc}") from None
    runtime = Runtime(
        store=store,
        pool=WorkPool(settings.check_workers),
        dedupe=EventDedupe(store),
        reviewers=settings.reviewer_ids,
        scheduler=DigestScheduler(
            store,
            app.client,
            DetectionConfig(operator_zone=settings.operator_timezone),
            sweep_in_bot=settings.sweep_in_bot,
        ),
        timezone=settings.timezone,
        operator_timezone=settings.operator_timezone,
        drawer=PictureDrawer(settings.picture_processes),
        resolver=LinkResolver(store=store) if settings.fetch_links else None,
    )
    errors.register(app)
    commands.register(app, runtime)
    messages.register(app, runtime)
    shortcuts.register(app, runtime)
    actions.register(app, runtime)
    digest.register(app, runtime)
    flag_commands.register(app, runtime)
    review.register(app, runtime)
    export.register(app, runtime)
    home.register(app, runtime)
    workflow.register(app, runtime)
    watchlist.register(app, runtime)
    return Bot(app, runtime, listener_threads, signing_secret=settings.slack_signing_secret)
