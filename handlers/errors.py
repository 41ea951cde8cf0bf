"""Errors on the Slack surface: what users can cause, and the one place they are answered.

Handlers raise; they do not format error messages. Two doors, one rule:

- before the ack, a listener raises and `handle_error` (the app's single
  `@app.error`) answers: in the slash command's HTTP response, or through
  the response_url;
- after the ack, work runs on the worker pool and its errors go to
  `report()`. Listeners must not raise after acking: Bolt would then drop
  the ack it already has and Slack would show a timeout.

Both use `explain()`: known errors say what was wrong and what works, unknown
ones are logged with a short id the user can quote to an admin.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from handlers.mrkdwn import literal
from handlers.notices import error_notice
from storage.db import StoreBusy, StoreError
from storage.links import TargetError

if TYPE_CHECKING:
    # Bolt is imported where a response is built: the CLI reaches UserError through
    # the card builders and should not pay for loading Bolt on every `cibwatch check`.
    from slack_bolt import App, BoltContext, BoltResponse
    from slack_bolt.context.respond import Respond

log = logging.getLogger(__name__)


class UserError(Exception):
    """Something the user did that cibwatch cannot act on; the message is shown to them.

    `message` is plain user-facing text (it is escaped when shown); `hint` is
    trusted mrkdwn saying what works instead.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(UserError):
    """A `/cib` command that cibwatch cannot read (unknown sub-command, missing argument)."""


class BusyError(UserError):
    """The worker pool is full: too many checks queued at once."""

    def __init__(self) -> None:
        super().__init__(
            "cibwatch is busy with many checks right now; nothing was done.",
            "Try again in a minute.",
        )


@dataclass(frozen=True)
class Explained:
    """What to tell the user about an exception, and whether it was our fault."""

    text: str  # mrkdwn, safe to post
    error_id: str | None = None  # set for unexpected errors, which are logged


def explain(error: BaseException) -> Explained:
    """The friendly message for `error`; unexpected errors are logged with an id."""
    if isinstance(error, UserError):
        text = literal(error.message)
        return Explained(f"{text}\n{error.hint}" if error.hint else text)
    if isinstance(error, TargetError):
        return Explained(
            literal(str(error)) + "\nTry `/cib check @handle` or `/cib check https://x.com/name`."
        )
    if isinstance(error, StoreBusy):
        log.warning("store busy: %s", error)
        return Explained(
            "cibwatch's store is busy with a long write (an ingest or a sweep), so this was "
            "not done. Try again in a minute."
        )
    if isinstance(error, StoreError):
        log.error("store unavailable: %s", error)
        return Explained(
            "cibwatch cannot reach its store right now, so nothing was checked. "
            "Try again in a few minutes; if it persists, tell your cibwatch admin."
        )
    if isinstance(error, SlackApiError) and error.response.get("error") == "ratelimited":
        log.warning("Slack rate limit persisted after retries: %s", error)
        return Explained("Slack is rate-limiting cibwatch right now. Try again in a minute.")
    error_id = secrets.token_hex(4)
    log.error("unexpected error %s: %s", error_id, error, exc_info=error)
    return Explained(
        f"Something went wrong on cibwatch's side (error id `{error_id}`). "
        "Try again; if it keeps failing, tell your cibwatch admin and quote the id.",
        error_id,
    )


def report(error: BaseException, reply: Callable[[list[Any], str], object] | None) -> Explained:
    """Explain `error` and send it with `reply(blocks, text)` when there is someone to tell."""
    explained = explain(error)
    if reply is None:
        return explained
    try:
        reply(error_notice(explained.text), _plain_fallback(explained.text))
    except Exception:  # the reply itself failed: the log is all that is left
        log.exception("could not tell the user about an error (id %s)", explained.error_id)
    return explained


def respond_ephemeral(respond: Respond) -> Callable[[list[Any], str], object]:
    """A `reply` for `report()` that answers through a response_url, only to the user."""

    def reply(blocks: list[Any], text: str) -> object:
        return respond(blocks=blocks, text=text, response_type="ephemeral", replace_original=False)

    return reply


def _plain_fallback(text: str) -> str:
    return text.split("\n", 1)[0][:300]


def handle_error(
    error: Exception,
    body: dict[str, Any],
    response: BoltResponse | None,
    context: BoltContext,
    logger: logging.Logger,
) -> BoltResponse | None:
    """Bolt's error handler: turns any listener exception into a friendly answer.

    Before the ack (`response` is set) a slash command's answer goes in the
    HTTP response itself, so Slack never shows "dispatch_failed"; otherwise it
    goes to the response_url. Events have neither, so they are only logged.
    """
    from slack_bolt import BoltResponse

    explained = explain(error)
    blocks = [b.to_dict() for b in error_notice(explained.text)]
    fallback = _plain_fallback(explained.text)
    if response is not None and "command" in body:
        payload = {"response_type": "ephemeral", "text": fallback, "blocks": blocks}
        return BoltResponse(
            status=200,
            body=json.dumps(payload),
            headers={"content-type": "application/json;charset=utf-8"},
        )
    if context.response_url and context.respond is not None:
        try:
            context.respond(
                blocks=blocks, text=fallback, response_type="ephemeral", replace_original=False
            )
        except Exception:
            logger.exception("could not send the error message (id %s)", explained.error_id)
    return BoltResponse(status=200, body="") if response is not None else None


def register(app: App) -> None:
    """Install the app's single error handler."""
    app.error(handle_error)
