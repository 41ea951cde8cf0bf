"""Block Kit builder for `/cib watchlist`: the imported sources of published indicators."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from handlers.cards import when
from handlers.mrkdwn import MAX_TEXT, escape, truncate
from services.watchlist import SourceSummary

#: Sources listed one section each; past this, "and N more" (Block Kit allows 50 blocks).
MAX_SOURCES = 20
IMPORT_HINT = "An admin imports one with `cibwatch watchlist import FILE --source NAME`."


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=truncate(text, MAX_TEXT))


def watchlist_card(found: list[SourceSummary]) -> list[Block]:
    """The sources, the most recent first, with their counts; names and files escaped."""
    if not found:
        return [
            SectionBlock(text=_md(":eyes: *Watchlist*: no sources imported yet. " + IMPORT_HINT))
        ]
    total = sum(s.indicators for s in found)
    blocks: list[Block] = [
        SectionBlock(
            text=_md(
                f":eyes: *Watchlist*: {len(found)} source{'s' if len(found) != 1 else ''}, "
                f"{total:,} published indicators. Every check says when its target, its "
                "accounts or its cluster are listed."
            )
        )
    ]
    for source in found[:MAX_SOURCES]:
        kinds = ", ".join(f"{n:,} {name}" for name, n in source.kinds.items())
        blocks.append(
            SectionBlock(
                text=_md(
                    f"*{escape(source.name)}*: {source.indicators:,} indicators ({escape(kinds)})"
                    f"\nfrom {escape(source.file)}, imported {when(source.imported_ts)}"
                )
            )
        )
    if len(found) > MAX_SOURCES:
        blocks.append(ContextBlock(elements=[_md(f"and {len(found) - MAX_SOURCES} more")]))
    blocks.append(ContextBlock(elements=[_md(IMPORT_HINT)]))
    return blocks


def watchlist_text(found: list[SourceSummary]) -> str:
    """The notification text of the sources list."""
    return f"cibwatch watchlist: {len(found)} sources"
