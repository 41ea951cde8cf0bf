"""The result objects of a check: Verdict, Evidence, ClusterSummary, FlagNote.

Plain dataclasses with no behaviour beyond (de)serialisation, so handlers, the
CLI and the store can pass them around and render them however they like.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import orjson


class Level(StrEnum):
    """Verdict levels, spelled exactly as cards, the JSON output and the sweep CSV show them (a contract)."""

    LIKELY = "Likely coordinated"
    SUSPICIOUS = "Suspicious"
    NONE = "No coordination signal"
    NOT_IN_STORE = "Not in store"

    @property
    def rank(self) -> int:
        """Order for comparisons: higher is more suspicious."""
        return {
            Level.NOT_IN_STORE: 0,
            Level.NONE: 1,
            Level.SUSPICIOUS: 2,
            Level.LIKELY: 3,
        }[self]


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 account", "2 accounts", "1,200 pushes" (`many`: the plural when it is not `word` + "s")."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


#: What a card says in place of a level before a sweep has scored the target.
NOT_SWEPT = "Not swept yet"


#: Scores at or above these fall in the level (the sweep's verdicts, checks and
#: flags all read them from here, beside the levels they serve).
LIKELY_AT = 0.65
SUSPICIOUS_AT = 0.4


def level_for(score: float) -> Level:
    """The verdict level a score falls in."""
    if score >= LIKELY_AT:
        return Level.LIKELY
    if score >= SUSPICIOUS_AT:
        return Level.SUSPICIOUS
    return Level.NONE


@dataclass
class Evidence:
    """One line an analyst can verify: what was seen, how often, with examples.

    `kind` is a short machine name (copy_paste, co_link, co_repost, hashtag,
    timing, audience, accounts, amplification, talking_points, flag, link); `examples` are post ids or
    URLs that show it; `counts` holds the figures quoted in `text`.
    """

    kind: str
    text: str
    weight: float = 0.0
    counts: dict[str, Any] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)


def strongest_line(evidence_json: str) -> str:
    """The text of the weightiest evidence line in a stored score row's evidence JSON ("" if none)."""
    lines = orjson.loads(evidence_json or "[]")
    if not lines:
        return ""
    return str(max(lines, key=lambda e: e.get("weight", 0)).get("text", ""))


@dataclass
class ClusterSummary:
    """The coordination cluster an account belongs to."""

    id: int
    size: int
    platforms: dict[str, int]
    first_ts: int | None
    last_ts: int | None
    score: float = 0.0
    sample_members: list[str] = field(default_factory=list)  # "platform:@handle"


@dataclass
class FlagNote:
    """A reviewer decision as shown on a card."""

    label: str
    reviewer: str
    reason: str
    created_ts: int
    account: str = ""


@dataclass
class Verdict:
    """The answer to a check: level, score in [0, 1], cluster and evidence."""

    target: str
    kind: str  # account | post | article | unknown
    level: Level
    score: float
    accounts: list[str] = field(default_factory=list)  # "platform:@handle"
    cluster: ClusterSummary | None = None
    evidence: list[Evidence] = field(default_factory=list)
    flags: list[FlagNote] = field(default_factory=list)
    store_updated_ts: int | None = None
    note: str = ""  # e.g. what the bot could still say about a link not in the store
    # False when no sweep has scored it yet (none ran, or its posts came after the
    # last): `level` then rests on reviewer flags alone, and cards say "Not swept yet".
    swept: bool = True

    @property
    def headline(self) -> str:
        """What a card's header calls the verdict: its level, or "Not swept yet" with nothing to go on."""
        if not self.swept and self.level is Level.NONE:
            return NOT_SWEPT
        return str(self.level)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the `--json` output)."""
        data = asdict(self)
        data["level"] = str(self.level)
        return data
