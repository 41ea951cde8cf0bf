"""What a card's buttons carry: the checked target, its accounts and its cluster, as JSON.

Verdict cards and the App Home queue put the same JSON in every review,
export, evidence and pictures button's `value`: `{"t": target, "a":
accounts, "c": cluster id}`; the Check buttons of compact cards and digests
carry `{"t": target}`. `button_value` writes it and `read_button` reads it
back for every listener, so each button of a card posted days ago reads the
same way.

Slack refuses a value over 2,000 characters, and a value cut to fit is no
longer JSON (every button on the card then fails). A value that does not fit
is kept in the store (storage.buttonvalues) and the button carries `{"r":
key}`; without a store to keep it in (or with the store busy), the value
drops accounts, then cuts the target, but stays valid JSON.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from handlers.errors import UserError
from handlers.ids import Action
from storage import buttonvalues
from storage.db import Store, StoreBusy, now_ts

log = logging.getLogger(__name__)

STALE_BUTTON = "This button's card is too old to read; check the target again with /cib check."
#: Slack's limit on a button's value (characters).
MAX_VALUE = 2000
#: Accounts a value names at most (the review form offers them).
MAX_ACCOUNTS = 5
#: Seconds keeping a long value waits for the store's write lock (a card is waiting).
KEEP_WAIT = 2.0


@dataclass(frozen=True)
class CardButton:
    """What a card's button is about."""

    target: str  # what the card checked, as typed ("@name", a link)
    accounts: list[str] = field(default_factory=list)  # platform:@handle
    cluster_id: int | None = None


class ButtonValues:
    """Where values too long for a button are kept: the store, under a digest key."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def keep(self, value: str) -> str | None:
        """The key `value` is kept under; None when the store is too busy to keep it now."""
        try:
            with self.store.session(wait=KEEP_WAIT) as session:
                return buttonvalues.keep_value(session, value, now_ts())
        except StoreBusy:
            log.warning("store busy: a long button value is cut to fit instead of kept")
            return None

    def find(self, key: str) -> str | None:
        """The value kept under `key`, or None."""
        with self.store.session() as session:
            return buttonvalues.kept_value(session, key)


def _json(value: dict[str, Any]) -> str:
    return orjson.dumps(value).decode()


def button_value(
    target: str,
    accounts: Sequence[str] = (),
    cluster_id: int | None = None,
    *,
    kept: ButtonValues | None = None,
) -> str:
    """The JSON a card's buttons carry for `target`, its accounts and its cluster.

    Always valid JSON of at most MAX_VALUE characters: a longer value is kept
    in `kept` and referred to by its key, or else shortened (see the module).
    """
    value: dict[str, Any] = {"t": target, "a": list(accounts[:MAX_ACCOUNTS]), "c": cluster_id}
    text = _json(value)
    if len(text) <= MAX_VALUE:
        return text
    key = kept.keep(text) if kept is not None else None
    if key is not None:
        return _json({"r": key})
    while len(text) > MAX_VALUE and value["a"]:  # fewer accounts: the form offers fewer
        value["a"] = value["a"][:-1]
        text = _json(value)
    while len(text) > MAX_VALUE:  # escaping makes JSON longer than the text: cut, re-measure
        value["t"] = value["t"][: len(value["t"]) - (len(text) - MAX_VALUE) - 1]
        text = _json(value)
    return text


def read_button(value: str | None, kept: ButtonValues | None = None) -> CardButton:
    """What a button's `value` is about; raises UserError for a value cibwatch cannot read."""
    data = _load(value)
    if isinstance(data, dict) and isinstance(data.get("r"), str) and "t" not in data:
        found = kept.find(data["r"]) if kept is not None else None
        data = _load(found)
    if not isinstance(data, dict) or not isinstance(data.get("t"), str) or not data["t"]:
        raise UserError(STALE_BUTTON)
    accounts = [a for a in data.get("a") or [] if isinstance(a, str)]
    cluster = data.get("c") if isinstance(data.get("c"), int) else None
    return CardButton(data["t"], accounts, cluster)


def check_target_of(value: str | None, kept: ButtonValues | None = None) -> str:
    """The target a Check button (compact card, digest) carries.

    Cards posted before Check buttons carried JSON hold the bare target.
    """
    if value and not value.lstrip().startswith("{"):
        return value
    return read_button(value, kept).target


def _load(value: str | None) -> Any:
    try:
        return orjson.loads(value or "")
    except orjson.JSONDecodeError:
        raise UserError(STALE_BUTTON) from None


def card_value_in(message: dict[str, Any]) -> str | None:
    """The value of the Flag button when `message` is one of our verdict cards, else None."""
    for block in message.get("blocks") or []:
        if block.get("type") != "actions":
            continue
        for element in block.get("elements") or []:
            if element.get("action_id") == Action.FLAG:
                return str(element.get("value") or "")
    return None
