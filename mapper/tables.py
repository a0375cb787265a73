"""The output tables as a spreadsheet reads them: a text cell that would run as a formula is
made inert, and the articles table's rows are CSV lines the store keeps ready.

Left of the store and of the build: the store keeps each article's line of articles.csv
(`article_line`), so that a build writes that table by joining lines, whatever the corpus's
size; the build writes events.csv from a DataFrame made safe (`spreadsheet_safe`). Both give
the bytes pandas writes for the same table made safe.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (pandas is imported where a table is made: a rebuild may need none)
    import pandas as pd

# The version of `article_line`'s format: a change makes the store read every file again.
ARTICLE_LINE_VERSION = "1"

# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """`value` with a leading single quote when a spreadsheet would run it as a formula.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("Sudzha")
    ("'=HYPERLINK(1)", 'Sudzha')
    """
    return f"'{value}" if value.startswith(FORMULA_START) else value


def article_line(cells: tuple[str, ...]) -> str:
    """One row of articles.csv (its cells in ARTICLE_COLUMNS order) as its CSV line, each
    cell made safe (`safe_cell`), quoted as pandas quotes it, ending in a line break.

    >>> article_line(("a1", "=1+2", "Wire", "2024-08-07", "https://x.org/a", "a, b.md"))
    'a1,\\'=1+2,Wire,2024-08-07,https://x.org/a,"a, b.md"\\n'
    """
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([safe_cell(c) for c in cells])
    return out.getvalue()


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """`table` with every text cell that a spreadsheet would run as a formula ("=HYPERLINK(..)",
    "+1", "@SUM") prefixed with a single quote, as OWASP advises; numbers are left as they
    are.

    >>> import pandas as pd
    >>> safe = spreadsheet_safe(pd.DataFrame({"title": ["=1+2", "Sudzha"], "lat": [-1.5, 2.0]}))
    >>> safe["title"].tolist(), safe["lat"].tolist()
    (["'=1+2", 'Sudzha'], [-1.5, 2.0])
    """
    import pandas as pd

    safe = table.copy()
    for name in safe.columns:
        column = safe[name]
        if not (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)):
            continue
        risky = [isinstance(v, str) and v.startswith(FORMULA_START) for v in column.tolist()]
        if any(risky):
            safe[name] = column.mask(
                pd.Series(risky, index=column.index), "'" + column.astype(object).astype(str)
            )
    return safe
