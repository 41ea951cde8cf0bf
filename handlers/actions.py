"""Buttons on cards: every click is acked at once, then answered.

- Flag / Benign / Watch (on cards and in the App Home queue) and "Flag whole
  cluster": open the review form (handlers.review); only reviewers may flag.
- Export CSV: the CSV of the card's cluster, uploaded into the card's thread.
- Show pictures: the cluster graph, posting-hours heatmap and push timeline
  (handlers.picture_uploads), re-checked and drawn on the picture pool (not
  the check workers), uploaded into the card's thread.
- View evidence: opens a "loading" modal straight away (trigger ids expire
  in 3 seconds), re-checks on the worker pool, then fills the modal with
  every evidence line.
- "Check ..." on a compact card or a digest: the full card for that target, only to the
  clicker.

Like every listener here: read the payload (raising UserError before the ack),
ack, then do the rest on the worker pool, whose errors go to `report()`.
Nothing may raise after the ack: Bolt would drop the ack it already has.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers.buttons import check_target_of, read_button
from handlers.cards import evidence_modal, fallback_text, loading_modal, notice_modal, verdict_card
from handlers.errors import report, respond_ephemeral
from handlers.export import share_export
from handlers.ids import Action
from handlers.picture_uploads import share_pictures
from handlers.review import account_form, open_review, request_from_click, whole_cluster_form
from handlers.runtime import Runtime
from services.checks import check_target, log_checks

#: The Check buttons of a compact card (cib_check_0, cib_check_1, ...) and of a digest
#: (cib_check_d0, cib_check_d1, ...).
COMPACT_CHECK = re.compile(rf"^{re.escape(Action.CHECK)}_d?\d+$")
REVIEW_ACTIONS = (Action.FLAG, Action.BENIGN, Action.WATCH)


def register(app: App, runtime: Runtime) -> None:
    """Listen for the card buttons."""

    def on_review(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        request = request_from_click(body, action, runtime.buttons)  # UserError before the ack
        ack()
        open_review(
            runtime,
            client,
            user=(body.get("user") or {}).get("id", ""),
            trigger_id=body["trigger_id"],
            whisper=_whisper(body, respond),
            build=lambda: account_form(request),
            quick=True,
        )

    def on_flag_cluster(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        request = request_from_click(body, action, runtime.buttons)
        ack()
        open_review(
            runtime,
            client,
            user=(body.get("user") or {}).get("id", ""),
            trigger_id=body["trigger_id"],
            whisper=_whisper(body, respond),
            build=lambda: whole_cluster_form(runtime, request),
            quick=False,
            title="Flag whole cluster",
        )

    def on_export(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        target = read_button(action.get("value"), runtime.buttons).target
        ack()
        container = body.get("container") or {}
        message = body.get("message") or {}
        whisper = _whisper(body, respond)

        def work() -> None:
            share_export(
                runtime,
                client,
                target=target,
                user=(body.get("user") or {}).get("id", ""),
                channel=container.get("channel_id") or (body.get("channel") or {}).get("id", ""),
                thread_ts=message.get("thread_ts") or container.get("message_ts"),
                whisper=whisper,
            )

        runtime.pool.submit(work, on_error=lambda exc: report(exc, whisper))

    def on_pictures(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        target = read_button(action.get("value"), runtime.buttons).target  # UserError: before ack
        ack()
        container = body.get("container") or {}
        message = body.get("message") or {}
        whisper = _whisper(body, respond)

        def work() -> None:
            verdict = check_target(runtime.store, target, resolver=runtime.resolver)
            share_pictures(
                runtime,
                client,
                verdict,
                channel=container.get("channel_id") or (body.get("channel") or {}).get("id", ""),
                thread_ts=message.get("thread_ts") or container.get("message_ts"),
                user=(body.get("user") or {}).get("id", ""),
                whisper=whisper,
            )

        # On the picture pool: drawing takes seconds, and checks must not wait for it.
        runtime.picture_pool.submit(work, on_error=lambda exc: report(exc, whisper))

    def on_view_evidence(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        target = read_button(action.get("value"), runtime.buttons).target
        ack()
        try:
            # Here, not on the pool: the trigger id expires 3 seconds after the click.
            opened = client.views_open(trigger_id=body["trigger_id"], view=loading_modal())
        except Exception as exc:
            report(exc, respond_ephemeral(respond))
            return
        view_id = opened["view"]["id"]

        def work() -> None:
            verdict = check_target(runtime.store, target, resolver=runtime.resolver)
            client.views_update(view_id=view_id, view=evidence_modal(verdict))

        def show_error(blocks: list[Any], text: str) -> object:
            return client.views_update(view_id=view_id, view=notice_modal(blocks))

        runtime.pool.submit(work, on_error=lambda exc: report(exc, show_error))

    def on_compact_check(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], respond: Respond
    ) -> None:
        target = check_target_of(action.get("value"), runtime.buttons)  # UserError: before ack
        ack()
        user = (body.get("user") or {}).get("id", "")
        whisper = respond_ephemeral(respond)

        def work() -> None:
            verdict = check_target(runtime.store, target, resolver=runtime.resolver)
            log_checks(runtime.store, user, [verdict])
            whisper(verdict_card(verdict, kept=runtime.buttons), fallback_text(verdict))

        runtime.pool.submit(work, on_error=lambda exc: report(exc, whisper))

    for action_id in REVIEW_ACTIONS:
        app.action(action_id)(on_review)
    app.action(Action.FLAG_CLUSTER)(on_flag_cluster)
    app.action(Action.EXPORT)(on_export)
    app.action(Action.PICTURES)(on_pictures)
    app.action(Action.VIEW_EVIDENCE)(on_view_evidence)
    app.action(COMPACT_CHECK)(on_compact_check)


def _whisper(
    body: dict[str, Any], respond: Respond | None
) -> Callable[[list[Any], str], object] | None:
    """Ephemeral answers to the clicker; None where there is no response_url (the App Home)."""
    if not body.get("response_url") or respond is None:
        return None
    return respond_ephemeral(respond)
