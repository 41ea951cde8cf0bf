"""`/cib watchlist` and listed targets' cards, over signed HTTP against the running app."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from client import SlackClient
from fakes import FakeSlack, blocks_text, header_of, in_channel

from services.watchlist import import_indicators
from storage.db import Store

LISTED = (
    "Tactic,Technique,Procedure,Indicator,Note\n"
    "0. Acquiring assets,0.9 Acquiring social media accounts,0.9.4 Acquiring X / Twitter "
    "accounts,https://twitter[.]com/GarciaJasmyn1/,\n"
    "0. Acquiring assets,0.6 Acquiring domains,0.6.2 Acquiring domains to support influence "
    "operations,rrn[.]so,\n"
)


def test_watchlist_command_lists_sources_ephemerally_and_cards_say_when_a_target_is_listed(
    sqlite_store: Store,
    fake_slack: FakeSlack,
    start_bot: Callable[..., AbstractContextManager[str]],
    tmp_path: Path,
    channel: str,
) -> None:
    url = sqlite_store.engine.url.render_as_string(hide_password=False)
    with start_bot(sqlite_store, url) as base_url:
        client = SlackClient(base_url, fake_slack)
        try:
            empty = client.command("watchlist", channel=channel).json()
            assert empty["response_type"] == "ephemeral"
            assert "no sources imported yet" in blocks_text(empty)
            assert "cibwatch watchlist import FILE --source NAME" in blocks_text(empty)

            path = tmp_path / "spamouflage.csv"
            path.write_text(LISTED, encoding="utf-8")
            import_indicators(sqlite_store, path, "Meta Q2 2023 Spamouflage")
            import_indicators(sqlite_store, path, "Partner <!channel> list")

            ack = client.command("watchlist", channel=channel).json()
            assert ack["response_type"] == "ephemeral"
            text = blocks_text(ack)
            assert "2 sources, 4 published indicators" in text
            assert "*Meta Q2 2023 Spamouflage*: 2 indicators (1 domain, 1 x account)" in text
            assert "from spamouflage.csv, imported " in text
            assert "Partner &lt;!channel&gt; list" in text and "<!channel>" not in text
            fake_slack.quiet_for(0.3, "chat.postMessage", in_channel(channel))

            refused = client.command("watchlist everything", channel=channel).json()
            assert refused["response_type"] == "ephemeral"
            assert "takes no arguments" in blocks_text(refused)

            help_text = blocks_text(client.command("help", channel=channel).json())
            assert "/cib watchlist" in help_text

            client.command("check @GarciaJasmyn1", channel=channel)
            (card,) = fake_slack.wait_for("chat.postMessage", in_channel(channel))
            assert header_of(card.body).startswith("Not in store")
            blocks = card.body["blocks"]
            sections = json.loads(blocks) if isinstance(blocks, str) else blocks
            card_text = "\n".join(b["text"]["text"] for b in sections if b["type"] == "section")
            assert (
                ':eyes: this account is listed in "Meta Q2 2023 Spamouflage" as '
                "https://twitter[.]com/GarciaJasmyn1/ (0.9.4 Acquiring X / Twitter accounts)"
            ) in card_text
            assert 'listed in "Partner &lt;!channel&gt; list"' in card_text
        finally:
            client.http.close()
