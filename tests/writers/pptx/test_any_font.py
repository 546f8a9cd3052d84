"""Any template, any font (issue 23): text is measured for the wider of Arial and DejaVu Sans, a
short compound name is never broken at its hyphen, value labels are no taller than their bars;
and, where LibreOffice and ../shared's tools are here, a deck in a 4:3 template and a deck in a
wider font render with no colliding text."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont

from officefiches.writers.pptx import charts, textfit
from officefiches.writers.pptx.charts import BarChart, Series
from officefiches.writers.pptx.drawing import inches
from tests.shared import SHARED, needs

SAMPLES = [
    "Aéronefs, engins spatiaux et leurs moteurs 429,0 M€",
    "Royaume-Uni",
    "Total des exportations : 1 879,3 millions d’euros",
    "Évolution 2023 → 2024",
    "Saint-Vincent-et-les-Grenadines",
    "1 104,4",
    "−59,7",
    "▲ +16,3 %",
    "Machines et équipements d’usage général 121,0 M€",
]


def real_width(font: TTFont, text: str, size: float) -> float:
    """`text`'s advance width in EMU at `size` points, from the font file."""
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    units = font["head"].unitsPerEm
    advance = sum(metrics[cmap[ord(c)]][0] for c in text if ord(c) in cmap)
    return advance / units * size * textfit.PT_EMU


@pytest.mark.parametrize("face", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_text_is_measured_at_least_as_wide_as_dejavu_sans(face):
    """DejaVu Sans (matplotlib ships it) is what LibreOffice draws for a missing template font,
    and as wide as Verdana: a text measured to fit fits in it."""
    font = TTFont(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / face)
    bold = "Bold" in face
    for text in SAMPLES:
        assert textfit.width(text, 12, bold) >= real_width(font, text, 12), text


def test_a_short_compound_name_is_never_broken_at_its_hyphen():
    for name in ("Royaume-Uni", "États-Unis", "Pays-Bas"):
        value = "51\u202f985,2\u00a0M€"  # as the slides write a value: one word
        text = f"{name} {value}"
        narrow = max(textfit.width(name, 10), textfit.width(value, 10)) + 1  # not both
        lines = textfit.fit_lines(text, 10, narrow, 2)
        assert lines is not None and lines[0] == name, lines
        assert textfit.fit_lines(name, 10, textfit.width(name, 10) - 1, 2) is None


def test_a_long_compound_word_may_break_after_its_hyphen():
    word = "Bosnie-Herzégovine"
    lines = textfit.fit_lines(word, 10, textfit.width("Herzégovine", 10) + 1, 2)
    assert lines == ["Bosnie-", "Herzégovine"]


def test_value_labels_are_no_taller_than_their_bars():
    spec = BarChart("c", "", tuple("ABCDEFGHIJ"), (Series("a", (), ""), Series("b", (), "")))
    roomy, short = inches(5), inches(3.2)
    assert charts.value_size(spec, roomy) == charts.VALUE_SIZE
    small = charts.value_size(spec, short)
    bar = short / 10 / (2 + spec.gap_width / 100)
    assert charts.VALUE_FLOOR <= small < charts.VALUE_SIZE
    assert small * textfit.PT_EMU * textfit.LINE_HEIGHT <= bar
    assert charts.rows_that_fit(spec, inches(1)) < 10


# --- the renders ----------------------------------------------------------------------------

TOOLS = SHARED / "tools"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@needs(TOOLS / "collisions.py")
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) absent: nothing to render")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils absent")
def test_a_4_3_template_and_a_wider_font_render_without_colliding_text(tmp_path):
    from pptx import Presentation

    from officefiches.options import BuildOptions
    from officefiches.run.build import Reporter, run_build

    template = tmp_path / "modele-4-3.pptx"
    Presentation().save(template)  # python-pptx's own: 4:3, large centred titles, Calibri
    decks = []
    for name, extra in (("defaut", {}), ("quatre-tiers", {"template": template})):
        out = tmp_path / name
        options = BuildOptions(departments=("18",), out=out, demo_lines=20_000, jobs=1, **extra)
        report = run_build(options, Reporter())
        deck = tmp_path / f"{name}.pptx"  # each its own name: one PDF each
        shutil.copy(next(p for p in report.written if p.suffix == ".pptx"), deck)
        wide = tmp_path / f"{name}-large.pptx"
        widefont = [sys.executable, str(TOOLS / "widefont.py"), str(deck), str(wide)]
        subprocess.run(widefont, check=True, capture_output=True)
        decks += [deck, wide]
    pdfs = tmp_path / "pdf"
    profile = (tmp_path / "profil").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(pdfs), *map(str, decks)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    rendered = sorted(pdfs.glob("*.pdf"))
    assert len(rendered) == 4
    check = [sys.executable, str(TOOLS / "collisions.py"), *map(str, rendered)]
    found = subprocess.run(check, capture_output=True, text=True)
    assert found.returncode == 0, found.stdout + found.stderr
    broken = re.compile(r"\b(États|Royaume|Pays|Centre)-(\s{2,}|$)")  # a name cut at its hyphen
    for pdf in rendered:
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert not [line for line in text.splitlines() if broken.search(line)], pdf.name


def test_text_the_viewer_wraps_glues_short_compound_names():
    glued = textfit.glued("vers les États-Unis, le Royaume-Uni et la Bosnie-Herzégovine")
    assert "États\u2060-\u2060Unis" in glued and "Royaume\u2060-\u2060Uni" in glued
    assert "Bosnie-Herzégovine" in glued  # a long one may break after its hyphen
    assert textfit.glued("d'Eure-et-Loir") == "d'Eure\u2060-\u2060et\u2060-\u2060Loir"
    assert textfit.width(glued, 10) == textfit.width(glued.replace("\u2060", ""), 10)


def test_with_a_template_every_slide_is_in_the_templates_font(tmp_path):
    """One family per slide: titles in the template's placeholders and our texts and charts all
    in the template's theme fonts (Calibri for python-pptx's own), never Arial beside them."""
    import re
    import zipfile

    from pptx import Presentation

    from officefiches.options import BuildOptions
    from officefiches.run.build import Reporter, run_build

    template = tmp_path / "modele.pptx"
    Presentation().save(template)
    options = BuildOptions(
        departments=("18",), out=tmp_path / "out", demo_lines=20_000, jobs=1, template=template
    )
    deck = next(p for p in run_build(options, Reporter()).written if p.suffix == ".pptx")
    with zipfile.ZipFile(deck) as archive:
        names = [n for n in archive.namelist() if re.match(r"ppt/(slides|charts)/\w+\.xml$", n)]
        typefaces = set()
        for name in names:
            typefaces |= set(re.findall(rb'<a:latin typeface="([^"]*)"', archive.read(name)))
        theme = archive.read("ppt/theme/theme1.xml")
    assert len(names) > 16 and typefaces == {b"+mn-lt"}, typefaces
    assert b'<a:minorFont><a:latin typeface="Calibri"' in theme
