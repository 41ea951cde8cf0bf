"""The push timeline: who posted one text or link when, and its whole life in the store."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from services.pictures.canvas import (
    CHECKED_COLOUR,
    FLAG_COLOURS,
    LABEL_SIZE,
    LEGEND_SIZE,
    OUTSIDER_COLOUR,
    Picture,
    alt,
    day,
    draw_png,
    drawable,
    flag_legend,
    literal,
    platform_colour,
    plural,
    put_message,
    put_titles,
    readable_part,
    shorten,
    when,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Timeline rows (accounts) labelled by handle up to this many.
MAX_ROW_LABELS = 40


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
    channel: str = ""  # the sweep's channel of the key (copy_paste, co_link, co_repost, hashtag)


def _days(first: int, last: int) -> str:
    """ "on 2023-06-08" or "from 2023-06-08 to 2023-06-29"."""
    if day(first) == day(last):
        return f"on {day(first)}"
    return f"from {day(first)} to {day(last)}"


def _unit(seconds: int) -> tuple[str, int]:
    if seconds <= 900:
        return "seconds", 1
    if seconds <= 3 * 3600:
        return "minutes", 60
    return "hours", 3600


#: The push's shading, in the timeline and in the history strip above it.
PUSH_SHADE = "#fdae6b"
PUSH_EDGE = "#e6550d"
SO_FAR_COLOUR = "#31a354"


def push_picture(data: PushData, filename: str = "push.png") -> Picture:
    """Who posted on one key when: time from the push's first post, one row per account.

    Above, every post of it in the store over time, the push shaded, so a
    burst stands out against organic sharing.
    """
    if not data.posts or data.accounts < 2:
        reason = data.empty_reason or f"no push of {data.what}"
        title = "Push timeline: no push"

        def paint_empty(figure: Figure) -> None:
            put_titles(figure, title, "")
            put_message(figure.add_axes((0.05, 0.05, 0.9, 0.85)), reason)

        return Picture(
            "push", filename, title, draw_png(paint_empty), alt(f"Push timeline: {reason}.")
        )
    pad = max(60, (data.end - data.start) // 4)
    window = [p for p in data.posts if data.start - pad <= p.ts <= data.end + pad]
    in_push = [p for p in window if data.start <= p.ts <= data.end]
    push_accounts = list(dict.fromkeys(p.label for p in in_push))
    members = len({p.label for p in in_push if p.member})
    flagged = len({p.label for p in in_push if p.flag})
    seconds = data.end - data.start
    title = f"Push of {data.what}"
    if not drawable(title):
        title = (
            readable_part(title) or "Push of a text the font cannot show (the alt text quotes it)"
        )
    cluster = f"cluster #{data.cluster_id}" if data.cluster_id is not None else ""
    in_cluster = f"; {members:,} of them in {cluster}" if cluster else ""
    subtitle = (
        f"{plural(len(push_accounts), 'account')} within {seconds:,} s from {when(data.start)}"
        f"{in_cluster}\n{plural(len(data.posts), 'post')} of it in the store "
        f"{_days(data.posts[0].ts, data.posts[-1].ts)}, {plural(data.pushes, 'push', 'pushes')}"
    )
    words = [
        f"Push timeline of {shorten(data.what, 200)}: {plural(len(push_accounts), 'account')} "
        f"posted it within {seconds:,} seconds from {when(data.start)}",
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
        f"{plural(len(data.posts), 'post')} of it in the store, {plural(data.pushes, 'push', 'pushes')}"
    )

    def paint(figure: Figure) -> None:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch
        from matplotlib.ticker import MaxNLocator

        put_titles(figure, title, subtitle)
        # The legend has its own column at the right, clear of every mark.
        left, right = 0.22, 0.70
        # The strip of the key's whole life, when it has more than this push.
        if len(data.posts) > len(window) or data.pushes > 1:
            grid_spec = figure.add_gridspec(
                2,
                1,
                height_ratios=(1, 4),
                left=left,
                right=right,
                top=0.80,
                bottom=0.09,
                hspace=0.4,
            )
            _draw_history(figure.add_subplot(grid_spec[0]), data)
            axes = figure.add_subplot(grid_spec[1])
        else:
            axes = figure.add_axes((left, 0.09, right - left, 0.71))
        unit, size = _unit(data.end + pad - (data.start - pad))
        rows: dict[str, int] = {}
        for post in window:
            rows.setdefault(post.label, len(rows))
        xs = [(p.ts - data.start) / size for p in window]
        ys = [rows[p.label] for p in window]
        axes.scatter(
            xs,
            ys,
            s=80 if len(rows) <= 100 else 30,
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
                s=300,
                marker="*",
                c=CHECKED_COLOUR,
                zorder=4,
            )
        axes.axvspan(0, max(seconds, 1) / size, color=PUSH_SHADE, alpha=0.35, zorder=0)
        axes.set_xlabel(f"{unit} from the push's first post", fontsize=LABEL_SIZE)
        axes.tick_params(axis="x", labelsize=LABEL_SIZE - 1)
        # First poster at the bottom: rows climb as the push grows, like "accounts so far".
        axes.set_ylim(-0.7, len(rows) - 0.3)
        if len(rows) <= MAX_ROW_LABELS:
            label_size = LABEL_SIZE - 1 if len(rows) <= 20 else LABEL_SIZE - 3
            axes.set_yticks(
                list(rows.values()),
                [literal(shorten(label, 26)) for label in rows],
                fontsize=label_size,
            )
        else:
            axes.set_yticks([])
            axes.set_ylabel(f"{len(rows):,} accounts, in order of first post", fontsize=LABEL_SIZE)
        axes.set_xlim(-pad / size, (seconds + pad) / size)
        axes.grid(axis="x", color="#eeeeee")
        cumulative = axes.twinx()
        seen: set[str] = set()
        so_far = []
        for post in window:
            seen.add(post.label)
            so_far.append(len(seen))
        cumulative.step(xs, so_far, where="post", color=SO_FAR_COLOUR, linewidth=2, alpha=0.8)
        # The posts above the line: a twin axes is drawn over its twin unless told otherwise.
        axes.set_zorder(cumulative.get_zorder() + 1)
        axes.patch.set_visible(False)
        cumulative.set_ylabel("accounts so far", color=SO_FAR_COLOUR, fontsize=LABEL_SIZE)
        cumulative.set_ylim(0.3, len(rows) + 0.7)  # the count k sits on row k - 1
        cumulative.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        cumulative.tick_params(axis="y", labelsize=LABEL_SIZE - 1, colors=SO_FAR_COLOUR)
        handles: list[Any] = []
        member_platforms = sorted({p.platform for p in window if p.member})
        for platform in member_platforms:
            colour = platform_colour(platform)
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=10,
                    markerfacecolor=colour,
                    markeredgecolor=colour,
                    label=literal(f"member on {platform}"),
                )
            )
        if any(not p.member for p in window):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=10,
                    markerfacecolor="white",
                    markeredgecolor=OUTSIDER_COLOUR,
                    label=f"not in {cluster}" if cluster else "account",
                )
            )
        if stars:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="*",
                    linestyle="",
                    markersize=16,
                    color=CHECKED_COLOUR,
                    label="the checked account",
                )
            )
        handles.append(
            Patch(
                facecolor=PUSH_SHADE,
                alpha=0.35,
                label=f"the push ({seconds:,} s)",
            )
        )
        handles.append(Line2D([], [], color=SO_FAR_COLOUR, linewidth=2, label="accounts so far"))
        handles.extend(flag_legend({p.flag for p in window}, size=10, face="white", edge=2.5))
        figure.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.77, 0.80),
            title=f"{cluster}" if cluster else None,
            title_fontsize=LEGEND_SIZE,
            frameon=False,
            fontsize=LEGEND_SIZE - 1,
            alignment="left",
        )

    return Picture("push", filename, title, draw_png(paint), alt("; ".join(words) + "."))


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
    """Posts of the key over its whole life in the store, the push shaded."""
    from matplotlib.ticker import MaxNLocator

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
        facecolor=PUSH_SHADE,
        edgecolor=PUSH_EDGE,
        linewidth=1.5,
        alpha=0.7,
        zorder=3,
    )
    axes.set_xlim(0, max(span, bucket) / size * 1.02)
    scale = ""
    if max(counts.values()) > 20:
        # A log scale, so a few organic shares stay visible beside a push of hundreds.
        axes.set_yscale("symlog", linthresh=1)
        scale = " (log)"
    else:
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    axes.tick_params(labelsize=LABEL_SIZE - 2)
    axes.set_ylabel(f"posts / {name}{scale}", fontsize=LABEL_SIZE - 2)
    axes.set_xlabel(
        f"{unit} from its first post in the store ({day(first)})", fontsize=LABEL_SIZE - 2
    )
    axes.set_title(
        "every post of it in the store, the push shaded", fontsize=LABEL_SIZE, loc="left"
    )
