"""A second, independent generator of post records with known truth.

Writes posts in the ingest record format and a truth table
``platform,author_handle,label,style,group`` with one row per account, every
one of which posts at least once. It was written without looking at
``bench/generate.py`` or at the detection code, from public reporting on real
operations (Meta's Spamouflage takedowns, the X/Twitter information-operations
archives, Doppelganger) and from how real users post, so that detection can be
judged on data it was never tuned on. ``generate()`` is deterministic (same
arguments, same records) and streams records day by day in time order: the
plan (accounts, schedules, pushes) plus about three days of posts are in memory
at once, about 300 MB at 1,000,000 posts.

Sizes follow a "unit" store of 100,000 posts over 28 days. With
``s = n_posts / 100_000`` and ``rho`` the posts per day relative to the unit:

* op memberships grow like ``s**0.75`` and decoy crowds like ``s**0.5`` to
  ``s**0.6``, with minimums that keep every op at 8+ accounts at 10,000 posts;
* op pushes grow like ``s**0.25 * (days / 28)**0.25`` (the retweet network's
  moments like ``s**0.5``): a ten times bigger store has bigger, denser ops;
* everything that happens per day (popular accounts' posts, wire stories,
  greetings, matches, cross-posts) follows ``sqrt(rho)``: a thin store (10,000
  posts over 90 days) catches less of each day, not more of everything;
* ordinary accounts fill the rest of ``n_posts`` with a mean of
  ``5.5 * (s * days / 28)**0.25`` own posts each, so the total is ``n_posts``
  within a few percent and 90%+ of accounts are authentic from 10,000 posts up.

Timestamps are UTC with seconds; ``minute_resolution=True`` truncates every
``posted_at`` to the minute.

Platforms: x, facebook, instagram, reddit, youtube, tiktok, telegram, each with
its own id formats (X and Instagram snowflakes, TikTok ids whose top 32 bits
are the second, Reddit ``t3_``/``t1_`` base-36, YouTube video and ``Ugx...``
comment ids, Telegram ``channel/message``) and its own verbs (retweets are
``RT @author: text``, Facebook shares carry no text, X links are ``t.co`` in the
text and expanded in ``urls``, YouTube and Instagram have comments only, a
reply on X starts with ``@author``). Languages: en, es, pt, fr, de, ru, ja, zh,
ko, ar, tr, id, fa (and Thai and Welsh in machine-translated op posts), each
with the time zones where it is spoken (DST by ``zoneinfo``).

Populations (label / style / group)
-----------------------------------

``authentic`` (90-95% of accounts; group empty):

* ``ordinary``: most accounts. Heavy-tailed activity (lognormal: most post a
  few times, a few post hundreds of times), in sessions of posts minutes apart,
  on a diurnal curve of their own zone shifted by a personal chronotype, later
  on weekends; some only active on a few days; about 5% created in the last
  two months (some inside the window, posting only after). Handles are words,
  names, the platforms' defaults (``firstnamelastname12345678`` on X,
  ``Adjective-Noun-1234`` on Reddit, ``user8473629101`` on TikTok) or random.
  They write original texts, share the day's articles (the share button's text
  or their own words, with URL variants: ``utm_*``, ``fbclid``, ``www.``,
  ``m.``, AMP, trailing slash, ``http``, short links), ride the day's trending
  hashtags (a few tags used by very many accounts within the same hours),
  reply to popular posts and to each other ("lol", "so true", "jajaja") and
  repost popular accounts.
* ``fan``: ordinary accounts that are core fans of one to three popular
  accounts on their platform: they repost (or, where there is no repost,
  comment on) most of those accounts' posts within minutes, post after post,
  unless asleep (then in the morning). Heavy fans of the same account therefore
  co-repost the same posts within minutes many times: the hardest lookalike.
* ``celebrity``, ``news_outlet``: popular accounts whose posts draw fan
  reposts, casual reposts over hours and replies.
* ``outside_media``: international media accounts on X posting around the
  clock; ordinary users and the retweet network repost them (they are not part
  of any operation).

``decoy`` (a few % of accounts; look coordinated, are not; each person also
posts like an ordinary user):

* ``news_syndication`` (group ``syndication-<wire>``): outlet bots that post
  the same wire headline within minutes of each other, each with its own
  outlet's link and format, around the clock, every day.
* ``share_button`` (``share-button``): people sharing an article with the
  share button's default text and URL (the outlet's tracking parameter) over
  several hours, some in several such crowds.
* ``copypasta`` (``copypasta-<n>``): an organic chain post ("copy and paste,
  do not share") spreading over days, with the edits people make.
* ``meme_quote`` (``meme-<routine>``): the same greeting or quote by many
  people: "gm" every morning, "good morning", "Jumma Mubarak" every Friday,
  famous quotes, and holiday greetings on the day (Women's Day, Ramadan, St
  Patrick's, Easter, Eid 2024...).
* ``viral_cascade`` (``viral-pool``): a post by an ordinary account reposted by
  dozens to hundreds within hours, densest in the first minutes; the same
  heavy reposters show up in several cascades.
* ``cross_poster`` (``crosspost-<n>``): one person with the same (or a similar)
  handle on two platforms posting every text to both within seconds.
* ``fandom_campaign`` (``fandom-<n>``): fans using one campaign hashtag at an
  announced time, once, with varied texts in many languages.
* ``live_event`` (``fans-<club>``, ``tv-<show>``): football fans posting about
  the same goal within a minute, match after match, and a TV show's fans at
  the same moments of each weekly episode.

``coordinated`` (2-4% of accounts; group = the op id; every op has low-volume
members in one to three pushes and a few personas with the same handle on a
second platform, echoing their posts):

* ``spamouflage_copypaste`` (``spamouflage-1``): generated handles
  (``firstnamelastname1234``, pinyin, random letters), accounts created in
  bursts on a few days in China Standard Time office hours; pushes only on
  Chinese working days (holidays and make-up weekend days of 2023-2025) in
  09-12 and 14-18 CST; one narrative per push (English with grammar slips,
  Chinese, and machine-translated Russian, German, French, Korean, Thai and
  Welsh) copied by operators running several accounts each, seconds apart,
  with serial numbers, typos, swapped emoji, random tokens and irrelevant
  links; members reply to and repost each other; filler posts (scenery,
  greetings) in office hours.
* ``link_push`` (``linkpush-1``): the same article URLs (own and lookalike
  sites, some real outlets) shared within minutes by many accounts, each link
  as it is, with the push's tracking parameters or another variant, with
  short, varied comments in several languages, at any hour (scheduled).
* ``hashtag_campaign`` (``hashtag-1``): varied texts carrying campaign tags
  plus the day's trending tag, inside 10-30 minute windows at the trend's peak.
* ``hashtag_sparse`` (``hashtag-sparse-1``): the same with 3-5 pushes of 4-8
  members each over the whole window.
* ``retweet_network`` (``retweet-1``): as in state-backed archives: hundreds of
  accounts (about 120 at 100,000 posts, 700 at 1,000,000) with ordinary
  handles and creation dates spread over 15 years repost the posts of a few
  seed members and of ``outside_media`` accounts within the same minute, at
  hundreds of moments around the clock; a little filler and camouflage
  reposts of popular accounts; their timestamps always have minute resolution
  (seconds ``:00``), as in the archives.
* ``other_zone_op`` (``otherzone-1``): copy-paste with links to clone news
  sites, in office hours in Europe/Moscow (Monday to Friday, Russian holidays)
  or Asia/Tehran (Saturday to Wednesday and Thursday mornings, Nowruz), chosen
  by the seed; ordinary handles.
* ``sleepers`` (group of their host op): accounts created in 2010-2018 with one
  or two ordinary posts in the first half of the window, which wake up to join
  two to four late pushes of the first selected of spamouflage_copypaste,
  other_zone_op, link_push, hashtag_campaign (or, if none is, pushes of their
  own, group ``sleepers-1``).

Command line::

    python bench/othergen.py --posts 100000 --seed 7 --days 28 \\
        --out posts.jsonl.gz --truth truth.csv [--ops link_push sleepers] \\
        [--minute-resolution]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import functools
import gzip
import hashlib
import math
import random
import re
import sys
import time
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import orjson

# --------------------------------------------------------------------------
# Public names
# --------------------------------------------------------------------------

DEFAULT_OPS: tuple[str, ...] = (
    "spamouflage_copypaste",
    "link_push",
    "hashtag_campaign",
    "hashtag_sparse",
    "retweet_network",
    "other_zone_op",
    "sleepers",
)
DEFAULT_START = datetime(2024, 3, 4, tzinfo=UTC)
LABELS = ("authentic", "coordinated", "decoy")
TRUTH_COLUMNS = ("platform", "author_handle", "label", "style", "group")
MIN_POSTS = 1_000
MIN_DAYS = 7
MAX_DAYS = 366


class TruthRow(NamedTuple):
    """One account's ground truth: who it is and which population it belongs to."""

    platform: str
    author_handle: str
    label: str
    style: str
    group: str


# --------------------------------------------------------------------------
# Sizes. A "unit" store is 100,000 posts over 28 days; see the module docstring.
# --------------------------------------------------------------------------

UNIT_POSTS = 100_000
UNIT_DAYS = 28
# Shares of the posts: ops and decoys are planned first and counted; the rest is
# ordinary. Of the ordinary posts, this share goes to reactions to popular posts
# (fan reposts, casual reposts, replies), measured on public samples of X where
# a few hundred accounts draw a large part of all reposts.
CASCADE_SHARE = 0.17
FAN_SHARE_OF_CASCADE = 0.5
# Mean own posts per ordinary account in the unit store; grows with the fourth
# root of size times span: deeper and longer collections see more of each
# account, while new accounts keep appearing.
MEAN_OWN_POSTS = 5.5
OWN_POSTS_SIGMA = 1.25
RECENT_ACCOUNT_SHARE = 0.05

# --------------------------------------------------------------------------
# Platforms and languages
# --------------------------------------------------------------------------

PLATFORMS = ("x", "facebook", "instagram", "reddit", "youtube", "tiktok", "telegram")
PLATFORM_SHARE = (0.40, 0.17, 0.07, 0.10, 0.09, 0.09, 0.08)
REPOSTABLE = frozenset({"x", "facebook", "tiktok", "telegram"})
# Earliest plausible account creation per platform.
PLATFORM_BORN = {
    "x": 2007,
    "facebook": 2007,
    "instagram": 2011,
    "reddit": 2007,
    "youtube": 2007,
    "tiktok": 2018,
    "telegram": 2014,
}

LANGS = ("en", "es", "pt", "ja", "ar", "id", "fr", "tr", "de", "ru", "ko", "zh", "fa")
LANG_SHARE = (0.42, 0.12, 0.08, 0.07, 0.05, 0.05, 0.04, 0.04, 0.03, 0.04, 0.03, 0.02, 0.01)
# Telegram is where Russian, Persian and Arabic speakers are over-represented.
PLATFORM_LANG_BOOST = {
    "telegram": {"ru": 5.0, "fa": 6.0, "ar": 2.0, "en": 0.6},
    "tiktok": {"id": 1.8, "es": 1.3, "pt": 1.3},
    "reddit": {"en": 2.0},
    "youtube": {"es": 1.3, "pt": 1.3, "ko": 1.5},
}

LANG_ZONES: dict[str, tuple[tuple[str, float], ...]] = {
    "en": (
        ("America/New_York", 0.28),
        ("America/Chicago", 0.12),
        ("America/Los_Angeles", 0.14),
        ("Europe/London", 0.15),
        ("Asia/Kolkata", 0.08),
        ("Australia/Sydney", 0.06),
        ("Africa/Lagos", 0.07),
        ("Asia/Manila", 0.06),
        ("America/Toronto", 0.04),
    ),
    "es": (
        ("Europe/Madrid", 0.30),
        ("America/Mexico_City", 0.30),
        ("America/Bogota", 0.15),
        ("America/Argentina/Buenos_Aires", 0.15),
        ("America/Lima", 0.10),
    ),
    "pt": (("America/Sao_Paulo", 0.85), ("Europe/Lisbon", 0.15)),
    "fr": (("Europe/Paris", 0.70), ("Africa/Abidjan", 0.15), ("America/Toronto", 0.15)),
    "de": (("Europe/Berlin", 0.80), ("Europe/Vienna", 0.10), ("Europe/Zurich", 0.10)),
    "ru": (
        ("Europe/Moscow", 0.65),
        ("Asia/Yekaterinburg", 0.10),
        ("Asia/Novosibirsk", 0.10),
        ("Europe/Kyiv", 0.10),
        ("Asia/Almaty", 0.05),
    ),
    "ja": (("Asia/Tokyo", 1.0),),
    # Chinese-speaking users outside the mainland, and some on the mainland
    # behind VPNs: ordinary accounts in China Standard Time exist.
    "zh": (
        ("Asia/Taipei", 0.40),
        ("Asia/Hong_Kong", 0.25),
        ("Asia/Shanghai", 0.15),
        ("Asia/Singapore", 0.12),
        ("America/Los_Angeles", 0.08),
    ),
    "ko": (("Asia/Seoul", 1.0),),
    "ar": (
        ("Asia/Riyadh", 0.40),
        ("Africa/Cairo", 0.35),
        ("Asia/Dubai", 0.15),
        ("Africa/Casablanca", 0.10),
    ),
    "tr": (("Europe/Istanbul", 1.0),),
    "id": (("Asia/Jakarta", 0.85), ("Asia/Makassar", 0.15)),
    "fa": (("Asia/Tehran", 0.85), ("Europe/Berlin", 0.15)),
}

# Share of a day's posts in each local hour for people (X activity curves in
# published studies: a trough at 3-5, a rise from 7, a plateau and an evening peak).
HUMAN_HOURS = (
    0.42, 0.26, 0.16, 0.10, 0.08, 0.10, 0.20, 0.38, 0.56, 0.68, 0.75, 0.80,
    0.88, 0.86, 0.82, 0.82, 0.85, 0.88, 0.94, 1.00, 1.00, 0.95, 0.82, 0.62,
)  # fmt: skip

# --------------------------------------------------------------------------
# Working calendars (office-shift operations)
# --------------------------------------------------------------------------


def _days(*spans: tuple[str, str]) -> frozenset[date]:
    out: set[date] = set()
    for first, last in spans:
        d, end = date.fromisoformat(first), date.fromisoformat(last)
        while d <= end:
            out.add(d)
            d += timedelta(days=1)
    return frozenset(out)


# State Council holiday schedules, with the weekend days that are worked instead.
CN_HOLIDAYS = _days(
    ("2023-01-01", "2023-01-02"), ("2023-01-21", "2023-01-27"), ("2023-04-05", "2023-04-05"),
    ("2023-04-29", "2023-05-03"), ("2023-06-22", "2023-06-24"), ("2023-09-29", "2023-10-06"),
    ("2023-12-30", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"), ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"),
    ("2024-10-01", "2024-10-07"), ("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"),
    ("2025-04-04", "2025-04-06"), ("2025-05-01", "2025-05-05"), ("2025-05-31", "2025-06-02"),
    ("2025-10-01", "2025-10-08"),
)  # fmt: skip
CN_MAKEUP_WORKDAYS = _days(
    ("2023-01-28", "2023-01-29"), ("2023-04-23", "2023-04-23"), ("2023-05-06", "2023-05-06"),
    ("2023-06-25", "2023-06-25"), ("2023-10-07", "2023-10-08"), ("2024-02-04", "2024-02-04"),
    ("2024-02-18", "2024-02-18"), ("2024-04-07", "2024-04-07"), ("2024-04-28", "2024-04-28"),
    ("2024-05-11", "2024-05-11"), ("2024-09-14", "2024-09-14"), ("2024-09-29", "2024-09-29"),
    ("2024-10-12", "2024-10-12"), ("2025-01-26", "2025-01-26"), ("2025-02-08", "2025-02-08"),
    ("2025-04-27", "2025-04-27"), ("2025-09-28", "2025-09-28"), ("2025-10-11", "2025-10-11"),
)  # fmt: skip
RU_HOLIDAYS = _days(
    ("2023-01-01", "2023-01-08"), ("2023-02-23", "2023-02-24"), ("2023-03-08", "2023-03-08"),
    ("2023-05-01", "2023-05-01"), ("2023-05-08", "2023-05-09"), ("2023-06-12", "2023-06-12"),
    ("2023-11-04", "2023-11-06"), ("2023-12-30", "2024-01-08"), ("2024-02-23", "2024-02-23"),
    ("2024-03-08", "2024-03-08"), ("2024-04-29", "2024-05-01"), ("2024-05-09", "2024-05-10"),
    ("2024-06-12", "2024-06-12"), ("2024-11-04", "2024-11-04"), ("2024-12-29", "2025-01-08"),
    ("2025-05-01", "2025-05-04"), ("2025-05-08", "2025-05-11"), ("2025-06-12", "2025-06-13"),
)  # fmt: skip
RU_MAKEUP_WORKDAYS = _days(
    ("2024-04-27", "2024-04-27"), ("2024-11-02", "2024-11-02"), ("2024-12-28", "2024-12-28"),
    ("2025-11-01", "2025-11-01"),
)  # fmt: skip
IR_HOLIDAYS = _days(
    ("2023-03-20", "2023-03-24"), ("2023-04-01", "2023-04-02"), ("2023-04-21", "2023-04-22"),
    ("2024-03-19", "2024-03-23"), ("2024-03-31", "2024-04-02"), ("2024-04-10", "2024-04-11"),
    ("2025-03-20", "2025-03-24"), ("2025-03-31", "2025-04-02"),
)  # fmt: skip


def cn_workday(d: date) -> bool:
    """Whether mainland Chinese offices work on this date."""
    if d in CN_MAKEUP_WORKDAYS:
        return True
    return d.weekday() < 5 and d not in CN_HOLIDAYS


def ru_workday(d: date) -> bool:
    """Whether Russian offices work on this date."""
    if d in RU_MAKEUP_WORKDAYS:
        return True
    return d.weekday() < 5 and d not in RU_HOLIDAYS


def ir_workday(d: date) -> bool:
    """Whether Iranian offices work on this date (Saturday to Thursday; Friday off)."""
    return d.weekday() != 4 and d not in IR_HOLIDAYS


# Office shifts in local seconds of the day.
CN_SHIFTS = ((9 * 3600, 12 * 3600), (14 * 3600, 18 * 3600))
RU_SHIFTS = ((10 * 3600, 13 * 3600), (14 * 3600, 19 * 3600))
IR_SHIFTS = ((8 * 3600, 14 * 3600 + 1800),)
IR_THURSDAY_SHIFTS = ((8 * 3600, 12 * 3600),)


def cn_shifts(_day: date) -> tuple[tuple[int, int], ...]:
    """China Standard Time office shifts (the same every working day)."""
    return CN_SHIFTS


def ru_shifts(_day: date) -> tuple[tuple[int, int], ...]:
    """Moscow office shifts."""
    return RU_SHIFTS


def ir_shifts(day: date) -> tuple[tuple[int, int], ...]:
    """Tehran office shifts: Thursdays are half days."""
    return IR_THURSDAY_SHIFTS if day.weekday() == 3 else IR_SHIFTS


# fmt: off

# --------------------------------------------------------------------------
# Text material. Ordinary texts are composed (opener, subject, predicate,
# tail) so that two ordinary accounts almost never write the same words.
# --------------------------------------------------------------------------


class _Pack(NamedTuple):
    openers: tuple[str, ...]
    subjects: tuple[str, ...]
    predicates: tuple[str, ...]
    tails: tuple[str, ...]
    sep: str


ORIGINAL_PACKS: dict[str, _Pack] = {
    "en": _Pack(
        ("", "", "", "", "Honestly ", "Ok but ", "Not gonna lie, ", "Still thinking about how ",
         "Can't believe ", "PSA: ", "Hot take: ", "Update: ", "lol ", "Reminder that ",
         "Day 3 and ", "So apparently ", "Low-key ", "Quick rant: "),
        ("this coffee", "the new update", "my neighbour's dog", "the 8am train", "tonight's game",
         "this weather", "my manager", "the season finale", "this playlist", "my cat",
         "the traffic on the bridge", "the price of eggs", "this city", "our team", "my new phone",
         "that movie", "the queue at the pharmacy", "my landlord", "the group chat", "this podcast",
         "the new bakery downtown", "my sourdough", "the gym at 6am", "this book", "the airport",
         "my kid's homework", "the office wifi", "the bus app", "the farmers market",
         "my running shoes", "the hotel breakfast", "my garden", "the last chapter", "this recipe",
         "the concert", "our power company", "the school pickup line", "my inbox",
         "the parking app", "this video game", "the dentist", "my sister's wedding playlist",
         "the self checkout", "my commute", "the new season", "this heatwave", "my fantasy team",
         "the local library", "the laundromat", "my houseplants"),
        ("is honestly the best thing today", "made my whole week", "is driving me up the wall",
         "is way overrated", "deserves more attention", "could not be more confusing",
         "is exactly what I needed", "has me rethinking everything", "keeps getting worse",
         "was a total surprise", "is somehow still broken", "hit different this morning",
         "needs to be studied", "is my new personality", "ruined my plans again",
         "is weirdly relaxing", "cost twice what it did last year", "finally worked",
         "is giving main character energy", "made me late again",
         "is the only thing keeping me sane", "deserves an award", "should be illegal",
         "was worth the wait", "lives rent free in my head", "took forever", "is peak chaos",
         "is underrated", "changed my mind", "is a whole mood", "is not it",
         "is why I'm tired", "made me laugh out loud", "was kind of a letdown", "slaps",
         "is the plot twist I didn't need", "is back and better", "has been on repeat all day",
         "is honestly impressive", "needs a sequel", "broke my brain a little",
         "is the reason I'm up this early", "just made my neighbour cry", "is so back"),
        ("", "", "", ".", ".", "!", "!!", " 😂", " 😭", " 🙃", "...", " 🔥", " tbh", " ngl", " 🙏",
         " lol", " 💀", " 😅", " (again)", " fr"),
        " ",
    ),
    "es": _Pack(
        ("", "", "", "La verdad ", "Ojo: ", "No puedo creer que ", "Jajaja ", "Confirmo: ",
         "Hoy ", "Bueno, ", "Gente, "),
        ("este café", "el tráfico de hoy", "mi jefe", "el partido de anoche",
         "la nueva actualización", "mi gato", "el metro", "este clima", "la serie nueva",
         "mi vecino", "el precio de la luz", "esta canción", "la fila del banco", "mi abuela",
         "el concierto", "el nuevo disco", "mi perro", "la reunión de las 9", "el examen",
         "la panadería de la esquina"),
        ("me alegró el día", "está insoportable", "es lo mejor de la semana", "no tiene sentido",
         "me tiene harto", "está buenísimo", "fue una sorpresa", "merece más atención",
         "sigue sin funcionar", "me hizo llorar de risa", "está carísimo",
         "es justo lo que necesitaba", "me cambió la vida", "no tiene nombre",
         "me dejó sin palabras", "va de mal en peor", "es un golazo"),
        ("", "", ".", "!!", " 😂", " 🙃", "...", " 🔥", " jaja", " xd", " 😭", " jajaja"),
        " ",
    ),
    "pt": _Pack(
        ("", "", "", "Gente, ", "Sério, ", "Olha ", "Hoje ", "Kkkk ", "Confesso que "),
        ("esse café", "o trânsito de hoje", "meu chefe", "o jogo de ontem", "a nova atualização",
         "meu gato", "o metrô", "esse calor", "a novela", "meu vizinho", "o preço da gasolina",
         "essa música", "a fila do banco", "minha mãe", "o show", "o paredão", "meu cachorro",
         "a reunião de hoje"),
        ("salvou meu dia", "tá insuportável", "é a melhor coisa da semana", "não faz sentido",
         "me deixou sem palavras", "tá maravilhoso", "foi uma surpresa", "merece mais atenção",
         "continua sem funcionar", "me fez rir muito", "tá caríssimo",
         "era tudo que eu precisava", "mudou minha vida", "tá de parabéns", "me destruiu"),
        ("", "", ".", "!!", " kkkk", " 😂", "...", " 🔥", " 😭", " affs", " kkkkkk"),
        " ",
    ),
    "fr": _Pack(
        ("", "", "", "Franchement ", "Bon, ", "Sérieux ", "Aujourd'hui ", "Mdr ", "Petit rappel : "),
        ("ce café", "le métro ce matin", "mon chef", "le match d'hier", "la nouvelle mise à jour",
         "mon chat", "cette météo", "la série", "mon voisin", "le prix de l'essence",
         "cette chanson", "la file à la poste", "ma grand-mère", "le concert",
         "la boulangerie d'en bas", "mon train"),
        ("a sauvé ma journée", "est insupportable", "est le meilleur truc de la semaine",
         "n'a aucun sens", "m'a laissé sans voix", "est incroyable", "était une vraie surprise",
         "mérite plus d'attention", "ne marche toujours pas", "m'a fait mourir de rire",
         "coûte une fortune", "était exactement ce qu'il me fallait", "est en retard, encore"),
        ("", "", ".", " !", " 😂", "...", " 🙃", " mdr", " 🔥", " 😭"),
        " ",
    ),
    "de": _Pack(
        ("", "", "", "Ehrlich gesagt ", "Also ", "Heute ", "Kurzes Update: ", "Ich sag's ja: "),
        ("dieser Kaffee", "die Bahn heute", "mein Chef", "das Spiel gestern", "das neue Update",
         "meine Katze", "das Wetter", "die neue Serie", "mein Nachbar", "der Spritpreis",
         "dieses Lied", "die Schlange beim Bäcker", "meine Oma", "das Konzert", "der Tatort"),
        ("hat meinen Tag gerettet", "ist unerträglich", "ist das Beste dieser Woche",
         "ergibt keinen Sinn", "hat mich sprachlos gemacht", "ist einfach großartig",
         "war eine echte Überraschung", "verdient mehr Aufmerksamkeit",
         "funktioniert immer noch nicht", "hat mich zum Lachen gebracht", "ist viel zu teuer",
         "war genau das Richtige", "hat wieder Verspätung"),
        ("", "", ".", "!", " 😂", "...", " 🙄", " 👍", " 🔥"),
        " ",
    ),
    "ru": _Pack(
        ("", "", "", "Честно, ", "Ну что, ", "Сегодня ", "Короче, ", "Ахах ", "Кстати, "),
        ("этот кофе", "метро сегодня", "мой начальник", "вчерашний матч", "новое обновление",
         "мой кот", "эта погода", "новый сериал", "мой сосед", "бензин", "эта песня",
         "очередь в банке", "концерт", "наш двор"),
        ("спас мой день", "просто невыносим", "лучшее за неделю", "не имеет смысла",
         "оставил меня без слов", "просто огонь", "стал сюрпризом", "заслуживает внимания",
         "всё ещё не работает", "рассмешил до слёз", "стоит как крыло самолёта",
         "был именно тем, что нужно"),
        ("", "", ".", "!", " 😂", "...", " 🙃", " 🔥", " 👍", " ахаха"),
        " ",
    ),
    "ja": _Pack(
        ("", "", "", "正直", "今日も", "待って、", "ねえ", "やっと", "朝から"),
        ("今日のコーヒー", "朝の電車", "うちの猫", "昨日の試合", "新しいアップデート", "この天気",
         "新しいドラマ", "近所のパン屋", "このアルバム", "上司", "ガソリン代", "ライブ",
         "コンビニの新作", "週末の予定", "花粉"),
        ("が最高すぎる", "がしんどい", "が今週いちばん良かった", "が意味わからん", "に感動した",
         "がやばい", "が想像以上だった", "がもっと評価されるべき", "がまだ直ってない",
         "で爆笑した", "が高すぎる", "がちょうど良かった", "がつらい"),
        ("", "", "笑", "w", "…", "！", "😂", "🥲", "✨", "www"),
        "",
    ),
    "zh": _Pack(
        ("", "", "", "说实话", "今天", "等等，", "终于", "救命，", "早上"),
        ("今天的咖啡", "早上的地铁", "我家的猫", "昨晚的比赛", "新的更新", "这天气", "新剧",
         "楼下的面包店", "这张专辑", "老板", "油价", "演唱会", "便利店新品", "周末计划"),
        ("真的太好了", "让人崩溃", "是这周最棒的", "完全看不懂", "让我很感动", "绝了", "超出预期",
         "值得更多关注", "还是没修好", "笑死我了", "也太贵了吧", "刚刚好"),
        ("", "", "哈哈", "！", "…", "😂", "🥲", "✨", "。"),
        "",
    ),
    "ko": _Pack(
        ("", "", "", "솔직히 ", "오늘 ", "아 ", "드디어 ", "진짜 "),
        ("오늘 커피", "아침 지하철", "우리 고양이", "어제 경기", "새 업데이트", "이 날씨",
         "새 드라마", "동네 빵집", "이 앨범", "팀장님", "기름값", "콘서트", "편의점 신상"),
        ("진짜 최고다", "너무 힘들다", "이번 주 최고였다", "이해가 안 된다", "감동이었다",
         "미쳤다", "기대 이상이었다", "더 알려져야 한다", "아직도 안 고쳐졌다", "너무 웃겼다",
         "너무 비싸다"),
        ("", "", " ㅋㅋ", "!", "...", " ㅠㅠ", " 😂", " ✨", " ㅋㅋㅋ"),
        " ",
    ),
    "ar": _Pack(
        ("", "", "", "بصراحة ", "اليوم ", "والله ", "أخيراً ", "يا جماعة "),
        ("قهوة اليوم", "زحمة الطريق", "مديري", "مباراة أمس", "التحديث الجديد", "قطتي",
         "هذا الطقس", "المسلسل الجديد", "جاري", "سعر البنزين", "هذه الأغنية", "الحفلة",
         "سحور اليوم"),
        ("أفضل شيء اليوم", "لا يطاق", "أجمل ما في الأسبوع", "بلا معنى", "أبهرني", "رائع جداً",
         "كان مفاجأة", "يستحق اهتماماً أكثر", "ما زال لا يعمل", "ضحكني كثيراً", "غالي جداً"),
        ("", "", "!", "...", " 😂", " 🔥", " ❤️", " 🤲"),
        " ",
    ),
    "tr": _Pack(
        ("", "", "", "Açıkçası ", "Bugün ", "Yani ", "Sonunda ", "Valla "),
        ("bu kahve", "sabah metrosu", "patronum", "dünkü maç", "yeni güncelleme", "kedim",
         "bu hava", "yeni dizi", "komşum", "benzin fiyatı", "bu şarkı", "konser"),
        ("günümü kurtardı", "çekilmez", "haftanın en iyisi", "hiç mantıklı değil", "beni büyüledi",
         "harika", "tam bir sürprizdi", "daha çok ilgiyi hak ediyor", "hâlâ çalışmıyor",
         "beni çok güldürdü", "çok pahalı"),
        ("", "", ".", "!", " 😂", "...", " 🔥", " ahahah"),
        " ",
    ),
    "id": _Pack(
        ("", "", "", "Jujur ", "Hari ini ", "Asli ", "Akhirnya ", "Btw "),
        ("kopi pagi ini", "macet hari ini", "bos aku", "pertandingan semalam", "update terbaru",
         "kucing aku", "cuaca ini", "drama baru", "tetangga aku", "harga bensin", "lagu ini",
         "konser kemarin", "takjil sore ini"),
        ("bikin hari aku cerah", "nggak tahan banget", "paling mantap minggu ini",
         "nggak masuk akal", "bikin terharu", "keren parah", "di luar dugaan",
         "pantas lebih diperhatikan", "masih error", "bikin ngakak", "mahal banget"),
        ("", "", "!", "...", " wkwk", " 😂", " 🔥", " sih", " wkwkwk"),
        " ",
    ),
    "fa": _Pack(
        ("", "", "", "راستش ", "امروز ", "بالاخره ", "واقعا "),
        ("قهوه امروز", "ترافیک امروز", "رئیسم", "بازی دیشب", "آپدیت جدید", "گربه‌ام", "این هوا",
         "سریال جدید", "همسایه‌مون", "قیمت بنزین"),
        ("روزم رو ساخت", "غیرقابل تحمله", "بهترین چیز این هفته بود", "اصلا منطقی نیست",
         "خیلی عالیه", "غافلگیرم کرد", "هنوز درست نشده", "خیلی گرونه"),
        ("", "", "!", "...", " 😂", " ❤️"),
        " ",
    ),
}

GENERIC_REPLIES: dict[str, tuple[str, ...]] = {
    "en": ("lol", "so true", "this", "😂😂😂", "facts", "same", "100%", "wow", "❤️", "W", "yes!!",
           "omg", "agreed", "🔥🔥", "exactly", "lmao", "👏👏👏", "true", "congrats!", "this is it",
           "literally me", "no way", "😭😭", "real", "love this"),
    "es": ("jajaja", "jajajaja", "tal cual", "esto", "❤️", "qué bueno", "x2", "verdad", "jaja sí",
           "literal", "😂😂"),
    "pt": ("kkkkk", "kkkkkkk", "isso", "verdade", "😂😂", "amei", "top", "real", "socorro"),
    "fr": ("mdr", "ptdr", "tellement vrai", "ça", "❤️", "grave", "trop bien", "😂😂"),
    "de": ("haha", "so wahr", "das", "👍", "genau", "stark", "😂", "same"),
    "ru": ("ахах", "согласен", "это", "👍", "точно", "жиза", "😂😂"),
    "ja": ("草", "わかる", "それな", "www", "ほんとそれ", "😂", "尊い"),
    "zh": ("哈哈哈", "确实", "笑死", "+1", "同意", "真的"),
    "ko": ("ㅋㅋㅋ", "ㅋㅋㅋㅋㅋ", "인정", "ㅠㅠ", "대박", "ㄹㅇ"),
    "ar": ("😂😂", "صح", "والله", "ههههه", "❤️", "ما شاء الله", "صدقت"),
    "tr": ("ahahah", "aynen", "kesinlikle", "😂", "harika", "aynen öyle"),
    "id": ("wkwkwk", "wkwkwkwk", "bener banget", "setuju", "mantap", "anjir"),
    "fa": ("😂😂", "دقیقا", "خخخخ", "عالی"),
}
FIRST_COMMENTS = ("first!", "first 🙌", "early squad", "who's here before 1k?", "notification gang")

EVERGREEN_TAGS: dict[str, tuple[str, ...]] = {
    "en": ("photography", "fitness", "crypto", "travel", "gaming", "art", "nba", "food", "music",
           "books", "dogsoftwitter", "catsoftwitter", "ai"),
    "es": ("fútbol", "música", "viajes", "comida", "arte"),
    "pt": ("futebol", "música", "viagem", "bbb24", "comida"),
    "fr": ("foot", "musique", "voyage", "cuisine"),
    "de": ("fußball", "musik", "reisen", "kochen"),
    "ru": ("футбол", "музыка", "путешествия"),
    "ja": ("写真好きな人と繋がりたい", "猫", "ラーメン", "イラスト"),
    "zh": ("摄影", "美食", "旅行"),
    "ko": ("일상", "맛집", "여행"),
    "ar": ("رمضان", "كرة_القدم", "السعودية"),
    "tr": ("futbol", "müzik", "gezi"),
    "id": ("kuliner", "bola", "ramadan"),
    "fa": ("فوتبال", "موسیقی"),
}
TIKTOK_TAGS = ("fyp", "foryou", "foryoupage", "viral", "trending", "fypシ")

TREND_TAGS: dict[str, tuple[str, ...]] = {
    "": ("UCL", "NBA", "MarchMadness", "PremierLeague", "F1", "WWE", "TheVoice", "Survivor", "SNL",
         "Shogun", "GTA6", "Helldivers2", "BreakingNews", "StormWatch", "AIAct", "Election2024",
         "WWDC", "Bitcoin", "Dune2", "TaylorSwift"),
    "es": ("ElClasico", "LaLiga", "LigaMX", "MasterChef", "Bizarrap", "SemanaSanta", "OT2024"),
    "pt": ("BBB24", "Brasileirão", "Flamengo", "Corinthians", "Paredão", "FazendaNaRecord"),
    "fr": ("PSGOM", "Ligue1", "JO2024", "KohLanta", "Cesar2024"),
    "de": ("Bundesliga", "Tatort", "GNTM", "DFB", "Handball"),
    "ru": ("РПЛ", "Спартак", "Зенит", "ЧтоГдеКогда"),
    "ja": ("大谷翔平", "花見", "金曜ロードショー", "日本代表"),
    "zh": ("周末快乐", "金马奖", "台湾加油"),
    "ko": ("BTS", "NewJeans", "KBO", "나는솔로"),
    "ar": ("رمضان_كريم", "الهلال", "النصر", "عاجل"),
    "tr": ("Galatasaray", "Fenerbahçe", "Survivor2024", "Ramazan"),
    "id": ("Ramadan2024", "Timnas", "Ngabuburit", "PersibDay"),
    "fa": ("پرسپولیس", "استقلال", "نوروز"),
}
WEEKDAY_TAGS = ("MondayMotivation", "TuesdayThoughts", "WednesdayWisdom", "ThrowbackThursday",
                "FridayFeeling", "Caturday", "SundayFunday")
# Tags that trend on a given calendar day (month, day) -> tag.
DATED_TAGS = {
    (3, 8): "InternationalWomensDay", (3, 10): "Oscars", (3, 14): "PiDay",
    (3, 17): "StPatricksDay", (3, 31): "Easter", (4, 1): "AprilFools", (4, 8): "Eclipse2024",
    (4, 22): "EarthDay", (5, 4): "StarWarsDay", (2, 14): "ValentinesDay", (1, 1): "HappyNewYear",
}
TREND_REACTIONS = ("can't stop watching", "this is wild", "no way", "we're so back",
                   "unreal scenes", "who else is watching", "I called it", "absolute cinema",
                   "my heart can't take this", "everyone is talking about this", "not again",
                   "timeline is chaos right now", "finally!!", "ok this is big")

CELEB_LINES = ("New music Friday 🎶", "Thank you {city}, what a night!",
               "Behind the scenes of today's shoot 📸", "Can't wait to see you all on tour",
               "Who's watching tonight?", "Grateful for every one of you ❤️",
               "Day {n} of rehearsals", "Tickets for {city} are live now",
               "Just landed in {city} ✈️", "This one's for the fans", "Studio all night 🎧",
               "Big announcement tomorrow 👀", "Back home in {city} for a few days",
               "{n} million streams?! I'm speechless")
CITIES = ("London", "Madrid", "Lagos", "Toronto", "Sydney", "Manila", "Mexico City", "Paris",
          "Berlin", "Seoul", "Tokyo", "São Paulo", "Istanbul", "Jakarta", "Chicago", "Dubai")

HEADLINE_PACKS: dict[str, _Pack] = {
    "en": _Pack(
        ("",),
        ("Central bank", "City council", "Lawmakers", "Health officials", "Tech giant",
         "Opposition leader", "Regulators", "Union workers", "Scientists", "Police",
         "Prime minister", "Airline", "Supreme court", "Energy firm", "Teachers", "Farmers",
         "Storm", "Carmaker", "Hospital chiefs", "Election board"),
        (" approves new housing plan", " rejects budget deal", " warns of rising prices",
         " announces rate cut", " delays vote on data privacy rules", " launches probe into fraud",
         " faces backlash over fees", " cuts jobs", " unveils climate targets",
         " halts rail expansion", " backs tax reform", " sets election timetable",
         " orders water restrictions", " strikes deal on school funding",
         " seeks answers over outage", " calls for calm after clashes", " recalls vehicles",
         " wins court fight"),
        ("", "", "", " amid protests", " after talks collapse", " as prices rise",
         " in surprise move", " ahead of summit", " despite opposition", ", sources say",
         " after record heat", " following investigation", " in {place}"),
        "",
    ),
    "es": _Pack(
        ("",),
        ("El Gobierno", "El Banco Central", "La oposición", "Los sindicatos", "El Congreso",
         "La Policía", "Los médicos", "El alcalde", "La Fiscalía", "Los agricultores"),
        (" aprueba un nuevo plan de vivienda", " anuncia recortes en el presupuesto",
         " rechaza la reforma fiscal", " advierte sobre la inflación", " convoca una huelga general",
         " investiga una red de corrupción", " presenta medidas contra la sequía",
         " retrasa la ley de vivienda", " pide calma tras los disturbios"),
        ("", "", " tras semanas de tensión", " en medio de protestas", " por sorpresa"),
        "",
    ),
    "pt": _Pack(
        ("",),
        ("O governo", "O Banco Central", "O Congresso", "A Polícia Federal", "Os professores",
         "O prefeito", "O STF", "A Petrobras"),
        (" aprova novo plano de habitação", " anuncia corte de juros", " rejeita reforma tributária",
         " alerta para alta da inflação", " convoca greve geral",
         " investiga esquema de corrupção", " apresenta medidas contra a seca", " adia votação"),
        ("", "", " após semanas de impasse", " em meio a protestos", " de surpresa"),
        "",
    ),
    "fr": _Pack(
        ("",),
        ("Le gouvernement", "La BCE", "L'opposition", "Les syndicats", "L'Assemblée", "La police",
         "Les agriculteurs", "La mairie de Paris"),
        (" adopte un nouveau plan logement", " annonce des coupes budgétaires",
         " rejette la réforme fiscale", " alerte sur l'inflation", " appelle à la grève",
         " ouvre une enquête", " présente des mesures contre la sécheresse", " reporte le vote"),
        ("", "", " après des semaines de tension", " sur fond de manifestations", " par surprise"),
        "",
    ),
    "de": _Pack(
        ("",),
        ("Die Bundesregierung", "Die EZB", "Die Opposition", "Die Gewerkschaften", "Der Bundestag",
         "Die Polizei", "Die Landwirte", "Die Bahn"),
        (" beschließt neues Wohnungsbauprogramm", " kündigt Sparpaket an", " lehnt Steuerreform ab",
         " warnt vor Inflation", " ruft zum Streik auf", " ermittelt wegen Korruption",
         " stellt Maßnahmen gegen Dürre vor", " verschiebt Abstimmung"),
        ("", "", " nach wochenlangem Streit", " inmitten von Protesten", " überraschend"),
        "",
    ),
    "ru": _Pack(
        ("",),
        ("Правительство", "ЦБ", "Оппозиция", "Профсоюзы", "Госдума", "Полиция", "Мэрия",
         "Минздрав"),
        (" объявило новую жилищную программу", " сохранил ключевую ставку",
         " отвергла налоговую реформу", " предупредили об инфляции", " призвали к забастовке",
         " начала проверку", " представила меры против засухи", " отложила голосование"),
        ("", "", " на фоне протестов", " неожиданно"),
        "",
    ),
    "ja": _Pack(
        ("",),
        ("政府", "日銀", "野党", "労働組合", "国会", "警視庁", "東京都", "気象庁"),
        ("が新たな住宅政策を発表", "が利上げを決定", "が税制改正案に反対", "がインフレに警鐘",
         "がストライキを予告", "が汚職疑惑を捜査", "が渇水対策を公表", "が採決を延期"),
        ("", "", "　関係者", "　波紋広がる", "　異例の判断"),
        "",
    ),
    "zh": _Pack(
        ("",),
        ("政府", "央行", "立法院", "工会", "警方", "市政府", "卫生部门", "气象局"),
        ("宣布新住房计划", "决定下调利率", "否决税改方案", "警告通胀风险", "号召罢工",
         "调查贪腐案", "公布抗旱措施", "推迟表决"),
        ("", "", "，引发热议", "，各方关注", "，出人意料"),
        "",
    ),
    "ko": _Pack(
        ("",),
        ("정부", "한국은행", "야당", "노조", "국회", "경찰", "서울시", "기상청"),
        (" 새 주택 정책 발표", " 기준금리 동결 결정", " 세제 개편안 반대", " 물가 상승 경고",
         " 총파업 예고", " 비리 의혹 수사 착수", " 가뭄 대책 공개", " 표결 연기"),
        ("", "", "…파장 예상", "…논란", "…이례적"),
        "",
    ),
    "ar": _Pack(
        ("",),
        ("الحكومة", "البنك المركزي", "المعارضة", "النقابات", "البرلمان", "الشرطة", "وزارة الصحة",
         "الأرصاد الجوية"),
        (" تعلن خطة إسكان جديدة", " تقرر خفض الفائدة", " ترفض الإصلاح الضريبي", " تحذر من التضخم",
         " تدعو إلى إضراب عام", " تحقق في قضية فساد", " تكشف إجراءات لمواجهة الجفاف",
         " تؤجل التصويت"),
        ("", "", " وسط احتجاجات", " بشكل مفاجئ"),
        "",
    ),
    "tr": _Pack(
        ("",),
        ("Hükümet", "Merkez Bankası", "Muhalefet", "Sendikalar", "Meclis", "Emniyet", "Belediye",
         "Meteoroloji"),
        (" yeni konut planını açıkladı", " faiz kararını verdi", " vergi reformunu reddetti",
         " enflasyon uyarısı yaptı", " genel greve çağırdı", " yolsuzluk soruşturması başlattı",
         " kuraklık önlemlerini açıkladı", " oylamayı erteledi"),
        ("", "", " protestolar sürerken", " sürpriz kararla"),
        "",
    ),
    "id": _Pack(
        ("",),
        ("Pemerintah", "Bank Indonesia", "DPR", "Serikat buruh", "Polisi", "Pemprov DKI",
         "Kemenkes", "BMKG"),
        (" umumkan program rumah baru", " tahan suku bunga", " tolak reformasi pajak",
         " peringatkan inflasi", " serukan mogok nasional", " usut kasus korupsi",
         " siapkan langkah hadapi kekeringan", " tunda pemungutan suara"),
        ("", "", " di tengah protes", " secara mengejutkan"),
        "",
    ),
    "fa": _Pack(
        ("",),
        ("دولت", "بانک مرکزی", "مجلس", "اتحادیه‌ها", "پلیس", "شهرداری", "وزارت بهداشت", "هواشناسی"),
        (" طرح جدید مسکن را اعلام کرد", " نرخ بهره را ثابت نگه داشت", " اصلاحات مالیاتی را رد کرد",
         " درباره تورم هشدار داد", " خواستار اعتصاب شد", " رأی‌گیری را به تعویق انداخت"),
        ("", "", " در پی اعتراض‌ها"),
        "",
    ),
}
PLACES = ("Ohio", "Texas", "Manchester", "Ontario", "Queensland", "Lagos", "Mumbai", "Scotland",
          "California", "Wales", "Nairobi", "Cape Town", "Dublin", "Auckland", "Florida", "Kent")

# Outlets: domain, X handle, URL shape, share-button tracking parameter.
OUTLETS: dict[str, tuple[tuple[str, str, int, str], ...]] = {
    "en": (("nytimes.com", "nytimes", 0, "smid=tw-share"),
           ("bbc.co.uk", "BBCWorld", 1, "at_medium=social"),
           ("theguardian.com", "guardian", 2, "CMP=share_btn_tw"),
           ("reuters.com", "Reuters", 3, "utm_source=twitter&utm_medium=share"),
           ("apnews.com", "AP", 3, "utm_source=copy&utm_medium=share"),
           ("cnn.com", "CNN", 0, "utm_source=twCNN&utm_medium=social"),
           ("washingtonpost.com", "washingtonpost", 0, "utm_source=twitter&utm_medium=share"),
           ("npr.org", "NPR", 0, "utm_source=twitter.com&utm_medium=social"),
           ("abc.net.au", "abcnews", 1, "utm_source=abc_news_web&utm_medium=content_shared"),
           ("hindustantimes.com", "htTweets", 2, "utm_source=twitter&utm_medium=social"),
           ("punchng.com", "MobilePunch", 2, "utm_source=share")),
    "es": (("elpais.com", "el_pais", 0, "ssm=TW_CC"), ("elmundo.es", "elmundoes", 2, "utm_source=twitter"),
           ("clarin.com", "clarincom", 2, "utm_medium=social&utm_source=twitter"),
           ("eltiempo.com", "ELTIEMPO", 2, "utm_source=twitter"), ("milenio.com", "Milenio", 2, "utm_source=share")),
    "pt": (("g1.globo.com", "g1", 3, "utm_source=twitter&utm_medium=share-bar"),
           ("folha.uol.com.br", "folha", 0, "utm_source=twitter&utm_medium=social"),
           ("estadao.com.br", "Estadao", 2, "utm_source=estadao:twitter"),
           ("publico.pt", "Publico", 2, "ref=twitter")),
    "fr": (("lemonde.fr", "lemondefr", 0, "utm_medium=Social&utm_source=Twitter"),
           ("lefigaro.fr", "Le_Figaro", 2, "utm_source=twitter"),
           ("francetvinfo.fr", "franceinfo", 2, "xtor=CS2-765")),
    "de": (("spiegel.de", "derspiegel", 2, "sara_ref=re-so-tw-sh"),
           ("zeit.de", "zeitonline", 0, "utm_medium=sm&utm_source=twitter_zonaudev_int"),
           ("tagesschau.de", "tagesschau", 2, "at_medium=social")),
    "ru": (("ria.ru", "rianru", 3, "utm_source=twitter"), ("rbc.ru", "ru_rbc", 3, "from=copy"),
           ("meduza.io", "meduzaproject", 2, "utm_source=twitter")),
    "ja": (("nhk.or.jp", "nhk_news", 3, "utm_int=news_contents_news-main_001"),
           ("asahi.com", "asahi", 3, "ref=tw_asahi"), ("nikkei.com", "nikkei", 3, "n_cid=SNSTW001")),
    "zh": (("udn.com", "udn_com", 3, "from=udn-twitter"), ("zaobao.com.sg", "zaobaosg", 3, "utm_source=twitter")),
    "ko": (("chosun.com", "chosun", 3, "utm_source=twitter"), ("yna.co.kr", "yonhaptweet", 3, "input=tw")),
    "ar": (("aljazeera.net", "AJArabic", 2, "utm_source=twitter"),
           ("alarabiya.net", "AlArabiya", 2, "utm_medium=share"), ("youm7.com", "youm7", 3, "utm_source=tw")),
    "tr": (("hurriyet.com.tr", "Hurriyet", 2, "utm_source=twitter"),
           ("sozcu.com.tr", "gazetesozcu", 2, "utm_source=twitter")),
    "id": (("kompas.com", "kompascom", 3, "source=twitter"), ("detik.com", "detikcom", 3, "tagfrom=twitter")),
    "fa": (("iranintl.com", "IranIntl", 3, "utm_source=twitter"),),
}  # fmt: skip
SECTIONS = ("world", "politics", "business", "us", "uk", "tech", "health", "science", "sport",
            "culture", "climate", "local")
SHORTENERS = ("bit.ly", "tinyurl.com", "ow.ly", "buff.ly", "is.gd", "trib.al")

FIRST_NAMES = (
    "James", "Mary", "John", "Patricia", "Michael", "Jennifer", "David", "Linda", "William",
    "Elizabeth", "Richard", "Barbara", "Joseph", "Susan", "Thomas", "Jessica", "Chris", "Sarah",
    "Daniel", "Karen", "Matthew", "Nancy", "Anthony", "Lisa", "Mark", "Betty", "Steven",
    "Ashley", "Kevin", "Emily", "Brian", "Amanda", "Jason", "Melissa", "Ryan", "Laura", "Maria",
    "José", "Juan", "Carmen", "Luis", "Ana", "Carlos", "Lucía", "Pedro", "Sofía", "Diego",
    "Valentina", "João", "Beatriz", "Rafael", "Camila", "Mohamed", "Fatima", "Ahmed", "Aisha",
    "Omar", "Layla", "Yusuf", "Zainab", "Hiroshi", "Yuki", "Kenji", "Aiko", "Minjun", "Jiwoo",
    "Seoyeon", "Wei", "Li", "Mei", "Arjun", "Priya", "Rahul", "Ananya", "Chidi", "Ngozi",
    "Emeka", "Amara", "Olga", "Ivan", "Dmitri", "Anya", "Pierre", "Camille", "Lukas", "Lena",
    "Mehmet", "Elif", "Budi", "Siti", "Reza", "Sara",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Silva", "Santos", "Oliveira",
    "Souza", "Costa", "Hassan", "Ali", "Khan", "Ibrahim", "Tanaka", "Suzuki", "Sato", "Kim",
    "Park", "Choi", "Wang", "Zhang", "Chen", "Sharma", "Patel", "Singh", "Okafor", "Adeyemi",
    "Ivanov", "Petrova", "Dubois", "Moreau", "Müller", "Schmidt", "Yilmaz", "Kaya", "Santoso",
    "Wijaya", "Hosseini", "Rahimi",
)  # fmt: skip
ADJECTIVES = (
    "tiny", "sunny", "quiet", "lazy", "happy", "wild", "cosmic", "salty", "sleepy", "golden",
    "rusty", "velvet", "lucky", "spicy", "frozen", "silent", "brave", "crispy", "fuzzy", "mellow",
    "neon", "purple", "retro", "rainy", "witty", "grumpy", "lunar", "urban", "minty", "bold",
    "odd", "cheeky", "dusty", "electric", "humble", "jolly", "little", "mighty", "nerdy", "shy",
)  # fmt: skip
NOUNS = (
    "koala", "otter", "panda", "falcon", "mango", "pickle", "waffle", "cactus", "comet",
    "pixel", "noodle", "tiger", "lemon", "biscuit", "badger", "raven", "pebble", "donut",
    "walrus", "penguin", "maple", "ember", "harbor", "meadow", "river", "thunder", "sparrow",
    "cookie", "llama", "fox", "moth", "bagel", "dragon", "wombat", "hedgehog", "beetle",
    "orchid", "nomad", "gecko", "turnip", "kettle", "lantern", "squid", "yeti",
)  # fmt: skip
REDDIT_ADJ = ("Ok", "Wonderful", "Significant", "Careful", "Extreme", "Fit", "Known", "Mean",
              "Useful", "Former", "Different", "Interesting", "Dependent", "Few", "Cheap")
REDDIT_NOUN = ("Lifeguard", "Tree", "Candle", "Ad", "Ant", "Platypus", "Tension", "Comb",
               "Garden", "Walrus", "Bathroom", "Chemistry", "Owl", "Fig", "Strategy")
PINYIN = ("wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu",
          "sun", "ma", "zhu", "hu", "guo", "he", "lin", "luo", "gao")
PINYIN_GIVEN = ("wei", "fang", "na", "min", "jing", "lei", "jun", "yan", "yong", "jie", "tao",
                "ming", "chao", "xiu", "hui", "qiang", "hong", "ping", "gang", "xin")
EMOJI = ("😀", "😂", "🙏", "👍", "🔥", "❤️", "✨", "🌸", "👉", "💯", "😡", "🤔", "⚠️", "‼️", "🇨🇳",
         "🌍", "📢", "👀", "😱", "💪")
# fmt: on
# fmt: off

# --------------------------------------------------------------------------
# Operation content. Themes follow public reporting on each kind of operation;
# names of critics and sites are invented.
# --------------------------------------------------------------------------

SPAM_NARRATIVES_EN = (
    "The United States is the biggest threat to world peace. Its hegemony has brought wars and chaos to every corner of the earth.",
    "The exiled tycoon Liu Wenbo is a fraud who cheated his followers out of their savings. Wake up and stop believing his lies!",
    "Hong Kong is safer and more prosperous than ever. The so-called activists only wanted chaos.",
    "Washington talks about human rights while its own citizens cannot afford medicine or housing.",
    "Gun violence in America has reached a new record. This is the real face of American democracy.",
    "Why does nobody investigate the biolabs at Fort Detrick? The world deserves the truth about the origin of the virus.",
    "Taiwan independence is a dead end. Outside forces will only bring disaster to the people of Taiwan.",
    "American politicians use the China threat to hide there own failures at home.",
    "The homeless crisis in San Francisco shows the collapse of the American dream.",
    "Racial discrimination is deeply rooted in United States. Asian Americans live in fear every day.",
    "The US is spreading lies about Xinjiang to contain China development.",
    "Japan release of nuclear wastewater into ocean is a crime against all humanity.",
    "Western media never report the truth about China. Look at the facts by yourself.",
    "The drug crisis is killing a generation of young Americans while Washington does nothing.",
    "Chinese technology helps the world. Sanctions only hurt ordinary people.",
    "The so-called dissidents abroad are paid actors serving foreign interests.",
)
SPAM_NARRATIVES_ZH = (
    "美国才是世界和平最大的威胁，霸权主义给世界带来了无尽的战争和混乱。",
    "流亡富商刘文博就是个骗子，骗光了追随者的血汗钱，大家醒醒吧！",
    "香港现在比以往任何时候都更安全、更繁荣，所谓的民主人士只想制造混乱。",
    "美国政客整天谈人权，自己的老百姓却看不起病、买不起房。",
    "美国枪支暴力再创新高，这就是美式民主的真面目。",
    "德特里克堡的实验室为什么没人调查？全世界都应该知道病毒起源的真相。",
    "台独是一条死路，外部势力只会给台湾同胞带来灾难。",
    "美国的种族歧视根深蒂固，亚裔每天都生活在恐惧中。",
    "西方媒体从来不报道中国的真实情况，请大家自己看看事实。",
    "日本把核污水排入大海，是对全人类的犯罪。",
    "所谓的海外异见人士不过是为外国势力服务的演员。",
    "美国的毒品危机正在毁掉一代年轻人，华盛顿却无动于衷。",
)
# Machine-translated versions of the first English narratives (index -> lang -> text).
SPAM_TRANSLATIONS: dict[int, dict[str, str]] = {
    0: {"ru": "Соединённые Штаты — самая большая угроза миру во всём мире. Их гегемония несёт войны и хаос.",
        "de": "Die Vereinigten Staaten sind die größte Bedrohung für den Weltfrieden. Ihre Hegemonie bringt Krieg und Chaos.",
        "fr": "Les États-Unis sont la plus grande menace pour la paix mondiale. Leur hégémonie apporte guerres et chaos.",
        "ko": "미국은 세계 평화에 대한 가장 큰 위협이다. 패권주의는 전쟁과 혼란을 가져왔다.",
        "th": "สหรัฐอเมริกาคือภัยคุกคามที่ใหญ่ที่สุดต่อสันติภาพโลก ความเป็นเจ้าโลกนำมาซึ่งสงคราม",
        "cy": "Yr Unol Daleithiau yw'r bygythiad mwyaf i heddwch y byd. Mae ei hegemoni wedi dod â rhyfel ac anhrefn."},
    1: {"ru": "Лю Вэньбо — мошенник, который обманул своих последователей. Проснитесь!",
        "de": "Liu Wenbo ist ein Betrüger, der seine Anhänger um ihr Erspartes gebracht hat. Wacht auf!",
        "fr": "Liu Wenbo est un escroc qui a volé les économies de ses partisans. Réveillez-vous !",
        "ko": "류원보는 추종자들의 돈을 가로챈 사기꾼이다. 정신 차려라!",
        "th": "หลิวเหวินปั๋วคือนักต้มตุ๋นที่โกงเงินผู้ติดตาม จงตื่นได้แล้ว",
        "cy": "Twyllwr yw Liu Wenbo a dwyllodd ei ddilynwyr. Deffrwch!"},
    3: {"ru": "Вашингтон говорит о правах человека, а его граждане не могут позволить себе лекарства.",
        "de": "Washington redet von Menschenrechten, doch seine Bürger können sich keine Medikamente leisten.",
        "fr": "Washington parle des droits de l'homme alors que ses citoyens ne peuvent pas payer leurs médicaments.",
        "ko": "워싱턴은 인권을 말하지만 자국민은 약값도 감당하지 못한다.",
        "th": "วอชิงตันพูดเรื่องสิทธิมนุษยชน แต่ประชาชนของตัวเองไม่มีเงินซื้อยา",
        "cy": "Mae Washington yn siarad am hawliau dynol, ond ni all ei dinasyddion fforddio meddyginiaeth."},
    4: {"ru": "Насилие с применением оружия в Америке бьёт рекорды. Вот настоящее лицо американской демократии.",
        "de": "Die Waffengewalt in Amerika erreicht einen neuen Rekord. Das ist das wahre Gesicht der amerikanischen Demokratie.",
        "fr": "La violence armée en Amérique atteint un nouveau record. Voilà le vrai visage de la démocratie américaine.",
        "ko": "미국의 총기 폭력이 또 최고치를 기록했다. 이것이 미국식 민주주의의 민낯이다.",
        "th": "ความรุนแรงจากอาวุธปืนในอเมริกาทำสถิติใหม่ นี่คือโฉมหน้าที่แท้จริงของประชาธิปไตยอเมริกัน",
        "cy": "Mae trais gynnau yn America wedi cyrraedd record newydd. Dyma wir wyneb democratiaeth America."},
}  # fmt: skip
SPAM_TAGS = ("USA", "America", "HongKong", "Taiwan", "HumanRights", "COVID19", "Truth", "WakeUp",
             "香港", "美国", "台湾", "LiuWenbo")
SPAM_FILLER = ("Beautiful sunset today 🌅", "Good morning everyone ☀️", "Spring flowers in the park 🌸",
               "Delicious dumplings for lunch 🥟", "Mountains and rivers, so peaceful.",
               "Have a nice weekend!", "A cup of tea, a quiet afternoon 🍵", "今天的晚霞真美🌅",
               "早上好☀️", "春天来了🌸", "中午吃饺子🥟", "山清水秀，心旷神怡", "周末愉快！",
               "Cute cat sleeping 🐱", "The lake is so calm today")
SPAM_AMPLIFY = ("Well said!", "Totally agree 👍", "说得好！", "支持！", "This is the truth.",
                "Everyone should see this", "顶", "Exactly right", "👍👍👍", "真相！")
SERIAL_FORMATS = ("#{n}", "({n}/{total})", "No. {n}", "【{n}】", "{n}.", "[{n}]", "第{n}条")

CLONE_SITES = {
    "moscow": (("spiegel.ltd", "de"), ("welt.media", "de"), ("bild.work", "de"),
               ("leparisien.top", "fr"), ("20minutes.news", "fr"), ("washingtonpost.pm", "en"),
               ("foxnews.cfd", "en"), ("rbc-news.ltd", "ru")),
    "tehran": (("truthmideast.net", "en"), ("libertyfront.press", "en"), ("afrovoice.news", "fr"),
               ("alrai-today.net", "ar"), ("vozlibre.info", "es")),
}
MOSCOW_NARRATIVES = {
    "de": ("Die Sanktionen schaden nur uns selbst. Die Energiepreise explodieren, während Berlin weiter Milliarden in die Ukraine schickt.",
           "Deutsche Familien frieren, damit die Regierung ihre Kriegspolitik fortsetzen kann.",
           "Wer profitiert wirklich vom Krieg? Sicher nicht der deutsche Mittelstand.",
           "Milliarden für Waffen, aber kein Geld für unsere Schulen und Krankenhäuser.",
           "Die Medien verschweigen, wie viele Hilfsgelder in der Ukraine verschwinden."),
    "fr": ("Les sanctions ne font que nous appauvrir. Les prix de l'énergie explosent pendant que Paris envoie des milliards à Kiev.",
           "Les agriculteurs français souffrent pendant que le gouvernement finance la guerre.",
           "Qui profite vraiment de cette guerre ? Certainement pas les Français.",
           "Des milliards pour les armes, rien pour nos hôpitaux.",
           "L'inflation étrangle les familles, mais le gouvernement ne pense qu'à l'OTAN."),
    "en": ("Sanctions are hurting Europe more than Russia. Energy prices keep rising while billions go to Kyiv.",
           "Where did the aid money go? Nobody in Washington wants to answer.",
           "Billions for weapons, nothing for our veterans.",
           "Corruption in Kyiv is the story the media won't cover.",
           "Ordinary Europeans are paying for a war they never wanted."),
    "ru": ("Санкции бьют по самой Европе. Цены на энергию растут, а Запад продолжает отправлять миллиарды.",
           "Куда делись деньги западной помощи? Ответа нет.",
           "Европейцы платят за чужую войну.",
           "Западные СМИ молчат о коррупции, которую сами же и финансируют."),
}  # fmt: skip
TEHRAN_NARRATIVES = {
    "en": ("The occupation's crimes in Gaza expose the hypocrisy of Western governments.",
           "Sanctions on Iran are collective punishment of ordinary people.",
           "Washington's wars have destabilised the entire region.",
           "Western media hide the voices of the oppressed.",
           "The US military presence in the region must end."),
    "es": ("Los crímenes de la ocupación en Gaza muestran la hipocresía de Occidente.",
           "Las sanciones contra Irán castigan a la gente común.",
           "Las guerras de Washington han desestabilizado toda la región."),
    "ar": ("جرائم الاحتلال في غزة تكشف نفاق الحكومات الغربية.",
           "العقوبات على إيران عقاب جماعي للشعب.",
           "حروب واشنطن دمرت استقرار المنطقة.",
           "الإعلام الغربي يخفي صوت المظلومين."),
    "fr": ("Les crimes de l'occupation à Gaza révèlent l'hypocrisie occidentale.",
           "Les sanctions contre l'Iran punissent les gens ordinaires."),
}  # fmt: skip

LINKPUSH_SITES = ("dailyglobalreport.net", "thepatriotledger.info", "eurasia-insight.press",
                  "freedomwire24.com", "worldaffairs-now.org")
LINKPUSH_COMMENTS = {
    "en": ("Must read", "Read this 👇", "Everyone needs to see this", "Share before they delete it",
           "This is huge", "The media won't tell you this", "Wow. Just wow.", "👀", "Important",
           "Finally someone said it", "Read and share", "So this is happening", "Interesting...",
           "Look at this", "Unbelievable", "Spread the word", "They don't want you to know"),
    "es": ("Hay que leer esto", "Compartan antes de que lo borren", "Esto es enorme",
           "Los medios no lo dirán", "Léanlo 👇", "Increíble"),
    "pt": ("Leiam isso", "Compartilhem antes que apaguem", "Isso é enorme",
           "A mídia não vai mostrar isso"),
    "fr": ("À lire absolument", "Partagez avant la censure", "Les médias n'en parleront pas"),
    "de": ("Unbedingt lesen", "Teilen, bevor es gelöscht wird", "Das verschweigen die Medien"),
}

CAMPAIGN_CLAIMS = (
    "Our farmers are being pushed off their land", "The new bill will destroy thousands of jobs",
    "Nobody voted for this land grab", "Families in the delta deserve answers",
    "Big corporations are writing our laws", "Local voices are being silenced",
    "The water deal was signed behind closed doors", "Prices are up and wages are down",
    "This is not development, it is theft", "Our children will pay for this",
    "They promised jobs and delivered debt", "The minister owes the people an explanation",
)
CAMPAIGN_CALLS = ("Speak up!", "Share this!", "Raise your voice!", "Enough is enough.",
                  "We will not be silent.", "Stand with us.", "Make it trend!", "Time to act.",
                  "RT if you agree.", "Tag your MP.", "Join us today.", "Never again.")
CAMPAIGN_CLAIMS_ES = ("Nuestros agricultores pierden sus tierras", "Nadie votó por este despojo",
                      "Las familias del delta merecen respuestas", "Los precios suben y los sueldos no")
CAMPAIGN_CALLS_ES = ("¡Alza la voz!", "¡Compártelo!", "¡Basta ya!", "No nos callarán.")
CAMPAIGN_TAGS = ("DefendOurFarmers", "StopTheLandGrab", "JusticeForTheDelta")
SPARSE_CLAIMS = ("The toll road will cut our town in half", "Save the river park for our kids",
                 "The council sold the park without asking us", "No toll on our only road")
SPARSE_TAGS = ("SaveRiverPark", "NoToTollRoad")

RT_SEED_SUBJECTS = ("The national vision plan", "Our armed forces", "The new highway project",
                    "The ministry of culture", "Foreign-funded groups", "The opposition abroad",
                    "Our national team", "The reform programme", "Our leadership",
                    "The youth employment scheme")
RT_SEED_PREDICATES = ("has delivered record growth this year", "is spreading lies again",
                      "will make our nation stronger", "are working for foreign agendas",
                      "deserves the support of every citizen", "has been exposed by the facts",
                      "opened 40 new schools this month", "is the pride of the nation",
                      "cannot hide the truth any longer", "brings hope to millions")
RT_SEED_AR = ("رؤية الوطن تحقق إنجازات غير مسبوقة", "المعارضة في الخارج تنشر الأكاذيب من جديد",
              "قيادتنا تبني مستقبلاً مشرقاً للأجيال", "الجهات الممولة من الخارج تعمل ضد الوطن",
              "مشروع الطريق الجديد يخدم ملايين المواطنين", "منتخبنا الوطني فخر الأمة")
OUTSIDE_MEDIA = (("GlobalEastNews", "globaleastnews.com", "en"),
                 ("WorldTodayTV", "worldtoday.tv", "en"),
                 ("NewEraDaily", "neweradaily.net", "en"),
                 ("PanoramaArabia", "panorama-arabia.net", "ar"),
                 ("MundoHoyNoticias", "mundohoy.info", "es"),
                 ("AsiaPacificWire", "apwire.news", "en"))

# --------------------------------------------------------------------------
# Decoy content
# --------------------------------------------------------------------------

WIRES = (("wire-ap", "en"), ("wire-efe", "es"), ("wire-afp", "en"))
NEWS_TOWNS = ("springfield", "riverside", "fairview", "kingston", "salem", "madison", "franklin",
              "georgetown", "clinton", "arlington", "ashland", "dover", "milton", "newport",
              "oxford", "burlington", "manchester", "jackson", "lakeside", "centerville")
NEWS_SUFFIXES = ("news", "herald", "times", "daily", "post", "gazette", "tribune", "now",
                 "today", "live", "courier", "journal")
NOTICIAS_TOWNS = ("sevilla", "valencia", "rosario", "cordoba", "merida", "cusco", "cali", "malaga")
SYNDICATION_FORMATS = ("{h}", "{h}", "BREAKING: {h}", "{h} - {outlet}", "{h} #news", "NEW: {h}")

CHAINS = (
    ("facebook", "en",
     "I do not give Facebook or any entities associated with Facebook permission to use my pictures, information, messages or posts, both past and future. By this statement, I give notice to Facebook it is strictly forbidden to disclose, copy, distribute, or take any other action against me based on this profile and/or its contents. Copy and paste, do not share."),
    ("facebook", "en",
     "Sorry to bother everyone, but I received a friend request from another me. Please do not accept it and report it. Hold your finger on this message and copy it, then paste it into your own status."),
    ("facebook", "en",
     "Put this on your status if you know someone who is fighting or lost the fight against cancer. 93% won't copy and paste this. Will you be one of the 7% who does? 🎗️"),
    ("facebook", "es",
     "Atención: si alguien te envía un video llamado 'Baile del Papa' no lo abras, es un virus que te hackea el teléfono. Pásalo a todos tus contactos."),
    ("facebook", "pt",
     "Bom dia! Copie e cole no seu status se você é grato por mais um dia de vida 🙏 Não compartilhe, copie."),
    ("x", "en",
     "If you're reading this, take a moment to check on your friends today. A simple message can mean more than you know. Copy this and pass it on 💙"),
)
CHAIN_PREFIXES = ("", "", "", "Copied from a friend: ", "Done ✅ ", "Just in case!! ", "(copied) ",
                  "Copied. ", "Why not. ")
CHAIN_SUFFIXES = ("", "", "", " ✅", " 🙏", " (copied)", " done", " 💯", "!!")

GM_TEXTS = ("gm", "gm", "GM", "gm ☀️", "gm frens", "GM ☕", "gm gm", "gm ✨")
GOOD_MORNING = {"en": ("Good morning ☀️", "Good morning everyone!", "Morning all ☕"),
                "es": ("Buenos días ☀️", "¡Buenos días a todos!"), "pt": ("Bom dia ☀️", "Bom dia, gente!"),
                "ar": ("صباح الخير ☀️", "صباح الخير على الجميع"), "id": ("Selamat pagi ☀️",),
                "tr": ("Günaydın ☀️",), "fr": ("Bonjour ☀️",), "de": ("Guten Morgen ☀️",)}
JUMMA = ("Jumma Mubarak 🤲", "Jummah Mubarak", "جمعة مباركة 🤲", "Jumat Berkah 🤲", "Hayırlı Cumalar")
QUOTES = ("“Be the change you wish to see in the world.” — Gandhi",
          "“The only way to do great work is to love what you do.” — Steve Jobs",
          "“This too shall pass.”", "“Stay hungry, stay foolish.”",
          "“In the middle of difficulty lies opportunity.” — Albert Einstein",
          "“It always seems impossible until it's done.” — Nelson Mandela",
          "“What we think, we become.” — Buddha")
HOLIDAY_GREETINGS = {
    (3, 8): ("Happy International Women's Day 💜", "Feliz Día de la Mujer 💜", "Feliz Dia da Mulher 💜"),
    (3, 11): ("Ramadan Mubarak 🌙", "رمضان كريم 🌙", "Marhaban ya Ramadhan 🌙"),
    (3, 17): ("Happy St. Patrick's Day ☘️",),
    (3, 31): ("Happy Easter! 🐣", "¡Felices Pascuas! 🐣", "Feliz Páscoa! 🐣"),
    (4, 10): ("Eid Mubarak! 🌙", "عيد مبارك 🌙", "Selamat Hari Raya Idul Fitri 🙏"),
    (4, 22): ("Happy Earth Day 🌍",),
    (1, 1): ("Happy New Year! 🎉", "¡Feliz Año Nuevo! 🎉", "Feliz Ano Novo! 🎉"),
    (2, 14): ("Happy Valentine's Day ❤️",),
}  # fmt: skip

VIRAL_TEXTS = ("my grandma just discovered voice notes and now sends me 4 minute podcasts about her garden",
               "the dog at the airport that greets every passenger deserves a raise",
               "a stranger paid for my groceries today and told me to pass it on. crying in the parking lot",
               "POV: you asked the group chat a simple question 3 hours ago",
               "this kid explaining the offside rule better than every pundit on tv",
               "mi abuela aprendió a usar stickers y ahora no para",
               "minha avó descobriu os áudios e agora manda podcast de 5 minutos",
               "うちの猫、毎朝8時ちょうどに起こしに来る")

FAN_TEXTS = {
    "en": ("Happy birthday to our sunshine 💜", "We love you so much, thank you for everything",
           "Streaming all day for you!!", "You deserve the world 💜", "Proud of you always",
           "Best artist, no debate", "Thank you for making us smile every day", "Forever with you"),
    "es": ("¡Feliz cumpleaños a nuestro sol! 💜", "Te amamos muchísimo", "¡Orgullosa de ti siempre!"),
    "pt": ("Feliz aniversário pro nosso sol 💜", "Te amamos demais", "Orgulho de você sempre!"),
    "id": ("Selamat ulang tahun kesayangan kami 💜", "Kami sayang kamu selalu"),
    "ko": ("생일 축하해 우리 햇살 💜", "항상 고마워 사랑해", "평생 함께하자"),
    "ja": ("お誕生日おめでとう💜", "いつもありがとう大好き"),
    "tr": ("İyi ki doğdun güneşimiz 💜", "Seni çok seviyoruz"),
    "ar": ("عيد ميلاد سعيد يا شمسنا 💜", "نحبك كثيراً"),
}
FANDOM_ARTISTS = (("Haneul", "HappyHaneulDay", "HANEUL"), ("Starlight", "StarlightComeback", "STARLIGHT"),
                  ("Jiyu", "OurJiyuDay", "JIYU"))

CLUBS = (("Real Madrid", "RMA", "es", "Europe/Madrid"), ("Manchester City", "MCI", "en", "Europe/London"),
         ("Flamengo", "FLA", "pt", "America/Sao_Paulo"), ("Bayern", "FCB", "de", "Europe/Berlin"),
         ("PSG", "PSG", "fr", "Europe/Paris"), ("Galatasaray", "GS", "tr", "Europe/Istanbul"),
         ("Boca Juniors", "BOC", "es", "America/Argentina/Buenos_Aires"),
         ("Arsenal", "ARS", "en", "Europe/London"))
GOAL_TEXTS = {
    "en": ("GOOOAL", "GET IN!!!", "WHAT A GOAL", "YESSSS {player}", "{club} {club} {club}!!",
           "unreal finish", "come onnnn", "{player} you beauty", "SCENES"),
    "es": ("GOOOOOL", "¡GOLAZO!", "VAMOOOS", "¡Qué golazo de {player}!", "¡Aguante {club}!", "GOOOL CARAJO"),
    "pt": ("GOOOOOL", "GOLAÇO", "VAMOOO {club}", "que golaço do {player}", "É GOL"),
    "de": ("TOOOR!!!", "Was für ein Tor", "JAAAA", "{player}!!!"),
    "fr": ("BUUUUT", "QUEL BUT", "ALLEZ {club}", "{player} 🔥"),
    "tr": ("GOOOOL", "Ne gol ama", "Hadi {club}!", "{player} efsane"),
}  # fmt: skip
AGAINST_TEXTS = {"en": ("noooo", "defence asleep again", "VAR??", "unreal", "how is that allowed"),
                 "es": ("noooo", "qué desastre", "¿VAR?", "otra vez la defensa"),
                 "pt": ("nãooo", "que vergonha", "cadê a defesa"), "de": ("Nein!!", "Was machen die da"),
                 "fr": ("nooon", "quelle défense"), "tr": ("hayır ya", "savunma nerede")}
KICKOFF_TEXTS = {"en": ("Let's go {club}!", "here we go", "COYG", "matchday 🔥"),
                 "es": ("¡Vamos {club}!", "Arrancamos", "Día de partido 🔥"),
                 "pt": ("Vamos {club}!", "Começou!", "Dia de jogo 🔥"), "de": ("Auf geht's {club}!", "Anpfiff!"),
                 "fr": ("Allez {club} !", "C'est parti"), "tr": ("Haydi {club}!", "Başladı")}
FULLTIME_TEXTS = {"en": ("WHAT A WIN", "3 points!!", "get in", "embarrassing", "a point is a point"),
                  "es": ("¡QUÉ VICTORIA!", "tres puntos", "vergüenza", "un punto es un punto"),
                  "pt": ("QUE VITÓRIA", "três pontos", "vergonha", "um ponto"),
                  "de": ("Was für ein Sieg", "Drei Punkte!", "peinlich"),
                  "fr": ("QUELLE VICTOIRE", "trois points", "honteux"),
                  "tr": ("Ne galibiyet!", "3 puan!", "rezalet")}
TV_SHOW = ("Starlight Island", "StarlightIsland", "America/New_York", 21)
TV_NAMES = ("Jordan", "Kayla", "Marcus", "Brianna", "Tyler", "Destiny", "Cole", "Mia")
TV_TEXTS = ("NOOO not {name}", "I KNEW IT", "this show is unhinged", "{name} deserved better",
            "screaming 😭", "the editing 💀", "{name} is the villain and I love it", "WHAT",
            "production is messy for that one", "justice for {name}")
# fmt: on

# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

DAY = 86_400
HOUR = 3_600
X_EPOCH_MS = 1_288_834_974_657
INSTAGRAM_EPOCH_MS = 1_314_220_021_721
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
REDDIT_POST_BASE = int("1b60000", 36)
REDDIT_COMMENT_BASE = int("kt00000", 36)
FACEBOOK_POST_BASE = 122_100_000_000_000_000
SCRAMBLE = 0x9E3779B97F4A7C15
MASK64 = (1 << 64) - 1


def _seeded(seed: int, *parts: object) -> random.Random:
    """A generator seeded by the run's seed and a name: independent of call order."""
    return random.Random("othergen|" + str(seed) + "|" + "|".join(str(p) for p in parts))


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(sigma * rng.gauss(0.0, 1.0))


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _weighted(rng: random.Random, items: Sequence, weights: Sequence[float]):  # type: ignore[no-untyped-def]
    return rng.choices(items, weights=weights, k=1)[0]


def _encode(n: int, alphabet: str, width: int = 0) -> str:
    base, out = len(alphabet), []
    while n:
        n, r = divmod(n, base)
        out.append(alphabet[r])
    s = "".join(reversed(out)) or alphabet[0]
    return s.rjust(width, alphabet[0])


def _token(rng: random.Random, n: int, alphabet: str = B62) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _stable_code(text: str, n: int) -> str:
    """A short code that depends only on the text (a publisher's own short link)."""
    digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
    return _encode(digest, B62)[:n]


def _slug(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].rstrip("-")
    return slug if len(slug) >= 8 else fallback


def _cumulative(weights: Iterable[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


ZONE_TABLE = {
    lang: ([z for z, _ in zones], _cumulative(w for _, w in zones))
    for lang, zones in LANG_ZONES.items()
}


def _hour_cum(shift: int) -> list[float]:
    weights = [HUMAN_HOURS[(h - shift) % 24] for h in range(24)]
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


# Cumulative hour weights per chronotype shift (hours later than the average person).
HOUR_CUM = {shift: _hour_cum(shift) for shift in range(-3, 5)}
HOURS = tuple(range(24))


class _Clock:
    """The window, local days per zone (UTC offsets cached per day) and ISO formatting."""

    def __init__(self, start: datetime, days: int) -> None:
        if start.tzinfo is None:
            raise ValueError("start must carry a time zone")
        self.start = int(start.timestamp())
        self.end = self.start + days * DAY
        self.days = days
        self.base = self.start - self.start % DAY
        self.first_date = datetime.fromtimestamp(self.base, UTC).date()
        self._offsets: dict[tuple[str, int], int] = {}
        self._zones: dict[str, ZoneInfo] = {}
        self._iso_dates: dict[int, str] = {}

    def zone(self, name: str) -> ZoneInfo:
        z = self._zones.get(name)
        if z is None:
            z = self._zones[name] = ZoneInfo(name)
        return z

    def offset(self, zone: str, day: int) -> int:
        """Seconds east of UTC at local noon of window day ``day`` in ``zone``."""
        key = (zone, day)
        off = self._offsets.get(key)
        if off is None:
            noon = datetime(*self.date(day).timetuple()[:3], 12, tzinfo=self.zone(zone))
            delta = noon.utcoffset()
            off = self._offsets[key] = int(delta.total_seconds()) if delta else 0
        return off

    def date(self, day: int) -> date:
        return self.first_date + timedelta(days=day)

    def local_to_utc(self, zone: str, day: int, seconds: int) -> int:
        return self.base + day * DAY + seconds - self.offset(zone, day)

    def local_day_second(self, zone: str, t: int) -> tuple[int, int]:
        """(window day, second of the local day) of UTC instant ``t`` in ``zone``."""
        day = (t - self.base) // DAY
        local = t - self.base + self.offset(zone, day)
        return local // DAY, local % DAY

    def utc_day(self, t: int) -> int:
        return (t - self.base) // DAY

    def iso(self, t: int) -> str:
        day, sec = divmod(t, DAY)
        prefix = self._iso_dates.get(day)
        if prefix is None:
            prefix = self._iso_dates[day] = datetime.fromtimestamp(day * DAY, UTC).strftime(
                "%Y-%m-%d"
            )
        h, rest = divmod(sec, HOUR)
        m, s = divmod(rest, 60)
        return f"{prefix}T{h:02d}:{m:02d}:{s:02d}Z"

    def in_window(self, t: int) -> bool:
        return self.start <= t < self.end


def _sample_human_second(rng: random.Random, chrono: int, weekend: bool) -> int:
    """A second of the local day on a person's activity curve (later on weekends)."""
    shift = max(-3, min(4, chrono + (1 if weekend else 0)))
    hour = rng.choices(HOURS, cum_weights=HOUR_CUM[shift], k=1)[0]
    return hour * HOUR + rng.randrange(HOUR)


def _awake_factor(clock: _Clock, zone: str, chrono: int, t: int) -> float:
    """How likely a person is to be at their phone at ``t`` (1.0 at their peak hour)."""
    _, sec = clock.local_day_second(zone, t)
    return HUMAN_HOURS[(sec // HOUR - chrono) % 24]


# --------------------------------------------------------------------------
# Handles, ids, creation dates
# --------------------------------------------------------------------------

HANDLE_RULES = {
    # platform: (allowed characters, max length, min length, separator)
    "x": ("A-Za-z0-9_", 15, 4, "_"),
    "facebook": ("A-Za-z0-9.", 50, 5, "."),
    "instagram": ("A-Za-z0-9._", 30, 3, "_"),
    "reddit": ("A-Za-z0-9_-", 20, 3, "_"),
    "youtube": ("A-Za-z0-9._-", 30, 3, "-"),
    "tiktok": ("A-Za-z0-9._", 24, 2, "_"),
    "telegram": ("A-Za-z0-9_", 32, 5, "_"),
}
ORDINARY_HANDLE_KINDS = {
    "x": (("word", 0.40), ("name", 0.35), ("generated", 0.15), ("random", 0.05), ("default", 0.05)),
    "facebook": (("name", 0.75), ("default", 0.20), ("word", 0.05)),
    "instagram": (("word", 0.45), ("name", 0.45), ("random", 0.10)),
    "reddit": (("word", 0.45), ("default", 0.35), ("name", 0.10), ("random", 0.10)),
    "youtube": (("word", 0.35), ("name", 0.35), ("default", 0.30)),
    "tiktok": (("word", 0.35), ("name", 0.30), ("default", 0.30), ("random", 0.05)),
    "telegram": (("word", 0.50), ("name", 0.40), ("random", 0.10)),
}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _raw_handle(rng: random.Random, platform: str, kind: str) -> str:
    first, last = _ascii(rng.choice(FIRST_NAMES)), _ascii(rng.choice(LAST_NAMES))
    adj, noun = rng.choice(ADJECTIVES), rng.choice(NOUNS)
    if kind == "word":
        pattern = rng.randrange(8)
        return (
            adj + noun,
            f"{adj}_{noun}",
            f"the{noun}{rng.choice(('guy', 'girl', 'fan', 'life', 'zone', ''))}",
            f"{noun}{rng.randint(1, 99)}",
            f"{noun}.lover",
            f"{first.lower()}_{noun}",
            f"{adj}{noun}{rng.randint(1980, 2009)}",
            f"not{adj}{noun}",
        )[pattern]
    if kind == "name":
        pattern = rng.randrange(8)
        return (
            f"{first}.{last}".lower(),
            f"{first}{last}".lower(),
            f"{first}_{last[0]}".lower(),
            f"{first[0]}{last}{rng.randint(1, 99)}".lower(),
            f"{first}{last}",
            f"{first}.{last}.{rng.randint(1, 999)}".lower(),
            f"{first}{rng.randint(70, 99) if rng.random() < 0.5 else rng.randint(1, 30)}".lower(),
            f"its{first}{last[0]}".lower(),
        )[pattern]
    if kind == "generated":
        # X's suggested handle: the display name cut to fit, then digits.
        digits = str(rng.randint(10 ** (rng.choice((3, 4, 5, 7))), 10**8 - 1))
        digits = digits[: rng.choice((4, 5, 6, 8))]
        name = (first + last) if rng.random() < 0.8 else first
        return name[: 15 - len(digits)] + digits
    if kind == "default":
        if platform == "tiktok":
            return "user" + str(rng.randint(10**9, 10**13))
        if platform == "reddit":
            sep = rng.choice(("-", "_"))
            return f"{rng.choice(REDDIT_ADJ)}{sep}{rng.choice(REDDIT_NOUN)}{sep}{rng.randint(1000, 9999)}"
        if platform == "youtube":
            return "user-" + _token(rng, 10, B36)
        if platform == "facebook":
            return f"{first}.{last}.{rng.randint(10, 99999)}".lower()
        return _raw_handle(rng, platform, "generated")
    if kind == "pinyin":
        family, given = rng.choice(PINYIN), rng.choice(PINYIN_GIVEN)
        return rng.choice(
            (
                f"{family}{given}{rng.randint(100, 99999)}",
                f"{given}{family}{rng.randint(10, 9999)}",
                f"{family.capitalize()}{given.capitalize()}{rng.randint(1000, 999999)}",
            )
        )
    if kind == "random":
        letters = _token(rng, rng.randint(6, 10), "abcdefghijklmnopqrstuvwxyz")
        if rng.random() < 0.4:
            letters = letters.capitalize()
        return letters + (str(rng.randint(10, 99999)) if rng.random() < 0.7 else "")
    raise ValueError(kind)


def _fit_handle(platform: str, raw: str) -> str:
    allowed, longest, shortest, sep = HANDLE_RULES[platform]
    handle = re.sub(f"[^{allowed}]", sep, _ascii(raw)).strip(sep + ".") or "user"
    handle = handle[:longest]
    while len(handle) < shortest:
        handle += "0"
    return handle


def _author_id(rng: random.Random, platform: str, created: int, serial: int) -> str:
    if platform == "x":
        if created < 1_420_070_400:  # before 2015: sequential-looking user ids
            share = max(0.0, (created - 1_170_000_000) / 250_070_400)
            return str(10_000_000 + int(share * 2_900_000_000) + rng.randrange(1_000_000))
        ms = created * 1000 + rng.randrange(1000)
        return str(((ms - X_EPOCH_MS) << 22) | (serial & 0x3FFFFF))
    if platform == "facebook":
        if created < 1_262_304_000:
            return str(500_000_000 + rng.randrange(1_000_000_000))
        return "1000" + str(rng.randint(10**10, 10**11 - 1))
    if platform == "instagram":
        return str(rng.randint(10**8, 6 * 10**10))
    if platform == "reddit":
        return "t2_" + _encode(rng.randint(36**5, 36**8), B36)
    if platform == "youtube":
        return "UC" + _token(rng, 22, B64)
    if platform == "tiktok":
        return str((created << 32) | (serial & 0xFFFFFFFF))
    return str(rng.randint(10**8, 7 * 10**9))


def _year_start(year: int) -> int:
    return int(datetime(year, 1, 1, tzinfo=UTC).timestamp())


# --------------------------------------------------------------------------
# URLs and text edits
# --------------------------------------------------------------------------


def _article_url(domain: str, shape: int, title: str, when: date, number: int) -> str:
    slug = _slug(title, f"article-{number}")
    section = SECTIONS[number % len(SECTIONS)]
    if shape == 0:
        return f"https://www.{domain}/{when:%Y/%m/%d}/{section}/{slug}.html"
    if shape == 1:
        return f"https://www.{domain}/news/{section}-{number}"
    if shape == 2:
        return f"https://www.{domain}/{section}/{slug}-{number}/"
    return f"https://{domain}/{section}/{when:%Y%m%d}/{number}/"


def _url_variant(rng: random.Random, url: str, source: str) -> str:
    """The same article as a real sharer's link would show it."""
    if rng.random() < 0.35:
        return url
    scheme, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    path = "/" + path
    query = ""
    for _ in range(rng.choice((1, 1, 2))):
        move = rng.randrange(9)
        if move == 0:
            query = f"utm_source={source}&utm_medium=social"
        elif move == 1:
            query = f"utm_source={source}&utm_medium=social&utm_campaign={_token(rng, 6, B36)}"
        elif move == 2 and source == "facebook":
            query = "fbclid=IwAR" + _token(rng, 40, B64[:-2])
        elif move == 3:
            host = host[4:] if host.startswith("www.") else "www." + host
        elif move == 4 and not host.startswith("m."):
            host = "m." + (host[4:] if host.startswith("www.") else host)
        elif move == 5:
            path = path[:-1] if path.endswith("/") else path + "/"
        elif move == 6:
            scheme = "http"
        elif move == 7:
            path = (
                path.rstrip("/") + "/amp/"
                if not path.endswith(".html")
                else path.replace(".html", ".amp.html")
            )
        else:
            return f"https://{rng.choice(SHORTENERS)}/{_stable_code(url + source, 7)}"
    return f"{scheme}://{host}{path}" + (f"?{query}" if query else "")


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    move = rng.randrange(4)
    if move == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if move == 1:
        return text[:i] + text[i + 1 :]
    if move == 2:
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("aeiourstnl") + text[i + 1 :]


def _compose(rng: random.Random, lang: str, sentences: int = 1) -> str:
    pack = ORIGINAL_PACKS.get(lang) or ORIGINAL_PACKS["en"]
    parts = []
    for _ in range(sentences):
        parts.append(
            rng.choice(pack.openers)
            + rng.choice(pack.subjects)
            + (" " if pack.sep == " " else "")
            + rng.choice(pack.predicates)
            + rng.choice(pack.tails)
        )
    text = " ".join(parts)
    if lang == "en" and rng.random() < 0.15:
        text += rng.choice(
            (
                f" ({rng.randint(2, 9)}/10)",
                f" day {rng.randint(2, 40)}",
                f" at {rng.randint(5, 11)}am",
                f" for {rng.randint(10, 90)} minutes",
            )
        )
    return text[0].upper() + text[1:] if rng.random() < 0.7 else text


def _headline(rng: random.Random, lang: str) -> str:
    pack = HEADLINE_PACKS.get(lang) or HEADLINE_PACKS["en"]
    text = rng.choice(pack.subjects) + rng.choice(pack.predicates) + rng.choice(pack.tails)
    return text.replace("{place}", rng.choice(PLACES))


def _with_link(rng: random.Random, platform: str, text: str, url: str) -> str:
    """The text as the platform shows it with a link (X wraps every link in t.co)."""
    if platform == "x":
        link = "https://t.co/" + _token(rng, 10)
        return f"{text} {link}" if text else link
    if platform == "reddit":
        return text
    if platform == "telegram":
        return f"{text}\n{url}" if text else url
    if platform == "facebook" and rng.random() < 0.5:
        return text
    return f"{text} {url}" if text else url


def _with_tags(text: str, tags: Sequence[str]) -> str:
    return (text + " " + " ".join("#" + t for t in tags)).strip() if tags else text


# --------------------------------------------------------------------------
# Accounts and the post sink
# --------------------------------------------------------------------------

ORIGINAL, SHARE, REPOST, REPLY_POPULAR, REPLY_RECENT = range(5)
ACTIONS = (ORIGINAL, SHARE, REPOST, REPLY_POPULAR, REPLY_RECENT)
# Own-post mix per platform: original, share an article, repost a popular post,
# reply to a popular post, reply to someone's recent post.
PLATFORM_MIX = {
    "x": (0.40, 0.12, 0.18, 0.14, 0.16),
    "facebook": (0.40, 0.25, 0.10, 0.12, 0.13),
    "instagram": (0.50, 0.0, 0.0, 0.35, 0.15),
    "reddit": (0.20, 0.20, 0.0, 0.35, 0.25),
    "youtube": (0.03, 0.0, 0.0, 0.80, 0.17),
    "tiktok": (0.35, 0.0, 0.10, 0.45, 0.10),
    "telegram": (0.45, 0.15, 0.35, 0.0, 0.05),
}
TREND_JOIN = 0.45
RING_SIZE = 400


@dataclass(slots=True, eq=False)
class Account:
    """One account of the world and its ground truth."""

    index: int
    platform: str
    handle: str
    author_id: str
    created: int
    created_iso: str
    lang: str
    zone: str
    chrono: int  # hours later (or earlier) than the average person's day
    label: str
    style: str
    group: str
    minute: bool  # posts carry minute-resolution timestamps
    own_posts: int  # posts of its own schedule (ordinary behaviour)
    first_day: int
    last_day: int
    activity: float
    mix: list[float]  # cumulative weights of ACTIONS

    def truth(self) -> TruthRow:
        return TruthRow(self.platform, self.handle, self.label, self.style, self.group)


class _Sink:
    """Turns posts into records with platform-shaped ids and buffers them by UTC day."""

    def __init__(self, clock: _Clock, minute_all: bool) -> None:
        self.clock = clock
        self.minute_all = minute_all
        self.buffers: dict[int, list[tuple[int, int, dict]]] = defaultdict(list)
        self.counters = dict.fromkeys(PLATFORMS, 0)
        self.telegram: dict[str, int] = {}
        self.seq = 0

    def _post_id(self, a: Account, t: int, reply: bool) -> str:
        p = a.platform
        c = self.counters[p]
        self.counters[p] = c + 1
        ms = t * 1000 + (c * 7919) % 1000
        if p == "x":
            return str(((ms - X_EPOCH_MS) << 22) | (c & 0x3FFFFF))
        if p == "tiktok":
            return str((t << 32) | ((c * 2_654_435_761) & 0xFFFFFFFF))
        if p == "instagram":
            return str(((ms - INSTAGRAM_EPOCH_MS) << 23) | (c & 0x7FFFFF))
        if p == "facebook":
            return f"{a.author_id}_{FACEBOOK_POST_BASE + c}"
        if p == "reddit":
            return (
                ("t1_" + _encode(REDDIT_COMMENT_BASE + c, B36))
                if reply
                else ("t3_" + _encode(REDDIT_POST_BASE + c, B36))
            )
        if p == "youtube":
            code = _encode((c * SCRAMBLE + 0x5BD1E995) & MASK64, B64, 11)
            return ("Ugx" + code + "4AaABAg") if reply else code
        n = self.telegram.get(a.handle, 0) + 1
        self.telegram[a.handle] = n
        return f"{a.handle}/{n}"

    def emit(
        self,
        a: Account,
        t: int,
        text: str,
        *,
        urls: Sequence[str] = (),
        tags: Sequence[str] = (),
        lang: str | None = None,
        reply_to: str | None = None,
        repost_of: str | None = None,
    ) -> str | None:
        """Record one post; None (and nothing recorded) outside the window."""
        clock = self.clock
        if not clock.start <= t < clock.end:
            return None
        if self.minute_all or a.minute:
            t -= t % 60
            if t < clock.start:
                t += 60
        post_id = self._post_id(a, t, reply_to is not None)
        record = {
            "platform": a.platform,
            "post_id": post_id,
            "author_handle": a.handle,
            "author_id": a.author_id,
            "author_created_at": a.created_iso,
            "posted_at": clock.iso(t),
            "text": text,
            "urls": list(urls),
            "hashtags": list(tags),
            "lang": lang or a.lang,
            "reply_to_post_id": reply_to,
            "repost_of_post_id": repost_of,
        }
        self.buffers[clock.utc_day(t)].append((t, self.seq, record))
        self.seq += 1
        return post_id

    def flush(self, day: int) -> list[dict]:
        rows = self.buffers.pop(day, None)
        if not rows:
            return []
        rows.sort(key=lambda r: (r[0], r[1]))
        return [r[2] for r in rows]


@dataclass(frozen=True)
class _Scale:
    """How a population's size follows the store's size and span."""

    n_posts: int
    days: int

    @property
    def s(self) -> float:
        return self.n_posts / UNIT_POSTS

    @property
    def rho(self) -> float:
        """Posts per day relative to the unit store."""
        return (self.n_posts / self.days) / (UNIT_POSTS / UNIT_DAYS)

    def members(self, unit: float, minimum: int, exponent: float = 0.75) -> int:
        return max(minimum, round(unit * self.s**exponent))

    def rounds(self, unit: float, minimum: int, exponent: float = 0.25) -> int:
        """How many pushes an op makes: a little more in bigger and in longer stores."""
        return max(minimum, round(unit * self.s**exponent * (self.days / UNIT_DAYS) ** 0.25))

    def daily(self, rate: float, exponent: float = 0.5, cap: float = 1.5) -> float:
        """A per-day rate as a store of this density captures it (thin stores catch less)."""
        return rate * min(cap, self.rho**exponent)


@dataclass
class _Trend:
    tag: str
    lang: str  # "" for a global trend
    peak: int
    width: int


@dataclass
class _Article:
    t: int
    url: str
    title: str
    outlet: str
    share_param: str
    weight: float


@dataclass
class _PopularPost:
    t: int
    post_id: str
    author: Account
    text: str
    urls: list[str]
    tags: list[str]
    lang: str


@dataclass
class _Fan:
    account: Account
    p: float
    median_delay: float


@dataclass
class _Popular:
    account: Account
    kind: str
    rate: float
    fandom: float
    fans: list[_Fan]
    posts: int = 0
    domain: str = ""  # the site a news or media account links to
    shape: int = 0


SHARE_SOURCE = {
    "x": "twitter",
    "facebook": "facebook",
    "instagram": "instagram",
    "reddit": "reddit",
    "youtube": "youtube",
    "tiktok": "tiktok",
    "telegram": "telegram",
}
OWN_COMMENTS_EN = (
    "Interesting read",
    "Wow",
    "This 👇",
    "Worth reading",
    "Thoughts?",
    "Yikes",
    "Finally",
    "Good piece",
    "Not surprised",
    "Big if true",
    "Wild",
    "Sad news",
)


class _World:
    """Every account, every plan, and the day-by-day emission of posts."""

    def __init__(
        self,
        n_posts: int,
        seed: int,
        days: int,
        start: datetime,
        ops: Sequence[str],
        minute_resolution: bool,
    ) -> None:
        self.seed = seed
        self.scale = _Scale(n_posts, days)
        self.clock = _Clock(start, days)
        self.sink = _Sink(self.clock, minute_resolution)
        self.accounts: list[Account] = []
        self._handles: dict[str, set[str]] = {p: set() for p in PLATFORMS}
        self._serial = 0
        self.events: dict[int, list[tuple[int, int, Callable[[], None]]]] = defaultdict(list)
        self._event_seq = 0
        self.planned = 0.0
        self.ordinary: dict[str, list[Account]] = {p: [] for p in PLATFORMS}
        self._ordinary_cum: dict[str, list[float]] = {}
        self.trends: dict[int, list[_Trend]] = defaultdict(list)
        self.articles: dict[str, list[_Article]] = {}
        self._article_times: dict[str, list[int]] = {}
        self.popular: list[_Popular] = []
        self.pop_schedule: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.pop_posts: dict[str, list[_PopularPost]] = {p: [] for p in PLATFORMS}
        self.pop_post_at: dict[tuple[int, int], _PopularPost] = {}
        self.ring: dict[str, list[tuple[int, str, str]]] = {p: [] for p in PLATFORMS}
        self.sessions: list[array] = [array("Q") for _ in range(days)]
        self._lang_weights = {p: self._platform_langs(p) for p in PLATFORMS}
        # Sign-ups per year grow with a platform's age, then level off.
        last_year = self.clock.first_date.year - 1
        self._year_table: dict[str, tuple[list[int], list[float]]] = {}
        for p, first in PLATFORM_BORN.items():
            years = list(range(first, max(first, last_year) + 1))
            self._year_table[p] = (
                years,
                _cumulative(1.0 + min(8.0, (y - first) * 0.9) for y in years),
            )
        self._plan(ops)

    # ---- plumbing -------------------------------------------------------

    def rng(self, *parts: object) -> random.Random:
        return _seeded(self.seed, *parts)

    def schedule(self, t0: int, fn: Callable[[], None]) -> None:
        """Run ``fn`` when the stream reaches ``t0``'s UTC day (it may post later)."""
        self.events[self.clock.utc_day(t0)].append((t0, self._event_seq, fn))
        self._event_seq += 1

    def emit(self, a: Account, t: int, text: str, **kw: object) -> str | None:
        return self.sink.emit(a, t, text, **kw)  # type: ignore[arg-type]

    @staticmethod
    def _platform_langs(platform: str) -> list[float]:
        boost = PLATFORM_LANG_BOOST.get(platform, {})
        return _cumulative(
            w * boost.get(lang, 1.0) for lang, w in zip(LANGS, LANG_SHARE, strict=True)
        )

    def pick_lang(self, rng: random.Random, platform: str) -> str:
        return rng.choices(LANGS, cum_weights=self._lang_weights[platform], k=1)[0]

    @staticmethod
    def pick_zone(rng: random.Random, lang: str) -> str:
        zones, cum = ZONE_TABLE.get(lang, ZONE_TABLE["en"])
        return rng.choices(zones, cum_weights=cum, k=1)[0]

    def ordinary_created(self, rng: random.Random, platform: str) -> int:
        """Creation time of an ordinary account: spread over the years, a few very recent."""
        start = self.clock.start
        if rng.random() < RECENT_ACCOUNT_SHARE:
            lo = start - 60 * DAY
            hi = start + self.clock.days * DAY // 2
            return lo + rng.randrange(hi - lo)
        years, cum = self._year_table[platform]
        year = rng.choices(years, cum_weights=cum, k=1)[0]
        return min(_year_start(year) + rng.randrange(365 * DAY), start - 61 * DAY)

    def claim_handle(self, rng: random.Random, platform: str, raw: str) -> str:
        handle = _fit_handle(platform, raw)
        taken = self._handles[platform]
        longest = HANDLE_RULES[platform][1]
        while handle.lower() in taken:
            suffix = str(rng.randint(1, 9999))
            handle = _fit_handle(platform, handle[: longest - len(suffix)] + suffix)
        taken.add(handle.lower())
        return handle

    def new_account(
        self,
        rng: random.Random,
        platform: str,
        *,
        label: str,
        style: str,
        group: str = "",
        kind: str = "word",
        handle: str | None = None,
        lang: str | None = None,
        zone: str | None = None,
        created: int | None = None,
        own_posts: int = 0,
        first_day: int | None = None,
        last_day: int | None = None,
        minute: bool = False,
    ) -> Account:
        """Create an account with a unique handle on its platform; it is part of the truth."""
        lang = lang or self.pick_lang(rng, platform)
        zone = zone or self.pick_zone(rng, lang)
        created = self.ordinary_created(rng, platform) if created is None else created
        born = _year_start(PLATFORM_BORN[platform])
        if created < born:  # no account predates its platform
            created = born + rng.randrange(2 * 365 * DAY)
        handle = self.claim_handle(rng, platform, handle or _raw_handle(rng, platform, kind))
        self._serial += 1
        clock = self.clock
        created_day = max(0, clock.local_day_second(zone, created)[0] + 1)
        cum = _cumulative(w * math.exp(0.5 * rng.gauss(0, 1)) for w in PLATFORM_MIX[platform])
        a = Account(
            index=len(self.accounts),
            platform=platform,
            handle=handle,
            author_id=_author_id(rng, platform, created, self._serial),
            created=created,
            created_iso=clock.iso(created),
            lang=lang,
            zone=zone,
            chrono=max(-3, min(3, round(rng.gauss(0, 1.1)))),
            label=label,
            style=style,
            group=group,
            minute=minute,
            own_posts=own_posts,
            first_day=max(created_day, first_day or 0),
            last_day=clock.days - 1 if last_day is None else last_day,
            activity=float(max(own_posts, 1)),
            mix=cum,
        )
        if a.first_day > a.last_day:
            a.first_day = a.last_day
        self.accounts.append(a)
        return a

    def random_ordinary(self, rng: random.Random, platform: str) -> Account | None:
        pool = self.ordinary[platform]
        if not pool:
            return None
        return rng.choices(pool, cum_weights=self._ordinary_cum[platform], k=1)[0]

    # ---- planning -------------------------------------------------------

    def _plan(self, ops: Sequence[str]) -> None:
        self._plan_trends()
        self._plan_articles()
        self._plan_popular()
        hosts: dict[str, _Operation] = {}
        for name in ops:
            if name == "sleepers":
                continue
            op = OPERATIONS[name](self)
            op.plan()
            hosts[name] = op
        if "sleepers" in ops:
            _Sleepers(self, hosts).plan()
        _Decoys(self).plan()
        self._plan_ordinary()
        self._plan_sessions()
        self._plan_fans()

    def _plan_trends(self) -> None:
        clock, rng = self.clock, self.rng("trends")
        for d in range(-1, clock.days + 1):
            today = clock.date(d)
            midnight = clock.base + d * DAY
            picks = rng.sample(TREND_TAGS[""], k=rng.choice((2, 3)))
            for tag in picks:
                peak_hour = rng.choice((1, 2, 2, 3, 13, 19, 20, 20, 21))
                peak = midnight + peak_hour * HOUR + rng.randrange(HOUR)
                self.trends[d].append(_Trend(tag, "", peak, rng.randint(50, 140) * 60))
            self.trends[d].append(
                _Trend(WEEKDAY_TAGS[today.weekday()], "", midnight + 13 * HOUR, 4 * HOUR)
            )
            dated = DATED_TAGS.get((today.month, today.day))
            if dated:
                self.trends[d].append(_Trend(dated, "", midnight + 15 * HOUR, 5 * HOUR))
            for lang in LANGS[1:]:
                if rng.random() < 0.7:
                    zone = LANG_ZONES[lang][0][0]
                    peak = clock.local_to_utc(
                        zone, d, rng.randint(19, 22) * HOUR + rng.randrange(HOUR)
                    )
                    tag = rng.choice(TREND_TAGS[lang])
                    self.trends[d].append(_Trend(tag, lang, peak, rng.randint(45, 120) * 60))

    def trend_tag(self, rng: random.Random, lang: str, t: int) -> str | None:
        """The trending tag this post joins, if any (most posts join none)."""
        day = self.clock.utc_day(t)
        for d in (day - 1, day, day + 1):
            for tr in self.trends.get(d, ()):
                if tr.lang and tr.lang != lang:
                    continue
                z = (t - tr.peak) / tr.width
                if -2.5 < z < 2.5:
                    weight = 1.0 if (tr.lang or lang == "en") else 0.35
                    if rng.random() < TREND_JOIN * weight * math.exp(-0.5 * z * z):
                        return tr.tag
        return None

    def day_trends(self, d: int) -> list[_Trend]:
        return [
            tr for tr in self.trends.get(d, ()) if not tr.lang and self.clock.in_window(tr.peak)
        ]

    def _plan_articles(self) -> None:
        clock, rng = self.clock, self.rng("articles")
        per_day = max(12, round(40 * self.scale.s**0.4))
        share_total = sum(LANG_SHARE)
        number = 68_000_000 + rng.randrange(1_000_000)
        for lang, share in zip(LANGS, LANG_SHARE, strict=True):
            count = max(1, round(per_day * share / share_total))
            zone = LANG_ZONES[lang][0][0]
            arts: list[_Article] = []
            for d in range(-2, clock.days):
                for _ in range(count):
                    number += rng.randint(3, 40)
                    domain, handle, shape, param = rng.choice(OUTLETS[lang])
                    title = _headline(rng, lang)
                    t = clock.local_to_utc(zone, d, 6 * HOUR + rng.randrange(17 * HOUR))
                    url = _article_url(domain, shape, title, clock.date(d), number)
                    arts.append(_Article(t, url, title, handle, param, _lognormal(rng, 1.0, 1.1)))
            arts.sort(key=lambda a: a.t)
            self.articles[lang] = arts
            self._article_times[lang] = [a.t for a in arts]

    def pick_article(self, rng: random.Random, lang: str, t: int) -> _Article | None:
        for key in (lang, "en"):
            arts, times = self.articles[key], self._article_times[key]
            hi = bisect.bisect_left(times, t - 120)
            lo = bisect.bisect_left(times, t - 48 * HOUR)
            if hi > lo:
                cands = arts[max(lo, hi - 120) : hi]
                weights = [c.weight * math.exp(-(t - c.t) / (10 * HOUR)) for c in cands]
                return rng.choices(cands, weights=weights, k=1)[0]
        return None

    def _plan_popular(self) -> None:
        clock, rng, s = self.clock, self.rng("popular"), self.scale
        count = s.members(14, 6, 0.5)
        for _ in range(count):
            platform = rng.choices(PLATFORMS, weights=PLATFORM_SHARE, k=1)[0]
            lang = self.pick_lang(rng, platform)
            if rng.random() < 0.65:
                first, last = _ascii(rng.choice(FIRST_NAMES)), _ascii(rng.choice(LAST_NAMES))
                raw = rng.choice(
                    (
                        f"{first}{last}",
                        f"{first}{last}Official",
                        f"thereal{first}",
                        f"{first}_{last}",
                        f"{first}{last}Music",
                    )
                )
                a = self.new_account(
                    rng,
                    platform,
                    label="authentic",
                    style="celebrity",
                    handle=raw,
                    lang=lang,
                    created=_year_start(
                        rng.randint(
                            max(2009, PLATFORM_BORN[platform]), max(2016, PLATFORM_BORN[platform])
                        )
                    )
                    + rng.randrange(365 * DAY),
                )
                pop = _Popular(
                    a,
                    "celebrity",
                    min(5.0, max(0.7, _lognormal(rng, 2.0, 0.4))),
                    _lognormal(rng, 1.0, 0.7),
                    [],
                )
            else:
                domain, handle, shape, _ = rng.choice(OUTLETS[lang])
                a = self.new_account(
                    rng,
                    platform,
                    label="authentic",
                    style="news_outlet",
                    handle=handle,
                    lang=lang,
                    created=_year_start(
                        rng.randint(
                            max(2008, PLATFORM_BORN[platform]), max(2014, PLATFORM_BORN[platform])
                        )
                    )
                    + rng.randrange(365 * DAY),
                )
                pop = _Popular(
                    a,
                    "news_outlet",
                    min(12.0, max(3.0, _lognormal(rng, 6.0, 0.3))),
                    0.35 * _lognormal(rng, 1.0, 0.5),
                    [],
                    domain=domain,
                    shape=shape,
                )
            self.popular.append(pop)
        for handle, domain, lang in OUTSIDE_MEDIA[: min(len(OUTSIDE_MEDIA), s.members(3, 2, 0.25))]:
            a = self.new_account(
                rng,
                "x",
                label="authentic",
                style="outside_media",
                handle=handle,
                lang=lang,
                zone="UTC",
                created=_year_start(rng.randint(2010, 2016)) + rng.randrange(365 * DAY),
            )
            self.popular.append(
                _Popular(
                    a,
                    "outside_media",
                    min(10.0, max(4.0, _lognormal(rng, 7.0, 0.3))),
                    0.25,
                    [],
                    domain=domain,
                )
            )
        # Small stores are thin collections: popular accounts appear in them less often.
        presence = s.daily(1.0)
        for i, pop in enumerate(self.popular):
            a = pop.account
            for d in range(clock.days):
                weekend = clock.date(d).weekday() >= 5
                for _ in range(_poisson(rng, presence * pop.rate * (0.8 if weekend else 1.0))):
                    if pop.kind == "outside_media":
                        sec = rng.randrange(DAY)
                    elif pop.kind == "news_outlet":
                        sec = _sample_human_second(rng, -2, False)
                    else:
                        sec = _sample_human_second(rng, a.chrono, weekend)
                    t = clock.local_to_utc(a.zone, d, sec)
                    if clock.in_window(t):
                        self.pop_schedule[d].append((t, i))
                        pop.posts += 1
            if not pop.posts:  # every account in the truth posts at least once
                d = rng.randrange(1, clock.days - 1)
                self.pop_schedule[d].append((clock.base + d * DAY + 12 * HOUR, i))
                pop.posts += 1

    def popular_posts_count(self) -> int:
        return sum(p.posts for p in self.popular)

    def outside_media_schedule(self) -> list[tuple[int, int]]:
        """(time, popular index) of every planned outside-media post."""
        out: list[tuple[int, int]] = []
        for entries in self.pop_schedule.values():
            out.extend(e for e in entries if self.popular[e[1]].kind == "outside_media")
        return sorted(out)

    def _plan_ordinary(self) -> None:
        s, rng = self.scale, self.rng("ordinary")
        ordinary_budget = max(0.3 * s.n_posts, s.n_posts - self.planned)
        self.cascade_target = CASCADE_SHARE * ordinary_budget
        own_budget = ordinary_budget - self.cascade_target - self.popular_posts_count()
        mean = MEAN_OWN_POSTS * (s.s * s.days / UNIT_DAYS) ** 0.25
        mu = math.log(mean) - OWN_POSTS_SIGMA**2 / 2
        cap = 40 * s.days
        total = 0
        while total < own_budget:
            k = min(cap, max(1, round(math.exp(mu + OWN_POSTS_SIGMA * rng.gauss(0, 1)))))
            platform = rng.choices(PLATFORMS, weights=PLATFORM_SHARE, k=1)[0]
            kinds = ORDINARY_HANDLE_KINDS[platform]
            kind = rng.choices([k_ for k_, _ in kinds], weights=[w for _, w in kinds], k=1)[0]
            a = self.new_account(
                rng, platform, label="authentic", style="ordinary", kind=kind, own_posts=k
            )
            self.ordinary[platform].append(a)
            total += k
        for platform, pool in self.ordinary.items():
            cum, acc = [], 0.0
            for a in pool:
                acc += a.activity
                cum.append(acc)
            self._ordinary_cum[platform] = cum

    def _plan_sessions(self) -> None:
        """Spread every account's own posts over its days, in sessions of a few posts."""
        clock, rng = self.clock, self.rng("sessions")
        day_weight = [0.9 if clock.date(d).weekday() >= 5 else 1.0 for d in range(clock.days)]
        for a in self.accounts:
            k = a.own_posts
            if k <= 0:
                continue
            span = list(range(a.first_day, a.last_day + 1))
            if rng.random() < 0.3 and len(span) > 3:
                span = sorted(rng.sample(span, max(1, round(len(span) * rng.uniform(0.1, 0.5)))))
            cum = _cumulative(day_weight[d] for d in span)
            mean_extra = min(5.0, k / (clock.days * 1.2))
            remaining = k
            while remaining > 0:
                extra = int(rng.expovariate(1.0 / mean_extra)) if mean_extra > 0.05 else 0
                size = min(remaining, 1 + extra, 63)
                d = rng.choices(span, cum_weights=cum, k=1)[0]
                self.sessions[d].append((a.index << 6) | size)
                remaining -= size

    def _plan_fans(self) -> None:
        """Core fans per popular account, and reaction rates that fill the cascade share."""
        rng = self.rng("fans")
        weighted = sum(p.posts * p.fandom for p in self.popular) or 1.0
        mean_p = 0.575
        unit = FAN_SHARE_OF_CASCADE * self.cascade_target / (weighted * mean_p)
        fandoms: dict[int, int] = defaultdict(int)
        fan_posts = 0.0
        for pop in self.popular:
            pool = self.ordinary[pop.account.platform]
            if not pool:
                continue
            want = min(round(unit * pop.fandom), len(pool) // 3)
            cum = self._ordinary_cum[pop.account.platform]
            chosen: set[int] = set()
            attempts = 0
            while len(chosen) < want and attempts < want * 6:
                attempts += 1
                a = rng.choices(pool, cum_weights=cum, k=1)[0]
                if a.index in chosen or fandoms[a.index] >= 3:
                    continue
                chosen.add(a.index)
                fandoms[a.index] += 1
                a.style = "fan"
                fan = _Fan(
                    a, rng.uniform(0.3, 0.85), min(3600.0, max(40.0, _lognormal(rng, 240, 0.8)))
                )
                pop.fans.append(fan)
                fan_posts += fan.p * pop.posts
        remaining = max(0.0, self.cascade_target - fan_posts)
        reach = sum(p.posts * (0.3 + p.fandom) for p in self.popular) or 1.0
        self.casual_unit = 0.5 * remaining / reach
        self.reply_unit = 0.5 * remaining / reach

    # ---- emission -------------------------------------------------------

    def stream(self) -> Iterator[dict]:
        """All records, day by day in time order; each day leaves memory once written."""
        days = self.clock.days
        for d in range(days + 2):
            if d < days:
                self._emit_popular_day(d)
                self._emit_own_day(d)
            for _, _, fn in sorted(self.events.pop(d - 1, []), key=lambda e: (e[0], e[1])):
                fn()
            yield from self.sink.flush(d - 2)
        for day in sorted(self.sink.buffers):
            yield from self.sink.flush(day)

    def remember(self, rng: random.Random, a: Account, t: int, post_id: str | None) -> None:
        """Keep a sample of recent posts per platform for others to reply to."""
        if post_id is None:
            return
        ring = self.ring[a.platform]
        if len(ring) < RING_SIZE:
            ring.append((t, post_id, a.handle))
        else:
            ring[rng.randrange(RING_SIZE)] = (t, post_id, a.handle)

    def repost(self, rng: random.Random, a: Account, t: int, post: _PopularPost) -> str | None:
        """Repost as the platform shows it (a comment where the platform has no repost)."""
        p = a.platform
        if p not in REPOSTABLE:
            return self.reply(rng, a, t, post.post_id, post.author.handle)
        if p == "x":
            return self.emit(
                a,
                t,
                f"RT @{post.author.handle}: {post.text}",
                urls=post.urls,
                tags=post.tags,
                lang=post.lang,
                repost_of=post.post_id,
            )
        if p == "telegram":
            return self.emit(
                a,
                t,
                post.text,
                urls=post.urls,
                tags=post.tags,
                lang=post.lang,
                repost_of=post.post_id,
            )
        if p == "facebook":
            return self.emit(a, t, "", urls=post.urls, lang=post.lang, repost_of=post.post_id)
        return self.emit(a, t, "", lang=post.lang, repost_of=post.post_id)

    def reply(
        self,
        rng: random.Random,
        a: Account,
        t: int,
        post_id: str,
        author: str,
        text: str | None = None,
    ) -> str | None:
        if text is None:
            if rng.random() < 0.55:
                text = rng.choice(GENERIC_REPLIES.get(a.lang, GENERIC_REPLIES["en"]))
            else:
                text = _compose(rng, a.lang)
        if a.platform == "x":
            text = f"@{author} {text}"
        return self.emit(a, t, text, reply_to=post_id)

    def recent_popular(self, rng: random.Random, platform: str, t: int) -> _PopularPost | None:
        posts = self.pop_posts[platform]
        if not posts:
            return None
        tail = posts[-80:]
        best = None
        for _ in range(6):
            p = rng.choice(tail)
            if t - 36 * HOUR < p.t < t - 60 and (best is None or p.t > best.t):
                best = p
        return best

    def _popular_content(
        self, rng: random.Random, pop: _Popular, t: int
    ) -> tuple[str, list[str], list[str], str]:
        a = pop.account
        if pop.kind == "celebrity":
            lang = a.lang
            if lang == "en" or rng.random() < 0.3:  # stars abroad post in English too
                text = rng.choice(CELEB_LINES).format(city=rng.choice(CITIES), n=rng.randint(2, 40))
                lang = "en"
            else:
                text = _compose(rng, lang)
            tags = (
                [rng.choice(EVERGREEN_TAGS.get(lang, EVERGREEN_TAGS["en"]))]
                if rng.random() < 0.25
                else []
            )
            return _with_tags(text, tags), [], tags, lang
        title = _headline(rng, a.lang)
        if pop.kind == "outside_media":
            slug = _slug(title, "news")
            url = f"https://{pop.domain}/{rng.choice(SECTIONS)}/{slug}-{rng.randint(10**5, 10**6)}"
        else:
            when = self.clock.date(self.clock.utc_day(t))
            url = _article_url(pop.domain, pop.shape, title, when, rng.randint(10**6, 10**7))
        return _with_link(rng, a.platform, title, url), [url], [], a.lang

    def _emit_popular_day(self, d: int) -> None:
        rng = self.rng("popular-day", d)
        for t, i in sorted(self.pop_schedule.get(d, ())):
            pop = self.popular[i]
            a = pop.account
            text, urls, tags, lang = self._popular_content(rng, pop, t)
            post_id = self.emit(a, t, text, urls=urls, tags=tags, lang=lang)
            if post_id is None:
                continue
            post = _PopularPost(t, post_id, a, text, urls, tags, lang)
            self.pop_posts[a.platform].append(post)
            self.pop_post_at[(i, t)] = post
            self._react(rng, pop, post)

    def _react(self, rng: random.Random, pop: _Popular, post: _PopularPost) -> None:
        """Fans within minutes, casual reposts over hours, replies: what a popular post draws."""
        clock = self.clock
        weight = _lognormal(rng, 1.0, 0.6)
        for fan in pop.fans:
            if rng.random() >= fan.p:
                continue
            a = fan.account
            t = post.t + max(5, int(_lognormal(rng, fan.median_delay, 0.9)))
            if rng.random() > _awake_factor(clock, a.zone, a.chrono, t):
                if rng.random() < 0.5:
                    continue
                _, sec = clock.local_day_second(a.zone, t)
                t += (8 * HOUR - sec if sec < 8 * HOUR else 32 * HOUR - sec) + rng.randrange(
                    2 * HOUR
                )
            if a.platform in REPOSTABLE:
                self.repost(rng, a, t, post)
            else:
                text = (
                    rng.choice(FIRST_COMMENTS)
                    if (a.platform == "youtube" and rng.random() < 0.3)
                    else None
                )
                self.reply(rng, a, t, post.post_id, post.author.handle, text)
        reach = weight * (0.3 + pop.fandom)
        platform = post.author.platform
        for _ in range(_poisson(rng, self.casual_unit * reach)):
            sharer = self.random_ordinary(rng, platform)
            if sharer is None:
                break
            t = post.t + 30 + int(_lognormal(rng, 2400, 1.3))
            if rng.random() < _awake_factor(clock, sharer.zone, sharer.chrono, t) + 0.2:
                self.repost(rng, sharer, t, post)
        fans = pop.fans
        for _ in range(_poisson(rng, self.reply_unit * reach)):
            replier = (
                rng.choice(fans).account
                if fans and rng.random() < 0.3
                else self.random_ordinary(rng, platform)
            )
            if replier is None:
                break
            t = post.t + 20 + int(_lognormal(rng, 600, 1.4))
            self.reply(rng, replier, t, post.post_id, post.author.handle)

    def _emit_own_day(self, d: int) -> None:
        clock, rng = self.clock, self.rng("own-day", d)
        weekend = clock.date(d).weekday() >= 5
        window = clock.end - clock.start
        accounts = self.accounts
        for packed in self.sessions[d]:
            a = accounts[packed >> 6]
            size = packed & 63
            t = clock.local_to_utc(a.zone, d, _sample_human_second(rng, a.chrono, weekend))
            if t < clock.start:
                t += window
            if t >= clock.end:
                t = clock.end - 1 - rng.randrange(3 * HOUR)
            if t < a.created + 600:
                t = min(clock.end - 1, a.created + 600 + rng.randrange(HOUR))
            for i in range(size):
                if i:
                    t += 5 + int(_lognormal(rng, 90, 1.0))
                    if t >= clock.end:
                        break
                self._own_post(rng, a, t)
        self.sessions[d] = array("Q")

    def _own_post(self, rng: random.Random, a: Account, t: int) -> None:
        platform, lang = a.platform, a.lang
        tag = self.trend_tag(rng, lang, t) if platform not in ("youtube", "reddit") else None
        if tag:
            # Event trends draw short reactions; day-of-the-week tags draw ordinary posts.
            event = tag not in WEEKDAY_TAGS
            if lang == "en" and event and rng.random() < 0.4:
                base = rng.choice(TREND_REACTIONS)
                if rng.random() < 0.5:
                    base += rng.choice(("", "!", "!!", " 😭", " 🔥", " lol", "...", " omg"))
            else:
                base = _compose(rng, lang)
            tags: list[str] = [tag] + ([rng.choice(TIKTOK_TAGS)] if platform == "tiktok" else [])
            self.remember(rng, a, t, self.emit(a, t, _with_tags(base, tags), tags=tags))
            return
        action = rng.choices(ACTIONS, cum_weights=a.mix, k=1)[0]
        if action == SHARE:
            art = self.pick_article(rng, lang, t)
            if art is not None:
                if rng.random() < 0.45:
                    url = (
                        art.url + ("&" if "?" in art.url else "?") + art.share_param
                        if rng.random() < 0.7
                        else art.url
                    )
                    text = (
                        f"{art.title} via @{art.outlet}"
                        if platform == "x"
                        else ("" if platform == "facebook" else art.title)
                    )
                else:
                    url = _url_variant(rng, art.url, SHARE_SOURCE[platform])
                    text = (
                        rng.choice(OWN_COMMENTS_EN)
                        if lang == "en" and rng.random() < 0.5
                        else _compose(rng, lang)
                    )
                self.remember(
                    rng, a, t, self.emit(a, t, _with_link(rng, platform, text, url), urls=[url])
                )
                return
        elif action == REPOST:
            post = self.recent_popular(rng, platform, t)
            if post is not None:
                self.repost(rng, a, t, post)
                return
        elif action == REPLY_POPULAR:
            post = self.recent_popular(rng, platform, t)
            if post is not None:
                self.reply(rng, a, t, post.post_id, post.author.handle)
                return
        elif action == REPLY_RECENT:
            ring = self.ring[platform]
            if ring:
                for _ in range(4):
                    rt, pid, handle = rng.choice(ring)
                    if t - 3 * DAY < rt < t - 120 and handle != a.handle:
                        self.reply(rng, a, t, pid, handle)
                        return
        text = _compose(rng, lang, 2 if rng.random() < 0.25 else 1)
        tags = []
        if platform == "tiktok":
            tags = rng.sample(TIKTOK_TAGS, k=rng.randint(1, 3)) if rng.random() < 0.7 else []
        elif rng.random() < 0.1:
            tags = [rng.choice(EVERGREEN_TAGS.get(lang, EVERGREEN_TAGS["en"]))]
        self.remember(rng, a, t, self.emit(a, t, _with_tags(text, tags), tags=tags))


# --------------------------------------------------------------------------
# Coordinated operations
# --------------------------------------------------------------------------


@dataclass
class _Push:
    """One coordinated action: who takes part, from when, and what they post."""

    index: int
    t0: int
    participants: list[Account]
    content: _Copy | _LinkContent | _TagContent | _Moment | None
    twin_posts: set[int] | None = None


@dataclass
class _Copy:
    """The text a copy-paste push spreads, and how much each copy is edited."""

    lang: str
    text: str
    translations: dict[str, str]
    serial_format: str | None
    tags: list[str]
    link: str | None  # one link for the whole push, or None
    random_links: bool
    spread: int
    typo_p: float = 0.35
    emoji_p: float = 0.5
    token_p: float = 0.3


@dataclass(frozen=True)
class _LinkContent:
    """A link push: the article, the push's tracking campaign, minutes it lasts."""

    url: str
    title: str
    campaign: str
    window: int


@dataclass(frozen=True)
class _TagContent:
    """A hashtag push: campaign tags, the trending tag it rides, its length."""

    tags: list[str]
    ride: str
    window: int


@dataclass(frozen=True)
class _Moment:
    """A retweet-network moment: which post (a seed's, or a media account's) is reposted."""

    kind: str  # "seed" or "media"
    ref: int  # seed post number, or popular account index
    t_target: int


def _edit_copy(rng: random.Random, c: _Copy, text: str, serial: int, total: int) -> str:
    """A copy as operators post it: serial number, typos, swapped emoji, random token."""
    if c.serial_format:
        mark = c.serial_format.format(n=serial, total=max(total, serial))
        text = f"{mark} {text}" if rng.random() < 0.5 else f"{text} {mark}"
    if rng.random() < c.typo_p:
        for _ in range(rng.randint(1, 2)):
            text = _typo(rng, text)
    if rng.random() < c.emoji_p:
        present = [e for e in EMOJI if e in text]
        if present and rng.random() < 0.5:
            text = text.replace(rng.choice(present), rng.choice(EMOJI), 1)
        else:
            text = (
                f"{text} {rng.choice(EMOJI)}"
                if rng.random() < 0.7
                else f"{rng.choice(EMOJI)} {text}"
            )
    if rng.random() < c.token_p:
        token = _token(rng, rng.randint(4, 7), B36)
        text = f"{text} {token}" if rng.random() < 0.7 else f"{token} {text}"
    if rng.random() < 0.12:
        text = text.rstrip(".!。！") + rng.choice(("!!", "!!!", "。", "", "..."))
    return text


def _irrelevant_link(rng: random.Random) -> str:
    move = rng.randrange(4)
    if move == 0:
        return "https://www.youtube.com/watch?v=" + _token(rng, 11, B64)
    if move == 1:
        return f"https://{rng.choice(('medium.com', 'pastebin.com', 'sites.google.com'))}/{_token(rng, 8)}"
    if move == 2:
        return f"https://{rng.choice(SHORTENERS)}/{_token(rng, 7)}"
    tld = rng.choice(("com", "net", "xyz", "top", "info"))
    return f"https://{_token(rng, rng.randint(5, 9), 'abcdefghijklmnopqrstuvwxyz')}.{tld}/{_token(rng, 6, B36)}"


class _Operation:
    """Members, pushes and twins of one operation; subclasses plan and post."""

    style = ""
    group = ""
    platforms: tuple[tuple[str, float], ...] = (("x", 1.0),)

    def __init__(self, world: _World) -> None:
        self.w = world
        self.members: list[Account] = []
        self.twins: dict[int, Account] = {}
        self.pushes: list[_Push] = []

    def rng(self, *parts: object) -> random.Random:
        return self.w.rng(self.group, *parts)

    def plan(self) -> None:
        raise NotImplementedError

    def emit_push(self, push: _Push) -> None:
        raise NotImplementedError

    def pick_platform(self, rng: random.Random) -> str:
        return rng.choices(
            [p for p, _ in self.platforms], weights=[w for _, w in self.platforms], k=1
        )[0]

    def member(
        self,
        rng: random.Random,
        platform: str,
        *,
        kind: str,
        lang: str,
        created: int,
        zone: str | None = None,
        minute: bool = False,
    ) -> Account:
        a = self.w.new_account(
            rng,
            platform,
            label="coordinated",
            style=self.style,
            group=self.group,
            kind=kind,
            lang=lang,
            created=created,
            zone=zone,
            minute=minute,
        )
        self.members.append(a)
        return a

    def add_twins(self, rng: random.Random, count: int) -> None:
        """Give ``count`` personas the same handle on a second platform."""
        names = [p for p, _ in self.platforms] + ["x", "facebook", "telegram"]
        for persona in rng.sample(self.members, min(count, len(self.members))):
            others = [p for p in dict.fromkeys(names) if p != persona.platform]
            twin = self.w.new_account(
                rng,
                rng.choice(others),
                label="coordinated",
                style=persona.style,
                group=persona.group,
                handle=persona.handle,
                lang=persona.lang,
                zone=persona.zone,
                created=persona.created + rng.randrange(3 * DAY),
                minute=persona.minute,
            )
            self.twins[persona.index] = twin

    def assign(
        self,
        rng: random.Random,
        people: Sequence[Account],
        *,
        low_share: float = 0.2,
        p_range: tuple[float, float] = (0.2, 0.6),
        min_per_push: int = 3,
    ) -> None:
        """Decide who joins which push: most join a share of them, some only one to three."""
        pushes = self.pushes
        if not pushes:
            raise ValueError(f"{self.style}: no push fits the window")
        n = len(pushes)
        regulars = []
        for person in people:
            if rng.random() < low_share:
                chosen = rng.sample(range(n), min(n, rng.randint(1, 3)))
            else:
                regulars.append(person)
                p = rng.uniform(*p_range)
                chosen = [i for i in range(n) if rng.random() < p] or [rng.randrange(n)]
            for i in chosen:
                pushes[i].participants.append(person)
        floor = min(min_per_push, len(people))
        pool = regulars or list(people)
        for push in pushes:
            present = {a.index for a in push.participants}
            spare = [a for a in pool if a.index not in present]
            rng.shuffle(spare)
            while len(push.participants) < floor and spare:
                push.participants.append(spare.pop())
        self.assign_twins(rng)

    def assign_twins(self, rng: random.Random) -> None:
        """Twins echo most of their persona's pushes, and at least one."""
        echoed: set[int] = set()
        for push in self.pushes:
            push.twin_posts = {
                a.index for a in push.participants if a.index in self.twins and rng.random() < 0.7
            }
            echoed |= push.twin_posts
        for persona in self.twins:
            if persona not in echoed:
                for push in self.pushes:
                    if any(a.index == persona for a in push.participants):
                        assert push.twin_posts is not None
                        push.twin_posts.add(persona)
                        break

    def finish(self, per_participant: float = 1.0) -> None:
        """Schedule every push and count its posts into the plan."""
        for push in self.pushes:
            self.w.schedule(push.t0, functools.partial(self.emit_push, push))
            self.w.planned += len(push.participants) * per_participant + len(push.twin_posts or ())

    def join(self, push: _Push, a: Account) -> None:
        """A guest (sleeper) takes part in one push."""
        push.participants.append(a)

    def office_times(
        self,
        rng: random.Random,
        zone: str,
        workday: Callable[[date], bool],
        shifts_for: Callable[[date], tuple[tuple[int, int], ...]],
        total: int,
    ) -> list[int]:
        """``total`` push start times inside office shifts on working days (all days if none)."""
        clock = self.w.clock
        workdays = [d for d in range(clock.days) if workday(clock.date(d))] or list(
            range(clock.days)
        )
        times: list[int] = []
        for _ in range(total * 20):
            if len(times) >= total:
                break
            d = rng.choice(workdays)
            shifts = shifts_for(clock.date(d))
            lo, hi = rng.choices(shifts, weights=[b - a for a, b in shifts], k=1)[0]
            t0 = clock.local_to_utc(zone, d, rng.randrange(lo, max(lo + 60, hi - 25 * 60)))
            if clock.start + HOUR <= t0 <= clock.end - 4 * HOUR:
                times.append(t0)
        return sorted(times)

    def any_time(self, rng: random.Random) -> int:
        clock = self.w.clock
        return clock.start + HOUR + rng.randrange(clock.end - clock.start - 5 * HOUR)

    def post_copy(
        self,
        rng: random.Random,
        a: Account,
        t: int,
        text: str,
        tags: Sequence[str],
        url: str | None,
        lang: str,
    ) -> str | None:
        body = _with_tags(text, tags)
        if url:
            body = _with_link(rng, a.platform, body, url)
        return self.w.emit(a, t, body, urls=[url] if url else [], tags=list(tags), lang=lang)

    def emit_copies(self, push: _Push) -> None:
        """Operators each run a few accounts and paste the push's text into each, seconds apart."""
        rng = self.rng("push", push.index)
        c = push.content
        assert isinstance(c, _Copy)
        people = list(push.participants)
        rng.shuffle(people)
        total, serial = len(people), rng.randint(1, 60)
        posted: list[tuple[Account, str | None, int, str, list[str], str | None, str]] = []
        i = 0
        while i < len(people):
            chunk = people[i : i + rng.randint(3, 8)]
            i += len(chunk)
            t = push.t0 + rng.randrange(c.spread)
            for a in chunk:
                t += rng.randint(6, 90)
                lang, text = c.lang, c.text
                if c.translations and rng.random() < 0.12:
                    lang = rng.choice(sorted(c.translations))
                    text = c.translations[lang]
                text = _edit_copy(rng, c, text, serial, total)
                serial += 1
                tags = list(c.tags)
                if len(tags) > 1 and rng.random() < 0.3:
                    tags.pop(rng.randrange(len(tags)))
                url = _irrelevant_link(rng) if c.random_links else c.link
                if url and not c.random_links and rng.random() < 0.5:
                    url = _url_variant(rng, url, SHARE_SOURCE[a.platform])
                pid = self.post_copy(rng, a, t, text, tags, url, lang)
                posted.append((a, pid, t, text, tags, url, lang))
                twin = self.twins.get(a.index)
                if twin is not None and push.twin_posts and a.index in push.twin_posts:
                    self.post_copy(rng, twin, t + rng.randint(20, 600), text, tags, url, lang)
        self.amplify(rng, posted)

    def amplify(self, rng: random.Random, posted: Sequence[tuple]) -> None:
        """The push's own members reply to and repost each other's copies: engagement
        from inside only (guests such as sleepers stay quiet)."""
        crew: dict[str, list[Account]] = defaultdict(list)
        for a, *_ in posted:
            if a.style == self.style:
                crew[a.platform].append(a)
        for a, pid, t, text, tags, url, lang in posted:
            if pid is None:
                continue
            mates = [b for b in crew[a.platform] if b.index != a.index]
            if not mates:
                continue
            if rng.random() < 0.3:
                for _ in range(rng.randint(1, 2)):
                    b = rng.choice(mates)
                    self.w.reply(
                        rng, b, t + rng.randint(60, 1800), pid, a.handle, rng.choice(SPAM_AMPLIFY)
                    )
            if a.platform in REPOSTABLE and rng.random() < 0.2:
                b = rng.choice(mates)
                post = _PopularPost(
                    t, pid, a, _with_tags(text, tags), [url] if url else [], list(tags), lang
                )
                self.w.repost(rng, b, t + rng.randint(30, 1200), post)

    def emit_filler(self, a: Account, t: int, text: str, lang: str) -> None:
        self.w.emit(a, t, text, lang=lang)


class _Spamouflage(_Operation):
    style, group = "spamouflage_copypaste", "spamouflage-1"
    platforms = (("x", 0.5), ("facebook", 0.2), ("youtube", 0.1), ("reddit", 0.1), ("tiktok", 0.1))
    zone = "Asia/Shanghai"

    def plan(self) -> None:
        rng, s, clock = self.rng("plan"), self.w.scale, self.w.clock
        bursts = [-rng.randint(20, 700) for _ in range(rng.randint(3, 5))]
        burst_weights = [rng.uniform(0.5, 2.0) for _ in bursts]
        for _ in range(s.members(70, 10)):
            bday = rng.choices(bursts, weights=burst_weights, k=1)[0]
            created = clock.local_to_utc(self.zone, bday, 9 * HOUR + rng.randrange(9 * HOUR))
            kind = rng.choices(("generated", "pinyin", "random"), weights=(0.5, 0.25, 0.25), k=1)[0]
            self.member(
                rng,
                self.pick_platform(rng),
                kind=kind,
                lang=rng.choice(("en", "en", "zh")),
                zone=self.zone,
                created=created,
            )
        self.add_twins(rng, max(1, round(0.06 * len(self.members))))
        times = self.office_times(rng, self.zone, cn_workday, cn_shifts, s.rounds(60, 8))
        for t0 in times:
            self.pushes.append(_Push(len(self.pushes), t0, [], self.content(rng)))
        self.assign(rng, self.members, p_range=(0.12, 0.4))
        self.plan_filler(rng)
        self.finish(1.55)

    def content(self, rng: random.Random) -> _Copy:
        r = rng.random()
        translations: dict[str, str] = {}
        if r < 0.55:
            idx = rng.randrange(len(SPAM_NARRATIVES_EN))
            lang, text = "en", SPAM_NARRATIVES_EN[idx]
            translations = SPAM_TRANSLATIONS.get(idx, {})
        elif r < 0.9:
            lang, text = "zh", rng.choice(SPAM_NARRATIVES_ZH)
        else:
            idx = rng.choice(sorted(SPAM_TRANSLATIONS))
            lang = rng.choice(sorted(SPAM_TRANSLATIONS[idx]))
            text = SPAM_TRANSLATIONS[idx][lang]
        link_mode = rng.random()
        return _Copy(
            lang=lang,
            text=text,
            translations=translations,
            serial_format=rng.choice(SERIAL_FORMATS) if rng.random() < 0.5 else None,
            tags=rng.sample(SPAM_TAGS, rng.randint(1, 3)) if rng.random() < 0.6 else [],
            link=_irrelevant_link(rng) if link_mode < 0.2 else None,
            random_links=0.2 <= link_mode < 0.4,
            spread=rng.randint(5, 40) * 60,
        )

    def plan_filler(self, rng: random.Random) -> None:
        times = self.office_times(
            rng, self.zone, cn_workday, cn_shifts, sum(rng.randint(0, 4) for _ in self.members)
        )
        for t in times:
            a = rng.choice(self.members)
            text = rng.choice(SPAM_FILLER)
            lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
            self.w.schedule(t, functools.partial(self.emit_filler, a, t, text, lang))
            self.w.planned += 1

    def emit_push(self, push: _Push) -> None:
        self.emit_copies(push)


class _OtherZone(_Operation):
    style, group = "other_zone_op", "otherzone-1"
    platforms = (("x", 0.45), ("facebook", 0.3), ("telegram", 0.15), ("instagram", 0.1))

    def plan(self) -> None:
        rng, s = self.rng("plan"), self.w.scale
        self.variant = rng.choice(("moscow", "tehran"))
        shifts_for: Callable[[date], tuple[tuple[int, int], ...]]
        if self.variant == "moscow":
            self.zone, workday, shifts_for = "Europe/Moscow", ru_workday, ru_shifts
            narratives = MOSCOW_NARRATIVES
        else:
            self.zone, workday, shifts_for = "Asia/Tehran", ir_workday, ir_shifts
            narratives = TEHRAN_NARRATIVES
        self.narratives = narratives
        langs = sorted(narratives)
        for _ in range(s.members(45, 8)):
            kind = rng.choice(("word", "name", "name"))
            self.member(
                rng,
                self.pick_platform(rng),
                kind=kind,
                lang=rng.choice(langs),
                zone=self.zone,
                created=_year_start(rng.randint(2016, 2023)) + rng.randrange(365 * DAY),
            )
        self.add_twins(rng, max(1, round(0.05 * len(self.members))))
        for t0 in self.office_times(rng, self.zone, workday, shifts_for, s.rounds(50, 8)):
            self.pushes.append(_Push(len(self.pushes), t0, [], self.content(rng)))
        self.assign(rng, self.members, p_range=(0.15, 0.45))
        self.finish(1.55)

    def content(self, rng: random.Random) -> _Copy:
        lang = rng.choice(sorted(self.narratives))
        text = rng.choice(self.narratives[lang])
        sites = [d for d, site_lang in CLONE_SITES[self.variant] if site_lang == lang] or [
            d for d, _ in CLONE_SITES[self.variant]
        ]
        slug = _slug(text, f"article-{rng.randint(1000, 99999)}")
        link = f"https://{rng.choice(sites)}/{rng.choice(SECTIONS)}/{slug[:60]}.html"
        return _Copy(
            lang=lang,
            text=text,
            translations={},
            serial_format=rng.choice(SERIAL_FORMATS[:5]) if rng.random() < 0.2 else None,
            tags=[],
            link=link,
            random_links=False,
            spread=rng.randint(10, 45) * 60,
            typo_p=0.2,
            emoji_p=0.3,
            token_p=0.1,
        )

    def emit_push(self, push: _Push) -> None:
        self.emit_copies(push)


class _LinkPush(_Operation):
    style, group = "link_push", "linkpush-1"
    platforms = (("x", 0.5), ("facebook", 0.3), ("reddit", 0.1), ("telegram", 0.1))

    def plan(self) -> None:
        rng, s, clock = self.rng("plan"), self.w.scale, self.w.clock
        burst = clock.start - rng.randint(100, 400) * DAY
        for _ in range(s.members(50, 8)):
            kind = rng.choices(
                ("word", "name", "generated", "default", "random"),
                weights=(0.3, 0.3, 0.2, 0.1, 0.1),
                k=1,
            )[0]
            created = (
                burst + rng.randrange(DAY)
                if rng.random() < 0.3
                else _year_start(rng.randint(2019, 2023)) + rng.randrange(365 * DAY)
            )
            lang = rng.choices(
                ("en", "es", "pt", "fr", "de"), weights=(0.6, 0.15, 0.1, 0.1, 0.05), k=1
            )[0]
            self.member(rng, self.pick_platform(rng), kind=kind, lang=lang, created=created)
        self.add_twins(rng, max(1, round(0.05 * len(self.members))))
        for _ in range(s.rounds(60, 10)):
            t0 = self.any_time(rng)
            if rng.random() < 0.8:
                title = _headline(rng, "en")
                site = rng.choice(LINKPUSH_SITES)
                url = (
                    f"https://{site}/{clock.date(clock.utc_day(t0)):%Y/%m}/{_slug(title, 'story')}/"
                )
            else:
                lang = rng.choice(("en", "es", "pt", "fr", "de"))
                domain, _, shape, _ = rng.choice(OUTLETS[lang])
                title = _headline(rng, lang)
                url = _article_url(
                    domain, shape, title, clock.date(clock.utc_day(t0)), rng.randint(10**6, 10**7)
                )
            content = _LinkContent(url, title, _token(rng, 8, B36).lower(), rng.randint(120, 900))
            self.pushes.append(_Push(len(self.pushes), t0, [], content))
            if rng.random() < 0.2 and t0 + 20 * HOUR < clock.end - 4 * HOUR:
                later = t0 + rng.randint(3, 20) * HOUR
                self.pushes.append(_Push(len(self.pushes), later, [], content))
        self.assign(rng, self.members, p_range=(0.15, 0.45))
        self.finish()

    def emit_push(self, push: _Push) -> None:
        rng = self.rng("push", push.index)
        c = push.content
        assert isinstance(c, _LinkContent)
        url, title, campaign, window = c.url, c.title, c.campaign, c.window
        for a in push.participants:
            t = push.t0 + rng.randrange(window)
            comments = LINKPUSH_COMMENTS.get(a.lang, LINKPUSH_COMMENTS["en"])
            comment = rng.choice(comments) if rng.random() < 0.85 else ""
            if rng.random() < 0.2:
                comment = f"{comment} {title}".strip()
            if a.platform == "reddit" and not comment:
                comment = title
            r = rng.random()
            if r < 0.5:
                link = url
            elif r < 0.8:
                link = f"{url}?utm_source={SHARE_SOURCE[a.platform]}&utm_medium=social&utm_campaign={campaign}"
            else:
                link = _url_variant(rng, url, SHARE_SOURCE[a.platform])
            self.post_copy(rng, a, t, comment, (), link, a.lang)
            twin = self.twins.get(a.index)
            if twin is not None and push.twin_posts and a.index in push.twin_posts:
                self.post_copy(rng, twin, t + rng.randint(20, 400), comment, (), link, a.lang)


class _HashtagCampaign(_Operation):
    style, group = "hashtag_campaign", "hashtag-1"
    platforms = (("x", 0.75), ("instagram", 0.1), ("tiktok", 0.1), ("facebook", 0.05))
    tags: tuple[str, ...] = CAMPAIGN_TAGS
    claims: tuple[str, ...] = CAMPAIGN_CLAIMS

    def size(self) -> tuple[int, int]:
        s = self.w.scale
        return s.members(50, 8), s.rounds(14, 5)

    def plan(self) -> None:
        rng, clock = self.rng("plan"), self.w.clock
        members, rounds = self.size()
        burst = clock.start - rng.randint(60, 120) * DAY
        for _ in range(members):
            kind = rng.choices(
                ("word", "name", "generated", "random"), weights=(0.35, 0.35, 0.2, 0.1), k=1
            )[0]
            created = (
                burst + rng.randrange(7 * DAY)
                if rng.random() < 0.4
                else _year_start(rng.randint(2015, 2023)) + rng.randrange(365 * DAY)
            )
            lang = "es" if rng.random() < 0.2 else "en"
            self.member(rng, self.pick_platform(rng), kind=kind, lang=lang, created=created)
        self.add_twins(rng, max(1, round(0.05 * len(self.members))))
        days = list(range(clock.days))
        # Distinct days first; a short, busy window gets several pushes a day.
        picked = sorted((rng.sample(days, len(days)) * (rounds // len(days) + 1))[:rounds])
        for d in picked:
            trends = [
                tr
                for tr in self.w.day_trends(d)
                if clock.start + 2 * HOUR < tr.peak < clock.end - 4 * HOUR
            ]
            if trends:
                tr = rng.choice(trends)
                t0, ride = tr.peak - 10 * 60 + rng.randrange(20 * 60), tr.tag
            else:
                t0 = clock.local_to_utc("America/New_York", d, 20 * HOUR + rng.randrange(HOUR))
                ride = ""
            if not clock.start + HOUR <= t0 <= clock.end - 4 * HOUR:
                continue
            tags = rng.sample(self.tags, rng.randint(1, min(2, len(self.tags))))
            self.pushes.append(
                _Push(len(self.pushes), t0, [], _TagContent(tags, ride, rng.randint(10, 30) * 60))
            )
        if not self.pushes:
            t0 = self.any_time(rng)
            self.pushes.append(_Push(0, t0, [], _TagContent([self.tags[0]], "", 20 * 60)))
        self.assign_people(rng)
        self.finish(1.3)

    def assign_people(self, rng: random.Random) -> None:
        self.assign(rng, self.members, p_range=(0.35, 0.8), min_per_push=4)

    def text(self, rng: random.Random, lang: str) -> str:
        if lang == "es":
            text = f"{rng.choice(CAMPAIGN_CLAIMS_ES)}. {rng.choice(CAMPAIGN_CALLS_ES)}"
        else:
            text = f"{rng.choice(self.claims)}. {rng.choice(CAMPAIGN_CALLS)}"
            if rng.random() < 0.3:
                text = f"{text} {rng.choice(CAMPAIGN_CALLS)}"
        if rng.random() < 0.4:
            text = f"{text} {rng.choice(EMOJI)}"
        if rng.random() < 0.2:
            text = _typo(rng, text)
        return text

    def emit_push(self, push: _Push) -> None:
        rng = self.rng("push", push.index)
        c = push.content
        assert isinstance(c, _TagContent)
        campaign, ride, window = c.tags, c.ride, c.window
        for a in push.participants:
            t = push.t0 + rng.randrange(window)
            for _ in range(2 if rng.random() < 0.3 else 1):
                tags = list(campaign) + ([ride] if ride and rng.random() < 0.85 else [])
                rng.shuffle(tags)
                self.post_copy(rng, a, t, self.text(rng, a.lang), tags, None, a.lang)
                twin = self.twins.get(a.index)
                if twin is not None and push.twin_posts and a.index in push.twin_posts:
                    self.post_copy(
                        rng,
                        twin,
                        t + rng.randint(20, 300),
                        self.text(rng, a.lang),
                        tags,
                        None,
                        a.lang,
                    )
                t += rng.randint(60, window)


class _HashtagSparse(_HashtagCampaign):
    style, group = "hashtag_sparse", "hashtag-sparse-1"
    tags = SPARSE_TAGS
    claims = SPARSE_CLAIMS

    def size(self) -> tuple[int, int]:
        s, rng = self.w.scale, self.rng("size")
        members = max(8, min(24, round(12 * s.s**0.3)))
        return members, rng.randint(3, 5) + (1 if s.days > 45 else 0)

    def assign_people(self, rng: random.Random) -> None:
        """Few members per push (4 to 8), each member in one to three pushes."""
        pushes = self.pushes
        per_push = max(4, min(10, math.ceil(len(self.members) * 1.4 / len(pushes))))
        order = list(self.members)
        rng.shuffle(order)
        for i, a in enumerate(order):
            pushes[i % len(pushes)].participants.append(a)
        for push in pushes:
            present = {a.index for a in push.participants}
            spare = [a for a in self.members if a.index not in present]
            rng.shuffle(spare)
            while len(push.participants) < min(per_push, rng.randint(4, 8)) and spare:
                push.participants.append(spare.pop())
        self.assign_twins(rng)


class _RetweetNetwork(_Operation):
    style, group = "retweet_network", "retweet-1"
    platforms = (("x", 1.0),)

    def plan(self) -> None:
        w, rng, s, clock = self.w, self.rng("plan"), self.w.scale, self.w.clock
        n = s.members(120, 12)
        for _ in range(n):
            kind = rng.choices(
                ("word", "name", "generated", "random"), weights=(0.4, 0.4, 0.15, 0.05), k=1
            )[0]
            lang = rng.choices(("en", "ar", "es"), weights=(0.6, 0.25, 0.15), k=1)[0]
            self.member(
                rng,
                "x",
                kind=kind,
                lang=lang,
                minute=True,
                created=_year_start(rng.randint(2009, 2023)) + rng.randrange(365 * DAY),
            )
        for persona in rng.sample(self.members, max(1, round(0.03 * n))):
            twin = w.new_account(
                rng,
                "facebook",
                label="coordinated",
                style=self.style,
                group=self.group,
                handle=persona.handle,
                lang=persona.lang,
                zone=persona.zone,
                created=persona.created + rng.randrange(30 * DAY),
                minute=True,
            )
            self.twins[persona.index] = twin
        seeds = self.members[: max(2, round(0.03 * n))]
        self.seed_posts: list[tuple[int, Account]] = []
        for a in seeds:
            rate = rng.uniform(1, 4) * s.daily(1.0)
            for d in range(clock.days):
                for _ in range(_poisson(rng, rate)):
                    t = clock.base + d * DAY + rng.randrange(DAY)
                    if clock.start <= t < clock.end - 3 * HOUR:
                        self.seed_posts.append((t, a))
        self.seed_posts.sort(key=lambda e: (e[0], e[1].index))
        self.seed_ids: dict[int, _PopularPost] = {}
        for k, (t, _author) in enumerate(self.seed_posts):
            w.schedule(t, functools.partial(self.emit_seed, k))
            w.planned += 1
        media = [e for e in w.outside_media_schedule() if e[0] < clock.end - 3 * HOUR]
        activity = {a.index: _lognormal(rng, 1.0, 1.0) for a in self.members}
        low = [a for a in self.members[len(seeds) :] if rng.random() < 0.2]
        low_ids = {a.index for a in low}
        regular = [a for a in self.members if a.index not in low_ids]
        for _ in range(s.rounds(280, 30, 0.5)):
            if media and (not self.seed_posts or rng.random() < 0.45):
                t_target, pop_index = rng.choice(media)
                moment = _Moment("media", pop_index, t_target)
            elif self.seed_posts:
                k = rng.randrange(len(self.seed_posts))
                moment = _Moment("seed", k, self.seed_posts[k][0])
            else:
                continue
            t_m = moment.t_target + max(120, int(_lognormal(rng, 1500, 1.2)))
            if t_m >= clock.end - 15 * 60:
                continue
            median = max(3.0, 0.06 * n)
            want = max(3, min(len(regular) // 2 or 1, round(_lognormal(rng, median, 0.5))))
            keys = sorted(regular, key=lambda a: -(rng.random() ** (1.0 / activity[a.index])))
            author = self.seed_posts[moment.ref][1] if moment.kind == "seed" else None
            people = [a for a in keys[:want] if a is not author]
            self.pushes.append(_Push(len(self.pushes), t_m, people, moment))
        if not self.pushes:
            raise ValueError("retweet_network: no moment fits the window")
        for a in low:
            for push in rng.sample(self.pushes, min(len(self.pushes), rng.randint(1, 3))):
                push.participants.append(a)
        present = {a.index for push in self.pushes for a in push.participants}
        for a in regular:
            if a.index not in present:  # every member takes part at least once
                own = [p for p in self.pushes if not self.targets_own_post(p, a)]
                rng.choice(own or self.pushes).participants.append(a)
        self.assign_twins(rng)
        for a in self.members:
            for _ in range(rng.randint(0, 5)):
                t = self.any_time(rng)
                w.schedule(t, functools.partial(self.emit_filler_post, a, t))
                w.planned += 1
            for _ in range(rng.randint(0, 4)):
                t = self.any_time(rng)
                w.schedule(t, functools.partial(self.emit_camouflage, a, t))
                w.planned += 0.8
        self.finish()

    def targets_own_post(self, push: _Push, a: Account) -> bool:
        m = push.content
        assert isinstance(m, _Moment)
        return m.kind == "seed" and self.seed_posts[m.ref][1] is a

    def seed_text(self, rng: random.Random, lang: str) -> str:
        if lang == "ar":
            return rng.choice(RT_SEED_AR)
        text = f"{rng.choice(RT_SEED_SUBJECTS)} {rng.choice(RT_SEED_PREDICATES)}."
        return f"{text} {rng.choice(EMOJI)}" if rng.random() < 0.3 else text

    def emit_seed(self, k: int) -> None:
        t, a = self.seed_posts[k]
        rng = self.rng("seed", k)
        text = self.seed_text(rng, a.lang)
        pid = self.w.emit(a, t, text)
        if pid is not None:
            self.seed_ids[k] = _PopularPost(t, pid, a, text, [], [], a.lang)

    def emit_filler_post(self, a: Account, t: int) -> None:
        rng = self.rng("filler", a.index, t)
        self.w.emit(a, t, _compose(rng, a.lang if a.lang in ORIGINAL_PACKS else "en"))

    def emit_camouflage(self, a: Account, t: int) -> None:
        rng = self.rng("camouflage", a.index, t)
        post = self.w.recent_popular(rng, "x", t)
        if post is not None:
            self.w.repost(rng, a, t, post)

    def emit_push(self, push: _Push) -> None:
        rng = self.rng("moment", push.index)
        m = push.content
        assert isinstance(m, _Moment)
        if m.kind == "seed":
            post = self.seed_ids.get(m.ref)
        else:
            post = self.w.pop_post_at.get((m.ref, m.t_target))
        if post is None:
            raise RuntimeError(f"retweet_network: target of moment {push.index} was not posted")
        minutes = 1 if rng.random() < 0.8 else rng.randint(2, 3)
        for a in push.participants:
            t = push.t0 + rng.randrange(minutes) * 60 + rng.randrange(60)
            self.w.repost(rng, a, t, post)
            twin = self.twins.get(a.index)
            if twin is not None and push.twin_posts and a.index in push.twin_posts:
                link = f"https://x.com/{post.author.handle}/status/{post.post_id}"
                self.w.emit(twin, t, post.text, urls=[link], lang=post.lang)


class _Sleepers:
    """Old, nearly silent accounts that wake up for a few late pushes of another op."""

    style = "sleepers"
    hosts_in_order = ("spamouflage_copypaste", "other_zone_op", "link_push", "hashtag_campaign")

    def __init__(self, world: _World, hosts: dict[str, _Operation]) -> None:
        self.w = world
        self.hosts = hosts

    def plan(self) -> None:
        w, rng, s, clock = self.w, self.w.rng("sleepers", "plan"), self.w.scale, self.w.clock
        host = next((self.hosts[name] for name in self.hosts_in_order if name in self.hosts), None)
        standalone = host is None
        if host is None:
            host = _SleeperHost(w)
            host.plan()
        group = host.group
        late = [
            p for p in host.pushes if p.t0 >= clock.start + (clock.end - clock.start) // 2
        ] or host.pushes
        half = max(0, clock.days // 2 - 1)
        sleepers: list[tuple[Account, list[_Push]]] = []
        for _ in range(s.members(16, 8, 0.5)):
            platform = host.pick_platform(rng)
            kinds = ORDINARY_HANDLE_KINDS[platform]
            kind = rng.choices([k for k, _ in kinds], weights=[x for _, x in kinds], k=1)[0]
            lang = rng.choice(sorted({m.lang for m in host.members}) or ["en"])
            a = w.new_account(
                rng,
                platform,
                label="coordinated",
                style=self.style,
                group=group,
                kind=kind,
                lang=lang,
                created=_year_start(rng.randint(2010, 2018)) + rng.randrange(365 * DAY),
                own_posts=rng.randint(1, 2),
                last_day=half,
            )
            w.planned += a.own_posts
            joined = rng.sample(late, min(len(late), rng.randint(2, 4)))
            for push in joined:
                host.join(push, a)
                w.planned += 1
            sleepers.append((a, joined))
        # A few sleeping personas have a second, equally old account elsewhere that
        # wakes up with them.
        for a, joined in rng.sample(sleepers, max(1, round(0.05 * len(sleepers)))):
            other = rng.choice([p for p in ("x", "facebook", "instagram") if p != a.platform])
            host.twins[a.index] = w.new_account(
                rng,
                other,
                label="coordinated",
                style=self.style,
                group=group,
                handle=a.handle,
                lang=a.lang,
                zone=a.zone,
                created=a.created + rng.randrange(60 * DAY),
            )
            for push in joined:
                push.twin_posts = (push.twin_posts or set()) | {a.index}
                w.planned += 1
        if standalone:
            host.finish(0.0)  # the sleepers' posts are counted above


class _SleeperHost(_Spamouflage):
    """Copy-paste pushes run by the sleepers alone when no host op is selected."""

    style, group = "sleepers", "sleepers-1"

    def plan(self) -> None:
        rng, s = self.rng("plan"), self.w.scale
        for t0 in self.office_times(rng, self.zone, cn_workday, cn_shifts, s.rounds(10, 4)):
            self.pushes.append(_Push(len(self.pushes), t0, [], self.content(rng)))
        if not self.pushes:
            self.pushes.append(_Push(0, self.any_time(rng), [], self.content(rng)))
        self.members = []

    def pick_platform(self, rng: random.Random) -> str:
        return rng.choices(("x", "facebook"), weights=(0.7, 0.3), k=1)[0]


OPERATIONS: dict[str, Callable[[_World], _Operation]] = {
    "spamouflage_copypaste": _Spamouflage,
    "link_push": _LinkPush,
    "hashtag_campaign": _HashtagCampaign,
    "hashtag_sparse": _HashtagSparse,
    "retweet_network": _RetweetNetwork,
    "other_zone_op": _OtherZone,
}


# --------------------------------------------------------------------------
# Decoys: look coordinated, are not
# --------------------------------------------------------------------------


# A decoy's planned post: time, text, urls, hashtags, language.
_Planned = tuple[int, str, list[str], list[str], str]


@dataclass(frozen=True)
class _Outlet:
    """A news syndication bot: how often it polls the wire and how it posts."""

    account: Account
    poll: int
    p: float
    format: str
    name: str
    domain: str
    shape: int


@dataclass
class _Cascade:
    """A viral post and who reposts it (decoy pool members; random users join at emission)."""

    k: int
    platform: str
    t0: int
    size: int
    pool: list[Account]


class _Decoys:
    """Plans every decoy population; each person also posts like an ordinary user."""

    def __init__(self, world: _World) -> None:
        self.w = world

    def plan(self) -> None:
        self.syndication()
        self.share_button()
        self.copypasta()
        self.meme_quote()
        self.viral()
        self.cross_posters()
        self.fandom()
        self.live_events()

    # ---- helpers --------------------------------------------------------

    def person(
        self,
        rng: random.Random,
        platform: str,
        style: str,
        group: str,
        lang: str | None = None,
        zone: str | None = None,
    ) -> Account:
        kinds = ORDINARY_HANDLE_KINDS[platform]
        kind = rng.choices([k for k, _ in kinds], weights=[x for _, x in kinds], k=1)[0]
        own = max(1, round(_lognormal(rng, 3.0, 0.8)))
        a = self.w.new_account(
            rng,
            platform,
            label="decoy",
            style=style,
            group=group,
            kind=kind,
            lang=lang,
            zone=zone,
            own_posts=own,
        )
        self.w.planned += own
        return a

    def timeline(self, a: Account, posts: list[_Planned]) -> None:
        """Schedule one account's planned posts (time, text, urls, tags, lang)."""
        if not posts:
            return
        posts.sort(key=lambda p: p[0])
        self.w.schedule(posts[0][0], functools.partial(self._emit_timeline, a, posts))
        self.w.planned += len(posts)

    def _emit_timeline(self, a: Account, posts: list[_Planned]) -> None:
        for t, text, urls, tags, lang in posts:
            self.w.emit(a, t, text, urls=urls, tags=tags, lang=lang)

    def local_time(
        self, rng: random.Random, a: Account, d: int, lo_hour: float, hi_hour: float
    ) -> int:
        sec = int(lo_hour * HOUR) + rng.randrange(max(60, int((hi_hour - lo_hour) * HOUR)))
        return self.w.clock.local_to_utc(a.zone, d, sec)

    def human_time(self, rng: random.Random, a: Account, d: int) -> int:
        weekend = self.w.clock.date(d).weekday() >= 5
        return self.w.clock.local_to_utc(a.zone, d, _sample_human_second(rng, a.chrono, weekend))

    # ---- populations ----------------------------------------------------

    def syndication(self) -> None:
        w, rng, s, clock = self.w, self.w.rng("decoy-syndication"), self.w.scale, self.w.clock
        for wire, lang in WIRES[: 2 if s.s < 3 else 3]:
            group = "syndication-" + wire.split("-")[1]
            outlets: list[_Outlet] = []
            for _ in range(max(3, round(7 * s.rho**0.4))):
                platform = rng.choices(("x", "facebook", "telegram"), weights=(0.5, 0.3, 0.2), k=1)[
                    0
                ]
                if lang == "en":
                    town, suffix = rng.choice(NEWS_TOWNS), rng.choice(NEWS_SUFFIXES)
                else:
                    town, suffix = (
                        rng.choice(NOTICIAS_TOWNS),
                        rng.choice(("noticias", "hoy", "diario", "informa")),
                    )
                raw = rng.choice(
                    (f"{town}{suffix}", f"{town}_{suffix}", f"{suffix}{town}", f"the{town}{suffix}")
                )
                a = w.new_account(
                    rng,
                    platform,
                    label="decoy",
                    style="news_syndication",
                    group=group,
                    handle=raw,
                    lang=lang,
                    zone="UTC",
                    created=_year_start(rng.randint(2009, 2020)) + rng.randrange(365 * DAY),
                )
                outlets.append(
                    _Outlet(
                        account=a,
                        poll=rng.choice((300, 600, 900, 1800)),
                        p=rng.uniform(0.45, 0.9),
                        format=rng.choice(SYNDICATION_FORMATS),
                        name=f"{town.capitalize()} {suffix.capitalize()}",
                        domain=f"{town}{suffix}.com",
                        shape=rng.randrange(3),
                    )
                )
            stories: list[tuple[int, list[_Outlet]]] = []
            per_day = s.daily(10.0, 0.75, 1.6)
            for d in range(clock.days):
                for _ in range(_poisson(rng, per_day)):
                    t = clock.base + d * DAY + rng.randrange(DAY)
                    if clock.start <= t < clock.end - 2 * HOUR:
                        stories.append((t, [o for o in outlets if rng.random() < o.p]))
            stories.sort(key=lambda st: st[0])
            if not stories:
                stories.append((clock.start + HOUR, []))
            posted = {o.account.index for _, posters in stories for o in posters}
            for o in outlets:
                if o.account.index not in posted:
                    rng.choice(stories)[1].append(o)
            for k, (t0, posters) in enumerate(stories):
                w.schedule(t0, functools.partial(self._emit_story, group, lang, k, t0, posters))
                w.planned += len(posters)

    def _emit_story(self, group: str, lang: str, k: int, t0: int, posters: list[_Outlet]) -> None:
        rng = self.w.rng(group, "story", k)
        headline = _headline(rng, lang)
        slug = _slug(headline, f"story-{k}")
        for o in posters:
            a = o.account
            number = 5_000_000 + k * 37 + a.index * 7  # each outlet's own article number
            # Each bot polls the wire on its own interval, then posts in seconds.
            t = t0 + rng.randrange(o.poll) + rng.randint(5, 90)
            if o.shape == 0:
                url = f"https://www.{o.domain}/news/national/{slug}/"
            elif o.shape == 1:
                url = f"https://{o.domain}/story/{number}/{slug}"
            else:
                url = f"https://www.{o.domain}/{slug}-{number}.html"
            text = o.format.format(h=headline, outlet=o.name)
            self.w.emit(
                a,
                t,
                _with_link(rng, a.platform, text, url),
                urls=[url],
                tags=["news"] if "#news" in text else [],
                lang=lang,
            )

    def share_button(self) -> None:
        rng, s, clock = self.w.rng("decoy-share"), self.w.scale, self.w.clock
        pool = [
            self.person(
                rng,
                rng.choices(
                    ("x", "facebook", "reddit", "telegram"), weights=(0.5, 0.35, 0.1, 0.05), k=1
                )[0],
                "share_button",
                "share-button",
                lang=rng.choices(("en", "es", "pt"), weights=(0.6, 0.2, 0.2), k=1)[0],
            )
            for _ in range(s.members(100, 8, 0.6))
        ]
        timelines: dict[int, list[_Planned]] = defaultdict(list)
        articles = max(3, round(0.8 * clock.days * s.daily(1.0)))
        used: set[int] = set()
        for k in range(articles):
            lang = rng.choices(("en", "es", "pt"), weights=(0.6, 0.2, 0.2), k=1)[0]
            domain, handle, shape, param = rng.choice(OUTLETS[lang])
            title = _headline(rng, lang)
            t0 = clock.start + HOUR + rng.randrange(max(HOUR, clock.end - clock.start - 30 * HOUR))
            url = _article_url(
                domain, shape, title, clock.date(clock.utc_day(t0)), 70_000_000 + k * 101
            )
            same = [a for a in pool if a.lang == lang] or pool
            size = min(len(same), max(5, round(_lognormal(rng, 14 * s.s**0.3, 0.5))))
            for a in rng.sample(same, size):
                used.add(a.index)
                t = t0 + int(_lognormal(rng, 2.5 * HOUR, 1.0))
                self._share(rng, a, t, title, handle, url, param, timelines)
        for a in pool:
            if a.index not in used:
                t = self.human_time(rng, a, rng.randrange(clock.days))
                self._share(
                    rng,
                    a,
                    t,
                    _headline(rng, a.lang),
                    OUTLETS[a.lang][0][1],
                    _article_url(
                        OUTLETS[a.lang][0][0], 2, "x", clock.date(0), 71_000_000 + a.index
                    ),
                    "",
                    timelines,
                )
        for a in pool:
            self.timeline(a, [p for p in timelines.get(a.index, ()) if clock.in_window(p[0])])

    def _share(
        self,
        rng: random.Random,
        a: Account,
        t: int,
        title: str,
        outlet: str,
        url: str,
        param: str,
        timelines: dict[int, list[_Planned]],
    ) -> None:
        link = url + ("&" if "?" in url else "?") + param if param and rng.random() < 0.9 else url
        if a.platform == "x":
            text = f"{title} via @{outlet}"
        elif a.platform == "facebook":
            text = ""
        else:
            text = title
        timelines[a.index].append((t, _with_link(rng, a.platform, text, link), [link], [], a.lang))

    def copypasta(self) -> None:
        rng, s, clock = self.w.rng("decoy-copypasta"), self.w.scale, self.w.clock
        chains = max(2, round(2 * s.s**0.3 * (clock.days / UNIT_DAYS) ** 0.25))
        order = rng.sample(range(len(CHAINS)), len(CHAINS))
        for c in range(chains):
            platform, lang, text = CHAINS[order[c % len(CHAINS)]]
            group = f"copypasta-{c + 1}"
            t0 = clock.start + rng.randrange(max(DAY, clock.end - clock.start - 6 * DAY))
            for _ in range(s.members(45, 6, 0.5)):
                p = platform if rng.random() < 0.85 else rng.choice(("x", "telegram", "instagram"))
                a = self.person(
                    rng, p, "copypasta", group, lang=lang if rng.random() < 0.85 else None
                )
                offset = min(8 * DAY, int(_lognormal(rng, 1.5 * DAY, 0.8)))
                d = clock.utc_day(t0 + offset)
                t = self.human_time(rng, a, d)
                if t < t0:
                    t += DAY
                if t >= clock.end:
                    continue
                copy = rng.choice(CHAIN_PREFIXES) + text + rng.choice(CHAIN_SUFFIXES)
                if rng.random() < 0.15:
                    copy = _typo(rng, copy)
                if rng.random() < 0.1:
                    copy = copy[: copy.rfind(".", 0, max(20, len(copy) // 2)) + 1] or copy
                if rng.random() < 0.05:
                    copy = copy.lower()
                self.timeline(a, [(t, copy, [], [], a.lang if a.lang == lang else lang)])

    def meme_quote(self) -> None:
        rng, s, clock = self.w.rng("decoy-meme"), self.w.scale, self.w.clock
        routines = (("gm", 0.35), ("good-morning", 0.3), ("jumma", 0.15), ("quotes", 0.2))
        for _ in range(s.members(40, 6, 0.6)):
            routine = rng.choices([r for r, _ in routines], weights=[x for _, x in routines], k=1)[
                0
            ]
            if routine == "gm":
                a = self.person(rng, "x", "meme_quote", "meme-gm", lang="en")
            elif routine == "good-morning":
                lang = rng.choice(sorted(GOOD_MORNING))
                a = self.person(
                    rng,
                    rng.choice(("facebook", "facebook", "x")),
                    "meme_quote",
                    "meme-good-morning",
                    lang=lang,
                )
            elif routine == "jumma":
                lang = rng.choice(("ar", "id", "tr", "en"))
                a = self.person(
                    rng, rng.choice(("facebook", "x")), "meme_quote", "meme-jumma", lang=lang
                )
            else:
                a = self.person(
                    rng,
                    rng.choice(("x", "instagram", "facebook")),
                    "meme_quote",
                    "meme-quotes",
                    lang="en",
                )
            posts: list[_Planned] = []
            keep = s.daily(1.0, 0.5, 1.0)  # a thin store catches fewer of the daily posts
            for d in range(clock.days):
                today = clock.date(d)
                if rng.random() > keep:
                    continue
                if routine == "gm" and rng.random() < 0.7:
                    posts.append(
                        (self.local_time(rng, a, d, 6.5, 9.5), rng.choice(GM_TEXTS), [], [], "en")
                    )
                elif routine == "good-morning" and rng.random() < 0.5:
                    posts.append(
                        (
                            self.local_time(rng, a, d, 6, 9),
                            rng.choice(GOOD_MORNING[a.lang]),
                            [],
                            [],
                            a.lang,
                        )
                    )
                elif routine == "jumma" and today.weekday() == 4 and rng.random() < 0.85:
                    posts.append(
                        (self.local_time(rng, a, d, 7, 13), rng.choice(JUMMA), [], [], a.lang)
                    )
                elif routine == "quotes" and rng.random() < 0.2:
                    posts.append((self.human_time(rng, a, d), rng.choice(QUOTES), [], [], "en"))
                greetings = HOLIDAY_GREETINGS.get((today.month, today.day))
                if greetings and rng.random() < 0.6:
                    posts.append(
                        (self.local_time(rng, a, d, 8, 12), rng.choice(greetings), [], [], a.lang)
                    )
            self.timeline(a, [p for p in posts if clock.in_window(p[0])])

    def viral(self) -> None:
        w, rng, s, clock = self.w, self.w.rng("decoy-viral"), self.w.scale, self.w.clock
        cascades: list[_Cascade] = []
        for k in range(max(2, round(clock.days / 3 * s.daily(1.0)))):
            platform = rng.choices(
                ("x", "tiktok", "facebook", "telegram"), weights=(0.55, 0.2, 0.15, 0.1), k=1
            )[0]
            t0 = (
                clock.start
                + 2 * HOUR
                + rng.randrange(max(HOUR, clock.end - clock.start - 40 * HOUR))
            )
            size = max(15, round(_lognormal(rng, 60 * s.s**0.5, 0.5)))
            cascades.append(_Cascade(k, platform, t0, size, []))
        platforms = sorted({c.platform for c in cascades})
        pool = [
            self.person(rng, rng.choice(platforms), "viral_cascade", "viral-pool")
            for _ in range(s.members(120, 10, 0.6))
        ]
        heavy = {a.index: _lognormal(rng, 1.0, 0.8) for a in pool}
        for c in cascades:
            same = [a for a in pool if a.platform == c.platform]
            want = min(len(same), round(0.6 * c.size))
            c.pool = sorted(same, key=lambda a: -(rng.random() ** (1.0 / heavy[a.index])))[:want]
        used = {a.index for c in cascades for a in c.pool}
        for a in pool:
            if a.index not in used:
                rng.choice([c for c in cascades if c.platform == a.platform]).pool.append(a)
        for c in cascades:
            w.schedule(c.t0, functools.partial(self._emit_cascade, c))
            w.planned += c.size + 1

    def _emit_cascade(self, c: _Cascade) -> None:
        w, clock = self.w, self.w.clock
        rng = w.rng("decoy-viral", "cascade", c.k)
        platform, t0 = c.platform, c.t0
        origin = None
        for _ in range(10):
            cand = w.random_ordinary(rng, platform)
            if cand is not None and cand.created < t0 - DAY:
                origin = cand
                break
        if origin is None:
            return
        text = rng.choice(VIRAL_TEXTS)
        pid = w.emit(origin, t0, text)
        if pid is None:
            return
        post = _PopularPost(t0, pid, origin, text, [], [], origin.lang)
        others = [w.random_ordinary(rng, platform) for _ in range(max(0, c.size - len(c.pool)))]
        for a in list(c.pool) + [o for o in others if o is not None]:
            if a is origin:
                continue
            t = t0 + 10 + int(_lognormal(rng, 35 * 60, 1.3))
            if t < clock.end:
                w.repost(rng, a, t, post)

    def cross_posters(self) -> None:
        w, rng, s, clock = self.w, self.w.rng("decoy-crosspost"), self.w.scale, self.w.clock
        pairs = (
            ("x", "facebook"),
            ("x", "instagram"),
            ("facebook", "instagram"),
            ("x", "telegram"),
            ("tiktok", "instagram"),
            ("x", "reddit"),
        )
        for i in range(s.members(8, 3, 0.5)):
            first, second = rng.choice(pairs)
            group = f"crosspost-{i + 1}"
            lang = w.pick_lang(rng, first)
            zone = w.pick_zone(rng, lang)
            created = w.ordinary_created(rng, first)
            raw = _raw_handle(rng, first, rng.choice(("word", "name")))
            a1 = w.new_account(
                rng,
                first,
                label="decoy",
                style="cross_poster",
                group=group,
                handle=raw,
                lang=lang,
                zone=zone,
                created=created,
            )
            twin_raw = (
                raw
                if rng.random() < 0.7
                else rng.choice((raw + "_", raw + "official", "real" + raw, raw[:-1]))
            )
            a2 = w.new_account(
                rng,
                second,
                label="decoy",
                style="cross_poster",
                group=group,
                handle=twin_raw,
                lang=lang,
                zone=zone,
                created=created
                + rng.randrange(max(DAY, min(400 * DAY, clock.start - DAY - created))),
            )
            a2.chrono = a1.chrono
            rate = _lognormal(rng, 1.5, 0.5) * s.daily(1.0)
            p1: list[_Planned] = []
            p2: list[_Planned] = []
            for d in range(clock.days):
                for _ in range(_poisson(rng, rate)):
                    t = self.human_time(rng, a1, d)
                    if not clock.in_window(t) or t < a2.created:
                        continue
                    text = _compose(rng, lang)
                    urls: list[str] = []
                    art = w.pick_article(rng, lang, t) if rng.random() < 0.15 else None
                    if art is not None:
                        urls = [art.url]
                    lag = rng.randint(0, 5) if rng.random() < 0.4 else rng.randint(5, 180)
                    first_t, second_t = (t, t + lag) if rng.random() < 0.7 else (t + lag, t)
                    p1.append(
                        (
                            first_t,
                            _with_link(rng, first, text, urls[0]) if urls else text,
                            urls,
                            [],
                            lang,
                        )
                    )
                    p2.append(
                        (
                            second_t,
                            _with_link(rng, second, text, urls[0]) if urls else text,
                            urls,
                            [],
                            lang,
                        )
                    )
            p1 = [p for p in p1 if clock.in_window(p[0])]
            p2 = [p for p in p2 if clock.in_window(p[0])]
            if not p1 or not p2:
                t = min(clock.end - HOUR, max(clock.start + HOUR, a2.created + HOUR))
                text = _compose(rng, lang)
                p1.append((t, text, [], [], lang))
                p2.append((t + rng.randint(1, 120), text, [], [], lang))
            self.timeline(a1, p1)
            self.timeline(a2, p2)

    def fandom(self) -> None:
        rng, s, clock = self.w.rng("decoy-fandom"), self.w.scale, self.w.clock
        langs = sorted(FAN_TEXTS)
        lang_weights = [
            {"en": 0.35, "es": 0.12, "pt": 0.12, "id": 0.1, "ko": 0.1}.get(x, 0.06) for x in langs
        ]
        for c in range(max(1, round(clock.days / UNIT_DAYS * s.daily(1.0, 0.3, 1.0)))):
            _artist, tag, artist_tag = FANDOM_ARTISTS[c % len(FANDOM_ARTISTS)]
            group = f"fandom-{c + 1}"
            t_announced = 0
            for _ in range(50):
                d = rng.randrange(1, max(2, clock.days - 1))
                t_announced = clock.local_to_utc("Asia/Seoul", d, rng.choice((20, 21, 0)) * HOUR)
                if clock.start + 2 * HOUR < t_announced < clock.end - 3 * HOUR:
                    break
            for _ in range(s.members(70, 10, 0.5)):
                lang = rng.choices(langs, weights=lang_weights, k=1)[0]
                platform = rng.choices(
                    ("x", "tiktok", "instagram", "facebook"), weights=(0.7, 0.1, 0.1, 0.1), k=1
                )[0]
                a = self.person(rng, platform, "fandom_campaign", group, lang=lang)
                t = t_announced + (
                    rng.randrange(60) if rng.random() < 0.2 else int(_lognormal(rng, 150, 1.0))
                )
                posts: list[_Planned] = []
                for _ in range(rng.choice((1, 1, 1, 2, 3))):
                    tags = [tag] + ([artist_tag] if rng.random() < 0.6 else [])
                    rng.shuffle(tags)
                    text = rng.choice(FAN_TEXTS[lang]) + (
                        f" {rng.choice(EMOJI)}" if rng.random() < 0.4 else ""
                    )
                    posts.append((t, _with_tags(text, tags), [], tags, lang))
                    t += rng.randint(60, 20 * 60)
                self.timeline(a, [p for p in posts if clock.in_window(p[0])])

    def live_events(self) -> None:
        rng, s, clock = self.w.rng("decoy-live"), self.w.scale, self.w.clock
        clubs = list(CLUBS[: 4 if s.s < 0.3 else 6 if s.s < 3 else 8])
        fans: dict[str, list[Account]] = {}
        timelines: dict[int, list[_Planned]] = defaultdict(list)
        players = {club[1]: [rng.choice(LAST_NAMES) for _ in range(5)] for club in clubs}
        for _name, abbr, lang, zone in clubs:
            group = f"fans-{abbr.lower()}"
            fans[abbr] = []
            for _ in range(s.members(22, 4, 0.6)):
                platform = rng.choices(
                    ("x", "facebook", "instagram"), weights=(0.8, 0.1, 0.1), k=1
                )[0]
                z = zone if rng.random() < 0.8 else None
                fans[abbr].append(
                    self.person(rng, platform, "live_event", group, lang=lang, zone=z)
                )
        for _match in range(max(2, round(clock.days / 4 * s.daily(1.0)))):
            home, away = rng.sample(clubs, 2)
            d = rng.randrange(clock.days)
            kickoff = clock.local_to_utc(home[3], d, rng.choice((18, 20, 21)) * HOUR)
            if not clock.start + HOUR <= kickoff <= clock.end - 4 * HOUR:
                continue
            tag = f"{home[1]}{away[1]}"
            goals = []
            for _ in range(_poisson(rng, 2.7)):
                minute = rng.randint(1, 95)
                scorer = home if rng.random() < 0.55 else away
                goals.append((kickoff + minute * 60 + (15 * 60 if minute > 45 else 0), scorer))
            full_time = kickoff + 112 * 60
            for club in (home, away):
                name, abbr, lang, _ = club
                for a in fans[abbr]:
                    if rng.random() > 0.65:
                        continue

                    def say(
                        t: int,
                        pool: dict[str, tuple[str, ...]],
                        a: Account = a,
                        name: str = name,
                        abbr: str = abbr,
                        tag: str = tag,
                    ) -> None:
                        lines = pool.get(a.lang, pool["en"])
                        text = rng.choice(lines).format(club=name, player=rng.choice(players[abbr]))
                        tags = [tag] if rng.random() < 0.6 else []
                        timelines[a.index].append((t, _with_tags(text, tags), [], tags, a.lang))

                    if rng.random() < 0.25:
                        say(kickoff + int(_lognormal(rng, 60, 0.8)), KICKOFF_TEXTS)
                    for t_goal, scorer in goals:
                        own = scorer is club
                        if rng.random() < (0.7 if own else 0.15):
                            say(
                                t_goal + int(_lognormal(rng, 35, 0.7)),
                                GOAL_TEXTS if own else AGAINST_TEXTS,
                            )
                    if rng.random() < 0.45:
                        say(full_time + int(_lognormal(rng, 90, 0.9)), FULLTIME_TEXTS)
        _show, show_tag, show_zone, hour = TV_SHOW
        group = "tv-" + show_tag.lower()
        viewers = [
            self.person(
                rng,
                "x",
                "live_event",
                group,
                lang="en",
                zone=rng.choice((show_zone, show_zone, "America/Toronto", "America/Chicago")),
            )
            for _ in range(s.members(25, 5, 0.6))
        ]
        weekday = rng.randrange(7)
        for d in range(clock.days):
            if clock.date(d).weekday() != weekday:
                continue
            air = clock.local_to_utc(show_zone, d, hour * HOUR)
            moments = sorted(air + rng.randint(5, 55) * 60 for _ in range(rng.randint(3, 5)))
            for a in viewers:
                if rng.random() > 0.7 * s.daily(1.0, 0.5, 1.0):
                    continue
                for t_moment in moments:
                    if rng.random() < 0.5:
                        text = rng.choice(TV_TEXTS).format(name=rng.choice(TV_NAMES))
                        tags = [show_tag] if rng.random() < 0.7 else []
                        t = t_moment + int(_lognormal(rng, 40, 0.8))
                        timelines[a.index].append((t, _with_tags(text, tags), [], tags, "en"))
        for a in [x for club_fans in fans.values() for x in club_fans] + viewers:
            self.timeline(a, [p for p in timelines.get(a.index, ()) if clock.in_window(p[0])])


# --------------------------------------------------------------------------
# Public API and command line
# --------------------------------------------------------------------------


def generate(
    n_posts: int,
    seed: int,
    *,
    days: int = UNIT_DAYS,
    start: datetime = DEFAULT_START,
    ops: tuple[str, ...] = DEFAULT_OPS,
    minute_resolution: bool = False,
) -> tuple[Iterator[dict], list[TruthRow]]:
    """Plan a world of about ``n_posts`` posts over ``days`` from ``start``.

    Returns the records as an iterator (day by day, in time order; consume it
    once) and the truth, one row per account that posts. Raises ValueError on
    arguments outside the supported range or unknown op names.
    """
    if isinstance(n_posts, bool) or not isinstance(n_posts, int) or n_posts < MIN_POSTS:
        raise ValueError(f"n_posts must be an integer of at least {MIN_POSTS:,}")
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        raise ValueError(f"days must be an integer from {MIN_DAYS} to {MAX_DAYS}")
    if start.tzinfo is None:
        raise ValueError("start must carry a time zone, e.g. datetime(2024, 3, 4, tzinfo=UTC)")
    unknown = [name for name in ops if name not in DEFAULT_OPS]
    if unknown:
        raise ValueError(f"unknown op {unknown[0]!r}; known: {', '.join(DEFAULT_OPS)}")
    selected = tuple(name for name in DEFAULT_OPS if name in ops)
    world = _World(n_posts, seed, days, start, selected, minute_resolution)
    truth = [a.truth() for a in world.accounts]
    return world.stream(), truth


def write_records(records: Iterator[dict] | Sequence[dict], path: Path) -> int:
    """Write JSONL (gzip when the name ends in .gz); returns the number of records."""
    if path.suffix == ".gz":
        with gzip.open(path, "wb", compresslevel=4) as packed:
            return _write_lines(records, packed.write)
    with open(path, "wb") as plain:
        return _write_lines(records, plain.write)


def _write_lines(records: Iterator[dict] | Sequence[dict], write: Callable[[bytes], object]) -> int:
    count = 0
    batch: list[bytes] = []
    for record in records:
        batch.append(orjson.dumps(record))
        count += 1
        if len(batch) >= 5000:
            write(b"\n".join(batch) + b"\n")
            batch.clear()
    if batch:
        write(b"\n".join(batch) + b"\n")
    return count


def write_truth(truth: Sequence[TruthRow], path: Path) -> None:
    """Write the truth CSV with the columns platform,author_handle,label,style,group."""
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(TRUTH_COLUMNS)
        writer.writerows(truth)


def _ops_argument(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate posts and truth files."""
    parser = argparse.ArgumentParser(
        prog="othergen.py",
        description="Generate post records with known truth (an independent second generator).",
    )
    parser.add_argument(
        "--posts", type=int, default=UNIT_POSTS, help="about how many posts (default 100000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--days", type=int, default=UNIT_DAYS, help="span in days (default 28)")
    parser.add_argument(
        "--start", default=DEFAULT_START.date().isoformat(), help="first day, YYYY-MM-DD (UTC)"
    )
    parser.add_argument("--out", required=True, type=Path, help="posts file (.jsonl or .jsonl.gz)")
    parser.add_argument("--truth", required=True, type=Path, help="truth CSV")
    parser.add_argument(
        "--ops",
        nargs="+",
        default=list(DEFAULT_OPS),
        help="operations to include (names separated by spaces or commas; default all)",
    )
    parser.add_argument(
        "--minute-resolution", action="store_true", help="truncate every posted_at to the minute"
    )
    args = parser.parse_args(argv)
    try:
        start = datetime.fromisoformat(args.start)
    except ValueError:
        print(f"othergen: --start {args.start!r} is not a date like 2024-03-04", file=sys.stderr)
        return 2
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    began = time.perf_counter()
    try:
        records, truth = generate(
            args.posts,
            args.seed,
            days=args.days,
            start=start,
            ops=_ops_argument(args.ops),
            minute_resolution=args.minute_resolution,
        )
        count = write_records(records, args.out)
        write_truth(truth, args.truth)
    except ValueError as exc:
        print(f"othergen: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"othergen: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    labels = {label: sum(1 for row in truth if row.label == label) for label in LABELS}
    print(
        f"othergen: {count:,} posts by {len(truth):,} accounts "
        f"({', '.join(f'{n:,} {label}' for label, n in labels.items())}) "
        f"in {time.perf_counter() - began:.1f} s -> {args.out}, {args.truth}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
