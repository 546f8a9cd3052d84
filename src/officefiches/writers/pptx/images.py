"""`--figures images`: the same Sankey and treemap layouts drawn by matplotlib as PNG pictures.

The figure has the physical size of the frame on the slide and its axes use slide EMU, so the
picture shows exactly what the native shapes would (fonts at the same point sizes).
"""

from __future__ import annotations

import io
from functools import cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path

from officefiches.writers import look
from officefiches.writers.pptx import sankey, textfit, treemap
from officefiches.writers.pptx.drawing import EMU_PER_INCH, Box

DPI = 150
FONTS = ("Arial", "Liberation Sans", "Arimo", "Helvetica", "DejaVu Sans")


@cache
def font_family() -> str:
    """The first of FONTS that matplotlib has (asking for a missing one logs a warning)."""
    from matplotlib import font_manager

    names = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in FONTS if name in names), "sans-serif")


def _canvas(box: Box):
    figure = Figure(figsize=(box.w / EMU_PER_INCH, box.h / EMU_PER_INCH), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(box.x, box.right)
    axes.set_ylim(box.bottom, box.y)  # y grows downwards, as on the slide
    axes.set_axis_off()
    return figure, axes


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", dpi=DPI, facecolor=_color(look.WHITE), metadata={"Software": None}
    )
    return buffer.getvalue()


def _color(hex_color: str, alpha: float | None = None):
    rgb = tuple(int(hex_color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (*rgb, 1.0 if alpha is None else alpha)


def _text(axes, x, y, text, size, ha="left", va="center", bold=False, color=look.TEXT):
    axes.text(
        x,
        y,
        text,
        fontsize=size,
        ha=ha,
        va=va,
        fontweight="bold" if bold else "normal",
        color=_color(color),
        family=font_family(),
        linespacing=textfit.LINE_HEIGHT,
    )


# --- Sankey -------------------------------------------------------------------------------


def sankey_png(plan: sankey.Layout) -> bytes:
    figure, axes = _canvas(plan.box)
    for band in plan.bands:
        axes.add_patch(PathPatch(_band_path(band), facecolor=_color(band.color, band.alpha), lw=0))
    for node in plan.nodes:
        box = node.box
        axes.add_patch(Rectangle((box.x, box.y), box.w, box.h, facecolor=_color(node.color), lw=0))
        _sankey_label(axes, node.label)
    for header in plan.headers:
        x = header.box.right if header.align == "r" else header.box.x
        ha = "right" if header.align == "r" else "left"
        _text(
            axes,
            x,
            header.box.y,
            header.lines[0],
            sankey.HEADER_SIZE,
            ha,
            "top",
            True,
            sankey.MUTED,
        )
    return _png(figure)


def _band_path(band: sankey.Band) -> Path:
    mid = (band.x0 + band.x1) / 2
    vertices = [
        (band.x0, band.top0),
        (mid, band.top0),
        (mid, band.top1),
        (band.x1, band.top1),
        (band.x1, band.bottom1),
        (mid, band.bottom1),
        (mid, band.bottom0),
        (band.x0, band.bottom0),
        (band.x0, band.top0),
    ]
    codes = [Path.MOVETO] + [Path.CURVE4] * 3 + [Path.LINETO] + [Path.CURVE4] * 3
    return Path(vertices, codes + [Path.CLOSEPOLY])


def _sankey_label(axes, label: sankey.Label) -> None:
    lines = list(label.lines)
    lines[-1] = f"{lines[-1]} {label.value}".strip()
    x = label.box.right if label.align == "r" else label.box.x
    ha = "right" if label.align == "r" else "left"
    center = label.box.y + label.box.h / 2
    _text(axes, x, center, "\n".join(lines), label.size, ha, "center")


# --- treemap ------------------------------------------------------------------------------


def treemap_png(plan: treemap.Layout) -> bytes:
    figure, axes = _canvas(plan.box)
    for tile in plan.tiles:
        box = tile.box
        axes.add_patch(
            Rectangle(
                (box.x, box.y),
                box.w,
                box.h,
                facecolor=_color(tile.fill),
                edgecolor=_color(look.WHITE),
                lw=1.5,
            )
        )
        if tile.name_lines:
            _tile_label(axes, tile)
        elif tile.number:
            x, y = box.x + box.w / 2, box.y + box.h / 2
            _text(
                axes, x, y, str(tile.number), tile.size, "center", "center", True, tile.text_color
            )
    for key in plan.keys:
        lines = "\n".join(key.lines)
        _text(
            axes, key.box.x, key.box.y, lines, plan.size, "left", "top", False, look.FLOWS[key.flux]
        )
    _legend(axes, plan)
    return _png(figure)


def _tile_label(axes, tile: treemap.Tile) -> None:
    x = tile.box.x + treemap.PADDING
    y = tile.box.y + treemap.PADDING
    names, figures = tile.name_lines, tile.figure_lines
    _text(axes, x, y, "\n".join(names), tile.size, "left", "top", True, tile.text_color)
    y += textfit.line_height(tile.size, len(names))
    _text(axes, x, y, "\n".join(figures), tile.size, "left", "top", False, tile.text_color)


def _legend(axes, plan: treemap.Layout) -> None:
    x = plan.box.x
    center = plan.box.y + treemap.LEGEND_HEIGHT / 2
    for text, color in plan.legend:
        _text(axes, x, center, "■", plan.size, "left", "center", False, color)
        x += textfit.width("■ ", plan.size)
        _text(axes, x, center, text, plan.size, "left", "center", True, color)
        x += textfit.width(text + "     ", plan.size, bold=True)
