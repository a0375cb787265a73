"""The quick forms of the candidate-place scans in events.py find what their plain forms find."""

from __future__ import annotations

import random
import re

from mapper import events

DIVISION_TOKENS = (
    "Kursk Belgorod New York O'Brien Sudzha’s X-Y A B x the of region regions oblast district "
    "raion raions krai kraion subregion Region 5 2024 _ \u0130 \u00c9t\u00e9"
).split() + [",", ".", "-", "'", "’", "(", '"']
DIVISION_SEPARATORS = (" ", " ", " ", "", "  ", "\t", "\n", "\u00a0", "\u2003", "-", ", ")


def division_texts(n: int = 3000, seed: int = 13) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(
            rnd.choice(DIVISION_TOKENS) + rnd.choice(DIVISION_SEPARATORS)
            for _ in range(rnd.randint(1, 14))
        )
        for _ in range(n)
    ]


def test_division_phrases_are_what_the_greedy_phrase_regex_finds():
    # the phrase regex as first written: greedy runs, searched in the whole span
    plain = re.compile(
        rf"[A-Z](?<![\w'’][A-Z])[\w-]+(?:\s+[A-Z][\w-]+)?\s+"
        rf"(?:{'|'.join(events._DIVISION_WORDS)})\b"
    )
    rnd = random.Random(17)
    for text in division_texts():
        places = events._Places(None, None, text, [])  # (division_phrases reads the text only)
        for _ in range(4):
            start = rnd.randint(0, len(text))
            end = rnd.randint(start, len(text))
            want = [(m.span(), m.group()) for m in plain.finditer(text, start, end)]
            got = [(m.span(), m.group()) for m in places.division_phrases(start, end)]
            assert got == want, (text, start, end)
