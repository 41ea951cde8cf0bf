"""Evidence pictures: the cluster graph, the posting-hours heatmap and the push timeline.

Presentation only, like the Block Kit builders: each function takes plain
data (accounts, ties, timestamps) and returns a `Picture`, a PNG of
WIDTH x HEIGHT pixels with alt text stating the key figures. Nothing here
reads the store; bot.pictures gathers the data.

Matplotlib is imported when the first picture is drawn (not when this module
is), draws on its Agg canvas (no display, no pyplot state), and draws one
picture at a time: its text layout caches are not safe across threads. Text
from the data (handles, post texts) is shown with mathtext off, so a "$" in a
handle stays a dollar sign.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from detection.features import SHIFT_HOURS, WORKDAYS, ShiftClock

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH = 1200
HEIGHT = 900
DPI = 100
#: Slack shows at most this many characters of a file's alt text.
MAX_ALT = 1000
#: Layout seed: the same cluster is drawn the same way every time.
LAYOUT_SEED = 7
#: Spring-layout iterations: enough for 300 nodes to settle, few enough to stay fast.
LAYOUT_ITERATIONS = 30
#: More nodes than this are not readable: the densest core is drawn instead.
MAX_NODES = 300
#: At most this many ties are drawn (the strongest); the title gives the full count.
MAX_DRAWN_EDGES = 2000
#: Below this many nodes every node is labelled; above, only checked, flagged and hubs.
LABEL_ALL_BELOW = 40
#: Timeline rows (accounts) labelled by handle up to this many.
MAX_ROW_LABELS = 40

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
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


@dataclass(frozen=True)
class GraphNode:
    """An account in the cluster graph."""

    key: int
    label: str  # platform:@handle
    platform: str
    activity: int  # posts in the store
    checked: bool = False
    flag: str | None = None  # current reviewer label


@dataclass
class GraphData:
    """What the cluster graph shows: accounts, weighted ties and what they are part of."""

    subject: str  # "Cluster #3" or "x:@name and its co-actors"
    nodes: list[GraphNode]
    edges: list[tuple[int, int, int]]  # (key a, key b, co-actions)
    accounts: int  # accounts in the cluster (shown or not)
    platforms: dict[str, int] = field(default_factory=dict)  # of the whole cluster
    checked_word: str = "checked account"


@dataclass
class HoursData:
    """What the heatmap shows: the subject's posting times beside everybody's."""

    subject: str  # "cluster #3" or "x:@name"
    accounts: int
    timestamps: list[int]
    baseline: list[int]  # a sample of every account's posting times
    zones: list[str]  # one row of panels per zone
    shift_zone: str | None = None  # the suspected operators' zone: office shifts outlined there
    shift_evidence: bool = False  # the verdict's evidence points to office shifts


@dataclass(frozen=True)
class PushPost:
    """One post of the pushed text or link."""

    label: str  # platform:@handle
    platform: str
    ts: int
    member: bool  # of the pictured cluster
    checked: bool = False
    flag: str | None = None


@dataclass
class PushData:
    """What the timeline shows: who posted one text or link when, around its biggest push."""

    what: str  # 'the text "..."', 'the link https://...'
    posts: list[PushPost]  # every post of the text or link read from the store, oldest first
    start: int  # the push: its first post
    end: int  # and its last
    accounts: int  # accounts in the push
    cluster_id: int | None = None
    pushes: int = 1  # pushes of this text or link in the store
    empty_reason: str = ""  # when there is no push: why


# ---------------------------------------------------------------------------
# Shared drawing helpers
# ---------------------------------------------------------------------------


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


def _draw(paint: Any) -> bytes:
    """Run `paint(figure)` on a fresh figure under the drawing lock; the PNG bytes."""
    with _DRAWING, warnings.catch_warnings():
        # Handles and texts in scripts DejaVu Sans lacks draw as boxes, not log spam.
        warnings.simplefilter("ignore", UserWarning)
        figure = _new_figure()
        paint(figure)
        return _png(figure)


def platform_colour(platform: str) -> str:
    """The colour of a platform, the same in every picture."""
    known = PLATFORM_COLOURS.get(platform.lower())
    if known:
        return known
    return SPARE_COLOURS[sum(platform.lower().encode()) % len(SPARE_COLOURS)]


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def alt(text: str) -> str:
    """Alt text within Slack's limit."""
    return shorten(text, MAX_ALT)


def _literal(text: str) -> str:
    """`text` for places that parse mathtext (tick labels): "$" stays a dollar sign."""
    return text.replace("$", r"\$")


def _text(axes: Axes, x: float, y: float, text: str, **style: Any) -> None:
    axes.text(x, y, text, parse_math=False, **style)


def _message(axes: Axes, text: str) -> None:
    axes.set_axis_off()
    _text(
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


def _titles(figure: Figure, title: str, subtitle: str) -> None:
    figure.text(0.02, 0.975, title, fontsize=17, fontweight="bold", va="top", parse_math=False)
    if subtitle:
        figure.text(0.02, 0.935, subtitle, fontsize=11, color="#444444", va="top", parse_math=False)
    figure.text(0.99, 0.008, "cibwatch", fontsize=8, color="#999999", ha="right", va="bottom")


def _when(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _day(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def _platform_words(platforms: dict[str, int]) -> str:
    parts = [
        f"{name} ({n:,})" for name, n in sorted(platforms.items(), key=lambda i: (-i[1], i[0]))
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# ---------------------------------------------------------------------------
# The cluster graph
# ---------------------------------------------------------------------------


def graph_picture(data: GraphData, filename: str = "graph.png") -> Picture:
    """The coordination graph: accounts coloured by platform, sized by activity, ties by weight.

    Nodes beyond MAX_NODES are not drawn (the caller passes the densest core
    and the full count in `data.accounts`); at most MAX_DRAWN_EDGES ties are
    drawn, the strongest. The layout is seeded, so the same data gives the
    same picture.
    """
    nodes = data.nodes[:MAX_NODES]
    shown = {n.key for n in nodes}
    edges = data.edges
    if len(data.nodes) > MAX_NODES or any(w <= 0 for _, _, w in edges):
        edges = [(a, b, w) for a, b, w in edges if a in shown and b in shown and w > 0]
    platforms = data.platforms or dict(Counter(n.platform for n in nodes))
    ties = len(edges)
    rest = data.accounts - len(nodes)
    among = f" among the densest {len(nodes):,} shown" if rest > 0 else ""
    title = (
        f"{data.subject}: {_plural(data.accounts, 'account')}, "
        f"{_plural(ties, 'co-action tie')}{among}"
    )
    core = f"{rest:,} more accounts not drawn; " if rest > 0 else ""
    subtitle = (
        f"{core}a tie joins two accounts that posted the same text, link or repost within "
        f"10 minutes; its width is how often they did"
    )
    strongest = max(edges, key=itemgetter(2), default=None)  # the first of the strongest
    labels = {n.key: n.label for n in nodes}
    checked = [n for n in nodes if n.checked]
    flagged = Counter(n.flag for n in nodes if n.flag)
    degree: Counter[int] = Counter()
    for a, b, _ in edges:
        degree[a] += 1
        degree[b] += 1
    on = f" on {_platform_words(platforms)}" if platforms else ""
    words = [
        f"{data.subject}: {_plural(data.accounts, 'account')}{on}, "
        f"{_plural(ties, 'co-action tie')}{among}"
    ]
    if strongest is not None:
        words.append(
            f"strongest tie: {labels[strongest[0]]} and {labels[strongest[1]]}, "
            f"{_plural(strongest[2], 'co-action')}"
        )
    for node in checked[:3]:
        words.append(f"{data.checked_word} {node.label} has {_plural(degree[node.key], 'tie')}")
    for label, n in sorted(flagged.items()):
        words.append(f"{_plural(n, 'account')} {FLAG_WORDS.get(label, label)}")
    if not edges and nodes:
        words.append("no co-action ties within 10 minutes")

    def paint(figure: Figure) -> None:
        _titles(figure, title, subtitle)
        axes = figure.add_axes((0.02, 0.03, 0.74, 0.86))
        axes.set_axis_off()
        if not nodes:
            _message(axes, f"{data.subject}: no accounts to draw")
            return
        drawn = drawn_ties(edges)
        positions = _layout(nodes, drawn)
        _draw_edges(axes, drawn, positions)
        handles = _draw_nodes(axes, nodes, positions, degree)
        alone = len(nodes) - len(degree)
        if edges and alone:
            _text(
                axes,
                0.0,
                0.0,
                f"bottom rows: {_plural(alone, 'account')} with no exact text, link or repost shared "
                "within 10 minutes (the sweep tied them through near-copies, hashtags or wider windows)",
                fontsize=9,
                color="#555555",
                transform=axes.transAxes,
            )
        if not edges:
            _text(
                axes,
                0.5,
                0.04,
                "no co-action ties: no text, link or repost posted together "
                "with another account within 10 minutes",
                ha="center",
                fontsize=11,
                color="#555555",
                transform=axes.transAxes,
            )
        figure.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.77, 0.89),
            frameon=False,
            fontsize=10,
            title="Legend",
            title_fontsize=11,
            alignment="left",
        )
        axes.margins(0.08)

    return Picture("graph", filename, title, _draw(paint), alt("; ".join(words) + "."))


def drawn_ties(edges: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The ties worth drawing, weakest first: the MAX_DRAWN_EDGES strongest, and each account's strongest.

    So a large dense cluster stays legible, and no account with a tie looks alone.
    Sorting is stable, so equal weights keep the caller's (deterministic) order.
    """
    ranked = sorted(edges, key=itemgetter(2), reverse=True)
    kept = ranked[:MAX_DRAWN_EDGES]
    seen = {node for a, b, _ in kept for node in (a, b)}
    nodes = {node for a, b, _ in edges for node in (a, b)}
    for edge in ranked[
        MAX_DRAWN_EDGES:
    ]:  # strongest first: the first seen per account is its strongest
        if len(seen) == len(nodes):
            break
        if edge[0] not in seen or edge[1] not in seen:
            kept.append(edge)
            seen.update(edge[:2])
    kept.reverse()
    return sorted(kept, key=itemgetter(2))


def _layout(nodes: Sequence[GraphNode], edges: Sequence[tuple[int, int, int]]) -> dict[int, Any]:
    """Seeded spring layout of the tied accounts; accounts without a tie in rows below them.

    The same data gives the same picture. Untied accounts are not left to the
    spring layout, which would fling them to the corners and squeeze the
    network into a corner of its own.
    """
    import networkx as nx

    tied = {node for a, b, _ in edges for node in (a, b)}
    keys = [n.key for n in nodes]
    positions: dict[int, Any] = {}
    if len(tied) == 1 or (len(tied) == 2 and len(edges) == 1):
        a, b = sorted(tied)[0], sorted(tied)[-1]
        positions = {a: (-0.5, 0.0), b: (0.5, 0.0)}
    elif tied:
        graph = nx.Graph()
        graph.add_nodes_from(k for k in keys if k in tied)
        graph.add_weighted_edges_from(edges)
        # Dense clusters would collapse into one blob at the default spacing.
        k = 1.5 / math.sqrt(len(tied))
        positions = dict(
            nx.spring_layout(
                graph, k=k, seed=LAYOUT_SEED, iterations=LAYOUT_ITERATIONS, weight="weight"
            )
        )
    alone = [k for k in keys if k not in tied]
    if not positions and len(alone) == 1:
        return {alone[0]: (0.0, 0.0)}
    per_row = 12
    bottom = min((float(y) for _, y in positions.values()), default=0.0)
    for i, key in enumerate(alone):
        row, column = divmod(i, per_row)
        count = min(per_row, len(alone) - row * per_row)
        x = -1.0 + 2.0 * (column + 0.5) / count if count > 1 else 0.0
        positions[key] = (x, bottom - 0.35 - 0.2 * row)
    return positions


def _draw_edges(
    axes: Axes, edges: Sequence[tuple[int, int, int]], positions: dict[int, Any]
) -> None:
    from matplotlib.collections import LineCollection

    if not edges:
        return
    drawn = edges  # weakest first, so the strong ties are drawn on top
    heaviest = max(w for _, _, w in drawn)
    segments = [(positions[a], positions[b]) for a, b, _ in drawn]
    widths = [0.4 + 3.0 * w / heaviest for _, _, w in drawn]
    alpha = 0.45 if len(drawn) < 300 else 0.18
    axes.add_collection(
        LineCollection(segments, linewidths=widths, colors="#5a6b7b", alpha=alpha, zorder=1)
    )


def _draw_nodes(
    axes: Axes, nodes: Sequence[GraphNode], positions: dict[int, Any], degree: Counter[int]
) -> list[Any]:
    from matplotlib.lines import Line2D

    top = max((n.activity for n in nodes), default=1) or 1
    sizes = {n.key: 40 + 460 * math.sqrt(max(n.activity, 0) / top) for n in nodes}
    if len(nodes) > 120:
        sizes = {k: s * 0.5 for k, s in sizes.items()}
    handles: list[Any] = []
    by_platform: dict[str, list[GraphNode]] = {}
    for node in nodes:
        by_platform.setdefault(node.platform, []).append(node)
    for platform in sorted(by_platform, key=lambda p: (-len(by_platform[p]), p)):
        group = by_platform[platform]
        colour = platform_colour(platform)
        axes.scatter(
            [positions[n.key][0] for n in group],
            [positions[n.key][1] for n in group],
            s=[sizes[n.key] for n in group],
            c=colour,
            edgecolors=[FLAG_COLOURS.get(n.flag or "", "white") for n in group],
            linewidths=[3.0 if n.flag in FLAG_COLOURS else 0.6 for n in group],
            zorder=3,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=10,
                markerfacecolor=colour,
                markeredgecolor="white",
                label=_literal(f"{platform} ({len(group):,})"),
            )
        )
    handles.extend(_flag_legend({n.flag for n in nodes}, size=10, face="#dddddd", edge=3))
    checked = [n for n in nodes if n.checked]
    if checked:
        axes.scatter(
            [positions[n.key][0] for n in checked],
            [positions[n.key][1] for n in checked],
            s=[sizes[n.key] * 2.2 + 120 for n in checked],
            facecolors="none",
            edgecolors=CHECKED_COLOUR,
            linewidths=2.5,
            zorder=4,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=14,
                markerfacecolor="none",
                markeredgecolor=CHECKED_COLOUR,
                markeredgewidth=2.5,
                label="checked",
            )
        )
    handles.append(Line2D([], [], color="#5a6b7b", linewidth=2.5, label="co-action tie"))
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=6,
            markerfacecolor="#cccccc",
            markeredgecolor="white",
            label="size: posts in store",
        )
    )
    if len(nodes) <= LABEL_ALL_BELOW:
        labelled = list(nodes)
    else:
        hubs = sorted(nodes, key=lambda n: (-degree[n.key], n.label))[:5]
        labelled = list(
            {n.key: n for n in [*checked, *(n for n in nodes if n.flag), *hubs]}.values()
        )
    # "@handle", or "platform:@handle" where one persona shows on two platforms.
    handles_seen = Counter(n.label.split(":", 1)[-1].lower() for n in nodes)
    short = {
        n.key: n.label
        if handles_seen[n.label.split(":", 1)[-1].lower()] > 1
        else n.label.split(":", 1)[-1]
        for n in nodes
    }
    for node in labelled[:60]:
        axes.annotate(
            short[node.key],
            positions[node.key],
            xytext=(8, 6) if node.checked else (5, 4),
            textcoords="offset points",
            fontsize=8 if len(nodes) > 15 else 10,
            fontweight="bold" if node.checked else "normal",
            color="#222222",
            zorder=5,
            parse_math=False,
        )
    return handles


# ---------------------------------------------------------------------------
# The posting-hours heatmap
# ---------------------------------------------------------------------------


def hour_grid(timestamps: Sequence[int], zone: str) -> list[list[int]]:
    """Posts per (weekday, hour) in `zone`: 7 rows (Mon..Sun) of 24 counts."""
    clock = ShiftClock(ZoneInfo(zone))
    grid = [[0] * 24 for _ in range(7)]
    # One time-zone conversion per hour with posts, not per post.
    for bucket, count in Counter(ts // 3600 for ts in timestamps).items():
        weekday, hour = clock.local(bucket * 3600)
        grid[weekday][hour] += count
    return grid


def shift_share(grid: list[list[int]]) -> float:
    """Share of an hour grid's posts in the office shifts (09–12, 14–18 on working days)."""
    total = sum(map(sum, grid))
    if not total:
        return 0.0
    inside = sum(grid[d][h] for d in WORKDAYS for lo, hi in SHIFT_HOURS for h in range(lo, hi))
    return inside / total


def _busiest(grid: list[list[int]]) -> tuple[int, int, int]:
    count, day, hour = max((grid[d][h], -d, -h) for d in range(7) for h in range(24))
    return -day, -hour, count


def _shift_words() -> str:
    return "/".join(f"{lo:02d}–{hi:02d}" for lo, hi in SHIFT_HOURS)


def hours_picture(data: HoursData, filename: str = "hours.png") -> Picture:
    """Hour of day x day of week, as shares of posts, beside the store's baseline, per zone."""
    zones = list(dict.fromkeys(data.zones)) or ["UTC"]
    n = len(data.timestamps)
    title = f"Posting hours of {data.subject}: {_plural(n, 'post')} by {_plural(data.accounts, 'account')}"
    subtitle = (
        f"share of posts per hour and weekday, beside a sample of {len(data.baseline):,} posts "
        "of all accounts in the store"
    )
    words = [
        f"Posting hours of {data.subject} ({_plural(data.accounts, 'account')}, {_plural(n, 'post')})"
    ]
    grids = {zone: hour_grid(data.timestamps, zone) for zone in zones}
    baseline_grids = {zone: hour_grid(data.baseline, zone) for zone in zones}
    if data.shift_zone in grids and n:
        mine = shift_share(grids[data.shift_zone])
        base = shift_share(baseline_grids[data.shift_zone])
        words.append(
            f"{round(100 * mine)}% of posts in office shifts {_shift_words()} {data.shift_zone} "
            f"Mon–Fri, against {round(100 * base)}% for all accounts"
            + (" (the verdict's timing evidence)" if data.shift_evidence else "")
        )
    if n:
        zone = zones[0]
        day, hour, count = _busiest(grids[zone])
        words.append(f"busiest hour {DAYS[day]} {hour:02d}:00 {zone} ({_plural(count, 'post')})")
        silent = sum(1 for h in range(24) if not any(grids[zone][d][h] for d in range(7)))
        words.append(f"no posts in {silent} of 24 hours")
    else:
        words.append("no posts in the store")

    def paint(figure: Figure) -> None:
        from matplotlib.patches import Rectangle
        from matplotlib.ticker import MaxNLocator

        _titles(figure, title, subtitle)
        rows = len(zones)
        grid_spec = figure.add_gridspec(
            rows, 2, left=0.06, right=0.95, top=0.86, bottom=0.11, hspace=0.2, wspace=0.22
        )
        columns: list[tuple[str, Sequence[int], dict[str, list[list[int]]]]] = [
            (data.subject, data.timestamps, grids),
            ("all accounts (sample)", data.baseline, baseline_grids),
        ]
        for column, (who, stamps, grids_of) in enumerate(columns):
            shares_of = {}
            for zone, grid in grids_of.items():
                total = sum(map(sum, grid))
                shares_of[zone] = [
                    [100 * c / total if total else 0.0 for c in line] for line in grid
                ]
            # One colour scale per column, so both zones of one subject read alike.
            top = max(
                (v for shares in shares_of.values() for line in shares for v in line), default=0
            )
            panels = []
            for row, zone in enumerate(zones):
                axes = figure.add_subplot(grid_spec[row, column])
                panels.append(axes)
                image = axes.imshow(
                    shares_of[zone],
                    aspect="auto",
                    cmap="YlOrRd",
                    interpolation="nearest",
                    vmin=0,
                    vmax=top or 1,
                )
                # Ticks only on the outer panels: ticks and their text are most of the drawing time.
                if column == 0:
                    axes.set_yticks(range(7), DAYS, fontsize=9)
                else:
                    axes.set_yticks([])
                last_row = row == len(zones) - 1
                if last_row:
                    hours = range(0, 24, 3)
                    axes.set_xticks(hours, [f"{h:02d}" for h in hours], fontsize=9)
                else:
                    axes.set_xticks([])
                if last_row:
                    axes.set_xlabel("hour of day, in the zone named above each panel", fontsize=9)
                heading = f"{who} · {zone}"
                if zone == data.shift_zone and stamps:
                    heading += f" · {round(100 * shift_share(grids_of[zone]))}% in shifts"
                axes.set_title(shorten(heading, 64), fontsize=11, loc="left", parse_math=False)
                if not stamps:
                    _text(
                        axes,
                        11.5,
                        3,
                        "no posts",
                        ha="center",
                        va="center",
                        fontsize=13,
                        color="#555555",
                    )
                if zone == data.shift_zone:
                    days = sorted(WORKDAYS)
                    for lo, hi in SHIFT_HOURS:
                        axes.add_patch(
                            Rectangle(
                                (lo - 0.5, days[0] - 0.5),
                                hi - lo,
                                len(days),
                                fill=False,
                                edgecolor="#08519c",
                                linewidth=2,
                                linestyle="--",
                            )
                        )
            colourbar = figure.colorbar(image, ax=panels, fraction=0.04, pad=0.02)
            colourbar.set_label("% of posts", fontsize=9)
            colourbar.locator = MaxNLocator(5)
            colourbar.update_ticks()
        if data.shift_zone:
            from matplotlib.lines import Line2D

            figure.legend(
                handles=[
                    Line2D(
                        [],
                        [],
                        color="#08519c",
                        linestyle="--",
                        linewidth=2,
                        label=f"office shifts {_shift_words()} Mon–Fri, "
                        f"{data.shift_zone} (Spamouflage's reported hours)",
                    )
                ],
                loc="lower left",
                bbox_to_anchor=(0.06, 0.0),
                frameon=False,
                fontsize=10,
            )

    return Picture("hours", filename, title, _draw(paint), alt("; ".join(words) + "."))


# ---------------------------------------------------------------------------
# The push timeline
# ---------------------------------------------------------------------------


def _unit(seconds: int) -> tuple[str, int]:
    if seconds <= 900:
        return "seconds", 1
    if seconds <= 3 * 3600:
        return "minutes", 60
    return "hours", 3600


def push_picture(data: PushData, filename: str = "push.png") -> Picture:
    """Who posted a text or link when: seconds from the push's first post, one row per account.

    Above, every post of it in the store over time, the push shaded, so a
    burst stands out against organic sharing.
    """
    if not data.posts or data.accounts < 2:
        reason = data.empty_reason or f"no push of {data.what}"
        title = "Push timeline: no push"

        def paint_empty(figure: Figure) -> None:
            _titles(figure, title, "")
            _message(figure.add_axes((0.05, 0.05, 0.9, 0.85)), reason)

        return Picture(
            "push", filename, title, _draw(paint_empty), alt(f"Push timeline: {reason}.")
        )
    pad = max(60, (data.end - data.start) // 4)
    window = [p for p in data.posts if data.start - pad <= p.ts <= data.end + pad]
    in_push = [p for p in window if data.start <= p.ts <= data.end]
    push_accounts = list(dict.fromkeys(p.label for p in in_push))
    members = len({p.label for p in in_push if p.member})
    flagged = len({p.label for p in in_push if p.flag})
    seconds = data.end - data.start
    title = f"Push of {shorten(data.what, 80)}"
    cluster = f"cluster #{data.cluster_id}" if data.cluster_id is not None else ""
    in_cluster = f"; {members:,} of them in {cluster}" if cluster else ""
    subtitle = (
        f"{_plural(len(push_accounts), 'account')} within {seconds:,} s from {_when(data.start)}"
        f"{in_cluster}\n{_plural(len(data.posts), 'post')} of it in the store "
        f"from {_day(data.posts[0].ts)} to {_day(data.posts[-1].ts)}, "
        f"{_plural(data.pushes, 'push', 'pushes')}"
    )
    words = [
        f"Push timeline of {shorten(data.what, 200)}: {_plural(len(push_accounts), 'account')} "
        f"posted it within {seconds:,} seconds from {_when(data.start)}",
    ]
    if cluster:
        words.append(f"{members:,} of them in {cluster}")
    if flagged:
        words.append(f"{flagged:,} flagged by reviewers")
    checked = [p for p in in_push if p.checked]
    if checked:
        first = checked[0]
        lag = first.ts - data.start
        words.append(
            f"{first.label} posted it first"
            if lag == 0
            else f"{first.label} posted it {lag:,} s after the first"
        )
    words.append(
        f"{_plural(len(data.posts), 'post')} of it in the store, {_plural(data.pushes, 'push', 'pushes')}"
    )

    def paint(figure: Figure) -> None:
        from matplotlib.lines import Line2D

        _titles(
            figure,
            shorten(title, 95),
            "\n".join(shorten(line, 150) for line in subtitle.split("\n")),
        )
        # The strip of the text's or link's whole life, when it has more than this push.
        if len(data.posts) > len(window) or data.pushes > 1:
            grid_spec = figure.add_gridspec(
                2, 1, height_ratios=(1, 4), left=0.2, right=0.9, top=0.83, bottom=0.08, hspace=0.35
            )
            _draw_history(figure.add_subplot(grid_spec[0]), data)
            axes = figure.add_subplot(grid_spec[1])
        else:
            axes = figure.add_axes((0.2, 0.08, 0.7, 0.76))
        unit, size = _unit(data.end + pad - (data.start - pad))
        rows: dict[str, int] = {}
        for post in window:
            rows.setdefault(post.label, len(rows))
        xs = [(p.ts - data.start) / size for p in window]
        ys = [rows[p.label] for p in window]
        axes.scatter(
            xs,
            ys,
            s=60 if len(rows) <= 100 else 25,
            c=[platform_colour(p.platform) if p.member else "white" for p in window],
            edgecolors=[
                FLAG_COLOURS.get(
                    p.flag or "", platform_colour(p.platform) if p.member else OUTSIDER_COLOUR
                )
                for p in window
            ],
            linewidths=[2.5 if p.flag else 1.2 for p in window],
            zorder=3,
        )
        stars = [(x, y) for x, y, p in zip(xs, ys, window, strict=True) if p.checked]
        if stars:
            axes.scatter(
                [x for x, _ in stars],
                [y for _, y in stars],
                s=260,
                marker="*",
                c=CHECKED_COLOUR,
                zorder=4,
            )
        axes.axvspan(0, seconds / size, color="#fdd0a2", alpha=0.35, zorder=0)
        axes.set_xlabel(f"{unit} from the push's first post ({_when(data.start)})", fontsize=10)
        # First poster at the bottom: rows climb as the push grows, like "accounts so far".
        axes.set_ylim(-0.7, len(rows) - 0.3)
        if len(rows) <= MAX_ROW_LABELS:
            axes.set_yticks(
                list(rows.values()), [_literal(shorten(label, 32)) for label in rows], fontsize=8
            )
        else:
            axes.set_yticks([])
            axes.set_ylabel(f"{len(rows):,} accounts, in order of first post", fontsize=10)
        axes.set_xlim(-pad / size, (seconds + pad) / size)
        axes.grid(axis="x", color="#eeeeee")
        cumulative = axes.twinx()
        seen: set[str] = set()
        so_far = []
        for post in window:
            seen.add(post.label)
            so_far.append(len(seen))
        cumulative.step(xs, so_far, where="post", color="#31a354", linewidth=1.5, alpha=0.7)
        # The posts above the line: a twin axes is drawn over its twin unless told otherwise.
        axes.set_zorder(cumulative.get_zorder() + 1)
        axes.patch.set_visible(False)
        cumulative.set_ylabel("accounts so far", color="#31a354", fontsize=10)
        cumulative.set_ylim(0.3, len(rows) + 0.7)  # the count k sits on row k - 1
        handles = []
        if cluster:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=8,
                    markerfacecolor="#1f77b4",
                    markeredgecolor="#1f77b4",
                    label=f"member of {cluster} (colour: platform)",
                )
            )
        if any(not p.member for p in window):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=8,
                    markerfacecolor="white",
                    markeredgecolor=OUTSIDER_COLOUR,
                    label="other account" if cluster else "account",
                )
            )
        handles += [
            Line2D(
                [],
                [],
                marker="*",
                linestyle="",
                markersize=13,
                color=CHECKED_COLOUR,
                label="checked account",
            ),
            Line2D([], [], color="#31a354", linewidth=2, label="accounts so far"),
        ]
        handles.extend(_flag_legend({p.flag for p in window}, size=8, face="white", edge=2.5))
        axes.legend(handles=handles, loc="lower right", fontsize=9, framealpha=0.9)

    return Picture("push", filename, title, _draw(paint), alt("; ".join(words) + "."))


#: Histogram buckets of the history strip: (seconds, name), the finest giving at most 80 bars.
BUCKETS = (
    (60, "minute"),
    (300, "5 minutes"),
    (900, "15 minutes"),
    (3600, "hour"),
    (6 * 3600, "6 hours"),
    (86400, "day"),
    (7 * 86400, "week"),
)


def _draw_history(axes: Axes, data: PushData) -> None:
    """Posts of the text or link over its whole life in the store, the push shaded."""
    first, last = data.posts[0].ts, data.posts[-1].ts
    span = max(last - first, 1)
    bucket, name = next(((b, n) for b, n in BUCKETS if span / b <= 80), BUCKETS[-1])
    if span > 2 * 86400:
        unit, size = "days", 86400
    elif span > 3 * 3600:
        unit, size = "hours", 3600
    else:
        unit, size = "minutes", 60
    counts = Counter((p.ts - first) // bucket for p in data.posts)
    keys = sorted(counts)
    bins = range(keys[-1] + 2)
    # One artist for all the bars (a bar chart would make one per bucket).
    axes.stairs(
        [counts.get(k, 0) for k in bins[:-1]],
        [k * bucket / size for k in bins],
        fill=True,
        color="#6b6ecf",
        zorder=2,
    )
    lo = (data.start - first) / size
    axes.axvspan(
        lo,
        max((data.end - first) / size, lo + bucket / size),
        color="#fd8d3c",
        alpha=0.35,
        zorder=1,
    )
    axes.set_xlim(0, max(span, bucket) / size * 1.02)
    scale = ""
    if max(counts.values()) > 20:
        # A log scale, so a few organic shares stay visible beside a push of hundreds.
        axes.set_yscale("symlog", linthresh=1)
        scale = " (log)"
    axes.set_ylabel(f"posts / {name}{scale}", fontsize=9)
    axes.set_xlabel(f"{unit} from its first post in the store ({_when(first)})", fontsize=9)
    axes.set_title("every post of it in the store (the push shaded)", fontsize=10, loc="left")


def _flag_legend(present: set[str | None], *, size: float, face: str, edge: float) -> list[Any]:
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
