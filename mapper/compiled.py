"""What takes long to compile, compiled once and kept on disk (`load_compiled`).

An object (the event vocabulary: `mapper.events.load_vocabulary`) is pickled into a file with
a key of everything it was compiled from: its input files' bytes, mapper's files and the
Python that compiled it. A process that finds the file with its key loads it instead of
compiling; any other key, a damaged file or one that cannot be read compiles again and
rewrites the file atomically.

What loads fast is what is not a regular expression: token patterns, sets and tables. Python
pickles a `re.Pattern` as its source and compiles it again as it is loaded (with no private
interface of the regex engine used to keep its code).

The file is trusted as the user's own cache folder is (loading a pickle can run code): it is
written there by mapper only, and its digest tells a damaged file, not a forged one.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from mapper.files import atomic_writer, package_digest

T = TypeVar("T")

_MAGIC = b"mapper-compiled 1\n"


def load_compiled(path: Path, inputs: Iterable[Path], compile: Callable[[], T], kind: type[T]) -> T:
    """`compile()`'s result, loaded from the file `path` when that file holds one compiled from
    the same `inputs` (their bytes), mapper's files and this Python; else compiled, and
    written to `path` for the next process (atomically; a folder that cannot be written is
    no error). A file that is damaged, of another key or not of `kind` is never used.

    >>> import re, tempfile
    >>> path = Path(tempfile.mkdtemp()) / "words.pickle"
    >>> load_compiled(path, [], lambda: re.compile(r"\\bshell(?:ed|ing)\\b"), re.Pattern)
    re.compile('\\\\bshell(?:ed|ing)\\\\b')
    >>> load_compiled(path, [], lambda: 1 / 0, re.Pattern).pattern  # read from the file
    '\\\\bshell(?:ed|ing)\\\\b'
    """
    key = compiled_key(inputs)
    found = _read(path, key)
    if isinstance(found, kind):
        return found
    value = compile()
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        _write(path, key, value)  # (else compiled again next time)
    return value


def compiled_key(inputs: Iterable[Path]) -> bytes:
    """A digest of what a compiled object depends on: the bytes of `inputs` (in order),
    mapper's files (`files.package_digest`), and the Python that compiles it. OSError
    when an input cannot be read."""
    h = hashlib.sha256()
    h.update(f"{sys.implementation.cache_tag}|{sys.version}".encode())
    h.update(package_digest())
    for n, path in enumerate(inputs):
        data = Path(path).read_bytes()
        h.update(str(n).encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return h.digest()


def _read(path: Path, key: bytes) -> object:
    """What `path` holds when its key is `key` and its payload is whole, else None."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if data[:head] != _MAGIC or data[head : head + 32] != key:
        return None
    digest, payload = data[head + 32 : head + 64], data[head + 64 :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # (a file that is whole but not what this code reads)
        return None


def _write(path: Path, key: bytes, value: object) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path, "wb") as fh:
        fh.write(_MAGIC + key + hashlib.sha256(payload).digest() + payload)


def cache_file(folder: Path, name: str) -> Path:
    """The file of the compiled object `name` in `folder` (a cache folder)."""
    return Path(folder) / f"{name}.{sys.implementation.cache_tag}.pickle"
