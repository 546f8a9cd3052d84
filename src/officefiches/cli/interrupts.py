"""Ctrl-C and SIGTERM raise `Interrupted`, a KeyboardInterrupt of our own.

Why not Python's KeyboardInterrupt itself: when that exact class leaves code run by `exec()` or
`eval()` of a string (namedtuple, dataclasses and pandas run such code), CPython 3.8+ remembers
it as "unhandled" and, when started as `python -m`, ends the process by SIGINT at exit, even
though we caught the interrupt and asked for exit 130 (seen as a rare exit −2 in CI). A
subclass is caught by every `except KeyboardInterrupt` (libraries clean up as usual) and does
not trip that check, which compares the exact class.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Interrupted(KeyboardInterrupt):
    """The user (Ctrl-C) or a scheduler (SIGTERM) stopped the command."""


def _raise_interrupted(signum, frame) -> None:
    raise Interrupted


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def interruptible(sigterm: bool = False) -> Iterator[None]:
    """Ctrl-C (unless it is ignored, as for a command started in the background) and, when asked,
    SIGTERM raise `Interrupted` inside the block; the previous handlers come back after it.
    Only the main thread receives signals: elsewhere, nothing changes."""
    if not _in_main_thread():
        yield
        return
    previous = {}
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, _raise_interrupted)
    if sigterm:
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def ignore_further_signals() -> None:
    """The command is ending after an interrupt: a second Ctrl-C (a terminal sends one to every
    process of the group, and it may come twice) or SIGTERM must not turn exit 130 into a
    death by signal."""
    if _in_main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
