"""`safe_display`: user-supplied text made safe to quote in a message printed to a terminal.

A query, a file name or a record comes from the user (or from a file someone else wrote); quoted
whole in an error message it can fill the screen, or, holding control characters, clear it,
move the cursor or rewrite the line above. Every message that quotes such text passes it here.
"""

from __future__ import annotations

import unicodedata

__all__ = ["safe_display"]

# Besides the control characters (C0, DEL, C1: category Cc) and the line and paragraph
# separators, the bidirectional embeddings, overrides and isolates, which reorder the rest of
# the line as displayed ("Trojan Source").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _is_unsafe(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS


def safe_display(text: object, limit: int | None = 80) -> str:
    """`text` as it may be quoted in a message: shortened, and with no control characters.

    `text` (anything; it is passed through ``str``) longer than `limit` characters keeps its
    first `limit` characters, followed by ``... (N characters)`` with its whole length; `limit`
    None keeps it whole. Then each control character (C0, DEL and C1, so ESC, ``\\r`` and
    ``\\n`` too), Unicode line or paragraph separator and bidirectional override is written as
    its Python escape (``\\x1b``, ``\\n``, ``\\u202e``), so the result is one line that cannot
    drive the terminal. Everything else, backslashes and non-Latin letters included, is kept
    as it is; applying the function twice changes nothing more.

    >>> safe_display("Sudzha")
    'Sudzha'
    >>> print(safe_display("Kursk\\x1b[2J\\r\\nOblast"))
    Kursk\\x1b[2J\\r\\nOblast
    >>> safe_display("Суджа" * 20_000, limit=10)
    'СуджаСуджа... (100,000 characters)'
    """
    text = str(text)
    shown = text
    if limit is not None and len(text) > limit:
        shown = f"{text[:limit]}... ({len(text):,} characters)"
    if not any(_is_unsafe(c) for c in shown):
        return shown
    return "".join(_escape(c) if _is_unsafe(c) else c for c in shown)
