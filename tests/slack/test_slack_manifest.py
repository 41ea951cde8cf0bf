"""manifest.yml declares what the code listens to (read as text, and parsed for the step)."""

from __future__ import annotations

import re
from pathlib import Path

from fakes import manifest

from handlers.commands import COMMAND
from handlers.ids import Callback
from handlers.workflow import StepInput, StepOutput

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def values_of(key: str) -> list[str]:
    text = MANIFEST.read_text(encoding="utf-8")
    return re.findall(rf"^\s*-?\s*{key}:\s*([^\s#]+)", text, flags=re.MULTILINE)


def list_under(key: str) -> list[str]:
    """The `- item` lines right under `key:` (comments stripped)."""
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{key}:")
    items = []
    for line in lines[start + 1 :]:
        stripped = line.split("#", 1)[0].strip()
        if not stripped:
            continue
        if not stripped.startswith("- "):
            break
        items.append(stripped[2:].strip())
    return items


def test_manifest_declares_the_command_shortcut_and_interactivity() -> None:
    assert values_of("command") == [COMMAND]
    assert values_of("callback_id") == [str(Callback.CHECK_MESSAGE), str(Callback.FLAG_AUTHOR)]
    assert values_of("is_enabled") == ["true"]
    assert values_of("socket_mode_enabled") == ["true"]


def test_manifest_subscribes_to_channel_messages_with_the_scopes_they_need() -> None:
    events = list_under("bot_events")
    scopes = list_under("bot")
    assert {"message.channels", "message.groups"} <= set(events)
    assert {"commands", "chat:write", "channels:history", "groups:history"} <= set(scopes)


def test_manifest_declares_the_workflow_step_the_code_handles() -> None:
    step = manifest()["functions"][str(Callback.CHECK_STEP)]
    inputs, outputs = step["input_parameters"], step["output_parameters"]

    assert step["title"] == "Check account or link with cibwatch"
    assert set(inputs) == set(StepInput) and set(outputs) == set(StepOutput)
    assert inputs[StepInput.TARGET]["type"] == "string"
    assert inputs[StepInput.CHANNEL]["type"] == "slack#/types/channel_id"
    assert [name for name, spec in inputs.items() if spec["is_required"]] == [StepInput.TARGET]
    assert {name: spec["type"] for name, spec in outputs.items()} == {
        StepOutput.VERDICT: "string",
        StepOutput.SCORE: "number",
        StepOutput.CLUSTER_SIZE: "integer",
        StepOutput.CARD_LINK: "string",
    }
    # the link exists only when a channel was given
    assert [name for name, spec in outputs.items() if not spec["is_required"]] == [
        StepOutput.CARD_LINK
    ]
    assert all(
        spec["title"] and spec["description"] for spec in [*inputs.values(), *outputs.values()]
    )


def test_manifest_makes_the_app_org_ready_for_custom_steps() -> None:
    settings = manifest()["settings"]

    assert settings["org_deploy_enabled"] is True
    assert settings["function_runtime"] == "remote"
    # function_executed arrives for declared functions; it is not a subscription
    assert "function_executed" not in settings["event_subscriptions"]["bot_events"]
