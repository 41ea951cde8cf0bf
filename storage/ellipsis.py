"""Cutting text for display: one rule for every room.

Cards, error messages, picture captions and page titles all show text cut to
a limit with "…" marking the cut. It lives in storage, the room every other
one may import, so there is one such rule, not one per room.
"""

from __future__ import annotations

ELLIPSIS = "…"


def cut(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters, else its first `limit - 1` and "…"."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS
