"""The cluster graph: who acts with whom, accounts coloured by platform, ties by weight.

A tie is a pair of accounts that took part in the same burst of the last
sweep (detection/ties.py): the co-actions a verdict's evidence lines count.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from detection.ties import Tie
from services.pictures.canvas import (
    CHECKED_COLOUR,
    FLAG_COLOURS,
    FLAG_WORDS,
    LABEL_SIZE,
    LEGEND_SIZE,
    Picture,
    alt,
    draw_png,
    flag_legend,
    literal,
    platform_colour,
    platform_words,
    plural,
    put_message,
    put_text,
    put_titles,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

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
    edges: list[Tie]  # between node keys, with the pushes shared per channel
    accounts: int  # accounts in the cluster (shown or not)
    platforms: dict[str, int] = field(default_factory=dict)  # of the whole cluster
    checked_word: str = "checked"  # how the ringed accounts are named ("checked", "shared the link:")
    swept: bool = True  # False before the first sweep: there are no ties yet


#: How each channel's ties read in a subtitle.
CHANNEL_WORDS = {
    "copy_paste": "texts",
    "co_link": "links",
    "co_repost": "reposts and replies",
    "hashtag": "hashtags",
}


def graph_picture(data: GraphData, filename: str = "graph.png") -> Picture:
    """The coordination graph: accounts coloured by platform, sized by activity, ties by weight.

    Nodes beyond MAX_NODES are not drawn (the caller passes the densest core
    and the full count in `data.accounts`); at most MAX_DRAWN_EDGES ties are
    drawn, the strongest. The layout is seeded, so the same data gives the
    same picture.
    """
    nodes = data.nodes[:MAX_NODES]
    shown = {n.key for n in nodes}
    edges: list[tuple[int, int, int]] = []
    by_channel: Counter[str] = Counter()
    for tie in data.edges:
        weight = sum(tie.counts.values())
        if tie.a in shown and tie.b in shown and weight > 0:
            edges.append((tie.a, tie.b, weight))
            for channel, n in tie.counts.items():
                if n > 0:
                    by_channel[channel] += 1
    platforms = data.platforms or dict(Counter(n.platform for n in nodes))
    ties = len(edges)
    rest = data.accounts - len(nodes)
    among = f" among the densest {len(nodes):,} shown" if rest > 0 else ""
    title = (
        f"{data.subject}: {plural(data.accounts, 'account')}, "
        f"{plural(ties, 'co-action tie')}{among}"
    )
    core = f"{rest:,} more accounts not drawn. " if rest > 0 else ""
    if not data.swept:
        how = "Not swept yet: ties are the bursts a sweep finds (run cibwatch sweep)."
    else:
        kinds = ", ".join(
            f"{CHANNEL_WORDS.get(c, c)} {n:,}"
            for c, n in sorted(by_channel.items(), key=lambda i: (-i[1], i[0]))
        )
        how = (
            "A tie: two accounts in the same burst of the last sweep (the same or near-same "
            "text, link, repost, reply or hashtags within minutes); its width: how many"
            + (f". By what was shared (a tie can be on several): {kinds}" if len(by_channel) > 1 else "")
            + "."
        )
    subtitle = core + how
    strongest = max(edges, key=itemgetter(2), default=None)  # the first of the strongest
    labels = {n.key: n.label for n in nodes}
    checked = [n for n in nodes if n.checked]
    flagged = Counter(n.flag for n in nodes if n.flag)
    degree: Counter[int] = Counter()
    for a, b, _ in edges:
        degree[a] += 1
        degree[b] += 1
    on = f" on {platform_words(platforms)}" if platforms else ""
    words = [
        f"{data.subject}: {plural(data.accounts, 'account')}{on}, "
        f"{plural(ties, 'co-action tie')}{among}"
    ]
    if by_channel:
        words.append(
            "ties on " + ", ".join(
                f"{CHANNEL_WORDS.get(c, c)} ({n:,})"
                for c, n in sorted(by_channel.items(), key=lambda i: (-i[1], i[0]))
            )
        )
    if strongest is not None:
        words.append(
            f"strongest tie: {labels[strongest[0]]} and {labels[strongest[1]]}, "
            f"{plural(strongest[2], 'co-action')}"
        )
    for node in checked[:3]:
        words.append(f"{data.checked_word} {node.label} has {plural(degree[node.key], 'tie')}")
    for label, n in sorted(flagged.items()):
        words.append(f"{plural(n, 'account')} {FLAG_WORDS.get(label, label)}")
    if not data.swept:
        words.append("not swept yet: no ties")
    elif not edges and nodes:
        words.append("no co-action ties: no burst shared with another account")

    def paint(figure: Figure) -> None:
        put_titles(figure, title, subtitle)
        # The legend has its own column at the right, so no label runs into it.
        axes = figure.add_axes((0.03, 0.05, 0.66, 0.78))
        axes.set_axis_off()
        if not nodes:
            put_message(axes, f"{data.subject}: no accounts to draw")
            return
        drawn = drawn_ties(edges)
        positions = _layout(nodes, drawn)
        _draw_edges(axes, drawn, positions)
        handles = _draw_nodes(axes, nodes, positions, degree, data.checked_word)
        alone = len(nodes) - len(degree)
        if edges and alone:
            put_text(
                axes,
                0.0,
                -0.04,
                f"bottom rows: {plural(alone, 'account')} with no burst shared with another "
                "account drawn here",
                fontsize=LABEL_SIZE,
                color="#555555",
                transform=axes.transAxes,
            )
        if not edges:
            put_text(
                axes,
                0.5,
                -0.04,
                "not swept yet: no ties to draw"
                if not data.swept
                else "no co-action ties: no burst shared with another account",
                ha="center",
                fontsize=LABEL_SIZE + 1,
                color="#555555",
                transform=axes.transAxes,
            )
        figure.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.72, 0.84),
            frameon=False,
            fontsize=LEGEND_SIZE,
            title="Legend",
            title_fontsize=LEGEND_SIZE + 1,
            alignment="left",
        )
        _fit(axes, positions)

    return Picture("graph", filename, title, draw_png(paint), alt("; ".join(words) + "."))


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


#: Accounts without a tie, per row below the network (room for their labels).
ALONE_PER_ROW = 6


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
    per_row = ALONE_PER_ROW if len(nodes) <= LABEL_ALL_BELOW else 20
    bottom = min((float(y) for _, y in positions.values()), default=0.0)
    for i, key in enumerate(alone):
        row, column = divmod(i, per_row)
        count = min(per_row, len(alone) - row * per_row)
        x = -1.0 + 2.0 * (column + 0.5) / count if count > 1 else 0.0
        positions[key] = (x, bottom - 0.35 - 0.25 * row)
    return positions


def _fit(axes: Axes, positions: dict[int, Any]) -> None:
    """Limits with room around the outermost nodes for their marks and labels."""
    xs = [float(x) for x, _ in positions.values()]
    ys = [float(y) for _, y in positions.values()]
    width = max(max(xs) - min(xs), 1.0)
    height = max(max(ys) - min(ys), 1.0)
    axes.set_xlim(min(xs) - 0.1 * width, max(xs) + 0.1 * width)
    axes.set_ylim(min(ys) - 0.08 * height, max(ys) + 0.1 * height)


def _draw_edges(
    axes: Axes, edges: Sequence[tuple[int, int, int]], positions: dict[int, Any]
) -> None:
    from matplotlib.collections import LineCollection

    if not edges:
        return
    drawn = edges  # weakest first, so the strong ties are drawn on top
    heaviest = max(w for _, _, w in drawn)
    segments = [(positions[a], positions[b]) for a, b, _ in drawn]
    widths = [0.6 + 4.0 * w / heaviest for _, _, w in drawn]
    alpha = 0.5 if len(drawn) < 300 else 0.2
    axes.add_collection(
        LineCollection(segments, linewidths=widths, colors=TIE_COLOUR, alpha=alpha, zorder=1)
    )


TIE_COLOUR = "#5a6b7b"


def _draw_nodes(
    axes: Axes,
    nodes: Sequence[GraphNode],
    positions: dict[int, Any],
    degree: Counter[int],
    checked_word: str,
) -> list[Any]:
    from matplotlib.lines import Line2D

    top = max((n.activity for n in nodes), default=1) or 1
    sizes = {n.key: 60 + 540 * math.sqrt(max(n.activity, 0) / top) for n in nodes}
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
                markersize=12,
                markerfacecolor=colour,
                markeredgecolor="white",
                label=literal(f"{platform} ({len(group):,})"),
            )
        )
    handles.extend(flag_legend({n.flag for n in nodes}, size=12, face="#dddddd", edge=3))
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
                markersize=15,
                markerfacecolor="none",
                markeredgecolor=CHECKED_COLOUR,
                markeredgewidth=2.5,
                label=checked_word.rstrip(":"),
            )
        )
    handles.append(Line2D([], [], color=TIE_COLOUR, linewidth=3, label="co-action tie"))
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
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
    xs = sorted(float(x) for x, _ in positions.values())
    middle = xs[len(xs) // 2] if xs else 0.0
    untied_rows: dict[float, int] = {}
    for node in labelled[:60]:
        x, y = (float(v) for v in positions[node.key])
        # Labels grow towards the middle, so none runs off the drawing or into the legend.
        offset, align = ((-8, 6), "right") if x > middle else ((8, 6), "left")
        if node.key not in degree:
            # Untied accounts stand in rows: their labels take turns above and below.
            turn = untied_rows.get(y, 0)
            untied_rows[y] = turn + 1
            offset, align = ((0, 10) if turn % 2 == 0 else (0, -18)), "center"
        axes.annotate(
            short[node.key],
            (x, y),
            xytext=offset,
            textcoords="offset points",
            ha=align,
            fontsize=LABEL_SIZE if len(nodes) <= 15 else LABEL_SIZE - 2,
            fontweight="bold" if node.checked else "normal",
            color="#222222",
            zorder=5,
            parse_math=False,
            # A light backing keeps a label readable over the ties it crosses.
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
        )
    return handles
