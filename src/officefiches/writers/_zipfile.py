"""The standard-library internals the writers rely on: zipfile's deflate compressor and CRC.

Workbooks and decks are ZIP files; a large department's workbook is tens of MB of XML, and
deflating it with zlib was a tenth of a whole build. ISA-L (python-isal) deflates the same XML
five times faster, into smaller files than zlib's fastest level (used where python-isal has no
wheel: the files are the same format either way). zipfile has no option for its
compressor: `fast_deflate()` swaps `zipfile._get_compressor` (private, the same signature in
Python 3.11 to 3.14) while our own files are zipped, and puts it back whatever happens.
Its CRC-32 of each member (`zipfile.crc32`, the module's name for zlib.crc32) is ISA-L's too,
ten times faster, the same number. tests/writers/test_zipfile_internals.py checks that both
swaps are the ones zipfile uses and that the archives stay readable by zlib.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

try:
    from isal import isal_zlib
except ImportError:  # a platform without python-isal's wheels: zlib's fastest level instead
    isal_zlib = None

LEVEL = 1  # ISA-L's levels are 0 to 3; 1 is as fast as 0 and a quarter smaller


def _compressor(compress_type, compresslevel=None, *, original=zipfile._get_compressor):
    if compress_type == zipfile.ZIP_DEFLATED:
        deflate = isal_zlib or zlib
        return deflate.compressobj(LEVEL, deflate.DEFLATED, -15)  # raw deflate, as zipfile
    return original(compress_type, compresslevel)


@contextmanager
def fast_deflate() -> Iterator[None]:
    """Within: every deflated ZIP member is compressed by ISA-L (same format, any reader)."""
    original, crc = zipfile._get_compressor, zipfile.crc32
    zipfile._get_compressor = _compressor
    if isal_zlib is not None:
        zipfile.crc32 = isal_zlib.crc32  # same checksum; zipfile looks it up at each write
    try:
        yield
    finally:
        zipfile._get_compressor, zipfile.crc32 = original, crc
