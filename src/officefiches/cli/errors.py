"""How a command ends badly: the library's errors as French messages and exit codes, never a
traceback; Ctrl-C (and SIGTERM, for the commands that ask) as "Interrompu.", exit 130."""

from __future__ import annotations

import functools
import sys

import click

from officefiches.cli.interrupts import ignore_further_signals, interruptible
from officefiches.errors import OfficeFichesError


class _Failure(click.ClickException):
    """A user-facing failure: the message in French, the exit code of the error family."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"Erreur : {self.format_message()}", err=True)


def reports_errors(command=None, *, sigterm: bool = False):
    """Turn the library's errors into messages and exit codes (1 data, 2 usage), no traceback;
    Ctrl-C (and SIGTERM when `sigterm`: a scheduler stopping the job; workers stop, partial
    files go) into « Interrompu. », exit 130.
    Use as `@reports_errors` or `@reports_errors(sigterm=True)`."""
    if command is None:
        return functools.partial(reports_errors, sigterm=sigterm)

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            with interruptible(sigterm=sigterm):
                return command(*args, **kwargs)
        except OfficeFichesError as error:
            raise _Failure(str(error), error.exit_code) from None
        except KeyboardInterrupt:
            ignore_further_signals()
            click.echo("Interrompu.", err=True)
            sys.exit(130)

    return wrapper
