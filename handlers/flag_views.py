"""Block Kit builders of the review flow: the flag form, its notices, decisions, the App Home.

As everywhere: handles and reasons are user text, shown as `plain_text` or
escaped mrkdwn, so a reason saying "<!channel>" never pings anyone.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    UrlInputElement,
)
from slack_sdk.models.views import View

from detection.verdict import FlagNote, plural
from handlers.cards import FLAG_WORDS, LEVEL_ICON, MAX_MODAL_TITLE, ago, flag_line, when
from handlers.ids import Action, Callback, Field
from handlers.mrkdwn import MAX_TEXT, code, escape, literal, one_line, truncate
from services.exports import ClusterExport
from services.flags import MAX_REASON, FlagResult, QueueItem
from storage.ellipsis import cut
from storage.models import CheckLog

#: The labels a reviewer picks from, as the form shows them.
LABEL_CHOICES = (
    ("coordinated", "Coordinated: part of the network"),
    ("benign", "Benign: not coordinated"),
    ("watch", "Watch: undecided, keep an eye on it"),
)
#: Checkboxes take at most 10 options.
MAX_FORM_ACCOUNTS = 10
MAX_HOME_QUEUE = 15
MAX_HOME_LINES = 10
MAX_HOME_BLOCKS = 100


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=truncate(text, MAX_TEXT))


def _plain(text: str, limit: int = MAX_TEXT) -> PlainTextObject:
    return PlainTextObject(text=truncate(text, limit), emoji=False)


def _modal(blocks: list[Block], *, title: str, metadata: str = "", submit: str = "") -> View:
    return View(
        type="modal",
        callback_id=Callback.FLAG_MODAL,
        title=_plain(title, MAX_MODAL_TITLE),
        submit=_plain(submit, 24) if submit else None,
        close=_plain("Cancel" if submit else "Close"),
        private_metadata=metadata or None,
        blocks=blocks,
    )


def review_loading_modal(title: str = "Flag") -> View:
    """The light modal opened at once (trigger ids expire in 3 s), filled by views.update."""
    return _modal(
        [SectionBlock(text=_md(":hourglass_flowing_sand: Getting the review form ready…"))],
        title=title,
    )


def review_notice_modal(text: str, title: str = "Flag") -> View:
    """A modal that only says something (a refusal, nothing to flag); `text` is trusted mrkdwn."""
    return _modal([SectionBlock(text=_md(text))], title=title)


def _label_input(label: str) -> InputBlock:
    options = [Option(value=value, text=_plain(text, 75)) for value, text in LABEL_CHOICES]
    initial = next((o for o in options if o.value == label), options[0])
    return InputBlock(
        block_id=Field.LABEL,
        label=_plain("Decision"),
        element=RadioButtonsElement(action_id=Field.LABEL, options=options, initial_option=initial),
    )


def _reason_inputs() -> list[Block]:
    return [
        InputBlock(
            block_id=Field.REASON,
            label=_plain("Why"),
            optional=True,
            hint=_plain("Shown on cards and kept in the history with your name."),
            element=PlainTextInputElement(
                action_id=Field.REASON,
                multiline=True,
                max_length=MAX_REASON,
                placeholder=_plain("e.g. same texts with serial numbers as the June push"),
            ),
        ),
        InputBlock(
            block_id=Field.EVIDENCE,
            label=_plain("Link to evidence"),
            optional=True,
            element=UrlInputElement(
                action_id=Field.EVIDENCE, placeholder=_plain("https://… (report, archive, post)")
            ),
        ),
    ]


def flag_form(
    *,
    target: str,
    accounts: Sequence[str],
    preselect: bool,
    label: str,
    metadata: str,
) -> View:
    """The review form for some accounts: which of them, the decision, why, a link to evidence."""
    options = [
        Option(value=str(i), text=_plain(account, 75))
        for i, account in enumerate(accounts[:MAX_FORM_ACCOUNTS])
    ]
    about = f"Decision on the accounts of {code(target)}" if target else "Decision on accounts"
    blocks: list[Block] = [
        SectionBlock(text=_md(about + ". The history keeps every decision.")),
        InputBlock(
            block_id=Field.ACCOUNTS,
            label=_plain("Accounts"),
            element=CheckboxesElement(
                action_id=Field.ACCOUNTS,
                options=options,
                initial_options=options if preselect else None,
            ),
        ),
        _label_input(label),
        *_reason_inputs(),
    ]
    return _modal(blocks, title="Flag accounts", metadata=metadata, submit="Record decision")


def cluster_form(
    *, target: str, cluster_id: int, size: int, sample: Sequence[str], label: str, metadata: str
) -> View:
    """The whole-cluster form: the member count to confirm, the decision, why, evidence."""
    shown = ", ".join(code(a) for a in sample[:8])
    more = f" and {size - len(sample[:8])} more" if size > len(sample[:8]) else ""
    text = (
        f":warning: This records one decision on *all {size} accounts* of cluster #{cluster_id}"
        f" (from the card for {code(target)}).\n{shown}{more}"
    )
    blocks: list[Block] = [SectionBlock(text=_md(text)), _label_input(label), *_reason_inputs()]
    return _modal(
        blocks, title="Flag whole cluster", metadata=metadata, submit=f"Flag {size} accounts"
    )


def _accounts_text(accounts: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(code(a) for a in accounts[:limit])
    return shown + (f" and {len(accounts) - limit} more" if len(accounts) > limit else "")


def decision_text(result: FlagResult, reviewer: str) -> str:
    """mrkdwn "x:@a flagged coordinated by <@U> just now" for a recorded decision."""
    words = FLAG_WORDS.get(result.label, f"flagged {result.label}")
    return f"{_accounts_text(result.accounts)} *{escape(words)}* by <@{escape(reviewer)}> just now"


def decision_summary(result: FlagResult) -> str:
    """The notification text of a decision (no user text in it)."""
    return f"Recorded: {plural(len(result.accounts), 'account')} {result.label}"


def decision_notice(result: FlagResult, reviewer: str, reason: str) -> list[Block]:
    """The ephemeral confirmation of a recorded decision, with its reason."""
    blocks: list[Block] = [
        SectionBlock(text=_md(":white_check_mark: " + decision_text(result, reviewer)))
    ]
    blocks.append(ContextBlock(elements=[_plain(one_line(reason) or "no reason given")]))
    return blocks


def decision_context(result: FlagResult, reviewer: str, reason: str) -> ContextBlock:
    """One line under an updated card saying what was just decided."""
    return ContextBlock(
        elements=[
            _md(f":white_check_mark: {decision_text(result, reviewer)}:"),
            _plain(one_line(reason) or "no reason given"),
        ]
    )


def review_notice(text: str) -> list[Block]:
    """A short ephemeral answer of the review flow; `text` is trusted mrkdwn."""
    return [SectionBlock(text=_md(text))]


def _queue_blocks(queue: Sequence[QueueItem], values: Sequence[str], can_flag: bool) -> list[Block]:
    blocks: list[Block] = []
    for item, value in zip(queue[:MAX_HOME_QUEUE], values, strict=False):
        cluster = f" · cluster #{item.cluster_id}" if item.cluster_id is not None else ""
        line = f"{LEVEL_ICON[item.level]} {code(item.account)} *{item.level}* ({item.score:.2f}){cluster}"
        if item.evidence:
            line += "\n" + literal(cut(item.evidence, 300))
        blocks.append(SectionBlock(text=_md(line)))
        if can_flag:
            blocks.append(
                ActionsBlock(
                    elements=[
                        ButtonElement(
                            text="Flag", action_id=Action.FLAG, value=value, style="danger"
                        ),
                        ButtonElement(text="Benign", action_id=Action.BENIGN, value=value),
                        ButtonElement(text="Watch", action_id=Action.WATCH, value=value),
                    ]
                )
            )
    return blocks


def _decision_lines(decisions: Sequence[FlagNote], now: int | None) -> str:
    return "\n".join(
        f"• {flag_line(d, with_account=True, now=now)}: {literal(cut(d.reason, 150)) or 'no reason given'}"
        for d in decisions[:MAX_HOME_LINES]
    )


def _check_lines(checks: Sequence[CheckLog], now: int | None) -> str:
    return "\n".join(
        f"• {code(c.target)}: {escape(c.verdict)} ({c.score:.2f}), {ago(c.created_ts, now)}"
        for c in checks[:MAX_HOME_LINES]
    )


def home_view(
    *,
    queue: Sequence[QueueItem],
    queue_values: Sequence[str],
    decisions: Sequence[FlagNote],
    checks: Sequence[CheckLog],
    can_flag: bool,
    store_updated_ts: int | None = None,
    notice: Sequence[Block] = (),
    now: int | None = None,
) -> View:
    """The App Home: the review queue, the team's recent decisions, the user's recent checks.

    `queue_values` are the buttons' values, one per queue item; `notice`
    blocks are shown first (e.g. a refusal, or an error).
    """
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text="cibwatch"))]
    blocks.extend(notice)
    intro = "suspected accounts nobody has decided on yet, highest score first"
    if not can_flag:
        intro += " (only reviewers can flag; you can check them with `/cib check`)"
    blocks.append(SectionBlock(text=_md(f"*Review queue*: {intro}")))
    if queue:
        blocks.extend(_queue_blocks(queue, queue_values, can_flag))
    else:
        blocks.append(
            SectionBlock(text=_md("Nothing to review: every suspected account has a decision."))
        )
    blocks.append(DividerBlock())
    team = _decision_lines(decisions, now) or "No decisions yet."
    blocks.append(SectionBlock(text=_md("*Recent team decisions*\n" + team)))
    blocks.append(DividerBlock())
    mine = (
        _check_lines(checks, now) or "You have not checked anything yet: try `/cib check @handle`."
    )
    blocks.append(SectionBlock(text=_md("*Your recent checks*\n" + mine)))
    fresh = when(store_updated_ts) if store_updated_ts else "never (empty store)"
    blocks.append(ContextBlock(elements=[_plain(f"cibwatch · store updated {fresh}")]))
    return View(type="home", blocks=blocks[:MAX_HOME_BLOCKS])


def export_comment(export: ClusterExport, user: str) -> str:
    """The message shared with an export (mrkdwn)."""
    what = f"cluster #{export.cluster_id}" if export.cluster_id is not None else code(export.target)
    return (
        f":page_facing_up: Export of {what} for <@{escape(user)}>: {plural(export.accounts, 'account')}, "
        f"{plural(export.posts, 'post')} (newest {export.posts_per_account} per account)."
    )
