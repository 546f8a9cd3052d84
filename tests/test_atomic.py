"""The atomic writer's landing in a thread (atomic.Landing): each file flushed, recorded and
renamed in the order given, while the next one is written; the first error stops the rest."""

from __future__ import annotations

import errno
import threading

import pytest

from officefiches import atomic
from officefiches.errors import DiskFull


def test_files_land_in_order_and_all_have_landed_when_the_block_ends(tmp_path):
    recorded = []
    first, second = tmp_path / "a.xlsx", tmp_path / "a.pptx"

    def before_rename(final, tmp):
        assert tmp.read_bytes() and not final.exists()  # recorded before its rename
        recorded.append((final.name, threading.current_thread() is threading.main_thread()))

    with atomic.Landing() as landing:
        with atomic.atomic_path(first, before_rename, landing) as tmp:
            tmp.write_bytes(b"workbook")
        with atomic.atomic_path(second, before_rename, landing) as tmp:
            tmp.write_bytes(b"deck")
    assert recorded == [("a.xlsx", False), ("a.pptx", False)]  # in the landing's thread
    assert first.read_bytes() == b"workbook" and second.read_bytes() == b"deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pptx", "a.xlsx"]  # no temporary


def test_a_full_disk_landing_the_first_file_stops_the_next_one(tmp_path, monkeypatch):
    flush = atomic._flush_to_disk

    def full_for_the_workbook(path):
        if path.suffix == ".xlsx":
            raise OSError(errno.ENOSPC, "No space left on device")
        flush(path)

    monkeypatch.setattr(atomic, "_flush_to_disk", full_for_the_workbook)
    with pytest.raises(DiskFull, match="Disque plein : a.xlsx"):
        with atomic.Landing() as landing:
            with atomic.atomic_path(tmp_path / "a.xlsx", landing=landing) as tmp:
                tmp.write_bytes(b"workbook")
            # the deck: written whether or not the workbook's error is known yet
            with atomic.atomic_path(tmp_path / "a.pptx", landing=landing) as tmp:
                tmp.write_bytes(b"deck")
    assert list(tmp_path.iterdir()) == []  # neither renamed, no temporary file left


def test_the_error_of_an_earlier_file_comes_before_the_blocks_own(tmp_path):
    def refused(final, tmp):
        raise PermissionError(errno.EACCES, "journal locked")

    with pytest.raises(PermissionError, match="journal locked") as caught:
        with atomic.Landing() as landing:
            with atomic.atomic_path(tmp_path / "a.xlsx", refused, landing) as tmp:
                tmp.write_bytes(b"workbook")
            raise ValueError("the deck's own failure")
    assert isinstance(caught.value.__cause__, ValueError)
    assert list(tmp_path.iterdir()) == []
