"""Canonical URLs: the one spelling that all variants of a link share.

Co-link detection only works when the many spellings of one link collapse to
one string: operators (and share buttons) add `utm_*` and click ids, `www.`,
`m.`, trailing slashes, `http`, fragments, reordered queries and
twitter.com-for-x.com. `canonical_url` removes exactly those and keeps what
picks the page (YouTube's `v`, Facebook's `story_fbid` and `id`, ...).

It lives in storage because ingest stores every post's links in this form;
checks, the link resolver and target parsing (storage.links) read it from
here. Pure: no network, no store.
"""

from __future__ import annotations

import encodings.idna
import ipaddress
import re
import string
from urllib.parse import unquote_plus


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` (for long lists of names)."""
    return frozenset(text.split())


#: Query parameters dropped on every host: campaign tags, ad-click ids and
#: share-button markers. They say how a link travelled, not what it points to.
TRACKING_PARAMS: frozenset[str] = words(
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
    "facebook.com": words(
        """
        mibextid rdid sfnsn __cft__ __tn__ __xts__ hc_ref hc_location fref refsrc _rdr
        paipv eav extid acontext comment_tracking notif_id notif_t
        """
    ),
    "tiktok.com": words(
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
HOST_PREFIXES = ("www", "m", "mobile")

#: Link shorteners: the link says nothing until it is resolved. youtu.be and
#: redd.it are not here: their path already names the post.
SHORTENERS: frozenset[str] = words(
    """
    t.co bit.ly bitly.com j.mp ow.ly tinyurl.com lnkd.in goo.gl buff.ly dlvr.it
    is.gd v.gd rebrand.ly cutt.ly shorturl.at trib.al fb.me fb.watch pin.it
    vm.tiktok.com vt.tiktok.com ift.tt tiny.cc t.ly rb.gy s.id bit.do amzn.to wp.me
    flip.it hubs.ly
    """
)

#: "scheme://rest" of a link, any scheme.
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://(.*)", re.DOTALL)
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
    match = SCHEME.fullmatch(text)
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
    while len(labels) > 2 and labels[0] in HOST_PREFIXES:
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


def site_matches(host: str, site: str) -> bool:
    """True if `host` is `site` or one of its subdomains."""
    return host == site or host.endswith("." + site)


def _is_tracking(host: str, key: str) -> bool:
    # "__cft__[0]" and friends: the bracketed index is part of the same tracker.
    name = unquote_plus(key).lower().split("[", 1)[0]
    if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
        return True
    return any(
        name in names and site_matches(host, site) for site, names in SITE_TRACKING_PARAMS.items()
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
