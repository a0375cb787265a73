"""`mapper build --watch` as a person runs it: a real process that builds, prints one line per
rebuild when a file is added or removed, and stops at Ctrl-C (SIGINT)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from test_build_faults import kursk_corpus, write

_END = object()  # (what `lines_of` puts after a stream's last line)


def lines_of(stream) -> queue.Queue:
    """The lines `stream` prints, as they come."""
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put(_END)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def ctrl_c_as_at_a_terminal() -> None:
    """Ctrl-C (SIGINT) to its default in the child, as a terminal gives it: a process started
    in the background of a shell script (as a CI job may run the tests) inherits it ignored,
    and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def arriving(lines: queue.Queue, seconds: float):
    """The lines as they come, until the stream ends or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        if line is _END:
            return
        yield line


def wait_for(lines: queue.Queue, word: str, seconds: float = 120) -> list[str]:
    """The lines up to the first that holds `word` (AssertionError if none comes in time)."""
    seen = []
    for line in arriving(lines, seconds):
        seen.append(line)
        if word in line:
            return seen
    raise AssertionError(f"no line with {word!r} came; saw {seen}")


def test_watch_rebuilds_when_a_file_is_added_or_removed_and_stops_at_ctrl_c(tmp_path: Path):
    arts, out = kursk_corpus(tmp_path / "articles", 3), tmp_path / "out"
    command = [sys.executable, "-m", "mapper", "build", "--watch", "--articles", str(arts)]
    process = subprocess.Popen(
        [*command, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"},
        preexec_fn=ctrl_c_as_at_a_terminal,
    )
    errors = lines_of(process.stderr)  # (read as it comes: a full pipe would block the build)
    try:
        lines = lines_of(process.stdout)
        first = wait_for(lines, "Wrote")  # the first build's full report
        assert first[0].startswith("Read 3 articles")
        time.sleep(1.0)  # (the watcher is set up right after the first build)
        write(arts, "new", "Ukrainian drones struck an oil depot in Lgov overnight.",
              date="2024-09-02")  # fmt: skip
        [line] = wait_for(lines, "rebuilt")[-1:]
        assert "from 4 articles" in line and f"rebuilt {out}" in line
        assert "https://example.org/new" in (out / "events.csv").read_text("utf-8")
        (arts / "new.md").unlink()
        [line] = wait_for(lines, "rebuilt")[-1:]
        assert "from 3 articles" in line
        assert "https://example.org/new" not in (out / "events.csv").read_text("utf-8")
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # (its threads' stacks, to stderr)
            process.wait(timeout=30)
            raise AssertionError(f"Ctrl-C did not stop it: {drained(errors)}") from None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    err = drained(errors)
    assert process.returncode == 0, err
    assert "Stopped watching." in err and "Traceback" not in err


def drained(lines: queue.Queue, seconds: float = 5) -> str:
    """What a stream printed, once its process has ended (read up to its end)."""
    return "\n".join(arriving(lines, seconds))
