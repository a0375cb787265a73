"""The output tables as a spreadsheet reads them: the articles table's lines the store keeps are
the bytes pandas writes for that table made safe."""

from __future__ import annotations

import pandas as pd

from mapper.events_schema import ARTICLE_COLUMNS
from mapper.tables import article_line, spreadsheet_safe


def test_the_article_lines_are_what_pandas_writes_for_the_table_made_safe():
    rows = [
        ("a1", '=HYPERLINK("http://evil.example","x")', "@SUM", "2024-08-07", "https://e.org/?a=1,2",
         "dir/a.md"),
        ("a2", 'Quote " comma , line\nbreak, return\r', "-2+3", "", "", "Суджа — 🚀.md"),
        ("a3", " leading space", "+cmd", "", "\ttab", "\rreturn"),
        ("a4", "", "", "", "", "plain.md"),
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
    expected = spreadsheet_safe(table).to_csv(index=False)
    assert article_line(ARTICLE_COLUMNS) + "".join(map(article_line, rows)) == expected
    assert "'=HYPERLINK" in expected and "'\ttab" in expected  # (the rule applied)
