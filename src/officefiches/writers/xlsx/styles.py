"""How the workbook's cells and charts look (XlsxWriter options, colours from writers/look.py):
the cell formats every sheet uses (`formats`, `Book.fmt`), Excel number formats, chart fonts,
data labels and the axes of ranked bar charts."""

from __future__ import annotations

from officefiches.writers import look

FONT = "Arial"  # the cells' font, and the charts' (every chart text names it)

# Excel number formats; Excel and LibreOffice show them with the reader's separators.
NUM_MEUR = "#,##0.0"
NUM_EUROS = "#,##0"
NUM_PCT1 = '0.0"\u202f"%'
NUM_PCT2 = '0.00"\u202f"%'
NUM_SIGNED = '+#,##0.0;"\u2212"#,##0.0;0.0'
NUM_FLOW = '#,##0.0;"\u2212"#,##0.0;"\u2013"'  # an empty cell of a matrix shows "–"
NUM_PCT_SIGNED = '+0.0"\u202f"%;"\u2212"0.0"\u202f"%;0.0"\u202f"%'  # a change in percent
NUM_INDEX = "0.000"  # Herfindahl index


def font(size: float, bold: bool = False, color: str | None = None) -> dict:
    """A chart text's font: the cells' (Arial), not the theme's (Calibri)."""
    found = {"name": FONT, "size": size, "bold": bold}
    if color is not None:
        found["color"] = look.xl(color)
    return found


def data_labels(num_format: str) -> dict:
    """Values over the bars; a value that rounds to zero shows nothing (the number format's
    third part is empty), so an empty bar carries no « 0,0 »."""
    parts = num_format.split(";")
    positive = parts[0]
    negative = parts[1] if len(parts) > 1 else "-" + positive
    return {"value": True, "num_format": f"{positive};{negative};", "font": font(8)}


def formats(workbook) -> dict:
    accent, text, white = look.xl(look.ACCENT), look.xl(look.TEXT), look.xl(look.WHITE)
    red, green, neg_red = look.xl(look.HIGHLIGHT), look.xl(look.POSITIVE), look.xl(look.NEGATIVE)
    muted = look.xl(look.MUTED)

    def add(**props):
        return workbook.add_format({"font_name": "Arial", "font_size": 10, **props})

    border = {"border": 1, "border_color": look.xl(look.CELL_BORDER)}
    header = dict(bold=True, font_color=white, bg_color=accent, text_wrap=True, valign="vcenter")
    return {
        "title": add(bold=True, font_size=15, font_color=accent),
        "subtitle": add(bold=True, font_size=12, font_color=accent),
        "banner": add(bold=True, font_size=12, font_color=white, bg_color=neg_red, align="center"),
        "label": add(bold=True, font_color=text, valign="top"),
        "text": add(font_color=text, valign="top"),
        "wrap": add(font_color=text, text_wrap=True, valign="top"),
        "note": add(italic=True, font_size=9, font_color=look.xl(look.NOTE)),
        "wrap_note": add(
            italic=True, font_size=9, font_color=look.xl(look.NOTE), text_wrap=True, valign="top"
        ),
        "input": add(font_color=text, bg_color=look.xl(look.INPUT), **border),
        "input_wrap": add(
            font_color=text, bg_color=look.xl(look.INPUT), text_wrap=True, valign="top", **border
        ),
        "header": add(**header, **border),
        "header_center": add(**header, align="center", **border),
        "label_cell": add(bold=True, font_color=text, **border),
        "cell": add(font_color=text, **border),
        "cell_wrap": add(font_color=text, text_wrap=True, **border),
        "code": add(font_color=text, align="center", **border),
        "rank": add(font_color=text, align="center", **border),
        "meur": add(num_format=NUM_MEUR, **border),
        "signed": add(num_format=NUM_SIGNED, **border),
        "pct1": add(num_format=NUM_PCT1, **border),
        "pct2": add(num_format=NUM_PCT2, **border),
        "pct_signed": add(num_format=NUM_PCT_SIGNED, align="right", **border),
        "index": add(num_format=NUM_INDEX, **border),
        "integer": add(num_format=NUM_EUROS, **border),
        # numbers fixed when the workbook was written (not formulas), in grey italics
        "index_fixed": add(num_format=NUM_INDEX, italic=True, font_color=muted, **border),
        "pct1_fixed": add(num_format=NUM_PCT1, italic=True, font_color=muted, **border),
        "integer_fixed": add(num_format=NUM_EUROS, italic=True, font_color=muted, **border),
        "axis": add(num_format=NUM_MEUR, font_color=look.xl(look.AXIS_CELL), italic=True, **border),
        "total": add(num_format=NUM_MEUR, bold=True, top=2, **border),
        "total_label": add(bold=True, top=2, **border),
        "flow": add(num_format=NUM_FLOW, **border),
        "flow_red": add(num_format=NUM_FLOW, bold=True, font_color=red, border=2, border_color=red),
        "positive": workbook.add_format({"font_color": green, "bold": True}),
        "negative": workbook.add_format({"font_color": neg_red, "bold": True}),
        "data_int": add(num_format=NUM_EUROS),
        "data_code": add(align="center"),
        "data_header": add(bold=True, text_wrap=True, valign="vcenter", bottom=1),
    }


def rank_order_axes(chart, value_axis: dict, low_labels: bool = False) -> None:
    """Bar chart axes: categories from top to bottom in rank order, values along the bottom.

    In an XlsxWriter bar chart `x_axis` is the horizontal (value) axis and `y_axis` the vertical
    (category) axis. Reversing the categories moves the value axis to the top unless it crosses
    the category axis at its maximum.
    """
    category = {"reverse": True, "crossing": "max", "num_font": font(8)}
    if low_labels:  # beside the left edge of the plot, not on the zero line between the bars
        category["label_position"] = "low"
    chart.set_y_axis(category)
    grid = {"visible": True, "line": {"color": look.xl(look.GRIDLINES)}}
    chart.set_x_axis({"num_font": font(8), "major_gridlines": grid, **value_axis})
