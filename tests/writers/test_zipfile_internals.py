"""writers/_zipfile.py: the standard library's zipfile internal it swaps, checked against the
running Python (a change there fails here, naming it, instead of writing broken archives)."""

from __future__ import annotations

import inspect
import sys
import zipfile
import zlib

import pytest

from officefiches.writers import _zipfile

PYTHON = f"Python {sys.version.split()[0]}"


def relied_on(condition: bool, what: str) -> None:
    if not condition:
        pytest.fail(f"{PYTHON} : {what} a changé ; writers/_zipfile.py en dépend.")


def test_zipfile_still_asks_get_compressor_for_each_member():
    compressor = getattr(zipfile, "_get_compressor", None)
    relied_on(compressor is not None, "zipfile._get_compressor")
    parameters = list(inspect.signature(compressor).parameters)
    relied_on(parameters[:2] == ["compress_type", "compresslevel"], "zipfile._get_compressor")
    relied_on("_get_compressor(" in inspect.getsource(zipfile._ZipWriteFile), "_ZipWriteFile")


def test_members_are_deflated_by_isal_and_read_back_by_zlib(tmp_path, monkeypatch):
    used = []
    original = _zipfile.isal_zlib.compressobj
    monkeypatch.setattr(
        _zipfile.isal_zlib, "compressobj", lambda *a: used.append(a) or original(*a)
    )
    text = b"<row r='1'><c><v>12</v></c></row>" * 20_000
    path = tmp_path / "f.zip"
    with _zipfile.fast_deflate(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", text)
        archive.writestr(zipfile.ZipInfo("b.xml"), b"stored")  # a ZipInfo's own type: stored
    assert len(used) == 1  # one deflated member, by ISA-L
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert archive.read("a.xml") == text and archive.read("b.xml") == b"stored"
        info = archive.getinfo("a.xml")
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size < len(text) / 20
    raw = path.read_bytes()  # the member's bytes are plain raw deflate: zlib inflates them
    start = raw.index(b"a.xml") + len(b"a.xml")
    assert zlib.decompressobj(-15).decompress(raw[start : start + info.compress_size]) == text


def test_zipfile_still_computes_each_members_crc_with_its_module_crc32(tmp_path, monkeypatch):
    relied_on(getattr(zipfile, "crc32", None) is zlib.crc32, "zipfile.crc32")
    relied_on("crc32(data, self._crc)" in inspect.getsource(zipfile._ZipWriteFile), "crc32")
    used = []
    monkeypatch.setattr(_zipfile.isal_zlib, "crc32", lambda *a: used.append(1) or zlib.crc32(*a))
    text = b"<row r='1'><c><v>12</v></c></row>" * 1_000
    with _zipfile.fast_deflate(), zipfile.ZipFile(tmp_path / "f.zip", "w") as archive:
        archive.writestr("a.xml", text)
    assert used  # ISA-L's CRC was the one used
    with zipfile.ZipFile(tmp_path / "f.zip") as archive:
        assert archive.getinfo("a.xml").CRC == zlib.crc32(text) and archive.testzip() is None
    assert _zipfile.isal_zlib.crc32(text) == zlib.crc32(text)


def test_the_standard_compressor_is_back_after_the_block_even_on_error():
    before, crc = zipfile._get_compressor, zipfile.crc32
    with pytest.raises(RuntimeError), _zipfile.fast_deflate():
        assert zipfile._get_compressor is not before
        raise RuntimeError("boom")
    assert zipfile._get_compressor is before and zipfile.crc32 is crc
    assert _zipfile._compressor(zipfile.ZIP_STORED) is None  # other types: zipfile's own


def test_without_isal_zlib_deflates_at_its_fastest(tmp_path, monkeypatch):
    monkeypatch.setattr(_zipfile, "isal_zlib", None)
    text = b"<c r='A1'><v>1</v></c>" * 10_000
    path = tmp_path / "f.zip"
    with _zipfile.fast_deflate(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", text)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None and archive.read("a.xml") == text
