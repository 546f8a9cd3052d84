"""One exception family. The CLI turns these into messages and exit codes; nothing else does."""


class OfficeFichesError(Exception):
    """A problem the user can fix; the message (in French) says what and how. Exit code 1."""

    exit_code = 1


class DataError(OfficeFichesError):
    """Malformed or unusable input data (names the file, the line and the fault)."""


class UsageError(OfficeFichesError):
    """A wrong name or option on the command line. Exit code 2."""

    exit_code = 2


class OutputError(OfficeFichesError):
    """An output file could not be written."""


class DiskFull(OutputError):
    """No room left where a file was being written: every later file would fail the same way,
    so the run stops at the first (atomic.py raises it; the run's result handler stops)."""
