"""How a command ends badly: the library's errors as French messages and exit codes, never a
traceback; Ctrl-C (and SIGTERM, for the commands that ask) as "Interrompu.", exit 130."""

from __future__ import annotations

import functools
import signal
import sys

import click

from officefiches.errors import OfficeFichesError


class _Failure(click.ClickException):
    """A user-facing failure: the message in French, the exit code of the error family."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"Erreur : {self.format_message()}", err=True)


def reports_errors(command):
    """Turn the library's errors into messages and exit codes (1 data, 2 usage), no traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except OfficeFichesError as error:
            raise _Failure(str(error), error.exit_code) from None
        except KeyboardInterrupt:
            # the run is over: a second Ctrl-C (one sent to the whole group can arrive twice
            # as the workers stop) must not turn exit 130 into a death by signal
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            click.echo("Interrompu.", err=True)
            sys.exit(130)

    return wrapper


def stop_on_sigterm() -> None:
    """SIGTERM (a scheduler stopping the job) acts as Ctrl-C: workers stop, partial files go."""
    import signal

    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
