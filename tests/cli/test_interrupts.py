"""Ctrl-C and SIGTERM end a command with « Interrompu. » and exit 130, wherever they land.

CPython (3.8+) ends a `python -m` program by SIGINT at exit when a KeyboardInterrupt (that exact
class) has left code run by `exec()`/`eval()` of a string, even if the program caught it: the
rare exit −2 seen in CI. The probe below makes the signal land in such code, every time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from officefiches.cli.interrupts import Interrupted, ignore_further_signals, interruptible

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="signals sent with os.kill: POSIX")

PROBE = """
import signal
import click
from officefiches.cli.errors import reports_errors

signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even if ignored here

@click.command()
@reports_errors(sigterm=True)
def probe():
    # the signal arrives while code made by exec() of a string runs (namedtuple, dataclasses)
    exec("import os, signal\\nos.kill(os.getpid(), signal.{name})\\nfor _ in range(10**6): pass")
    print("not interrupted")

probe()
"""


@POSIX_ONLY
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_an_interrupt_inside_exec_code_still_exits_130(tmp_path, name):
    (tmp_path / "probe.py").write_text(textwrap.dedent(PROBE.format(name=name)), encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-m", "probe"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 130, (done.returncode, done.stderr)
    assert done.stderr.strip() == "Interrompu."
    assert "not interrupted" not in done.stdout


def test_interrupted_is_caught_as_a_keyboard_interrupt():
    with pytest.raises(KeyboardInterrupt):
        raise Interrupted
    assert type(Interrupted()) is not KeyboardInterrupt  # CPython's exit check is on the class


@POSIX_ONLY
def test_handlers_come_back_after_the_block():
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with interruptible(sigterm=True):
            assert signal.getsignal(signal.SIGTERM) is not before[1]
            with pytest.raises(Interrupted):
                os.kill(os.getpid(), signal.SIGTERM)
                for _ in range(10**6):
                    pass
            with pytest.raises(Interrupted):
                os.kill(os.getpid(), signal.SIGINT)
                for _ in range(10**6):
                    pass
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert signal.getsignal(signal.SIGTERM) is before[1]
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])


@POSIX_ONLY
def test_an_ignored_ctrl_c_stays_ignored():
    """A command started in the background (SIGINT ignored) is not made stoppable by Ctrl-C."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with interruptible():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


@POSIX_ONLY
def test_once_interrupted_further_signals_are_ignored():
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        ignore_further_signals()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])
