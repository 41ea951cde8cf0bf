"""Render Block Kit messages readably in a terminal (the CLI and `cibwatch demo`).

The terminal shows exactly what Slack would: the same blocks from the same
builders, drawn with rich instead of Slack's client.
"""

from __future__ import annotations

import html
import re
from typing import Any

from rich.console import Console, Group
from rich.markup import escape as rich_escape
from rich.panel import Panel
from rich.text import Text
from slack_sdk.models.blocks import Block

from detection.verdict import Level, Verdict
from handlers.cards import verdict_card

_EMOJI = {
    ":red_circle:": "🔴",
    ":large_orange_circle:": "🟠",
    ":white_circle:": "⚪",
    ":grey_question:": "❔",
    ":triangular_flag_on_post:": "🚩",
    ":newspaper:": "📰",
    ":eyes:": "👀",
    ":hourglass_flowing_sand:": "⏳",
}
_BORDER = {
    Level.LIKELY: "red",
    Level.SUSPICIOUS: "yellow",
    Level.NONE: "green",
    Level.NOT_IN_STORE: "bright_black",
}


def _mrkdwn(text: str) -> str:
    """Slack mrkdwn to rich markup: *bold*, `code`, <@U1> and entities."""
    for name, char in _EMOJI.items():
        text = text.replace(name, char)
    text = re.sub(r"<@([A-Z0-9]+)>", r"@\1", text)
    text = html.unescape(text)
    text = rich_escape(text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"[bold]\1[/bold]", text)
    text = re.sub(r"`([^`\n]+)`", r"[cyan]\1[/cyan]", text)
    return text


def _text_of(obj: dict[str, Any]) -> Text:
    if obj.get("type") == "plain_text":
        return Text(obj.get("text", ""), style="dim")
    return Text.from_markup(_mrkdwn(obj.get("text", "")))


def render_blocks(
    blocks: list[Block] | list[dict[str, Any]], *, title: str = "", border: str = "blue"
) -> Panel:
    """A rich Panel showing `blocks` as Slack would lay them out."""
    parts: list[Any] = []
    heading = title
    for block in blocks:
        data = block.to_dict() if isinstance(block, Block) else block
        kind = data.get("type")
        if kind == "header":
            heading = data["text"]["text"]
        elif kind == "section":
            if data.get("text"):
                parts.append(_text_of(data["text"]))
            for field in data.get("fields") or []:
                parts.append(_text_of(field))
        elif kind == "context":
            line = Text("  ")
            for element in data.get("elements", []):
                if "text" in element:
                    line.append_text(_text_of(element))
                    line.append(" ")
            parts.append(line)
        elif kind == "divider":
            parts.append(Text("─" * 40, style="bright_black"))
        elif kind == "actions":
            labels = [e["text"]["text"] for e in data.get("elements", []) if "text" in e]
            parts.append(Text("  ".join(f"[ {label} ]" for label in labels), style="bold magenta"))
        elif kind == "image":
            parts.append(Text(f"[image: {data.get('alt_text', '')}]", style="italic"))
    for name, char in _EMOJI.items():
        heading = heading.replace(name, char)
    return Panel(Group(*parts), title=rich_escape(heading), title_align="left", border_style=border)


def render_verdict(console: Console, verdict: Verdict) -> None:
    """Print a verdict card as it would appear in Slack."""
    console.print(render_blocks(verdict_card(verdict), border=_BORDER[verdict.level]))
