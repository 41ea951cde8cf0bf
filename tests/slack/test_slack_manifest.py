"""manifest.yml declares what the code listens to (read as text: no YAML parser is installed)."""

from __future__ import annotations

import re
from pathlib import Path

from handlers.commands import COMMAND
from handlers.ids import Callback

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
