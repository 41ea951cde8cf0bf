"""Reading published indicator files: Meta's threat-research tables (CSV, TSV) and plain lists.

The table rows below are copied from Meta's published Q2 2023 files
(Spamouflage, Doppelganger) in facebook/threat-research, defanging and all.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storage.indicators import (
    IndicatorFileError,
    IndicatorKind,
    parse_indicator,
    read_indicator_file,
    refang,
)

ACCOUNT, POST, DOMAIN, LINK = (
    IndicatorKind.ACCOUNT,
    IndicatorKind.POST,
    IndicatorKind.DOMAIN,
    IndicatorKind.LINK,
)
ACQ = "0. Acquiring assets,0.9 Acquiring social media accounts"
FORUMS = f"{ACQ},0.9.8 Acquiring accounts on online forums"
DOMAINS = "0. Acquiring assets,0.6 Acquiring domains,0.6.2 Acquiring domains to support influence operations"
META_CSV = "\n".join(
    [
        "Tactic,Technique,Procedure,Indicator,Note",
        f'{ACQ},0.9.1 Acquiring Facebook assets,"7,704 Facebook accounts",',
        f"{ACQ},0.9.4 Acquiring X / Twitter accounts,https://twitter[.]com/GarciaJasmyn1/,",
        f"{ACQ},0.9.6 Acquiring TikTok accounts,https://www[.]tiktok[.]com/@deandrela3,",
        f"{FORUMS},https://medium[.]com/@johnsonalbertwnc,",
        f"{FORUMS},https://medium[.]com/@johnsonalbertwnc,",
        f"{FORUMS},https://gayleenwxmzw98[.]medium[.]com/,",
        f"{FORUMS},https://www[.]reddit[.]com/user/Enough_Personality92/,",
        f"{FORUMS},https://www[.]indiatimes[.]com/explainers/news/victory-day-in-russia-its-"
        "significance-this-may-9-569022[.]html [comment],",
        f"{FORUMS},https://www[.]tumblr[.]com/wharmonyagiar,",
        ",,,,",
        "6. Indiscriminate engagement,6.1 Posting on websites ,6.1.3 Posting original content "
        'on blogs,"""Milk Tea Alliance"" releases investigation report on COVID-19 transmission",',
        f'{DOMAINS},rrn[.]so,"Domains spoofing news or government sites, Country likely '
        'targeted: Global"',
        f"{DOMAINS},jiraboom[.]pro (Hosted a spoof of Der Spiegel),",
        "7. Targeted engagement,7.5 Directing online traffic,7.5.1 Directing audience to other "
        "social media,http://nl.pinterest.com/pin/1020135753089553312,",
    ]
)
#: (kind, platform, key, line) of each indicator META_CSV lists, in file order.
META_INDICATORS = [
    (ACCOUNT, "x", "garciajasmyn1", 3),
    (ACCOUNT, "tiktok", "deandrela3", 4),
    (ACCOUNT, "medium", "johnsonalbertwnc", 5),
    (ACCOUNT, "medium", "gayleenwxmzw98", 7),
    (ACCOUNT, "reddit", "enough_personality92", 8),
    (
        LINK,
        "",
        "https://indiatimes.com/explainers/news/victory-day-in-russia-its-significance-this-may-9-569022.html",
        9,
    ),
    (LINK, "", "https://tumblr.com/wharmonyagiar", 10),
    (DOMAIN, "", "rrn.so", 13),
    (DOMAIN, "", "jiraboom.pro", 14),
    (POST, "pinterest", "1020135753089553312", 15),
]


def write(tmp_path: Path, name: str, text: str, newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def summary(path: Path) -> list[tuple[IndicatorKind, str, str, int]]:
    return [(i.kind, i.platform, i.key, i.line) for i in read_indicator_file(path).indicators]


def test_meta_table_is_read_refanged_in_the_stores_canonical_forms(tmp_path: Path) -> None:
    found = read_indicator_file(write(tmp_path, "spamouflage.csv", META_CSV))

    assert found.shape == "table"
    assert [(i.kind, i.platform, i.key, i.line) for i in found.indicators] == META_INDICATORS
    assert found.duplicates == 1  # the second johnsonalbertwnc row
    first = found.indicators[0]
    assert first.published == "https://twitter[.]com/GarciaJasmyn1/"  # as published
    assert (first.tactic, first.technique, first.procedure) == (
        "0. Acquiring assets",
        "0.9 Acquiring social media accounts",
        "0.9.4 Acquiring X / Twitter accounts",
    )
    assert found.indicators[5].note == "[comment]"  # the remark after the link
    assert found.indicators[8].note == "(Hosted a spoof of Der Spiegel)"
    assert found.indicators[7].note.startswith("Domains spoofing news")


def test_counts_and_titles_are_rejected_with_their_line_and_blank_rows_skipped(
    tmp_path: Path,
) -> None:
    found = read_indicator_file(write(tmp_path, "spamouflage.csv", META_CSV))

    assert [(r.line, r.reason) for r in found.rejects] == [
        (2, "'7,704 Facebook accounts' is a count, not a handle, link or domain"),
        (
            12,
            "'\"Milk Tea Alliance\" releases investigation report on COVID-…' is a "
            "description or title, not a handle, link or domain",
        ),
    ]
    assert found.rejects[0].raw == "7,704 Facebook accounts"
    assert found.rows == 13  # every row but the header and the blank one


def test_meta_tsv_with_crlf_and_a_comments_column_reads_as_the_csv(tmp_path: Path) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(META_CSV)))
    rows[0][4] = "Comments"  # as the Doppelganger and China tables name it
    tsv = "\n".join("\t".join(row) for row in rows)
    path = write(tmp_path, "spamouflage.tsv", "\ufeff" + tsv, newline="\r\n")

    found = read_indicator_file(path)
    assert [(i.kind, i.platform, i.key, i.line) for i in found.indicators] == META_INDICATORS
    assert found.indicators[7].note.startswith("Domains spoofing news")


def test_older_layout_reads_links_and_domains_and_refuses_hashes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "2022_09.csv",
        "indicator_type,indicator_value,comment,ds\n"
        "domain_name,berliner-tageszeitung[.]net,Germany-targeting CIB domain,2022-09-27\n"
        "telegram_url,https://t[.]me/s/dobrorus_dp,CIB Telegram URL,2022-09-27\n"
        "md5,10c1f38305792a0f925e8a2cf9482ce3,Plugin Phantom,2021-03-24\n",
    )
    found = read_indicator_file(path)
    assert [(i.kind, i.platform, i.key) for i in found.indicators] == [
        (DOMAIN, "", "berliner-tageszeitung.net"),
        (ACCOUNT, "telegram", "dobrorus_dp"),
    ]
    assert found.indicators[0].note == "Germany-targeting CIB domain"
    assert [(r.line, r.reason) for r in found.rejects] == [
        (4, "listed as md5: not a handle, link or domain")
    ]


def test_a_table_does_not_read_bare_names_as_handles(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "turkiye.csv",
        "Tactic,Technique,Procedure,Indicator,Note\n"
        "1. Disguising assets,1.3 Creating fictitious organizations,1.3.1 Creating fictitious "
        "news outlet,7Sabah,\n",
    )
    (rejected,) = read_indicator_file(path).rejects
    assert rejected.line == 2 and rejected.reason.startswith("'7Sabah' is a name or title")


def test_plain_list_of_handles_links_and_domains(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "list.txt",
        "# handles our partners flagged\n"
        "@janedoe1234\n"
        "x:@JohnDoe_99\n"
        "\n"
        "tiktok:marylamb\n"
        "bare_handle\n"
        "hxxps://t[.]me/some_channel\n"
        "news-front[.]info\n"
        "john.smith\n"
        "not a handle\n"
        "ftp://files.example/x\n",
    )
    found = read_indicator_file(path)
    assert found.shape == "list"
    assert [(i.kind, i.platform, i.key, i.line) for i in found.indicators] == [
        (ACCOUNT, "", "janedoe1234", 2),
        (ACCOUNT, "x", "johndoe_99", 3),
        (ACCOUNT, "tiktok", "marylamb", 5),
        (ACCOUNT, "", "bare_handle", 6),
        (ACCOUNT, "telegram", "some_channel", 7),
        (DOMAIN, "", "news-front.info", 8),
        (DOMAIN, "", "john.smith", 9),  # a name with dots is a domain: write @john.smith
    ]
    assert [r.line for r in found.rejects] == [10, 11]
    assert "only web links" in found.rejects[1].reason


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("hxxps://twitter[.]com/name", "https://twitter.com/name"),
        ("hXXp://rrn(.)so", "http://rrn.so"),
        ("https{:}//t[.]me/kothetjournalist", "https://t.me/kothetjournalist"),
        ("https[://]example[dot]com/a", "https://example.com/a"),
        ("info[at]holysouls[.]cc", "info@holysouls.cc"),
        ("plain text [comment] stays", "plain text [comment] stays"),
    ],
)
def test_refang_undoes_threat_report_defanging(published: str, expected: str) -> None:
    assert refang(published) == expected


@pytest.mark.parametrize(
    ("published", "reason"),
    [
        ("https://twitter[.]com", "whole platform"),
        ("medium[.]com", "whole platform"),
        ("info[at]holysouls[.]cc", "email address"),
        ("https://tinyurl[.]com/x redirects to: somewhere", None),
    ],
)
def test_whole_platforms_and_emails_are_not_indicators(published: str, reason: str | None) -> None:
    if reason is None:
        kind, _, key, note = parse_indicator(published)
        assert (kind, key, note) == (LINK, "https://tinyurl.com/x", "redirects to: somewhere")
        return
    with pytest.raises(ValueError, match=reason):
        parse_indicator(published)


def test_bad_files_are_one_clear_line(tmp_path: Path) -> None:
    cases = {
        tmp_path / "missing.csv": "does not exist",
        tmp_path: "is a folder",
        write(tmp_path, "empty.csv", "\n\n"): "is empty",
        write(tmp_path, "no-indicator.csv", "a,b,c\n1,2,3\n"): "without an Indicator column",
    }
    gz = tmp_path / "packed.csv.gz"
    gz.write_bytes(gzip.compress(META_CSV.encode()))
    cases[gz] = "is not text"
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("@ok\n@caf\xe9\n".encode("latin-1"))
    cases[latin] = "is not UTF-8 text (line 2"
    for path, message in cases.items():
        with pytest.raises(IndicatorFileError) as caught:
            read_indicator_file(path)
        text = str(caught.value)
        assert message in text and "\n" not in text, (path, text)
