"""The watchlist on real stores: import, list, remove, and what checks and digests say of listings."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest
from factories import record, write_jsonl
from test_cli import cibwatch
from test_watchlist_files import META_CSV

from detection.verdict import Level, Verdict
from services.checks import check_target
from services.digests import digest_for
from services.sweeps import run_sweep
from services.watchlist import (
    KIND,
    WatchlistError,
    import_indicators,
    listing_lines,
    remove_source,
    sources,
)
from storage.db import Store
from storage.ingest import ingest_file

SOURCE = "Meta Q2 2023 Spamouflage"
MEMBERS = [f"janedoe{1000 + n}" for n in range(8)]


def network_records() -> list[dict]:
    """Eight accounts posting the same texts and links within seconds, eight times, and bystanders."""
    records = []
    n = 0
    for push in range(8):
        for member, handle in enumerate(MEMBERS):
            n += 1
            records.append(
                record(
                    str(n),
                    handle,
                    author_created_at="2023-05-01T03:00:00Z",
                    posted_at=f"2023-06-{5 + push:02d}T02:{10 + member:02d}:{member * 7:02d}Z",
                    text=f"The western media lies about everything again, message {push} #{member}",
                    urls=[f"https://www.truth-news.example/story-{push}?utm_source={member}"],
                )
            )
    for person in range(30):
        n += 1
        records.append(
            record(
                str(n), f"bystander{person}", posted_at=f"2023-06-{1 + person % 28:02d}T10:00:00Z"
            )
        )
    return records


@pytest.fixture
def network(store: Store, tmp_path: Path) -> Store:
    """`store` with the network loaded and swept."""
    ingest_file(store, write_jsonl(tmp_path / "posts.jsonl", network_records()))
    run_sweep(store)
    return store


def meta_file(tmp_path: Path) -> Path:
    path = tmp_path / "Q2_2023_Spamouflage.csv"
    path.write_text(META_CSV, encoding="utf-8")
    return path


def partner_list(tmp_path: Path) -> Path:
    path = tmp_path / "partners.txt"
    path.write_text("hxxps://twitter[.]com/JaneDoe1001\ntruth-news[.]example\n", encoding="utf-8")
    return path


def listing(verdict: Verdict) -> dict:
    (line,) = listing_lines(verdict)
    return line.counts


def test_import_stores_the_indicators_and_again_replaces_them(store: Store, tmp_path: Path) -> None:
    report = import_indicators(store, meta_file(tmp_path), f"  {SOURCE} ")

    assert (report.source, report.stored, report.rejected, report.duplicates) == (SOURCE, 10, 2, 1)
    assert report.kinds["domains"] == 2 and report.kinds["x account"] == 1
    assert [r.line for r in report.rejects] == [2, 12]
    rejects = [orjson.loads(line) for line in report.rejects_path.read_bytes().splitlines()]
    assert [r["line"] for r in rejects] == [2, 12]
    assert not report.replaced

    again = import_indicators(store, meta_file(tmp_path), SOURCE)
    import_indicators(store, partner_list(tmp_path), "Partner list")
    assert again.replaced
    listed = sources(store)
    assert sorted((s.name, s.indicators) for s in listed) == [(SOURCE, 10), ("Partner list", 2)]
    by_name = {s.name: s for s in listed}
    assert (
        by_name[SOURCE].kinds["x account"] == 1 and by_name[SOURCE].file == meta_file(tmp_path).name
    )

    assert remove_source(store, "meta q2 2023 SPAMOUFLAGE") == (SOURCE, 10)
    assert [s.name for s in sources(store)] == ["Partner list"]
    with pytest.raises(
        WatchlistError, match="no watchlist source is called 'nope'.*'Partner list'"
    ):
        remove_source(store, "nope")


def test_a_file_without_indicators_or_a_bad_name_is_refused(store: Store, tmp_path: Path) -> None:
    titles = tmp_path / "titles.csv"
    titles.write_text("Tactic,Technique,Procedure,Indicator,Note\n,,,Lying through his teeth,\n")
    with pytest.raises(
        WatchlistError, match="no handle, profile link, post link or domain.*line 2"
    ):
        import_indicators(store, titles, SOURCE)
    with pytest.raises(WatchlistError, match="name the source"):
        import_indicators(store, meta_file(tmp_path), " ")
    with pytest.raises(WatchlistError, match="one line of text"):
        import_indicators(store, meta_file(tmp_path), "two\nlines")
    assert sources(store) == []


def test_a_listed_account_not_in_the_store_is_said_with_source_technique_and_indicator(
    store: Store, tmp_path: Path
) -> None:
    import_indicators(store, meta_file(tmp_path), SOURCE)

    verdict = check_target(store, "x:@GarciaJasmyn1")
    assert verdict.level is Level.NOT_IN_STORE and verdict.score == 0.0
    counts = listing(verdict)
    assert counts["source"] == SOURCE
    assert counts["technique"] == "0.9 Acquiring social media accounts"
    assert counts["procedure"] == "0.9.4 Acquiring X / Twitter accounts"
    assert counts["indicator"] == "https://twitter[.]com/GarciaJasmyn1/"
    assert verdict.evidence[0].kind == KIND and verdict.evidence[0].weight == 0.0
    assert verdict.evidence[0].text == (
        f'this account is listed in "{SOURCE}" as https://twitter[.]com/GarciaJasmyn1/ '
        "(0.9.4 Acquiring X / Twitter accounts)"
    )
    for same in ("@garciajasmyn1", "twitter:GarciaJasmyn1", "https://x.com/GarciaJasmyn1?s=20"):
        assert listing(check_target(store, same))["source"] == SOURCE, same
    for other in (
        "tiktok:@GarciaJasmyn1",
        "@GarciaJasmyn2",
        "https://x.com/GarciaJasmyn2/status/1",
    ):
        assert listing_lines(check_target(store, other)) == [], other
    post = check_target(store, "https://x.com/GarciaJasmyn1/status/1")
    assert post.evidence[0].text.startswith("its author x:@garciajasmyn1 is listed in")


def test_listed_posts_links_and_domains_are_matched_in_any_spelling(
    store: Store, tmp_path: Path
) -> None:
    import_indicators(store, meta_file(tmp_path), SOURCE)

    pin = check_target(store, "https://www.pinterest.com/pin/1020135753089553312/")
    assert listing(pin)["indicator"] == "http://nl.pinterest.com/pin/1020135753089553312"
    assert pin.evidence[0].text.startswith("this post is listed")
    page = check_target(store, "http://tumblr.com/wharmonyagiar/?utm_source=feed#top")
    assert listing(page)["indicator"] == "https://www[.]tumblr[.]com/wharmonyagiar"
    article = check_target(store, "https://de.rrn.so/2023/06/story.html")
    assert article.evidence[0].text.startswith(
        f'its site de.rrn.so (on rrn.so) is listed in "{SOURCE}"'
    )
    assert listing_lines(check_target(store, "https://notrrn.so/story")) == []
    assert listing_lines(check_target(store, "https://tumblr.com/someoneelse")) == []


def test_listed_member_and_shared_domain_mark_the_cluster_without_moving_the_score(
    network: Store, tmp_path: Path
) -> None:
    before = check_target(network, "x:@janedoe1003")
    assert before.level is Level.LIKELY and before.cluster is not None
    cluster = before.cluster.id

    import_indicators(network, partner_list(tmp_path), "Partner list")
    after = check_target(network, "x:@janedoe1003")

    assert (after.level, after.score) == (before.level, before.score)
    assert after.evidence[len(after.evidence) - len(before.evidence) :] == before.evidence
    member, domain = listing_lines(after)
    assert (
        member.text
        == f'1 other member of cluster #{cluster} is listed: x:@janedoe1001 ("Partner list")'
    )
    assert member.examples == ["x:@janedoe1001"]
    assert domain.text == (
        f'cluster #{cluster} linked to truth-news.example, listed in "Partner list" as '
        "truth-news[.]example: 64 posts by 8 members"
    )
    assert domain.counts["posts"] == 64 and domain.counts["accounts"] == 8

    own = check_target(network, "@JANEDOE1001")
    assert [line.text for line in listing_lines(own)][0] == (
        'this account is listed in "Partner list" as hxxps://twitter[.]com/JaneDoe1001'
    )
    assert not any("other member" in line.text for line in listing_lines(own))
    bystander = check_target(network, "x:@bystander3")
    assert listing_lines(bystander) == []

    article = check_target(network, "https://truth-news.example/story-3")
    texts = [line.text for line in listing_lines(article)]
    assert texts[0].startswith('its site truth-news.example is listed in "Partner list"')
    assert texts[1].startswith('x:@janedoe1001 is listed in "Partner list"')  # a sharer
    assert texts[2].startswith(f"cluster #{cluster} linked to truth-news.example")


def test_digest_marks_listed_accounts(network: Store, tmp_path: Path) -> None:
    import_indicators(network, partner_list(tmp_path), "Partner list")
    now = int(time.time())
    digest = digest_for(network, now - 86400, now + 1)

    evidence = {a.label: a.evidence for group in digest.clusters for a in group.accounts}
    assert evidence["x:@janedoe1001"].startswith('listed in "Partner list"; ')
    assert not any(
        text.startswith("listed") for label, text in evidence.items() if label != "x:@janedoe1001"
    )


def test_cli_watchlist_import_list_check_and_remove(tmp_path: Path) -> None:
    path = meta_file(tmp_path)
    imported = cibwatch("watchlist", "import", str(path), "--source", SOURCE, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    store_line, *lines = imported.stdout.splitlines()
    assert store_line == f"store: SQLite file {tmp_path / 'cibwatch.db'}"
    assert lines[0].startswith(
        f"Q2_2023_Spamouflage.csv: read 13 rows, stored 10 indicators as '{SOURCE}' ("
    )
    assert lines[0].endswith("1 repeated, rejected 2")
    assert "  line 2: '7,704 Facebook accounts' is a count, not a handle, link or domain" in lines
    assert (tmp_path / "Q2_2023_Spamouflage.csv.rejects.jsonl").exists()

    listed = cibwatch("watchlist", "list", cwd=tmp_path)
    assert listed.stdout.splitlines()[1].startswith(f"{SOURCE}: 10 indicators (2 domains, ")

    checked = cibwatch("check", "https://twitter.com/GarciaJasmyn1", "--json", cwd=tmp_path)
    verdict = orjson.loads(checked.stdout)
    assert verdict["level"] == "Not in store"
    (line,) = [e for e in verdict["evidence"] if e["kind"] == "watchlist"]
    assert line["counts"]["source"] == SOURCE
    assert line["counts"]["indicator"] == "https://twitter[.]com/GarciaJasmyn1/"
    assert line["counts"]["technique"] == "0.9 Acquiring social media accounts"

    removed = cibwatch("watchlist", "remove", SOURCE, cwd=tmp_path)
    assert removed.stdout.splitlines()[-1] == f"removed '{SOURCE}' (10 indicators)"


def test_cli_bad_indicator_file_or_source_is_one_line(tmp_path: Path) -> None:
    table = tmp_path / "scores.csv"
    table.write_text("platform,author_handle,score\nx,a,0.5\n")
    for args, message in (
        (["import", str(table), "--source", "S"], "without an Indicator column"),
        (["remove", "S"], "no watchlist source is called 'S' (imported: none)"),
    ):
        result = cibwatch("watchlist", *args, cwd=tmp_path)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("error: ") and message in line
