"""A team's own texts, whatever the install: `officefiches texts` writes the built-in ones into a
folder, `--texts DOSSIER` (or textes/ of the configuration folder) puts each file present in the
built-in one's place; a file that cannot be read is refused, naming it."""

from __future__ import annotations

import os

import pytest
from pptx import Presentation

from officefiches import resources
from officefiches.cli import main
from tests import factories

SENTENCE = "Notre équipe a écrit cette phrase pour le comité."


@pytest.fixture
def runner():
    return factories.cli_runner()


def deck_text(path) -> str:
    slides = Presentation(path).slides
    parts = [shape.text_frame.text for s in slides for shape in s.shapes if shape.has_text_frame]
    parts += [s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide]
    return "\n".join(parts)


def team_folder(runner, folder):
    """The built-in texts written out, then changed as a team would: a sentence of the
    introduction, one title of textes.toml (the file cut down to it), a country's short name."""
    result = runner.invoke(main, ["texts", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    intro = folder / "introduction.md"
    text = intro.read_text(encoding="utf-8")
    marker = "Le programme Territoires d'industrie soutient"
    assert marker in text
    intro.write_text(text.replace(marker, SENTENCE + " " + marker), encoding="utf-8")
    (folder / "textes.toml").write_text(
        'titre_balance = "Notre balance maison"\n', encoding="utf-8"
    )
    (folder / "pays_courts.csv").write_text("code;court\nDE;Voisin numéro 1\n", encoding="utf-8")
    return folder


def test_texts_writes_every_editable_file_as_built_in_and_keeps_edited_ones(runner, tmp_path):
    folder = tmp_path / "textes"
    result = runner.invoke(main, ["texts", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(resources.EDITABLE)
    for name in resources.EDITABLE:
        assert (folder / name).read_text(encoding="utf-8") == resources.builtin_text(name)
    (folder / "contexte.md").write_text("# À nous\n", encoding="utf-8")
    again = runner.invoke(main, ["texts", "--out", str(folder)])
    assert again.exit_code == 0
    assert (folder / "contexte.md").read_text(encoding="utf-8") == "# À nous\n"
    assert "gardés" in again.stderr and "contexte.md" in again.stderr
    forced = runner.invoke(main, ["texts", "--out", str(folder), "--force"])
    assert forced.exit_code == 0
    assert (folder / "contexte.md").read_text(encoding="utf-8") == resources.builtin_text(
        "contexte.md"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])  # in the parent, and in worker processes
def test_build_and_deck_take_the_team_texts(runner, tmp_path, jobs):
    folder = team_folder(runner, tmp_path / "textes")
    out = tmp_path / "out"
    command = ["build", "-d", "18", "-d", "36", "--texts", str(folder), "--out", str(out)]
    result = runner.invoke(main, [*command, "-j", jobs])
    assert result.exit_code == 0, result.output
    assert "Textes de l'équipe" in result.stderr and "introduction.md" in result.stderr
    for name in ("18-cher", "36-indre"):
        shown = deck_text(out / "2024" / "centre-val-de-loire" / f"{name}.pptx")
        assert SENTENCE in shown
        assert "Notre balance maison" in shown  # the one key changed
        assert "Principales activités" in shown  # the keys the team left out: built-in
        assert "Voisin numéro 1" in shown
    workbook = out / "2024" / "centre-val-de-loire" / "18-cher.xlsx"
    deck = runner.invoke(main, ["deck", str(workbook), "--texts", str(folder), "--force"])
    assert deck.exit_code == 0, deck.output
    assert SENTENCE in deck_text(workbook.with_suffix(".pptx"))
    plain = runner.invoke(main, ["deck", str(workbook), "--force", "-q"])
    assert plain.exit_code == 0
    assert SENTENCE not in deck_text(workbook.with_suffix(".pptx"))  # none given, none used


def test_textes_of_the_configuration_folder_is_used_without_texts(runner, tmp_path):
    folder = team_folder(runner, resources.config_home() / "textes")
    assert folder.parent == resources.config_home()
    plain = runner.invoke(main, ["texts"])  # its default folder is that one
    assert plain.exit_code == 0 and "gardés" in plain.stderr
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "-d", "18", "--out", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert str(folder) in result.stderr
    assert SENTENCE in deck_text(out / "2024" / "centre-val-de-loire" / "18-cher.pptx")


@pytest.mark.parametrize(
    "name, content, said",
    [
        ("textes.toml", b'titre_balance = "pas de fin\n', "TOML"),
        ("classeur.toml", b"[synthese]\ntitre = 12\n", "entre guillemets"),
        ("introduction.md", "# Éléments\n".encode("latin-1"), "UTF-8"),
        ("a129_courts.csv", b"code,court\nA01Z,Agri\n", "code;court"),
        ("pays_courts.csv", b"code;court\nDE;Voisin;en trop\n", "ligne 2"),
    ],
)
def test_a_team_file_that_cannot_be_read_is_refused_naming_it(
    runner, tmp_path, name, content, said
):
    folder = tmp_path / "textes"
    folder.mkdir()
    (folder / name).write_bytes(content)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "-d", "18", "--texts", str(folder), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert str(folder / name) in result.stderr and said in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()  # refused before any work


def test_a_missing_texts_folder_and_unknown_files_are_said(runner, tmp_path):
    missing = runner.invoke(main, ["build", "-d", "18", "--texts", str(tmp_path / "nulle-part")])
    assert missing.exit_code == 2
    assert "officefiches texts --out" in missing.stderr
    folder = tmp_path / "textes"
    folder.mkdir()
    (folder / "intro.md").write_text("# Faute de nom\n", encoding="utf-8")
    out = str(tmp_path / "out")
    result = runner.invoke(main, ["build", "-d", "18", "--texts", str(folder), "--out", out])
    assert result.exit_code == 0, result.output
    assert "intro.md" in result.stderr and "introduction.md" in result.stderr


def test_a_run_without_team_texts_uses_the_built_in_ones_again(runner, tmp_path):
    folder = team_folder(runner, tmp_path / "textes")
    out = tmp_path / "out"
    with_texts = ["build", "-d", "23", "--texts", str(folder), "--out", str(out), "-j", "1"]
    assert runner.invoke(main, with_texts).exit_code == 0
    again = runner.invoke(main, ["build", "-d", "23", "--out", str(out), "--force", "-j", "1"])
    assert again.exit_code == 0
    deck = out / "2024" / "nouvelle-aquitaine" / "23-creuse.pptx"
    assert SENTENCE not in deck_text(deck)
    assert os.environ.get("OFFICEFICHES_CONFIG_DIR")  # the user's own folder is never read
