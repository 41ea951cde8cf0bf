"""Block Kit builders for verdict cards (one module per kind of message).

Everything a user or a post wrote is shown either as `plain_text` (Slack
renders no mentions, links or formatting in it) or through `literal` in
mrkdwn, and on one line either way (handlers.mrkdwn), so "<!channel>" in a
post can never ping anyone, "*bold*" in a reason is not bold, and a hashtag
holding a newline cannot fake a line of the card. Cards stay inside Block Kit's
limits whatever the cluster size: at most 50 blocks, 3,000 characters a text.
"""

from __future__ import annotations

import time
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
from slack_sdk.models.views import View

from detection.verdict import NOT_SWEPT, Evidence, FlagNote, Level, Verdict, plural
from handlers.buttons import ButtonValues, button_value
from handlers.ids import Action, Callback
from handlers.mrkdwn import MAX_TEXT, code, escape, literal, one_line, person, truncate
from services.watchlist import KIND as WATCHLIST
from storage.ellipsis import cut

MAX_HEADER = 150
MAX_BLOCKS = 50
MAX_EVIDENCE = 8
MAX_COMPACT = 10
MAX_MODAL_BLOCKS = 100
MAX_MODAL_TITLE = 24
MODAL_EXAMPLES = 10

LEVEL_ICON = {
    Level.LIKELY: ":red_circle:",
    Level.SUSPICIOUS: ":large_orange_circle:",
    Level.NONE: ":white_circle:",
    Level.NOT_IN_STORE: ":grey_question:",
}
#: The icon of a verdict no sweep has scored yet.
NOT_SWEPT_ICON = ":hourglass_flowing_sand:"


def icon(verdict: Verdict) -> str:
    """The emoji a card shows beside the verdict."""
    return LEVEL_ICON[verdict.level] if verdict.headline != NOT_SWEPT else NOT_SWEPT_ICON


def headline(verdict: Verdict) -> str:
    """ "Likely coordinated · 0.93", or "Not swept yet" where no score means anything yet."""
    if verdict.headline == NOT_SWEPT:
        return NOT_SWEPT
    return f"{verdict.level} · {verdict.score:.2f}" + ("" if verdict.swept else " · not swept yet")


def when(ts: int | None) -> str:
    """A UTC date and time for cards."""
    if ts is None:
        return "unknown"
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def ago(ts: int, now: int | None = None) -> str:
    """How long before `now` (default: now) `ts` was, in words: "just now", "2 days ago"."""
    seconds = max(0, (int(time.time()) if now is None else now) - ts)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            if unit == "day" and n > 60:
                return "on " + datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


#: How each label reads in "flagged coordinated by @ana 2 days ago".
FLAG_WORDS = {
    "coordinated": "flagged coordinated",
    "benign": "flagged benign",
    "watch": "put on watch",
    "cleared": "flag cleared",
}


def flag_line(flag: FlagNote, *, with_account: bool = False, now: int | None = None) -> str:
    """mrkdwn "flagged coordinated by <@ana> 2 days ago" (the reason is shown separately)."""
    words = FLAG_WORDS.get(flag.label, f"flagged {flag.label}")
    who = f"{code(flag.account)} " if with_account and flag.account else ""
    return f"{who}*{escape(words)}* by {person(flag.reviewer)} {ago(flag.created_ts, now)}"


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=truncate(text, MAX_TEXT))


def _plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=truncate(text, MAX_TEXT), emoji=False)


def fallback_text(verdict: Verdict) -> str:
    """The notification text of a card (shown where blocks are not)."""
    return truncate(f"{headline(verdict)}: {verdict.target}", 300)


def _bullet(line: Evidence) -> str:
    """How an evidence line starts: a published listing stands out from the rest."""
    return ":eyes: " if line.kind == WATCHLIST else "• "


def evidence_blocks(lines: list[Evidence], limit: int = MAX_EVIDENCE) -> list[Block]:
    """One section per evidence line with its examples as plain text."""
    blocks: list[Block] = []
    for line in lines[:limit]:
        blocks.append(SectionBlock(text=_md(_bullet(line) + literal(line.text))))
        if line.examples:
            examples = ", ".join(one_line(example) for example in list(dict.fromkeys(line.examples))[:3])
            blocks.append(ContextBlock(elements=[_plain("e.g. " + examples)]))
    if len(lines) > limit:
        more = plural(len(lines) - limit, "more evidence line")
        blocks.append(ContextBlock(elements=[_plain(f"and {more} (View evidence)")]))
    return blocks


def _summary_blocks(verdict: Verdict, *, max_accounts: int, full_cluster: bool) -> list[Block]:
    """Header, target and accounts, note and cluster: the top of a card and of its evidence view."""
    header = truncate(headline(verdict), MAX_HEADER)
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=header, emoji=True))]
    summary = f"{icon(verdict)} *{escape(verdict.kind)}* {code(verdict.target)}"
    if verdict.accounts:
        shown = ", ".join(code(a) for a in verdict.accounts[:max_accounts])
        extra = len(verdict.accounts) - max_accounts
        summary += f"\n*Accounts:* {shown}" + (f" and {extra} more" if extra > 0 else "")
    blocks.append(SectionBlock(text=_md(summary)))
    if verdict.note:
        blocks.append(ContextBlock(elements=[_plain(one_line(verdict.note))]))
    if verdict.cluster:
        c = verdict.cluster
        platforms = ", ".join(f"{p} {n}" for p, n in c.platforms.items())
        score = f"score {c.score:.2f}, " if full_cluster else ""
        text = (
            f"*Cluster #{c.id}:* {plural(c.size, 'account')} ({literal(platforms)}), "
            f"{score}active {when(c.first_ts)} – {when(c.last_ts)}"
        )
        if c.sample_members:
            members = c.sample_members if full_cluster else c.sample_members[:8]
            prefix = "\n*Members include:* " if full_cluster else "\n"
            text += prefix + ", ".join(code(m) for m in members)
            if c.size > len(members):
                text += f" and {c.size - len(members):,} more"
        blocks.append(SectionBlock(text=_md(text)))
    return blocks


def verdict_card(
    verdict: Verdict, *, with_actions: bool = True, kept: ButtonValues | None = None
) -> list[Block]:
    """The full card for one verdict; `kept` keeps button values too long for Slack."""
    blocks = _summary_blocks(verdict, max_accounts=5, full_cluster=False)
    several = len(verdict.accounts) > 1
    for flag in verdict.flags[:3]:  # newest first: the first is the current decision
        blocks.append(
            ContextBlock(
                elements=[
                    _md(f":triangular_flag_on_post: {flag_line(flag, with_account=several)}:"),
                    _plain(one_line(flag.reason) or "no reason given"),
                ]
            )
        )
    if len(verdict.flags) > 3:
        earlier = plural(len(verdict.flags) - 3, "earlier decision")
        blocks.append(ContextBlock(elements=[_plain(f"and {earlier} (View evidence)")]))
    if verdict.evidence:
        blocks.append(DividerBlock())
        blocks.extend(evidence_blocks(verdict.evidence))
    freshness = (
        f"store updated {when(verdict.store_updated_ts)}"
        if verdict.store_updated_ts
        else "store is empty"
    )
    blocks.append(ContextBlock(elements=[_plain(f"cibwatch · {freshness}")]))
    if with_actions and verdict.level is not Level.NOT_IN_STORE and verdict.accounts:
        value = button_value(
            verdict.target,
            verdict.accounts,
            verdict.cluster.id if verdict.cluster else None,
            kept=kept,
        )
        buttons = [
            ButtonElement(text="Flag", action_id=Action.FLAG, value=value, style="danger"),
            ButtonElement(text="Benign", action_id=Action.BENIGN, value=value),
            ButtonElement(text="Watch", action_id=Action.WATCH, value=value),
            ButtonElement(text="View evidence", action_id=Action.VIEW_EVIDENCE, value=value),
        ]
        if verdict.cluster and verdict.cluster.size > 1:
            buttons.append(
                ButtonElement(
                    text=f"Flag whole cluster ({verdict.cluster.size})",
                    action_id=Action.FLAG_CLUSTER,
                    value=value,
                )
            )
        buttons.append(ButtonElement(text="Export CSV", action_id=Action.EXPORT, value=value))
        buttons.append(ButtonElement(text="Show pictures", action_id=Action.PICTURES, value=value))
        blocks.append(ActionsBlock(elements=buttons))
    return blocks[:MAX_BLOCKS]


def compact_card(verdicts: list[Verdict], kept: ButtonValues | None = None) -> list[Block]:
    """One card listing several verdicts (at most MAX_COMPACT, then "and N more")."""
    lines = [
        f"{icon(v)} {code(v.target)}: *{v.headline}*"
        + (f" ({v.score:.2f})" if v.headline != NOT_SWEPT else "")
        + (f", cluster #{v.cluster.id} of {v.cluster.size}" if v.cluster else "")
        for v in verdicts[:MAX_COMPACT]
    ]
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=f"cibwatch: {len(verdicts)} targets checked")),
        SectionBlock(text=_md("\n".join(lines))),
    ]
    if len(verdicts) > MAX_COMPACT:
        blocks.append(ContextBlock(elements=[_plain(f"and {len(verdicts) - MAX_COMPACT} more")]))
    buttons = [
        ButtonElement(
            text=truncate(f"Check {v.target}", 75),
            action_id=f"{Action.CHECK}_{i}",
            value=button_value(v.target, kept=kept),
        )
        for i, v in enumerate(verdicts[:5])
    ]
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return blocks


def message_card(text: str) -> list[Block]:
    """A one-section message (help, errors, confirmations); `text` is trusted mrkdwn."""
    return [SectionBlock(text=_md(text))]


def compact_fallback(verdicts: list[Verdict]) -> str:
    """The notification text of a compact card."""
    worst = max((v.level for v in verdicts), key=lambda level: level.rank, default=Level.NONE)
    return truncate(f"cibwatch checked {len(verdicts)} targets; highest verdict: {worst}", 300)


def loading_modal(title: str = "Evidence") -> View:
    """A modal opened at once (trigger ids expire in 3 s), updated when the work is done."""
    return View(
        type="modal",
        callback_id=Callback.EVIDENCE_MODAL,
        title=PlainTextObject(text=truncate(title, MAX_MODAL_TITLE)),
        close=PlainTextObject(text="Close"),
        blocks=[SectionBlock(text=_md(":hourglass_flowing_sand: Loading the evidence…"))],
    )


def evidence_modal(verdict: Verdict) -> View:
    """Every evidence line of a verdict with its examples, the cluster and the flag history."""
    blocks = _summary_blocks(verdict, max_accounts=20, full_cluster=True)
    if verdict.flags:
        several = len(verdict.accounts) > 1
        history = "\n".join(
            f"{flag_line(f, with_account=several)} ({when(f.created_ts)}): "
            + (literal(cut(f.reason, 120)) or "no reason given")
            for f in verdict.flags[:20]
        )
        blocks.append(SectionBlock(text=_md("*Review history*\n" + history)))
    blocks.append(DividerBlock())
    room = MAX_MODAL_BLOCKS - len(blocks) - 2  # keep two for "and N more" and freshness
    shown_lines = 0
    for line in verdict.evidence:
        needed = 2 if line.examples else 1
        if needed > room:
            break
        blocks.append(SectionBlock(text=_md(_bullet(line) + literal(line.text))))
        if line.examples:
            examples = "\n".join(one_line(e) for e in line.examples[:MODAL_EXAMPLES])
            blocks.append(ContextBlock(elements=[_plain(examples)]))
        room -= needed
        shown_lines += 1
    if not verdict.evidence:
        blocks.append(SectionBlock(text=_md("No evidence lines: nothing ties this to a network.")))
    elif shown_lines < len(verdict.evidence):
        left = len(verdict.evidence) - shown_lines
        blocks.append(ContextBlock(elements=[_plain(f"and {plural(left, 'more evidence line')}")]))
    fresh = when(verdict.store_updated_ts) if verdict.store_updated_ts else "never (empty store)"
    blocks.append(ContextBlock(elements=[_plain(f"cibwatch · store updated {fresh}")]))
    return View(
        type="modal",
        callback_id=Callback.EVIDENCE_MODAL,
        title=PlainTextObject(text="Evidence"),
        close=PlainTextObject(text="Close"),
        blocks=blocks[:MAX_MODAL_BLOCKS],
    )


def answer_card(
    verdicts: list[Verdict], kept: ButtonValues | None = None
) -> tuple[list[Block], str]:
    """The reply to a check: a full card for one verdict, a compact card for several; with text."""
    if len(verdicts) == 1:
        return verdict_card(verdicts[0], kept=kept), fallback_text(verdicts[0])
    return compact_card(verdicts, kept), compact_fallback(verdicts)


def notice_modal(blocks: list[Block], title: str = "cibwatch") -> View:
    """A modal that only shows a notice (e.g. an error in place of the evidence)."""
    return View(
        type="modal",
        callback_id=Callback.EVIDENCE_MODAL,
        title=PlainTextObject(text=truncate(title, MAX_MODAL_TITLE)),
        close=PlainTextObject(text="Close"),
        blocks=blocks[:MAX_MODAL_BLOCKS],
    )
