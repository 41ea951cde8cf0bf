"""Buttons on cards: every click is acked at once, then answered.

- Flag / Benign / Watch: the review flow is another issue; for now they say
  so, only to the clicker. (That flow replaces `on_review`.)
- View evidence: opens a "loading" modal straight away (trigger ids expire
  in 3 seconds), re-checks on the worker pool, then fills the modal with
  every evidence line.
- "Check ..." on a compact card: the full card for that target, only to the clicker.

Like every listener here: read the payload (raising UserError before the ack),
ack, then do the rest on the worker pool, whose errors go to `report()`.
Nothing may raise after the ack: Bolt would drop the ack it already has.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.services import check_target
from handlers.cards import evidence_modal, fallback_text, loading_modal, notice_modal, verdict_card
from handlers.checks import log_checks
from handlers.errors import UserError, report, respond_ephemeral
from handlers.ids import Action
from handlers.notices import info_notice
from handlers.runtime import Runtime

#: The per-target buttons of a compact card: cib_check_0, cib_check_1, ...
COMPACT_CHECK = re.compile(rf"^{re.escape(Action.CHECK)}_\d+$")
REVIEW_ACTIONS = (Action.FLAG, Action.BENIGN, Action.WATCH)
_STALE_BUTTON = "This button's card is too old to read; check the target again with /cib check."
_REVIEW_SOON = "Flagging from cards arrives soon; nothing was recorded."


def target_of(action: dict[str, Any]) -> str:
    """What a card button is about: the checked target carried in its JSON value."""
    try:
        value = orjson.loads(action.get("value") or "")
    except orjson.JSONDecodeError:
        raise UserError(_STALE_BUTTON) from None
    if not isinstance(value, dict) or not isinstance(value.get("t"), str) or not value["t"]:
        raise UserError(_STALE_BUTTON)
    return value["t"]


def register(app: App, runtime: Runtime) -> None:
    """Listen for the card buttons."""

    def on_review(ack: Ack, respond: Respond) -> None:
        ack()
        whisper = respond_ephemeral(respond)
        runtime.pool.submit(
            lambda: whisper(info_notice(f":construction: {_REVIEW_SOON}"), _REVIEW_SOON),
            on_error=lambda exc: report(exc, None),
        )

    def on_view_evidence(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        target = target_of(action)
        ack()
        try:
            # Here, not on the pool: the trigger id expires 3 seconds after the click.
            opened = client.views_open(trigger_id=body["trigger_id"], view=loading_modal())
        except Exception as exc:
            report(exc, respond_ephemeral(respond))
            return
        view_id = opened["view"]["id"]

        def work() -> None:
            verdict = check_target(runtime.store, target)
            client.views_update(view_id=view_id, view=evidence_modal(verdict))

        def show_error(blocks: list[Any], text: str) -> object:
            return client.views_update(view_id=view_id, view=notice_modal(blocks))

        runtime.pool.submit(work, on_error=lambda exc: report(exc, show_error))

    def on_compact_check(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond
    ) -> None:
        target = action.get("value") or ""
        if not target:
            raise UserError(_STALE_BUTTON)
        ack()
        user = (body.get("user") or {}).get("id", "")
        whisper = respond_ephemeral(respond)

        def work() -> None:
            verdict = check_target(runtime.store, target)
            log_checks(runtime.store, user, [verdict])
            whisper(verdict_card(verdict), fallback_text(verdict))

        runtime.pool.submit(work, on_error=lambda exc: report(exc, whisper))

    for action_id in REVIEW_ACTIONS:
        app.action(action_id)(on_review)
    app.action(Action.VIEW_EVIDENCE)(on_view_evidence)
    app.action(COMPACT_CHECK)(on_compact_check)
