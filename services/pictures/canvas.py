"""What every evidence picture shares: the canvas, its colours, and how text is set.

Each picture module (graph, hours, push) takes plain data and returns a
`Picture`, a PNG of WIDTH x HEIGHT pixels with alt text stating the key
figures; nothing there reads the store (services/pictures/gather.py does).
Matplotlib is imported when the first picture is drawn (not when these
modules are), draws on its Agg canvas (no display, no pyplot state), and
draws one picture at a time: its text layout caches are not safe across
threads. Text from the data (handles, post texts) is shown with mathtext
off, so a "$" in a handle stays a dollar sign.
"""

from __future__ import annotations

import contextlib
import functools
import io
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from detection.verdict import plural as plural
from storage.ellipsis import cut

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH = 1200
HEIGHT = 900
DPI = 100
#: Slack shows at most this many characters of a file's alt text.
MAX_ALT = 1000

#: Colours of platforms, the same in every picture; others get the spare colours by name.
PLATFORM_COLOURS = {
    "x": "#1f77b4",
    "twitter": "#1f77b4",
    "facebook": "#9467bd",
    "instagram": "#e377c2",
    "tiktok": "#17becf",
    "telegram": "#2ca02c",
    "youtube": "#d62728",
    "reddit": "#ff7f0e",
    "medium": "#8c564b",
    "weibo": "#bcbd22",
    "vk": "#7f7f7f",
}
SPARE_COLOURS = ("#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d")
FLAG_COLOURS = {"coordinated": "#b2182b", "watch": "#f4a300", "benign": "#1a9850"}
FLAG_WORDS = {"coordinated": "flagged coordinated", "watch": "on watch", "benign": "flagged benign"}
CHECKED_COLOUR = "#000000"
OUTSIDER_COLOUR = "#9e9e9e"

_DRAWING = threading.Lock()


@dataclass(frozen=True)
class Picture:
    """One rendered picture: a PNG with the alt text and title it is shared with."""

    name: str  # graph | hours | push
    filename: str
    title: str
    png: bytes
    alt_text: str


def _new_figure() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # No bbox_inches="tight": the picture keeps exactly WIDTH x HEIGHT pixels.
    # Light compression: a third of the encoding time for a PNG about a quarter larger.
    figure.savefig(
        buffer, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 1}
    )
    return buffer.getvalue()


_KEPT = threading.local()


@contextlib.contextmanager
def keeping_figures() -> Iterator[list[Figure]]:
    """The figures drawn by this thread inside the block, kept with their artists.

    For checks of a picture's layout that its PNG cannot answer in words
    (one colour scale, a legend clear of the marks): the tests read them.
    """
    kept: list[Figure] = []
    _KEPT.figures = kept
    try:
        yield kept
    finally:
        _KEPT.figures = None


def draw_png(paint: Any) -> bytes:
    """Run `paint(figure)` on a fresh figure under the drawing lock; the PNG bytes."""
    with _DRAWING, warnings.catch_warnings():
        # Handles and texts in scripts DejaVu Sans lacks draw as boxes, not log spam.
        warnings.simplefilter("ignore", UserWarning)
        figure = _new_figure()
        paint(figure)
        png = _png(figure)
        kept = getattr(_KEPT, "figures", None)
        if kept is not None:
            kept.append(figure)
        return png


def platform_colour(platform: str) -> str:
    """The colour of a platform, the same in every picture."""
    known = PLATFORM_COLOURS.get(platform.lower())
    if known:
        return known
    return SPARE_COLOURS[sum(platform.lower().encode()) % len(SPARE_COLOURS)]


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    return cut(" ".join(text.split()), limit)


def alt(text: str) -> str:
    """Alt text within Slack's limit."""
    return shorten(text, MAX_ALT)


def literal(text: str) -> str:
    """`text` for places that parse mathtext (tick labels): "$" stays a dollar sign."""
    return text.replace("$", r"\$")


def put_text(axes: Axes, x: float, y: float, text: str, **style: Any) -> None:
    """Text from the data on `axes`, mathtext off."""
    axes.text(x, y, text, parse_math=False, **style)


def put_message(axes: Axes, text: str) -> None:
    """`text` in the middle of empty `axes` (a picture with nothing to draw says why)."""
    axes.set_axis_off()
    put_text(
        axes,
        0.5,
        0.5,
        text,
        ha="center",
        va="center",
        fontsize=15,
        color="#555555",
        wrap=True,
        transform=axes.transAxes,
    )


#: Font sizes (points at DPI): large enough to read at Slack's thumbnail size
#: (a 1200 x 900 picture is shown about 480 pixels wide before it is opened).
TITLE_SIZE = 21
SUBTITLE_SIZE = 13
LEGEND_SIZE = 12
LABEL_SIZE = 11
#: Room for one line of title or subtitle across the picture, in pixels.
LINE_WIDTH = 0.96 * WIDTH
SUBTITLE_LINES = 2
_MEASURING = threading.Lock()


def drawable(text: str) -> bool:
    """True when the pictures' font has a glyph for every character of `text`.

    Scripts the font lacks (Chinese, most emoji) draw as boxes: a title made
    of them says nothing, so callers say what it is instead.
    """
    font = _font(False)
    with _MEASURING:
        return all(char.isspace() or font.get_char_index(ord(char)) for char in text)


#: A text keeps its title when at least this share of its characters (spaces aside) can be drawn.
READABLE_SHARE = 0.8


def readable_part(text: str) -> str | None:
    """`text` without the characters the pictures' font lacks, or None when too little is left.

    A Latin text with an emoji or a CJK bracket in it still reads well
    without them; one mostly in a script the font lacks does not, and its
    caller says what it is instead (the alt text quotes it whole).
    """
    font = _font(False)
    with _MEASURING:
        kept = [c for c in text if c.isspace() or font.get_char_index(ord(c))]
    shown = sum(not c.isspace() for c in kept)
    total = sum(not c.isspace() for c in text)
    if not shown or shown < READABLE_SHARE * total:
        return None
    return " ".join("".join(kept).split())


@functools.cache
def _font(bold: bool) -> Any:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    weight = "bold" if bold else "normal"
    return FT2Font(font_manager.findfont(font_manager.FontProperties(weight=weight)))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Pixels `text` takes on one line at `size` points (as matplotlib draws it, near enough)."""
    font = _font(bold)
    with _MEASURING:
        font.set_size(size, DPI)
        font.set_text(text)
        return float(font.get_width_height()[0]) / 64


def fit_line(text: str, size: float, *, bold: bool = False, width: float = LINE_WIDTH) -> str:
    """`text` on one line, cut with an ellipsis where it would run past `width` pixels."""
    line = " ".join(text.split())
    if text_width(line, size, bold=bold) <= width:
        return line
    low, high = 1, len(line)
    while low < high:  # the longest cut that fits
        middle = (low + high + 1) // 2
        if text_width(cut(line, middle), size, bold=bold) <= width:
            low = middle
        else:
            high = middle - 1
    return cut(line, low)


def title_line(text: str) -> str:
    """A title on one line that fits across the picture (cut with an ellipsis)."""
    return fit_line(text, TITLE_SIZE, bold=True)


def subtitle_lines(text: str) -> str:
    """A subtitle wrapped to at most SUBTITLE_LINES lines that fit (the last cut with an ellipsis).

    Lines the caller breaks with a newline stay broken there.
    """
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split():
            longer = f"{line} {word}" if line else word
            if line and text_width(longer, SUBTITLE_SIZE) > LINE_WIDTH:
                lines.append(line)
                line = word
            else:
                line = longer
        lines.append(line)
    if len(lines) > SUBTITLE_LINES:
        lines = [*lines[: SUBTITLE_LINES - 1], " ".join(lines[SUBTITLE_LINES - 1 :])]
    return "\n".join(fit_line(line, SUBTITLE_SIZE) for line in lines)


def put_titles(figure: Figure, title: str, subtitle: str) -> None:
    """The picture's title and subtitle at the top (made to fit), and its signature at the bottom."""
    figure.text(
        0.02,
        0.975,
        title_line(title),
        fontsize=TITLE_SIZE,
        fontweight="bold",
        va="top",
        parse_math=False,
    )
    if subtitle:
        figure.text(
            0.02,
            0.925,
            subtitle_lines(subtitle),
            fontsize=SUBTITLE_SIZE,
            color="#444444",
            va="top",
            linespacing=1.3,
            parse_math=False,
        )
    figure.text(0.99, 0.008, "cibwatch", fontsize=9, color="#999999", ha="right", va="bottom")


def when(ts: int) -> str:
    """A UTC date and time."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def day(ts: int) -> str:
    """A UTC date."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def platform_words(platforms: dict[str, int]) -> str:
    """"x (12), telegram (2) and medium (1)": platforms by accounts, most first."""
    parts = [
        f"{name} ({n:,})" for name, n in sorted(platforms.items(), key=lambda i: (-i[1], i[0]))
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def flag_legend(present: set[str | None], *, size: float, face: str, edge: float) -> list[Any]:
    """Legend entries for the reviewer labels that appear in a picture."""
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=size,
            markerfacecolor=face,
            markeredgecolor=FLAG_COLOURS[label],
            markeredgewidth=edge,
            label=FLAG_WORDS[label],
        )
        for label in ("coordinated", "watch", "benign")
        if label in present
    ]
