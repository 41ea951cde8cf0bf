"""Text in Slack's mrkdwn: user text escaped so it cannot ping or format, and cut to size.

Every Block Kit builder, notice and error message sets text through these, so
"<!channel>" in a post or a reason can never ping anyone, and no text
overflows a block (3,000 characters a section).
"""

from __future__ import annotations

import re

from storage.ellipsis import ELLIPSIS, cut

#: Characters in one section or context text.
MAX_TEXT = 3000
#: A Slack user id (U…, W…); other reviewer names come from `cibwatch flag --by NAME`.
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


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
    return "`" + escape(text.replace("`", "'")) + "`"


def person(reviewer: str) -> str:
    """A reviewer in mrkdwn: a mention for a Slack user id, the escaped name for anyone else."""
    return f"<@{reviewer}>" if _USER_ID.match(reviewer) else escape(reviewer)
