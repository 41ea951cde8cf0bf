"""Text in Slack's mrkdwn: user text escaped so it cannot ping or format, and cut to size.

Every Block Kit builder, notice and error message sets text through these, so
"<!channel>" in a post or a reason can never ping anyone, and no text
overflows a block (3,000 characters a section).

Text from posts and people (hashtags, handles, reasons, notes) goes in
through `literal` inside mrkdwn, or `one_line` inside plain_text: on one
line, so it cannot fake a line of the card ("...\n• posted 500 texts"),
and in mrkdwn with its formatting marks disarmed, so "*bold*" in a reason
shows as written instead of in bold.
"""

from __future__ import annotations

import re

from storage.ellipsis import ELLIPSIS, cut

#: Characters in one section or context text.
MAX_TEXT = 3000
#: A Slack user id (U…, W…); other reviewer names come from `cibwatch flag --by NAME`.
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


#: Runs of whitespace of any kind: newlines, tabs, Unicode line and paragraph separators.
_WHITESPACE = re.compile(r"\s+")
#: A mrkdwn mark that could open or close formatting: not between two letters or digits
#: (Slack formats only at word edges, so "us_biolabs" and "a*b" stay as they are).
_MARK = re.compile(r"(?<![^\W_])[*_~`]|[*_~`](?![^\W_])")
#: Look-alikes shown instead of such marks: mrkdwn has no escape for them.
_LOOKALIKE = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}


def one_line(text: str) -> str:
    """`text` on one line: every run of whitespace (newlines included) becomes one space."""
    return _WHITESPACE.sub(" ", text).strip()


def literal(text: str) -> str:
    """User or post text for mrkdwn, shown as written: escaped, on one line, unformatted.

    "*bold* _it_" comes out as "∗bold∗ ˍitˍ" (look-alike marks), so Slack
    renders no formatting; marks inside a word ("us_biolabs") are kept.
    """
    return _MARK.sub(lambda m: _LOOKALIKE[m.group()], escape(one_line(text)))


def escape(text: str) -> str:
    """Escape user text for mrkdwn: no mentions, links or special commands can form."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters, marking the cut, never mid-escape."""
    short = cut(text, limit)
    if short == text:
        return text
    kept = short.removesuffix(ELLIPSIS)
    amp = kept.rfind("&")
    if amp != -1 and ";" not in kept[amp:]:
        kept = kept[:amp]  # do not leave half of "&amp;" behind
    return kept + ELLIPSIS


def code(text: str) -> str:
    """Inline code for handles and ids (backticks removed so the span cannot break)."""
    return "`" + escape(one_line(text).replace("`", "'")) + "`"


def person(reviewer: str) -> str:
    """A reviewer in mrkdwn: a mention for a Slack user id, the escaped name for anyone else."""
    return f"<@{reviewer}>" if _USER_ID.match(reviewer) else escape(reviewer)
