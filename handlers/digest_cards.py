"""Block Kit builder for scheduled digests: one tidy message per period."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from detection.digest import Digest
from handlers.buttons import button_value
from handlers.cards import LEVEL_ICON, when
from handlers.ids import Action
from handlers.mrkdwn import code, literal, truncate
from storage.ellipsis import cut

MAX_CLUSTERS = 10
MAX_ACCOUNTS_PER_CLUSTER = 6
MAX_ACCOUNTS = 40


def digest_text(digest: Digest) -> str:
    """Notification text of a digest."""
    if digest.empty:
        return "cibwatch digest: nothing new"
    return f"cibwatch digest: {digest.account_count} newly active suspected accounts"


def digest_blocks(digest: Digest) -> list[Block]:
    """The digest message; long digests end with "and N more" (the full list goes as CSV)."""
    period = f"{when(digest.start_ts)} – {when(digest.end_ts)}"
    if digest.empty:
        return [
            SectionBlock(
                text=MarkdownTextObject(
                    text=f":newspaper: *cibwatch digest*: nothing new and suspicious became active ({period})."
                )
            )
        ]
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=truncate(digest_text(digest), 150))),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"{period} · {len(digest.clusters)} groups · highest score first"
                    + (
                        f" · {digest.skipped_benign} benign-flagged left out"
                        if digest.skipped_benign
                        else ""
                    )
                )
            ]
        ),
    ]
    shown = 0
    for i, group in enumerate(digest.clusters[:MAX_CLUSTERS]):
        if shown >= MAX_ACCOUNTS:
            break
        if group.cluster_id is None:
            title = "*Not in a cluster*"
        else:
            grew = group.size - group.known_before
            title = f"*Cluster #{group.cluster_id}*: {group.size} accounts" + (
                f" (grew by {grew})" if group.known_before and grew > 0 else ""
            )
        lines = [title]
        for account in group.accounts[:MAX_ACCOUNTS_PER_CLUSTER]:
            again = " (active again)" if account.returning else ""
            lines.append(
                f"{LEVEL_ICON[account.level]} {code(account.label)} {account.score:.2f}{again}"
                f" — {literal(cut(account.evidence, 160))}"
            )
            shown += 1
        if len(group.accounts) > MAX_ACCOUNTS_PER_CLUSTER:
            lines.append(
                f"and {len(group.accounts) - MAX_ACCOUNTS_PER_CLUSTER} more in this cluster"
            )
        blocks.append(DividerBlock())
        blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate("\n".join(lines), 3000))))
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Check",
                        action_id=f"{Action.CHECK}_d{i}",
                        value=button_value(group.accounts[0].label),
                    )
                ]
            )
        )
    rest = digest.account_count - shown
    if rest > 0:
        blocks.append(
            ContextBlock(
                elements=[PlainTextObject(text=f"and {rest} more (full list attached as CSV)")]
            )
        )
    return blocks[:50]
