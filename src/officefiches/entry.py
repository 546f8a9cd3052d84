"""The `officefiches` process (console script, `python -m officefiches`): the command line
(`cli.main`), then a quick exit.

Once a command has ended (its files written, closed and flushed to disk, its messages written,
every exit handler run), what is left of the interpreter's shutdown only frees memory, object
by object: a tenth of a second after a region's build, a tenth of its time. The process leaves
then, with the command's exit status; the system takes the memory back at once.

Exit handlers registered before the command started are the exception: they would run after
ours, and do not run. Nothing of officefiches registers one so early; a tool that does (a
coverage measure started by a .pth file) should run `officefiches.cli:main` instead.
"""

from __future__ import annotations

import atexit
import os
import sys


def run() -> None:
    status = [1]  # an exception that ends the command: Python prints it, the status is 1
    atexit.register(_leave, status)  # before the command's modules: it runs after theirs
    from officefiches.cli import main

    try:
        main()
    except SystemExit as stop:
        status[0] = stop.code
        raise
    status[0] = 0


def _leave(status: list) -> None:
    code = status[0]
    if code is None:
        code = 0
    elif not isinstance(code, int):  # a message: Python has printed it already
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, a stream closed: nothing to add
            pass
    os._exit(code)
