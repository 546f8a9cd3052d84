"""The DrawingML snippets (drawing.py), tested directly: well-formed, in slide coordinates,
text escaped and cleaned, every fill explicit."""

from __future__ import annotations

from lxml import etree

from officefiches.writers.pptx import drawing
from officefiches.writers.pptx.drawing import Box, Para, Run, TableCell, para

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
BOX = Box(100, 200, 3000, 4000)


def parse(xml: str):
    return etree.fromstring(xml.encode())


def test_text_box_is_well_formed_escaped_and_cleaned():
    runs = (Run("A & B < C \x01fin", 12.5, bold=True, color="123456"),)
    shape = parse(drawing.text_xml(BOX, [Para(runs, align="ctr")], name='Nom "cité"'))
    assert shape.find(f"{P}nvSpPr/{P}cNvPr").get("name") == 'Nom "cité"'
    assert shape.find(f"{P}nvSpPr/{P}cNvSpPr").get("txBox") == "1"
    off, ext = shape.find(f".//{A}off"), shape.find(f".//{A}ext")
    assert (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy")) == (
        "100",
        "200",
        "3000",
        "4000",
    )
    run = shape.find(f".//{A}r")
    assert run.find(f"{A}t").text == "A & B < C fin"  # control character removed
    props = run.find(f"{A}rPr")
    assert (props.get("sz"), props.get("b"), props.get("lang")) == ("1250", "1", "fr-FR")
    assert props.find(f"{A}solidFill/{A}srgbClr").get("val") == "123456"
    assert props.find(f"{A}latin").get("typeface") == drawing.THEME_FONT == "+mn-lt"
    assert shape.find(f".//{A}pPr").get("algn") == "ctr"


def test_rectangle_fill_alpha_and_line():
    shape = parse(drawing.rect_xml(BOX, "ABCDEF", line="000000", line_width=1.5, alpha=0.6))
    fill = shape.find(f"{P}spPr/{A}solidFill/{A}srgbClr")
    assert fill.get("val") == "ABCDEF"
    assert fill.find(f"{A}alpha").get("val") == "60000"
    line = shape.find(f"{P}spPr/{A}ln")
    assert line.get("w") == str(drawing.points(1.5))
    assert shape.find(f"{P}nvSpPr/{P}cNvSpPr").get("txBox") is None  # a shape, not a text box
    empty = parse(drawing.rect_xml(BOX, None))
    assert empty.find(f"{P}spPr/{A}noFill") is not None


def test_band_is_a_closed_freeform_from_edge_to_edge():
    shape = parse(drawing.band_xml(1000, 5000, 300, 500, 800, 1000, "D62728"))
    off, ext = shape.find(f".//{A}off"), shape.find(f".//{A}ext")
    assert (int(off.get("x")), int(off.get("y"))) == (1000, 300)  # top of the higher end
    assert (int(ext.get("cx")), int(ext.get("cy"))) == (4000, 700)
    path = shape.find(f".//{A}path")
    points = [(int(p.get("x")), int(p.get("y"))) for p in path.iter(f"{A}pt")]
    assert points[0] == (0, 0) and points[3] == (4000, 500)  # left top → right top
    assert points[4] == (4000, 700) and points[-1] == (0, 200)  # right bottom → left bottom
    assert path[-1].tag == f"{A}close"


def test_group_keeps_slide_coordinates_and_strips_child_namespaces():
    children = [drawing.rect_xml(BOX, "FFFFFF"), drawing.text_xml(BOX, [para("x")])]
    xml = drawing.group_xml(children, drawing.bounds([BOX, Box(0, 0, 10, 10)]), "G", "alt")
    group = parse(xml)
    xfrm = group.find(f"{P}grpSpPr/{A}xfrm")
    assert xfrm.find(f"{A}off").attrib == xfrm.find(f"{A}chOff").attrib == {"x": "0", "y": "0"}
    assert xfrm.find(f"{A}ext").get("cx") == xfrm.find(f"{A}chExt").get("cx") == "3100"
    assert len(group.findall(f"{P}sp")) == 2
    assert xml.count("xmlns:a=") == 1  # declared once, on the group
    assert group.find(f"{P}nvGrpSpPr/{P}cNvPr").get("descr") == "alt"


def test_table_cells_span_merge_and_rules():
    cells = [
        TableCell((para("Groupe"),), "EEEEEE", "D5DAE1", span=2),
        TableCell((), "EEEEEE", "D5DAE1", merged=True),
    ]
    xml = drawing.table_xml(BOX, [1000, 2000], [(300, cells)], "T", "tableau", (10, 20))
    table = parse(xml)
    assert [int(c.get("w")) for c in table.iter(f"{A}gridCol")] == [1000, 2000]
    first, second = table.iter(f"{A}tc")
    assert first.get("gridSpan") == "2" and second.get("hMerge") == "1"
    props = first.find(f"{A}tcPr")
    assert (props.get("marL"), props.get("marT")) == ("10", "20")
    assert props.find(f"{A}lnB/{A}solidFill/{A}srgbClr").get("val") == "D5DAE1"
    assert props.find(f"{A}lnT/{A}noFill") is not None


def test_box_splits_and_insets():
    left, right = BOX.split_x(1000, 100)
    assert (left.w, right.x, right.w) == (1000, 1200, 1900)
    top, bottom = BOX.split_y(1000)
    assert (top.h, bottom.y, bottom.h) == (1000, 1200, 3000)
    assert BOX.inset(10, 20) == Box(110, 220, 2980, 3960)
    assert BOX.inset(5000).w == 0  # never negative


def test_group_children_lose_their_namespaces_only():
    """A child's namespace declarations are dropped (the group's root declares them), and
    nothing else: not the same text written in a child's run."""
    box = Box(0, 0, 10, 10)
    declared = f" {drawing.NSDECLS}"
    plain = [drawing.rect_xml(box, "FF0000"), drawing.text_xml(box, [para("x")])]
    tricky = plain + [drawing.text_xml(box, [para(f"texte{declared}")])]
    for children in (plain, tricky):
        group = drawing.group_xml(children, box, "Groupe", "")
        assert group.count(declared) == 1 + (children is tricky)  # the root's (and the run's)
        etree.fromstring(group)  # well-formed, every prefix declared
        expected = "".join(child.replace(declared, "", 1) for child in children)
        assert expected in group
