"""Block Kit builder for scheduled digests: one tidy message per period."""

from __future__ import annotations

from datetime import UTC, datetime

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
from detection.verdict import plural
from handlers.buttons import button_value
from handlers.cards import LEVEL_ICON, when
from handlers.ids import Action
from handlers.mrkdwn import code, literal, truncate
from storage.ellipsis import cut

MAX_CLUSTERS = 10
MAX_ACCOUNTS_PER_CLUSTER = 6
MAX_ACCOUNTS = 40


def digest_text(digest: Digest, *, period_end_ts: int | None = None) -> str:
    """Notification text of a digest; says where it stops when that is before `period_end_ts`."""
    if digest.empty:
        text = "cibwatch digest: nothing new"
    else:
        text = f"cibwatch digest: {plural(digest.account_count, 'suspected account')} newly active"
    short = coverage_words(digest, period_end_ts)
    return f"{text} ({short})" if short else text


def coverage_words(digest: Digest, period_end_ts: int | None) -> str | None:
    """"covers up to …; newer posts wait for the next sweep" when the digest stops before its period's end.

    A digest speaks only of posts a finished sweep has seen; `digest.end_ts`
    is where that stops, `period_end_ts` where the period ends.
    """
    if period_end_ts is None or digest.end_ts >= period_end_ts:
        return None
    return f"covers up to {when(digest.end_ts)}; newer posts wait for the next sweep"


def _day(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def newly_active_words(digest: Digest) -> str:
    """What "newly active" means here: posts loaded in the period, and when those posts were posted."""
    words = f"newly active: posts loaded {when(digest.start_ts)} – {when(digest.end_ts)}"
    span = digest.posted_span
    if span is not None:
        first, last = (_day(ts) for ts in span)
        words += f", posted from {first}" if first == last else f", posted from {first} to {last}"
    return words


def digest_blocks(digest: Digest, *, period_end_ts: int | None = None) -> list[Block]:
    """The digest message; long digests end with "and N more" (the full list goes as CSV).

    When the digest stops before `period_end_ts` (posts not swept yet), it says so.
    """
    period = f"{when(digest.start_ts)} – {when(digest.end_ts)}"
    short = coverage_words(digest, period_end_ts)
    if digest.empty:
        return [
            SectionBlock(
                text=MarkdownTextObject(
                    text=(
                        ":newspaper: *cibwatch digest*: nothing new and suspicious became active "
                        f"(no suspected account's posts were loaded {period})."
                        + (f" It {short}." if short else "")
                    )
                )
            )
        ]
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=truncate(digest_text(digest), 150))),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"{newly_active_words(digest)} · {plural(len(digest.clusters), 'group')} "
                    "· highest score first"
                    + (
                        f" · {digest.skipped_benign} benign-flagged left out"
                        if digest.skipped_benign
                        else ""
                    )
                    + (f" · {short}" if short else "")
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
            title = f"*Cluster #{group.cluster_id}*: {plural(group.size, 'account')}" + (
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
