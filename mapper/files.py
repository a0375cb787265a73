"""Atomic file writes, and output folders whose files change together.

A reader (or a crash) never sees half a file: the old file stays until the new one is whole.
Files get the permissions a plain `open()` would give them (0666 less the umask). A build's
outputs are written as one generation and published with one rename (`OutputGeneration`),
under a lock that keeps a second build out of the same folder (`output_lock`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # (Windows: builds into one folder are not kept apart)
    fcntl = None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_writer(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO]:
    """Open a temporary file for writing; on success it replaces `path`, on error it is removed.

    >>> with atomic_writer(Path(tempfile.mkdtemp()) / "x.txt") as fh:
    ...     _ = fh.write("whole")
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        kwargs = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically."""
    with atomic_writer(path) as fh:
        fh.write(text)


# -- an output folder whose files change together -------------------------------------------

# The folder, inside an output folder, that holds each build's files (a generation), the link
# to the current one and the lock. `out/NAME` is a link to `STATE/current/NAME`, and `current`
# a link to one generation: switching that one link switches every output at once.
OUTPUT_STATE = ".mapper"
_GENERATION_PREFIX = "gen-"


class OutputsBusy(OSError):
    """Another process is writing to the same output folder."""


@contextmanager
def output_lock(out_dir: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the output folder's lock for the body; OutputsBusy at once if another build holds
    it. The lock is the operating system's (flock): it ends with its process, however that
    ends, so a killed build never leaves a folder locked."""
    state = Path(out_dir) / OUTPUT_STATE
    state.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    fd = os.open(state / "lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise OutputsBusy(
                f"another mapper build (process {holder}) is writing to {out_dir}; wait for "
                "it to finish, or build into another --out folder"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # (closing releases the lock)


class OutputGeneration:
    """One build's set of output files, written into a folder of their own and published
    together: until `publish`, readers of `out_dir/NAME` see the previous set, whole; after
    it, the new set, whole. Use it while holding `output_lock`.

    >>> gen = OutputGeneration(Path(tempfile.mkdtemp()))
    >>> atomic_write_text(gen.path("a.txt"), "new")
    >>> gen.publish(["a.txt"])
    >>> (gen.out_dir / "a.txt").read_text()
    'new'
    """

    def __init__(self, out_dir: str | os.PathLike[str]) -> None:
        self.out_dir = Path(out_dir)
        self.state = self.out_dir / OUTPUT_STATE
        self.state.mkdir(parents=True, exist_ok=True)
        remove_stale_outputs(self.out_dir)
        self.folder = Path(tempfile.mkdtemp(prefix=_GENERATION_PREFIX, dir=self.state))
        os.chmod(self.folder, 0o777 & ~_umask())  # (mkdtemp makes it private)

    def path(self, name: str) -> Path:
        """Where the output `name` of this generation is written."""
        return self.folder / name

    def publish(self, names: list[str]) -> None:
        """Make `names` (written with `path`) the output folder's files, all in one step, and
        remove the previous generation. On a file system without links the files are moved
        into place one by one instead."""
        for name in names:
            _fsync(self.folder / name)
        _fsync(self.folder)  # (its entries: files carried over are links made there)
        try:
            for name in names:
                _link(self.out_dir / name, Path(OUTPUT_STATE) / "current" / name)
            _link(self.state / "current", Path(self.folder.name))
        except NotImplementedError:
            for name in names:
                os.replace(self.folder / name, self.out_dir / name)
        _fsync(self.state)
        remove_stale_outputs(self.out_dir)

    def discard(self) -> None:
        """Remove this generation (a build that failed before publishing it)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def _link(path: Path, target: Path) -> None:
    """Make `path` a link to `target` in one step (a link made aside, renamed over it);
    nothing to do when it already is one. NotImplementedError where links cannot be made."""
    try:
        if os.readlink(path) == str(target):
            return
    except OSError:
        pass  # not a link (yet)
    aside = path.with_name(f".{path.name}.{os.getpid()}.link.tmp")
    aside.unlink(missing_ok=True)
    try:
        os.symlink(target, aside)
    except (OSError, NotImplementedError) as error:
        raise NotImplementedError(str(error)) from None
    try:
        os.replace(aside, path)
    except BaseException:
        aside.unlink(missing_ok=True)
        raise


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_outputs(out_dir: str | os.PathLike[str]) -> None:
    """Remove what interrupted builds left in `out_dir`: generations other than the current
    one, and temporary files. Call it only while holding `output_lock`."""
    out_dir = Path(out_dir)
    state = out_dir / OUTPUT_STATE
    try:
        current = os.readlink(state / "current")
    except OSError:
        current = None
    for folder in (out_dir, state):
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)
    for generation in state.glob(f"{_GENERATION_PREFIX}*"):
        if generation.name != current:
            shutil.rmtree(generation, ignore_errors=True)


@functools.cache
def package_digest() -> bytes:
    """A digest of mapper's own files (its code, the map's scripts, the base map, the
    vocabulary), by their names in the package: a copy installed elsewhere has the same.
    Another file or an edited one gives another digest. Computed once a process."""
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.digest()


@functools.cache
def code_version(libraries: tuple[str, ...] = ()) -> str:
    """`package_digest` with the installed versions of `libraries` (one not installed counts
    as such): what writes an output besides its data. An upgrade of any of them, or an
    edited file of mapper, gives another version. Worked out once a process, as the
    digest is."""
    h = hashlib.blake2b(package_digest(), digest_size=16)
    for library in libraries:
        try:
            h.update(importlib.metadata.version(library).encode() + b"\0")
        except importlib.metadata.PackageNotFoundError:
            h.update(b"-\0")
    return h.hexdigest()
