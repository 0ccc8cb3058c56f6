"""Output files written safely: nothing a run writes can destroy an input or an earlier report.

Every output is written to a temporary file beside its target; only when all of a run's outputs
are complete are they renamed into place (a rename within a folder is atomic), so a full disk,
an error or Ctrl-C part way leaves every earlier file as it was and no temporary file behind.
Before anything is read, an output that would overwrite an input, or that two options name, is
refused. A text output's bytes go to the disk from a thread of their own while the next ones
are made (a national run writes a gigabyte of verdicts: the waits on the disk then cost nothing).
"""

from __future__ import annotations

import io
import os
import queue
import secrets
import stat
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import attrs

from ._errors import IroScheduleError

__all__ = ["STDOUT", "Outputs", "refuse_clashes"]


@attrs.frozen
class _Output:
    option: str
    path: Path
    write: Callable[[Any], object]  # given a text file, or a binary one
    binary: bool
    encoding: str = "utf-8"


def refuse_clashes(
    outputs: Iterable[tuple[str, Path | None]], inputs: Iterable[Path], folders: Iterable[Path]
) -> None:
    """Refuse, before anything is read, an output (given by an option; None: not asked for)
    that is one of the ``inputs``, a ``.csv`` file in one of the input ``folders`` (it would be
    read as an input next time), a folder, or the same file as another output."""
    read = {_same(p) for p in inputs}
    read_folders = {_same(p) for p in folders}
    seen: dict[Path, str] = {}
    shown = [option for option, path in outputs if path == STDOUT]
    if len(shown) > 1:
        raise IroScheduleError(
            f"{' and '.join(shown)} both write to standard output (-); give one of them a file",
            field=shown[1],
        )
    for option, path in outputs:
        if path is None or path == STDOUT:
            continue
        target = _same(path)
        if target in read:
            raise _refused(option, path, "is one of the files being read; write it elsewhere")
        if target.parent in read_folders and target.suffix.lower() == ".csv":
            raise _refused(
                option,
                path,
                "is in a folder being read, so the next run would read it as an input; write "
                "it elsewhere",
            )
        if path.is_dir():
            raise _refused(option, path, "is a folder; give a file name")
        if target in seen:
            raise _refused(option, path, f"is also given to {seen[target]}; give each its own file")
        seen[target] = option


@attrs.define
class Outputs:
    """The files a run writes, written all or none; ``stdout`` takes an output named ``-``."""

    stdout: TextIO = attrs.field(factory=lambda: sys.stdout)
    _planned: list[_Output] = attrs.field(factory=list)

    def add(
        self,
        option: str,
        path: Path | None,
        write: Callable[[TextIO], object],
        *,
        encoding: str = "utf-8",
    ) -> None:
        """Plan the text file ``path`` (given by ``option``; None: not asked for), written by
        ``write`` to an open file in ``encoding`` (``"utf-8-sig"`` starts it with the
        byte-order mark Excel needs to read accented letters in a CSV file)."""
        if path is not None:
            self._planned.append(_Output(option, path, write, binary=False, encoding=encoding))

    def add_bytes(self, option: str, path: Path | None, data: bytes) -> None:
        """Plan the file ``path`` (given by ``option``; None: not asked for) holding ``data``."""
        self.add_binary(option, path, lambda out: out.write(data))

    def add_binary(
        self, option: str, path: Path | None, write: Callable[[BinaryIO], object]
    ) -> None:
        """Plan the file ``path`` (given by ``option``; None: not asked for), written by
        ``write`` to a file open for bytes."""
        if path is not None:
            self._planned.append(_Output(option, path, write, binary=True))

    def write_all(self) -> list[Path]:
        """Write every planned output, then put them all in place; returns the paths of the
        files written (an output to standard output, ``-``, is written last, once every file
        is in place)."""
        files = [out for out in self._planned if out.path != STDOUT]
        shown = [out for out in self._planned if out.path == STDOUT]
        # Named before anything is made, so that whenever a run is stopped, all are removed.
        temporaries = [_temporary(out.path) for out in files]
        try:
            for out, temporary in zip(files, temporaries, strict=True):
                _write_beside(out, temporary)
            held = [_held(out) for out in shown]  # made in full before anything is shown
            for out, temporary in zip(files, temporaries, strict=True):
                os.replace(temporary, out.path)
        except BaseException:
            for temporary in temporaries:
                temporary.unlink(missing_ok=True)
            raise
        for content in held:
            _show(self.stdout, content)
        return [out.path for out in files]


#: The name for standard output (or input) wherever a file is named.
STDOUT = Path("-")


def _held(out: _Output) -> bytes | str:
    """An output to standard output, made in memory."""
    if out.binary:
        buffer = io.BytesIO()
        out.write(buffer)
        return buffer.getvalue()
    text = io.StringIO(newline="")
    out.write(text)
    return text.getvalue()


def _show(stdout: TextIO, content: bytes | str) -> None:
    if isinstance(content, bytes):
        stdout.flush()
        stdout.buffer.write(content)
        stdout.buffer.flush()
    else:
        stdout.write(content)
        stdout.flush()


def _same(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _refused(option: str, path: Path, reason: str) -> IroScheduleError:
    return IroScheduleError(f"{option} {path}: {reason}", field=option, value=path)


def _temporary(target: Path) -> Path:
    """A new name beside ``target`` for the file that will replace it."""
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")


def _write_beside(out: _Output, temporary: Path) -> None:
    """``out`` written in full to ``temporary``, a new file in its target's folder."""
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    if out.binary:
        with os.fdopen(handle, "wb") as binary:
            out.write(binary)
            binary.flush()
            os.fsync(binary.fileno())
    else:
        disk = _WrittenBehind(handle)
        with io.TextIOWrapper(disk, encoding=out.encoding, newline="") as text:
            out.write(text)
            text.flush()
            disk.finish()
    _permissions(temporary, out.path)


class _WrittenBehind(io.BufferedIOBase):
    """A file open for writing whose bytes a thread of their own writes to the disk, so that
    making the next ones never waits on it; :meth:`finish` waits for every byte to be on the
    disk. A failed write (a full disk) is raised by the next :meth:`write` or by
    :meth:`finish`; closing always stops the thread.

    Every 64 MiB the disk is set to work on what was written (so that the last sync is short):
    where the system can, by asking it to start writing those bytes out and not keep them
    cached, without waiting (``posix_fadvise``'s DONTNEED, as PostgreSQL's ``pg_flush_data``
    does; a national CSV is a gigabyte), else by syncing them."""

    _BATCH = 1 << 20  # bytes handed to the thread at a time
    _SYNC_EVERY = 64 << 20  # bytes written between write-backs, so that the last sync is short

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self._pending: list[bytes] = []
        self._size = 0
        self._batches: queue.Queue[memoryview | None] = queue.Queue(maxsize=4)
        self._failed: OSError | None = None
        self._thread = threading.Thread(target=self._write_out, daemon=True)
        self._thread.start()

    @property
    def name(self) -> int:
        return self._fd  # as a file opened from its descriptor is named

    def fileno(self) -> int:
        return self._fd

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._raise_failure()
        chunk = bytes(data)
        self._pending.append(chunk)
        self._size += len(chunk)
        if self._size >= self._BATCH:
            self._hand_over()
        return len(chunk)

    def flush(self) -> None:
        self._raise_failure()
        self._hand_over()

    def finish(self) -> None:
        """Wait until every byte written is on the disk (synced)."""
        self.flush()
        self._stop()
        self._raise_failure()
        os.fsync(self._fd)

    def close(self) -> None:
        if not self.closed:
            try:
                self._stop()
            finally:
                os.close(self._fd)
                super().close()

    def _hand_over(self) -> None:
        """Hand what is pending to the thread, a batch at a time (so that what waits for it
        stays small, however much is written at once)."""
        if self._pending:
            pending = memoryview(b"".join(self._pending))
            self._pending.clear()
            self._size = 0
            for start in range(0, len(pending), self._BATCH):
                self._batches.put(pending[start : start + self._BATCH])

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._batches.put(None)
            self._thread.join()

    def _raise_failure(self) -> None:
        if self._failed is not None:
            raise self._failed

    def _write_out(self) -> None:
        written = unsynced = 0
        while (batch := self._batches.get()) is not None:
            if self._failed is not None:
                continue  # the file is lost: take what is handed over until told to stop
            try:
                view = memoryview(batch)
                while view:
                    view = view[os.write(self._fd, view) :]
                written += len(batch)
                unsynced += len(batch)
                if unsynced >= self._SYNC_EVERY:
                    _write_back(self._fd, written - unsynced, unsynced)
                    unsynced = 0
            except OSError as exc:
                self._failed = exc


def _write_back(fd: int, start: int, length: int) -> None:
    """Set the disk to work on the ``length`` bytes of ``fd`` from ``start``: start writing
    them out without waiting where the system can, else sync the file."""
    if hasattr(os, "posix_fadvise"):
        os.posix_fadvise(fd, start, length, os.POSIX_FADV_DONTNEED)
    else:  # (Windows, macOS)
        os.fsync(fd)


def _permissions(temporary: Path, target: Path) -> None:
    """Give the new file the target's permissions, or those a file created in the usual way
    would have (a temporary file is made readable by its owner only)."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
