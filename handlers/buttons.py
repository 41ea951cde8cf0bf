"""What a card's buttons carry: the checked target, its accounts and its cluster, as JSON.

Verdict cards and the App Home queue put the same JSON in every review,
export, evidence and pictures button's `value`: `{"t": target, "a":
accounts, "c": cluster id}`. `button_value` writes it and `read_button` reads
it back for every listener, so each button of a card posted days ago reads
the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from handlers.errors import UserError
from handlers.ids import Action

STALE_BUTTON = "This button's card is too old to read; check the target again with /cib check."
#: Slack's limit on a button's value (characters).
MAX_VALUE = 2000
#: What a value keeps: the target's first characters and the first accounts.
MAX_TARGET = 500
MAX_ACCOUNTS = 5


@dataclass(frozen=True)
class CardButton:
    """What a card's button is about."""

    target: str  # what the card checked, as typed ("@name", a link)
    accounts: list[str] = field(default_factory=list)  # platform:@handle
    cluster_id: int | None = None


def button_value(target: str, accounts: Sequence[str], cluster_id: int | None) -> str:
    """The JSON a card's buttons carry for `target`, its accounts and its cluster."""
    value = {"t": target[:MAX_TARGET], "a": list(accounts[:MAX_ACCOUNTS]), "c": cluster_id}
    return orjson.dumps(value).decode()[:MAX_VALUE]


def read_button(value: str | None) -> CardButton:
    """What a button's `value` is about; raises UserError for a value cibwatch cannot read."""
    try:
        data = orjson.loads(value or "")
    except orjson.JSONDecodeError:
        raise UserError(STALE_BUTTON) from None
    if not isinstance(data, dict) or not isinstance(data.get("t"), str) or not data["t"]:
        raise UserError(STALE_BUTTON)
    accounts = [a for a in data.get("a") or [] if isinstance(a, str)]
    cluster = data.get("c") if isinstance(data.get("c"), int) else None
    return CardButton(data["t"], accounts, cluster)


def card_value_in(message: dict[str, Any]) -> str | None:
    """The value of the Flag button when `message` is one of our verdict cards, else None."""
    for block in message.get("blocks") or []:
        if block.get("type") != "actions":
            continue
        for element in block.get("elements") or []:
            if element.get("action_id") == Action.FLAG:
                return str(element.get("value") or "")
    return None
