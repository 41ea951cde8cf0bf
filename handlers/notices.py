"""Block Kit builders for short ephemeral notices: help, progress, errors.

Text passed in as `problem` or `detail` is user text and is escaped here;
`text` arguments documented as mrkdwn are trusted (built by cibwatch).
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from handlers.mrkdwn import MAX_TEXT, literal, truncate

CHECK_EXAMPLES = (
    "`/cib check @janedoe1234`",
    "`/cib check x:@janedoe1234`",
    "`/cib check https://x.com/janedoe1234/status/1700000000000000000`",
    "`/cib check https://news.example.com/story`",
)


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=truncate(text, MAX_TEXT)))


def help_card(usages: Sequence[tuple[str, str]], problem: str = "") -> list[Block]:
    """The `/cib` help: one line per sub-command (`usage`, `summary` mrkdwn), after `problem`."""
    blocks: list[Block] = []
    if problem:
        blocks.append(_section(f":warning: {literal(problem)}"))
    lines = [f"`{usage}`: {summary}" for usage, summary in usages]
    blocks.append(_section("*cibwatch commands*\n" + "\n".join(lines)))
    blocks.append(
        _section(
            "*What I can check:* an `@handle` (or `platform:@handle`), a profile or post link "
            "on X, Facebook, Instagram, TikTok, YouTube, Reddit, Medium, Pinterest or Telegram, "
            "or an article link.\n*Examples:* " + ", ".join(CHECK_EXAMPLES[:3])
        )
    )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Paste links in a channel I am in and I answer in the thread; "
                    "or use the message shortcut *Check with cibwatch*."
                )
            ]
        )
    )
    return blocks


def checking_notice(target_label: str) -> list[Block]:
    """The immediate answer to `/cib check`: work has started."""
    return [_section(f":hourglass_flowing_sand: Checking {literal(target_label)}…")]


def working_notice() -> list[Block]:
    """The ack of a `/cib` command whose answer takes longer than Slack waits for one."""
    return [_section(":hourglass_flowing_sand: Working on it… the answer follows here.")]


def error_notice(text: str) -> list[Block]:
    """An error message; `text` is trusted mrkdwn (see handlers.errors.explain)."""
    return [_section(f":warning: {text}")]


def info_notice(text: str) -> list[Block]:
    """A short informational reply; `text` is trusted mrkdwn."""
    return [_section(text)]


def no_targets_notice() -> list[Block]:
    """The shortcut found nothing to check in the chosen message."""
    return info_notice(
        "I found no account handle or link in that message. I can check an `@handle`, "
        "a profile or post link on a social platform, or an article link; or try "
        + CHECK_EXAMPLES[0]
        + "."
    )


def not_in_channel_notice() -> list[Block]:
    """Shown under an ephemeral card when the bot could not post in the channel."""
    return [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Only you can see this: I am not a member of this channel. "
                    "Invite me with `/invite @cibwatch` to share cards here."
                )
            ]
        )
    ]
