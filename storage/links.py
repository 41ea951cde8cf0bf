"""URLs, platform links and account targets, as analysts paste them.

Co-link detection only works when the many spellings of one link collapse to
one string: operators (and share buttons) add `utm_*` and click ids, `www.`,
`m.`, trailing slashes, `http`, fragments, reordered queries and
twitter.com-for-x.com. `canonical_url` removes exactly those and keeps what
picks the page (YouTube's `v`, Facebook's `story_fbid` and `id`, ...).

The rest of the module reads what a person typed or pasted into Slack: a
handle (`@name`, `x:@name`), a profile or post link on one of `PLATFORMS`, or
any other link (an article). Everything here is pure: no network, no store.
"""

from __future__ import annotations

import encodings.idna
import ipaddress
import re
import string
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, unquote_plus

PLATFORMS: tuple[str, ...] = (
    "x",
    "facebook",
    "instagram",
    "tiktok",
    "youtube",
    "reddit",
    "medium",
    "pinterest",
    "telegram",
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PLATFORM_ALIASES: dict[str, str] = {
    **{name: name for name in PLATFORMS},
    "twitter": "x",
    "x.com": "x",
    "twitter.com": "x",
    "fb": "facebook",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "ig": "instagram",
    "insta": "instagram",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "tiktok.com": "tiktok",
    "yt": "youtube",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "reddit.com": "reddit",
    "medium.com": "medium",
    "pinterest.com": "pinterest",
    "tg": "telegram",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.org": "telegram",
}

# ---------------------------------------------------------------------------
# Canonical URLs
# ---------------------------------------------------------------------------

#: Query parameters dropped on every host: campaign tags, ad-click ids and
#: share-button markers. They say how a link travelled, not what it points to.
TRACKING_PARAMS: frozenset[str] = _words(
    """
    fbclid gclid gclsrc dclid gbraid wbraid msclkid twclid ttclid li_fat_id yclid
    rb_clickid mc_cid mc_eid igshid igsh ref ref_src ref_url _ga _gl spm share
    sharing mkt_tok _hsenc _hsmi __hstc __hssc __hsfp hsctatracking oly_anon_id
    oly_enc_id vero_id vero_conv wickedid s_cid ocid ncid cmpid pk_campaign pk_kwd
    pk_source pk_medium pk_content pk_cid
    """
)

#: Name prefixes of parameters dropped on every host (`utm_source`, `mtm_campaign`, ...).
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "mtm_")

#: Parameters dropped only on one site and its subdomains, because elsewhere
#: the same short name (`s`, `t`, `source`, `si`) can pick the page.
SITE_TRACKING_PARAMS: dict[str, frozenset[str]] = {
    "x.com": frozenset({"s", "t", "cxt"}),
    "youtube.com": frozenset({"si", "feature", "ab_channel", "pp"}),
    "youtu.be": frozenset({"si", "feature"}),
    "spotify.com": frozenset({"si", "nd"}),
    "facebook.com": _words(
        """
        mibextid rdid sfnsn __cft__ __tn__ __xts__ hc_ref hc_location fref refsrc _rdr
        paipv eav extid acontext comment_tracking notif_id notif_t
        """
    ),
    "tiktok.com": _words(
        """
        is_from_webapp sender_device sender_web_id web_id is_copy_url _r _t u_code
        share_app_id share_link_id share_item_id tt_from checksum timestamp user_id
        sec_uid social_sharing
        """
    ),
    "reddit.com": frozenset({"share_id", "rdt", "ref_source", "correlation_id"}),
    "medium.com": frozenset({"source"}),
    "pinterest.com": frozenset({"invite_code", "sender", "sfo", "mt"}),
    "linkedin.com": frozenset(
        {"trk", "trackingid", "lipi", "midtoken", "midsig", "trkemail", "otptoken"}
    ),
}

#: Hosts that are one site under another name; the value is the name kept.
HOST_ALIASES: dict[str, str] = {
    "twitter.com": "x.com",
    "fb.com": "facebook.com",
    "web.facebook.com": "facebook.com",
    "touch.facebook.com": "facebook.com",
    "mbasic.facebook.com": "facebook.com",
    "instagr.am": "instagram.com",
    "old.reddit.com": "reddit.com",
    "new.reddit.com": "reddit.com",
    "np.reddit.com": "reddit.com",
    "telegram.me": "t.me",
    "telegram.dog": "t.me",
}

#: Host prefixes that serve the same pages as the bare host.
_HOST_PREFIXES = ("www", "m", "mobile")

#: Link shorteners: the link says nothing until it is resolved. youtu.be and
#: redd.it are not here: their path already names the post.
SHORTENERS: frozenset[str] = _words(
    """
    t.co bit.ly bitly.com j.mp ow.ly tinyurl.com lnkd.in goo.gl buff.ly dlvr.it
    is.gd v.gd rebrand.ly cutt.ly shorturl.at trib.al fb.me fb.watch pin.it
    vm.tiktok.com vt.tiktok.com ift.tt tiny.cc t.ly rb.gy s.id bit.do amzn.to wp.me
    flip.it hubs.ly
    """
)

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://(.*)", re.DOTALL)
_BAD_CHAR = re.compile(r"[\s\x00-\x1f\x7f]")
_LABEL_SEPARATOR = re.compile("[.\u3002\uff0e\uff61]")
_LABEL = re.compile(r"[a-z0-9_-]+")
_PORT = re.compile(r"[0-9]{1,5}")
_HEX_DIGITS = frozenset(string.hexdigits)
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_PATH_SAFE = _UNRESERVED | frozenset("!$&'()*+,;=:@/")
_QUERY_SAFE = _PATH_SAFE | frozenset("?")


def canonical_url(url: str) -> str | None:
    """The one spelling of `url` that all its variants share, or None if it is not a web link.

    The result is `https://host[:port][/path][?query]`: scheme and host
    lower-cased, `http` read as `https`, `www.`/`m.`/`mobile.` and default
    ports dropped, aliases such as twitter.com -> x.com applied, user info,
    fragment and tracking parameters (`TRACKING_PARAMS`, `TRACKING_PREFIXES`,
    `SITE_TRACKING_PARAMS`) removed, the remaining query sorted, empty and dot
    path segments and a trailing slash removed, percent-escapes normalised
    (unreserved characters decoded, hex upper-cased, other characters
    UTF-8-escaped) and international host names in punycode.

    Returns None, never raises, for anything that is not an http(s) URL with
    a valid host, including text with spaces or control characters inside.
    Idempotent: `canonical_url(canonical_url(u)) == canonical_url(u)`.
    Runs in O(len(url) log len(url)).
    """
    if not isinstance(url, str):
        return None
    try:
        return _canonical(url.strip())
    except ValueError:
        # Undecodable text (lone surrogates) or an IDNA label Python refuses:
        # junk to us, whatever the library's reason.
        return None


def _canonical(text: str) -> str | None:
    if _BAD_CHAR.search(text):
        return None
    match = _SCHEME.fullmatch(text)
    if match is None or match.group(1).lower() not in ("http", "https"):
        return None
    scheme = match.group(1).lower()
    rest = match.group(2)
    split_at = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    netloc, remainder = rest[:split_at], rest[split_at:]
    address = _host_and_port(scheme, netloc)
    if address is None:
        return None
    host, port = address
    remainder = remainder.split("#", 1)[0]
    raw_path, _, raw_query = remainder.partition("?")
    path = _canonical_path(raw_path)
    query = _canonical_query(host, raw_query)
    return f"https://{host}{port}{path}{'?' + query if query else ''}"


def _host_and_port(scheme: str, netloc: str) -> tuple[str, str] | None:
    """(canonical host, ":port" or "") from an authority, or None if it is not valid."""
    if "\\" in netloc:
        # Browsers read a backslash as a path separator, urllib does not:
        # the two disagree on the host, so the link is not trusted.
        return None
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            return None
        literal, after = hostport[1:end], hostport[end + 1 :]
        if after and not after.startswith(":"):
            return None
        raw_port = after[1:]
        if "%" in literal:
            return None
        host = f"[{ipaddress.IPv6Address(literal).compressed}]"
    else:
        raw_host, _, raw_port = hostport.partition(":")
        if ":" in raw_port:
            return None
        canonical_host = _canonical_host(raw_host)
        if canonical_host is None:
            return None
        host = canonical_host
    if not raw_port:
        return host, ""
    if not _PORT.fullmatch(raw_port) or int(raw_port) > 65535:
        return None
    number = int(raw_port)
    if number == 443 or (scheme == "http" and number == 80):
        return host, ""
    return host, f":{number}"


def _canonical_host(raw: str) -> str | None:
    raw = raw.removesuffix(".")
    if not raw:
        return None
    labels: list[str] = []
    for label in _LABEL_SEPARATOR.split(raw):
        if label.isascii():
            ascii_label = label.lower()
        else:
            ascii_label = encodings.idna.ToASCII(label).decode("ascii").lower()
        if not _LABEL.fullmatch(ascii_label):
            return None
        labels.append(ascii_label)
    while len(labels) > 2 and labels[0] in _HOST_PREFIXES:
        labels.pop(0)
    host = ".".join(labels)
    host = HOST_ALIASES.get(host, host)
    return host if len(host) <= 253 else None


def _normalise_escapes(text: str, safe: frozenset[str]) -> str:
    """Percent-escapes in one form: unreserved decoded, hex upper-case, the unsafe escaped."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "%":
            pair = text[i + 1 : i + 3]
            if len(pair) == 2 and pair[0] in _HEX_DIGITS and pair[1] in _HEX_DIGITS:
                decoded = chr(int(pair, 16))
                out.append(decoded if decoded in _UNRESERVED else "%" + pair.upper())
                i += 3
                continue
            out.append("%25")
        elif char in safe:
            out.append(char)
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
        i += 1
    return "".join(out)


def _canonical_path(raw: str) -> str:
    segments: list[str] = []
    for segment in _normalise_escapes(raw, _PATH_SAFE).split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    return "".join("/" + segment for segment in segments)


def _site_matches(host: str, site: str) -> bool:
    return host == site or host.endswith("." + site)


def _is_tracking(host: str, key: str) -> bool:
    # "__cft__[0]" and friends: the bracketed index is part of the same tracker.
    name = unquote_plus(key).lower().split("[", 1)[0]
    if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
        return True
    return any(
        name in names and _site_matches(host, site) for site, names in SITE_TRACKING_PARAMS.items()
    )


def _canonical_query(host: str, raw: str) -> str:
    pairs: list[tuple[str, str, str]] = []
    for piece in raw.split("&"):
        if not piece:
            continue
        key, equals, value = piece.partition("=")
        key = _normalise_escapes(key, _QUERY_SAFE)
        if _is_tracking(host, key):
            continue
        pairs.append((key, equals, _normalise_escapes(value, _QUERY_SAFE)))
    pairs.sort()
    return "&".join(key + equals + value for key, equals, value in pairs)


def is_short_link(url: str) -> bool:
    """True if `url` is on a link shortener (t.co, bit.ly, ...; see `SHORTENERS`).

    youtu.be and redd.it links are not short links: they name a post.
    """
    canonical = canonical_url(url)
    if canonical is None:
        return False
    host = canonical[len("https://") :].split("/", 1)[0].split("?", 1)[0]
    return host in SHORTENERS


# ---------------------------------------------------------------------------
# Platforms and handles
# ---------------------------------------------------------------------------


def normalise_platform(name: str) -> str | None:
    """The platform name in `PLATFORMS` that `name` means ("twitter", "X.com" -> "x"), or None."""
    if not isinstance(name, str):
        return None
    key = name.strip().lower().removesuffix("/")
    for scheme in ("https://", "http://"):
        key = key.removeprefix(scheme)
    for prefix in _HOST_PREFIXES:
        key = key.removeprefix(prefix + ".")
    return _PLATFORM_ALIASES.get(key)


def platform_names(platform: str) -> tuple[str, ...]:
    """Every name records may use for `platform` ("x" -> x, twitter, ...), for look-ups.

    Records keep the platform name they were loaded with, so the sweep CSV
    answers in the data's own words; look-ups accept any alias.
    """
    canonical = normalise_platform(platform) or platform.strip().lower()
    names = {canonical, platform.strip().lower()}
    names.update(k for k, v in _PLATFORM_ALIASES.items() if v == canonical and "." not in k)
    return tuple(sorted(names))


def normalise_handle(handle: str) -> str:
    """An account handle as stored: surrounding space and one leading "@" removed, lower-case.

    Handles are case-insensitive on every platform in `PLATFORMS`.
    """
    return handle.strip().removeprefix("@").lower()


# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """One thing to check: an account, a post on a platform, or an article link."""

    kind: str  # "account" | "post" | "article"
    platform: str | None
    handle: str | None
    post_id: str | None
    url: str | None
    raw: str

    def label(self) -> str:
        """A short name for display: "x:@name", "@name", "x post 123" or the URL."""
        if self.kind == "account":
            return f"{self.platform}:@{self.handle}" if self.platform else f"@{self.handle}"
        if self.kind == "post":
            return f"{self.platform} post {self.post_id}"
        return self.url or self.raw


class TargetError(ValueError):
    """A typed target that cannot be read; the message is one line, shown to the user."""


_HOW = "use @name, x:@name, or paste a profile, post or article link"

# Handles as people type them. YouTube and Reddit names may also contain "-".
_TYPED_HANDLE = re.compile(r"[A-Za-z0-9_.]{1,50}")
_TYPED_HANDLE_WITH_DASH = re.compile(r"[A-Za-z0-9_.-]{1,50}")
_DASH_PLATFORMS = frozenset({"youtube", "reddit"})
# Handles read from a link's path are checked more loosely: the site accepted them.
_PATH_HANDLE = re.compile(r"[A-Za-z0-9_.-]{1,100}")
_POST_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_DIGITS = re.compile(r"[0-9]{1,30}")
_WORDY = re.compile(r"[A-Za-z0-9_]")
_X_HANDLE = re.compile(r"[A-Za-z0-9_]{1,50}")
_INSTAGRAM_HANDLE = re.compile(r"[A-Za-z0-9_.]{1,30}")
_TELEGRAM_HANDLE = re.compile(r"[A-Za-z0-9_]{1,64}")
# Hashed handles: the X/Twitter information-operations archives print the
# base64 SHA-256 hash of small accounts' ids in place of their handles
# ("tGpRofwHLXI5iuye+ZDKVW8yVCic9mkRLxTwiBbEOrU="), and analysts check them as
# typed: base64 letters with "+", "/" and "=" padding, 44 characters.
_HASHED_HANDLE = re.compile(r"[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{42}==|[A-Za-z0-9+/]{44}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_SCHEMELESS_URL = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::[0-9]{1,5})?[/?]")
_SLACK_LINK = re.compile(r"<([^<>|]*)(?:\|[^<>]*)?>")


def _slack_unescape(text: str) -> str:
    # Slack escapes exactly these three in message and command text.
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _shown(text: str) -> str:
    """User text for an error message: quoted, one line, short."""
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _typed_account(platform: str | None, handle_text: str, raw: str) -> Target:
    # A full stop after a handle ends the sentence, it is not part of the name.
    handle = handle_text.removeprefix("@").rstrip(".")
    if not handle:
        raise TargetError(f"{_shown(raw)} has no handle after the '@': {_HOW}.")
    if any(char.isspace() for char in handle):
        raise TargetError(f"Handles have no spaces ({_shown(raw)}): {_HOW}.")
    # Collected data holds handles the platforms' own rules would not allow
    # (dashes on x, telegram); a typed handle is looked up as given.
    typed = _TYPED_HANDLE_WITH_DASH.fullmatch(handle) or _HASHED_HANDLE.fullmatch(handle)
    if not typed or not _WORDY.search(handle):
        raise TargetError(
            f"{_shown(raw)} is not a handle: handles are 1-50 letters, digits, '_' or '.'; {_HOW}."
        )
    return Target("account", platform, normalise_handle(handle), None, None, raw)


def _link_target(url: str, raw: str) -> Target:
    canonical = canonical_url(url)
    if canonical is None:
        raise TargetError(f"{_shown(raw)} is not a web link with a host: {_HOW}.")
    found = url_platform_target(canonical)
    if found is not None:
        return Target(found.kind, found.platform, found.handle, found.post_id, canonical, raw)
    return Target("article", None, None, None, canonical, raw)


def parse_target(text: str) -> Target:
    """Read one target a user typed: "@name", "x:@name", "twitter:name", or a link.

    Links may be Slack-formatted (`<https://...|label>`) or lack the scheme
    when they start with a domain and a path ("x.com/name"). A profile or post
    link on one of `PLATFORMS` becomes an account or post target, any other
    http(s) link an article. A bare word without dots ("name") is a handle on
    no particular platform.

    Raises TargetError, with a one-line message saying what works, for empty
    text, spaces or invalid characters in a handle, an unknown platform
    prefix, Slack mentions, emails and non-http(s) links.
    """
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise TargetError(f"Nothing to check: {_HOW}.")
    value = raw
    wrapped = _SLACK_LINK.fullmatch(value)
    if wrapped:
        value = wrapped.group(1)
        if value[:1] in ("@", "#", "!"):
            raise TargetError(f"That is a Slack mention, not an account on a platform: {_HOW}.")
    value = _slack_unescape(value).strip()
    if not value:
        raise TargetError(f"Nothing to check: {_HOW}.")
    scheme = _SCHEME.fullmatch(value)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            raise TargetError(
                f"Only http(s) links can be checked, not {scheme.group(1)[:20]!r} links: {_HOW}."
            )
        if any(char.isspace() for char in value):
            raise TargetError(f"A link has no spaces ({_shown(raw)}): {_HOW}.")
        return _link_target(value, raw)
    if value.lower().startswith("www.") or _SCHEMELESS_URL.match(value):
        if any(char.isspace() for char in value):
            raise TargetError(f"A link has no spaces ({_shown(raw)}): {_HOW}.")
        return _link_target("https://" + value, raw)
    if value.lower().startswith("mailto:") or _EMAIL.fullmatch(value):
        raise TargetError(f"{_shown(raw)} is an email address, not an account: {_HOW}.")
    if value.startswith("@"):
        return _typed_account(None, value, raw)
    prefix, colon, handle = value.partition(":")
    if colon:
        prefix = prefix.strip()
        if prefix.lower() in ("http", "https"):
            raise TargetError(f"Links start with http:// or https:// ({_shown(raw)}): {_HOW}.")
        platform = normalise_platform(prefix)
        if platform is None:
            raise TargetError(
                f"Unknown platform {_shown(prefix)}: use one of {', '.join(PLATFORMS)} "
                f"as in x:@name, or paste a link."
            )
        return _typed_account(platform, handle, raw)
    if "." in value and _TYPED_HANDLE.fullmatch(value):
        # "first.last" could be an Instagram handle or a domain; guessing
        # wrong would check the wrong thing, so ask.
        raise TargetError(
            f"{_shown(raw)} could be a handle or a site: write @{value[:40]} "
            f"or https://{value[:40]}."
        )
    return _typed_account(None, value, raw)


# ---------------------------------------------------------------------------
# Platform links
# ---------------------------------------------------------------------------

_Match = tuple[str, str | None, str | None]  # (kind, handle, post_id)

_X_RESERVED = _words(
    """
    home search explore i intent share hashtag settings messages notifications login
    logout signup tos privacy compose about jobs download lists topics communities
    bookmarks account help premium rules who_to_follow following followers status
    oauth en
    """
)
_X_PROFILE_TABS = frozenset(
    {"with_replies", "media", "likes", "highlights", "articles", "followers", "following"}
)
_FACEBOOK_RESERVED = _words(
    """
    groups events marketplace watch gaming login settings help privacy policies
    sharer share dialog plugins hashtag search stories photo photos video videos
    reel reels notifications messages friends bookmarks ads business legal about
    careers media places pages people pg l home feed saved memories fundraisers live
    """
)
_FACEBOOK_TABS = frozenset(
    {"about", "photos", "videos", "friends", "followers", "following", "posts", "reels", "events"}
)
_INSTAGRAM_RESERVED = _words(
    """
    p reel reels tv explore accounts stories direct about legal developer web
    challenge emails session privacy terms api graphql static create oauth s
    highlights
    """
)
_INSTAGRAM_TABS = frozenset({"tagged", "reels", "saved", "followers", "following", "guides"})
_YOUTUBE_TABS = _words(
    """
    videos shorts streams featured about community playlists posts live podcasts
    releases
    """
)
_MEDIUM_TABS = frozenset({"about", "followers", "following", "lists", "archive", "has-recommended"})
_MEDIUM_SUBDOMAINS_NOT_USERS = frozenset(
    {"help", "policy", "blog", "about", "cdn-images-1", "miro", "link", "api", "design", "email"}
)
_MEDIUM_ID = re.compile(r"(?:.*-)?([0-9a-f]{8,16})")
_PINTEREST_HOST = re.compile(
    r"(?:[a-z]{2}\.)?pinterest\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})"
)
_PINTEREST_RESERVED = _words(
    """
    pin search ideas today explore business settings login logout about categories
    topics videos news_hub resource oauth password signup help shopping
    """
)
_PINTEREST_TABS = frozenset({"_created", "_saved", "_profile", "boards", "pins"})
_TELEGRAM_RESERVED = _words(
    """
    joinchat addstickers addemoji addlist addtheme share proxy socks login iv
    setlanguage contact c s boost bg confirmphone invoice m
    """
)


def _handle(segment: str, pattern: re.Pattern[str] = _PATH_HANDLE) -> str | None:
    if pattern.fullmatch(segment) and _WORDY.search(segment):
        return normalise_handle(segment)
    return None


def _post_id(value: str | None) -> str | None:
    return value if value is not None and _POST_ID.fullmatch(value) else None


def _digits(value: str | None) -> str | None:
    return value if value is not None and _DIGITS.fullmatch(value) else None


def _account(handle: str | None) -> _Match | None:
    return ("account", handle, None) if handle else None


def _post(post_id: str | None, handle: str | None = None) -> _Match | None:
    return ("post", handle, post_id) if post_id else None


def _match_x(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first == "i":
        if segments[1:3] == ["web", "status"] and len(segments) >= 4:
            return _post(_digits(segments[3]))
        if segments[1:2] == ["status"] and len(segments) >= 3:
            return _post(_digits(segments[2]))
        return None
    if first in _X_RESERVED:
        return None
    handle = _handle(segments[0], _X_HANDLE)
    if handle is None:
        if len(segments) >= 3 and segments[1] in ("status", "statuses"):
            # The status id alone names the post, whatever the handle looks like.
            return _post(_digits(segments[2]), _handle(segments[0]))
        return None
    if len(segments) == 1:
        return _account(handle)
    if segments[1] in ("status", "statuses") and len(segments) >= 3:
        return _post(_digits(segments[2]), handle)
    if len(segments) == 2 and segments[1] in _X_PROFILE_TABS:
        return _account(handle)
    return None


def _match_facebook(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first == "profile.php":
        return _account(_digits(query.get("id")))
    if first in ("permalink.php", "story.php"):
        owner = _digits(query.get("id"))
        return _post(_post_id(query.get("story_fbid")), owner)
    if first in ("photo.php", "photo"):
        return _post(_digits(query.get("fbid")))
    if first == "watch":
        return _post(_digits(query.get("v")))
    if first in ("reel", "reels") and len(segments) >= 2:
        return _post(_digits(segments[1]))
    if first == "groups":
        # A group is not an account; a post inside one is still a post.
        if len(segments) >= 4 and segments[2] in ("posts", "permalink"):
            return _post(_post_id(segments[3]))
        return None
    if first in ("pages", "people") and len(segments) == 3:
        return _account(_digits(segments[2]))
    if first == "pg" and len(segments) >= 2:
        return _account(_handle(segments[1]))
    if first in _FACEBOOK_RESERVED or first.endswith(".php"):
        return None
    handle = _handle(segments[0])
    if handle is None:
        return None
    if len(segments) == 1:
        return _account(handle)
    tab = segments[1]
    if tab == "posts" and len(segments) >= 3:
        return _post(_post_id(segments[2]), handle)
    if tab in ("videos", "photos") and len(segments) >= 3:
        return _post(_digits(segments[-1]), handle)
    if len(segments) == 2 and tab in _FACEBOOK_TABS:
        return _account(handle)
    return None


def _match_instagram(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first in ("p", "reel", "reels", "tv") and len(segments) >= 2:
        return _post(_post_id(segments[1]))
    if first == "stories" and len(segments) >= 2:
        if segments[1].lower() in _INSTAGRAM_RESERVED:
            return None
        handle = _handle(segments[1])
        if len(segments) == 2:
            return _account(handle)
        return _post(_digits(segments[2]), handle)
    if first in _INSTAGRAM_RESERVED:
        return None
    handle = _handle(segments[0], _INSTAGRAM_HANDLE)
    if handle is None:
        return None
    if len(segments) == 1:
        return _account(handle)
    if segments[1] in ("p", "reel", "tv") and len(segments) >= 3:
        return _post(_post_id(segments[2]), handle)
    if len(segments) == 2 and segments[1] in _INSTAGRAM_TABS:
        return _account(handle)
    return None


def _match_tiktok(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0]
    if first.startswith("@"):
        handle = _handle(first[1:])
        if handle is None:
            return None
        if len(segments) == 1:
            return _account(handle)
        if segments[1] in ("video", "photo") and len(segments) >= 3:
            return _post(_digits(segments[2]), handle)
        return None
    if first == "v" and len(segments) >= 2:
        return _post(_digits(segments[1].removesuffix(".html")))
    if first == "embed" and len(segments) >= 2:
        return _post(_digits(segments[-1]))
    return None


def _match_youtube(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0]
    if first == "watch":
        return _post(_post_id(query.get("v")))
    if first in ("shorts", "live", "embed", "v") and len(segments) >= 2:
        return _post(_post_id(segments[1]))
    tail_ok = len(segments) == 1 or (len(segments) == 2 and segments[1] in _YOUTUBE_TABS)
    if first.startswith("@") and tail_ok:
        return _account(_handle(first[1:]))
    named_ok = len(segments) == 2 or (len(segments) == 3 and segments[2] in _YOUTUBE_TABS)
    if first in ("channel", "c", "user") and named_ok:
        return _account(_handle(segments[1]))
    return None


def _match_reddit(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first in ("user", "u") and len(segments) >= 2:
        handle = _handle(segments[1])
        if len(segments) >= 4 and segments[2] == "comments":
            return _post(_post_id(segments[3]), handle)
        return _account(handle)
    if first == "r" and len(segments) >= 4 and segments[2] == "comments":
        return _post(_post_id(segments[3]))
    if first == "comments" and len(segments) >= 2:
        return _post(_post_id(segments[1]))
    return None


def _medium_post_id(slug: str) -> str | None:
    id_match = _MEDIUM_ID.fullmatch(slug)
    if id_match:
        return id_match.group(1)
    return slug if slug and len(slug) <= 300 else None


def _match_medium_profile(
    handle: str | None, rest: list[str], query: dict[str, str]
) -> _Match | None:
    if handle is None:
        return None
    if not rest:
        return _account(handle)
    if len(rest) == 1:
        if rest[0] in _MEDIUM_TABS:
            return _account(handle)
        return _post(_medium_post_id(rest[0]), handle)
    return None


def _match_medium(host: str, segments: list[str], query: dict[str, str]) -> _Match | None:
    if host != "medium.com":
        user = host.removesuffix(".medium.com")
        if "." in user or user in _MEDIUM_SUBDOMAINS_NOT_USERS:
            return None
        return _match_medium_profile(_handle(user), segments, query)
    if not segments:
        return None
    first = segments[0]
    if first.startswith("@"):
        return _match_medium_profile(_handle(first[1:]), segments[1:], query)
    if first == "p" and len(segments) >= 2:
        return _post(_post_id(segments[1]))
    # A publication's post: only when the slug ends in Medium's hex post id,
    # since other two-part paths are publication pages.
    if len(segments) == 2:
        id_match = _MEDIUM_ID.fullmatch(segments[1])
        return _post(id_match.group(1)) if id_match else None
    return None


def _match_pinterest(segments: list[str], query: dict[str, str]) -> _Match | None:
    first = segments[0].lower()
    if first == "pin" and len(segments) >= 2:
        return _post(_post_id(segments[1]))
    if first in _PINTEREST_RESERVED or first.startswith("_"):
        return None
    handle = _handle(segments[0])
    if len(segments) == 1 or (len(segments) == 2 and segments[1] in _PINTEREST_TABS):
        return _account(handle)
    return None


def _match_telegram(segments: list[str], query: dict[str, str]) -> _Match | None:
    if segments[0] == "s" and len(segments) >= 2:
        # t.me/s/name is the web preview of the same channel.
        segments = segments[1:]
    first = segments[0].lower()
    if first in _TELEGRAM_RESERVED or first.startswith("+"):
        return None
    handle = _handle(segments[0], _TELEGRAM_HANDLE)
    if handle is None:
        return None
    if len(segments) == 1:
        return _account(handle)
    if len(segments) == 2:
        return _post(_digits(segments[1]), handle)
    return None


def _platform_of_host(host: str) -> str | None:
    if host == "x.com":
        return "x"
    if host == "facebook.com":
        return "facebook"
    if host == "instagram.com":
        return "instagram"
    if host == "tiktok.com":
        return "tiktok"
    if host in ("youtube.com", "youtu.be"):
        return "youtube"
    if host in ("reddit.com", "redd.it"):
        return "reddit"
    if _site_matches(host, "medium.com"):
        return "medium"
    if _PINTEREST_HOST.fullmatch(host):
        return "pinterest"
    if host == "t.me":
        return "telegram"
    return None


def _match(platform: str, host: str, segments: list[str], query: dict[str, str]) -> _Match | None:
    if platform == "medium":
        return _match_medium(host, segments, query)
    if not segments:
        return None
    if host == "youtu.be":
        return _post(_post_id(segments[0])) if len(segments) == 1 else None
    if host == "redd.it":
        return _post(_post_id(segments[0])) if len(segments) == 1 else None
    matchers = {
        "x": _match_x,
        "facebook": _match_facebook,
        "instagram": _match_instagram,
        "tiktok": _match_tiktok,
        "youtube": _match_youtube,
        "reddit": _match_reddit,
        "pinterest": _match_pinterest,
        "telegram": _match_telegram,
    }
    return matchers[platform](segments, query)


def url_platform_target(url: str) -> Target | None:
    """The account or post that `url` links to on one of `PLATFORMS`, or None.

    None for links elsewhere, and for platform pages that are neither a
    profile nor a post (search, settings, hashtags, groups, subreddits, ...).
    The target's `url` is the canonical URL, `raw` is `url` as given.
    """
    canonical = canonical_url(url)
    if canonical is None:
        return None
    # A canonical path has no raw "?", so the first one starts the query.
    before_query, _, query_text = canonical[len("https://") :].partition("?")
    authority, _, path = before_query.partition("/")
    if ":" in authority:
        return None  # platforms do not serve profiles on odd ports
    platform = _platform_of_host(authority)
    if platform is None:
        return None
    segments = [unquote(segment, errors="replace") for segment in path.split("/") if segment]
    query: dict[str, str] = {}
    for key, value in parse_qsl(query_text, keep_blank_values=True):
        query.setdefault(key, value)
    found = _match(platform, authority, segments, query)
    if found is None:
        return None
    kind, handle, post_id = found
    return Target(kind, platform, handle, post_id, canonical, url)


# ---------------------------------------------------------------------------
# Slack message text
# ---------------------------------------------------------------------------

_MESSAGE_TOKEN = re.compile(
    r"<(?P<slack>[^<>]*)>"
    r"|(?P<url>\bhttps?://[^\s<>]+)"
    r"|(?<![\w@./])(?P<prefix>[A-Za-z][A-Za-z0-9.]{0,20}):(?P<prefixed>@[A-Za-z0-9_.-]{1,50})"
    r"(?![A-Za-z0-9_@.-])"
    # "@dave-smith" is not "@dave": a handle running on into "-" is skipped, not cut.
    r"|(?<![\w@./])(?P<bare>@[A-Za-z0-9_.]{1,50})(?![A-Za-z0-9_@.-])",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?'\"*_~"
_HTTP_PREFIX = re.compile(r"https?://", re.IGNORECASE)


def _trim_bare_url(url: str) -> str:
    # Text like "(see https://a.com/x)." : the closing marks belong to the sentence.
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION or (last == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


def _token_target(match: re.Match[str]) -> Target | None:
    slack = match.group("slack")
    if slack is not None:
        # <@U123>, <#C123|name>, <!here>, <!subteam^S1>, <mailto:...>: not targets.
        link = _slack_unescape(slack.split("|", 1)[0]).strip()
        return _maybe_link(link) if _HTTP_PREFIX.match(link) else None
    url = match.group("url")
    if url is not None:
        return _maybe_link(_trim_bare_url(_slack_unescape(url)))
    prefixed = match.group("prefixed")
    if prefixed is not None:
        handle = prefixed.rstrip(".")
        prefix = match.group("prefix")
        if normalise_platform(prefix) is None:
            # "cc:@name": the prefix is prose, the handle still stands.
            return _maybe(handle) if "-" not in handle else None
        return _maybe(f"{prefix}:{handle}")
    return _maybe(match.group("bare").rstrip("."))


def _maybe_link(url: str) -> Target | None:
    # Already unescaped: going through parse_target would unescape twice.
    try:
        return _link_target(url, url)
    except TargetError:
        return None


def _maybe(text: str) -> Target | None:
    try:
        return parse_target(text)
    except TargetError:
        return None


def find_targets(message_text: str, limit: int = 50) -> list[Target]:
    """All targets in a Slack message text, in order of appearance, without duplicates.

    Reads Slack links (`<https://...|label>`), bare http(s) URLs, `@handle`
    and `platform:@handle`; ignores user and channel mentions, `<!here>` and
    other special links, and email addresses. Duplicates are those with the
    same kind, platform, handle, post id and URL. At most `limit` targets.
    """
    if not isinstance(message_text, str) or limit <= 0:
        return []
    found: list[Target] = []
    seen: set[tuple[str, str | None, str | None, str | None, str | None]] = set()
    for match in _MESSAGE_TOKEN.finditer(message_text):
        target = _token_target(match)
        if target is None:
            continue
        key = (target.kind, target.platform, target.handle, target.post_id, target.url)
        if key in seen:
            continue
        seen.add(key)
        found.append(target)
        if len(found) >= limit:
            break
    return found
