"""What a long command shows while it runs: the fiches written (build, deck), the data files
read, the bytes downloaded (data fetch). Click's bars redrawn in place on a terminal, plain
lines when piped, nothing with --quiet."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import click


def seconds(elapsed: float) -> str:
    from officefiches.formatting import number

    return f"{number(elapsed, 1)} s"


def counted(n: int, singular: str, plural: str) -> str:
    """ "1 échec", "2 échecs", "1 234 lignes" (French: 0 and 1 take the singular)."""
    from officefiches.formatting import integer

    return f"{integer(n)} {singular if n <= 1 else plural}"


def is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False


def bar(total: int, label: str, stream, width: int, **options):
    """Click's progress bar as every command draws it (full and empty cells)."""
    return click.progressbar(
        length=total,
        label=label,
        file=stream,
        width=width,
        fill_char="█",
        empty_char="·",
        **options,
    )


class CliReporter:
    """Written paths on stdout; warnings and progress on stderr.

    On a terminal, the progress is Click's bar redrawn in place; its line is wiped before a
    warning, or a path shown on the same screen, is printed, so nothing lands inside it. Piped
    (a log, a scheduler), one plain line per fiche. With --quiet, no progress (warnings show).
    """

    BAR_WIDTH = 20
    ITEM_WIDTH = 28

    def __init__(self, quiet: bool, out=None, err=None):
        self.quiet = quiet
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.live = not quiet and is_terminal(self.err)
        self.paths_on_screen = is_terminal(self.out)  # else the paths cannot touch the bar
        self.bar = None  # Click's progress bar, from the first finished fiche on
        self.drawn = False  # the bar's line is on screen and must be wiped before printing
        self.started = time.monotonic()
        self.file_started = self.started  # the data file being read
        self.cached = 0  # data files the cache served

    def warn(self, message: str) -> None:
        self._wipe()
        click.echo(f"Attention : {message}", file=self.err)

    def info(self, message: str) -> None:
        if not self.quiet:
            self._wipe()
            click.echo(message, file=self.err)

    def written(self, path: Path) -> None:
        if self.paths_on_screen:
            self._wipe()
        click.echo(str(path), file=self.out)

    def progress(self, done: int, total: int, label: str, failures: int = 0) -> None:
        if self.quiet:
            return
        if not self.live:
            failed = f", {failures} échec(s)" if failures else ""
            elapsed = seconds(time.monotonic() - self.started)
            click.echo(f"{done}/{total} fiches ({elapsed}{failed}) — {label}", file=self.err)
            return
        if self.bar is None:
            self.bar = bar(
                total,
                "Fiches",
                self.err,
                self.BAR_WIDTH,
                show_pos=True,
                show_percent=False,
                item_show_func=lambda item: item,
            )
        item = f"{failures} échec(s), {label}" if failures else label
        if len(item) > self.ITEM_WIDTH:  # the whole line fits in 80 columns, never wraps
            item = item[: self.ITEM_WIDTH - 1] + "…"
        self.bar.update(done - self.bar.pos, item)
        self.drawn = True
        if done >= total:
            self.close()

    def close(self) -> None:
        """End the bar's line and give the cursor back: the run ended or was interrupted."""
        if self.bar is not None:
            self.bar.render_finish()
        self.bar, self.drawn = None, False

    def _wipe(self) -> None:
        if self.drawn:
            columns = shutil.get_terminal_size().columns
            self.err.write("\r" + " " * (columns - 1) + "\r")
            self.err.flush()
            self.drawn = False

    def reading(self, index: int, count: int, name: str, fraction: float, cached: bool) -> None:
        """A bar per data file parsed: redrawn in place on a terminal, one line each once read
        when piped. The files the cache serves are counted in one line, once all are read."""
        if self.quiet:
            return
        now = time.monotonic()
        if fraction == 0.0:
            self.file_started = now
        if cached:
            self.cached += fraction == 1.0
        elif fraction == 1.0 or self.live:
            filled = round(self.BAR_WIDTH * fraction)
            bar = "█" * filled + "·" * (self.BAR_WIDTH - filled)
            shown = name.replace("\\", "/").split("/")[-1].split("›")[-1].strip()
            end = f" — lu en {seconds(now - self.file_started)}" if fraction == 1.0 else ""
            line = f"Lecture [{bar}] {index + 1}/{count} {shown}{end}"
            if self.live:
                self.err.write("\r" + line + ("\n" if fraction == 1.0 else ""))
                self.err.flush()
                self.drawn = fraction < 1.0
            else:
                click.echo(line, file=self.err)
        if index == count - 1 and fraction == 1.0 and self.cached:
            self._wipe()
            elapsed = seconds(now - self.started)
            click.echo(
                f"Données : {self.cached} fichier(s) sur {count} repris du cache ({elapsed}).",
                file=self.err,
            )


class DownloadBar:
    """The bytes received, redrawn in place on stderr when it is a terminal (nothing in a log):
    Click's bar when the size is announced, else the count alone."""

    def __init__(self, err=None):
        self.err = err if err is not None else sys.stderr
        self.live = is_terminal(self.err)
        self.bar = None
        self.counting = False  # size unknown: "\rTéléchargement : 2,5 Mo" on screen

    def update(self, size: int, total: int | None) -> None:
        if not self.live:
            return
        from officefiches.formatting import number

        received = number(size / 1e6, 1) + (f" / {number(total / 1e6, 1)}" if total else "") + " Mo"
        if not total:
            click.echo(f"\rTéléchargement : {received}", file=self.err, nl=False)
            self.counting = True
            return
        if self.bar is None:
            self.bar = bar(
                total,
                "Téléchargement",
                self.err,
                20,
                show_eta=False,
                item_show_func=lambda item: item,
            )
        self.bar.update(size - self.bar.pos, received)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
        elif self.counting:
            click.echo("", file=self.err)
        self.bar, self.counting = None, False
