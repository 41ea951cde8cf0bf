"""What Slack sends the bot: signed requests over real HTTP, and the settings it runs with.

`SlackClient` sends the bot the requests Slack would send (slash commands,
events, button clicks, shortcuts, form submissions, workflow step runs), correctly signed;
`message_event` and `review_form` build the payloads inside them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import httpx
from fakes import (
    APP_TOKEN,
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    TEAM_ID,
    WORKFLOW_TOKEN,
    FakeSlack,
    manifest,
)

from bot.settings import Settings
from handlers.ids import Field


def bot_settings(fake: FakeSlack, db_url: str, **overrides: Any) -> Settings:
    """Settings for the bot under test (no .env read)."""
    values: dict[str, Any] = {
        "database_url": db_url,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_app_token": APP_TOKEN,
        "slack_api_url": fake.api_url,
        "check_workers": 2,
        "fetch_links": False,  # no DNS or HTTP to the outside from tests
        "picture_processes": 0,  # pictures drawn in the bot's process (test_slack_pictures tries both)
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Slack's request signature: v0=HMAC-SHA256(secret, "v0:{ts}:{body}")."""
    digest = hmac.new(
        secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256
    ).hexdigest()
    return f"v0={digest}"


class SlackClient:
    """Sends the bot the requests Slack would send, signed, over real HTTP."""

    def __init__(self, base_url: str, fake: FakeSlack) -> None:
        self.url = base_url + "/slack/events"
        self.fake = fake
        self.http = httpx.Client(timeout=10)

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        ts = int(time.time()) if timestamp is None else timestamp
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": sign(body, ts, secret),
            **(headers or {}),
        }
        return self.http.post(self.url, content=body.encode(), headers=all_headers)

    def command(
        self, text: str, *, channel: str, user: str = "UANALYST", **kwargs: Any
    ) -> httpx.Response:
        """`/cib {text}` typed in `channel`."""
        body = self.command_body(text, channel=channel, user=user)
        return self.post(body, "application/x-www-form-urlencoded", **kwargs)

    def command_body(self, text: str, *, channel: str, user: str = "UANALYST") -> str:
        """The form body Slack sends for `/cib {text}` (post it twice to replay the request)."""
        form = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "cibtest",
            "channel_id": channel,
            "channel_name": "investigations",
            "user_id": user,
            "user_name": "analyst",
            "command": "/cib",
            "text": text,
            "api_app_id": "ACIBWATCH",
            "is_enterprise_install": "false",
            "response_url": self.fake.response_url(),
            "trigger_id": f"trig.{uuid.uuid4().hex}",
        }
        return urlencode(form)

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> httpx.Response:
        """An Events API `event_callback` carrying `event`."""
        envelope = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "ACIBWATCH",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(json.dumps(envelope), "application/json", headers=headers)

    def function_executed(
        self,
        callback_id: str,
        inputs: dict[str, Any],
        *,
        execution_id: str | None = None,
        event_id: str | None = None,
        retry_num: int | None = None,
    ) -> httpx.Response:
        """A workflow runs step `callback_id` (as manifest.yml declares it) with `inputs`.

        The fake Slack is told the execution started, so it takes its completion.
        """
        execution_id = execution_id or f"Fx{uuid.uuid4().hex[:10].upper()}"
        self.fake.start_execution(execution_id, callback_id)
        declared = manifest()["functions"][callback_id]

        def parameters(key: str) -> list[dict[str, Any]]:
            return [{"name": name, **spec} for name, spec in (declared.get(key) or {}).items()]

        event = {
            "type": "function_executed",
            "function": {
                "id": "Fn0CHECKSTEP",
                "callback_id": callback_id,
                "title": declared["title"],
                "description": declared.get("description", ""),
                "type": "app",
                "input_parameters": parameters("input_parameters"),
                "output_parameters": parameters("output_parameters"),
                "app_id": "ACIBWATCH",
                "date_created": 1700000000,
                "date_updated": 1700000000,
                "date_deleted": 0,
            },
            "inputs": inputs,
            "function_execution_id": execution_id,
            "workflow_execution_id": f"Wx{uuid.uuid4().hex[:10].upper()}",
            "event_ts": f"{time.time():.6f}",
            "bot_access_token": WORKFLOW_TOKEN,
        }
        return self.event(event, event_id=event_id, retry_num=retry_num)

    def interaction(self, payload: dict[str, Any]) -> httpx.Response:
        """An interactivity request (`payload=` form field)."""
        base = {
            "team": {"id": TEAM_ID, "domain": "cibtest"},
            "api_app_id": "ACIBWATCH",
            "token": "legacy",
            "trigger_id": f"trig.{uuid.uuid4().hex}",
            "response_url": self.fake.response_url(),
            "user": {"id": "UANALYST", "username": "analyst", "team_id": TEAM_ID},
        }
        body = urlencode({"payload": json.dumps({**base, **payload})})
        return self.post(body, "application/x-www-form-urlencoded")

    def click(
        self,
        action_id: str,
        value: str,
        *,
        channel: str,
        message_ts: str = "1700000000.000100",
        user: str = "UANALYST",
    ) -> httpx.Response:
        """A button click by `user` on a card in `channel`."""
        return self.interaction(
            {
                "type": "block_actions",
                "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
                "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
                "channel": {"id": channel, "name": "investigations"},
                "message": {"type": "message", "ts": message_ts, "text": "card", "bot_id": BOT_ID},
                "actions": [_button(action_id, value)],
            }
        )

    def message_shortcut(
        self, callback_id: str, message: dict[str, Any], *, channel: str, user: str = "UANALYST"
    ) -> httpx.Response:
        """The message shortcut `callback_id` used by `user` on `message` in `channel`."""
        return self.interaction(
            {
                "type": "message_action",
                "callback_id": callback_id,
                "channel": {"id": channel, "name": "investigations"},
                "message": message,
                "message_ts": message["ts"],
                "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
            }
        )

    def home_click(self, action_id: str, value: str, *, user: str) -> httpx.Response:
        """A button click by `user` in their App Home tab (no channel, no response_url)."""
        payload = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
            "container": {"type": "view", "view_id": "VHOME1"},
            "view": {"id": "VHOME1", "type": "home", "callback_id": ""},
            "actions": [_button(action_id, value)],
        }
        base = {
            "team": {"id": TEAM_ID, "domain": "cibtest"},
            "api_app_id": "ACIBWATCH",
            "token": "legacy",
            "trigger_id": f"trig.{uuid.uuid4().hex}",
        }
        body = urlencode({"payload": json.dumps({**base, **payload})})
        return self.post(body, "application/x-www-form-urlencoded")

    def submit_view(
        self, view: dict[str, Any], values: dict[str, Any], *, user: str
    ) -> httpx.Response:
        """`user` submits modal `view` (as the bot opened it) with input `values` by block id."""
        submitted = {
            "id": view.get("id", "VFORM1"),
            "type": "modal",
            "callback_id": view.get("callback_id"),
            "private_metadata": view.get("private_metadata", ""),
            "blocks": view.get("blocks", []),
            "state": {"values": values},
        }
        return self.interaction(
            {
                "type": "view_submission",
                "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
                "view": submitted,
                "response_urls": [],
            }
        )


def message_event(text: str, channel: str, **extra: Any) -> dict[str, Any]:
    """A `message` event as Slack sends it for a person's message."""
    ts = f"{time.time():.6f}"
    event = {
        "type": "message",
        "channel": channel,
        "user": "UPASTER",
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "channel",
    }
    event.update(extra)
    return event


def review_form(
    label: str = "coordinated",
    reason: str = "",
    accounts: tuple[str, ...] = ("0",),
    evidence: str | None = None,
) -> dict[str, Any]:
    """The state values of a submitted review form (handlers.ids.Field block ids)."""
    return {
        Field.ACCOUNTS: {
            Field.ACCOUNTS: {
                "type": "checkboxes",
                "selected_options": [{"value": a} for a in accounts],
            }
        },
        Field.LABEL: {Field.LABEL: {"type": "radio_buttons", "selected_option": {"value": label}}},
        Field.REASON: {Field.REASON: {"type": "plain_text_input", "value": reason or None}},
        Field.EVIDENCE: {Field.EVIDENCE: {"type": "url_text_input", "value": evidence}},
    }


def _button(action_id: str, value: str) -> dict[str, Any]:
    """A button as a block_actions payload lists the one clicked."""
    return {
        "type": "button",
        "action_id": action_id,
        "block_id": "b1",
        "value": value,
        "text": {"type": "plain_text", "text": "button"},
        "action_ts": str(time.time()),
    }
