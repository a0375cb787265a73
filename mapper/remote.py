"""Article files at a URL: any file system fsspec knows (s3://bucket/articles, gs://...,
file:///srv/articles, memory://articles), listed and read as a folder of this machine is.

A file of such a folder is named by the folder's URL as given and its path under it
(`s3://bucket/articles/2024/a.md`): that name is the articles' `path` and the store's key for
the file. What tells that a file changed is its size and a stamp from fsspec's `info`: its
modification time when the file system gives one, else its ETag or checksum.

fsspec is optional (`pip install 'mapper[dask]'`, which installs it): imported only when a
URL is read. A URL of a protocol whose package is missing (s3fs for s3://) is an ArticleError
that names the package.

>>> is_url("s3://bucket/articles"), is_url("data/articles")
(True, False)
>>> UrlFile("memory://corpus/2024-08-07-kursk.md").stem
'2024-08-07-kursk'
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from mapper.articles import ArticleError, ArticleFiles, Problem

__all__ = ["UrlFile", "change_stamp", "check_folder", "is_url", "list_url_files", "read_url"]

INSTALL_HINT = "pip install 'mapper[dask]' (or pip install fsspec)"
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")

# `info` keys that hold a modification time, then those that hold a digest of the content,
# across fsspec's file systems (local, memory, s3fs, gcsfs, adlfs, http).
_TIME_KEYS = ("mtime", "LastModified", "last_modified", "updated", "modified", "created")
_DIGEST_KEYS = ("ETag", "etag", "md5Hash", "content_md5", "checksum", "crc32c")


def is_url(location: object) -> bool:
    """Whether `location` is a URL (`PROTOCOL://...`, a `str`) rather than a path."""
    return isinstance(location, str) and _URL.match(location) is not None


@dataclass(frozen=True, slots=True)
class UrlFile:
    """An article file named by its URL, with what the readers ask of a path: its `name`,
    `suffix` and `stem`, its bytes (`read_bytes`); `str()` gives the URL."""

    url: str

    def __str__(self) -> str:
        return self.url

    @property
    def name(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    @property
    def stem(self) -> str:
        return PurePosixPath(self.name).stem

    def read_bytes(self) -> bytes:
        return read_url(self.url)


def _file_system(url: str) -> tuple[Any, str]:
    """fsspec's file system of `url` and the path in it; ArticleError (what to install) when
    fsspec or the protocol's package is missing, or the protocol is unknown."""
    try:
        import fsspec.core
    except ImportError:
        reason = f"is a URL, read with fsspec, which is not installed: {INSTALL_HINT}"
        raise ArticleError(url, reason) from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:  # (fsspec names the package: "Install s3fs to access S3")
        raise ArticleError(url, f"cannot be read: {exc}") from None
    except ValueError as exc:  # an unknown protocol
        raise ArticleError(url, f"is no URL fsspec reads ({exc})") from None


def read_url(url: str) -> bytes:
    """The bytes of the file at `url`. OSError (with a reason) when it cannot be read;
    ArticleError when fsspec, or the protocol's package, is missing."""
    fs, path = _file_system(url)
    try:
        return fs.cat_file(path)
    except OSError as exc:
        if exc.strerror:
            raise
        raise OSError(errno.EIO, str(exc) or type(exc).__name__) from None
    except Exception as exc:  # (a file system's own errors: credentials, network)
        raise OSError(errno.EIO, f"{type(exc).__name__}: {exc}") from None


def change_stamp(info: dict) -> int | None:
    """What tells that a file changed besides its size, from fsspec's `info`: its modification
    time in ns, else a digest of its ETag or checksum (a negative number, never a time), else
    None (the file is read at every build).

    >>> change_stamp({"mtime": 1722988800.5})
    1722988800500000000
    >>> change_stamp({"ETag": '"9b2cf535f27731c974343645a3985328"'}) < 0
    True
    >>> change_stamp({"size": 10}) is None
    True
    """
    for key in _TIME_KEYS:
        value = info.get(key)
        if isinstance(value, str):
            try:
                value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
        if isinstance(value, datetime.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=datetime.UTC)
            delta = value - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
            return (delta.days * 86_400 + delta.seconds) * 10**9 + delta.microseconds * 1000
        if isinstance(value, int | float) and not isinstance(value, bool):
            return round(value * 1e9) if isinstance(value, float) else value * 10**9
    for key in _DIGEST_KEYS:
        value = info.get(key)
        if value:
            digest = hashlib.blake2b(str(value).encode(), digest_size=7).digest()
            return -1 - int.from_bytes(digest, "big")
    return None


def check_folder(url: str) -> tuple[Any, str]:
    """fsspec's file system of `url` and the folder's path in it, once it is known to be a
    folder; ArticleError when it is not one, or cannot be reached (what to install, or the
    file system's own error)."""
    fs, root = _file_system(url)
    try:
        folder = fs.isdir(root)
    except Exception as exc:  # (a file system's own errors: credentials, network)
        raise ArticleError(url, f"cannot be listed ({type(exc).__name__}: {exc})") from None
    if not folder:
        raise ArticleError(url, "no such folder; put the articles in a folder and name it")
    return fs, root


def list_url_files(url: str, *, exclude: Iterable[Path] = (), stat: bool = False) -> ArticleFiles:
    """The article files under the folder at `url` and its subfolders, in path order, as
    `mapper.articles.list_article_files` lists a folder's (hidden files and folders and
    READMEs left out), each named `url/its/path`; with `stat`, each file's size and change
    stamp (`change_stamp`; (-1, -1) when its file system gives no stamp: read every time).
    On the local file system (file://), the paths of `exclude` are left out too.

    Raises ArticleError when `url` names no folder or cannot be listed."""
    fs, root = check_folder(url)
    try:
        found = fs.find(root, withdirs=False, detail=True)
    except Exception as exc:  # (a file system's own errors: credentials, network)
        raise ArticleError(url, f"cannot be listed ({type(exc).__name__}: {exc})") from None
    root = root.rstrip("/")
    excluded = _excluded_parts(root, exclude) if "file" in _protocols(fs) else set()
    base = url.rstrip("/")
    rows: list[tuple[tuple[str, ...], str, dict]] = []
    problems: list[Problem] = []
    for path, info in found.items():
        relative = path[len(root) :].lstrip("/") if path.startswith(root) else ""
        parts = tuple(relative.split("/")) if relative else ()
        if not parts or any(p.startswith(".") for p in parts) or _is_readme(parts[-1]):
            continue
        if excluded and any(parts[:k] in excluded for k in range(1, len(parts) + 1)):
            continue
        rows.append((parts, f"{base}/{relative}", info))
    rows.sort(key=lambda row: row[0])
    stats = []
    if stat:
        for _, _, info in rows:
            stamp, size = change_stamp(info), info.get("size")
            ok = stamp is not None and isinstance(size, int)
            stats.append((size, stamp) if ok else (-1, -1))
    return ArticleFiles([r[1] for r in rows], problems, [r[0] for r in rows], stats)


def _protocols(fs: Any) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def _is_readme(name: str) -> bool:
    return name.rsplit(".", 1)[0].lower() == "readme"


def _excluded_parts(root: str, exclude: Iterable[Path]) -> set[tuple[str, ...]]:
    """The parts under the local folder `root` of the paths of `exclude` that lie in it."""
    folder = Path(root).resolve()
    parts = set()
    for path in exclude:
        resolved = Path(path).resolve()
        if resolved != folder and resolved.is_relative_to(folder):
            parts.add(resolved.relative_to(folder).parts)
    return parts
