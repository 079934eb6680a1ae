"""Briefs pasted from a sheet: a header row and data rows (tab, ``|`` or comma separated).

A table is rewritten as the lines a planner would type before the readers run: one
data row becomes ``Header: value`` lines ("Start: 2027-03-01", "End: 2027-03-28"), so
each cell is read with its column's meaning; several rows (a channel per row) become
one line of rows ("CTV 55%, Online video 30%, Audio 15%"). Text that is no table is
returned unchanged.
"""

from __future__ import annotations

import csv
import re

_DELIMITERS = ("\t", "|", ",", "  ")  # "  ": columns aligned with spaces
_LABEL = re.compile(r"[A-Za-z][A-Za-z _./#-]{0,30}(?:\s*\((?:[A-Z]{3}|[$€£¥₹])\))?")
# "Budget (USD)", "Spend ($)": the column's currency, written before each amount under it
_COLUMN_CURRENCY = re.compile(r"\((?P<code>[A-Z]{3}|[$€£¥₹])\)\s*$")


def _cells(line: str, delimiter: str) -> list[str]:
    if delimiter == ",":
        try:
            row = next(csv.reader([line]), [])
        except csv.Error:  # a bare '\r' inside a line (old Mac line ends): no table row
            return []
    elif delimiter == "  ":
        row = re.split(r" {2,}|\t", line.strip())
    else:
        line = line.strip()
        if line.startswith("|") and line.endswith("|"):  # a markdown table's edges
            line = line[1:-1]
        row = line.split(delimiter)
    return [c.strip() for c in row]


# Two columns are a table only under a share or money header; otherwise they are a
# "Label | value" sheet the readers read as it is ("Campaign | Lumen Spring").
_SECOND_COLUMN = re.compile(r".*\b(?:share|weight|split|percent|allocation|budget|spend)\b.*|.*%",
                            re.IGNORECASE)


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= 2 and all(_LABEL.fullmatch(c) or c == "%" for c in cells) and (
        len(cells) > 2 or bool(_SECOND_COLUMN.fullmatch(cells[1])))


def _table_at(lines: list[str], i: int) -> tuple[str, int] | None:
    """The delimiter and row count of a table whose header is ``lines[i]``."""
    for delimiter in _DELIMITERS:
        if delimiter not in lines[i]:
            continue
        header = _cells(lines[i], delimiter)
        if not _is_header(header) or (delimiter == "," and len(header) < 3):
            continue
        rows = 1
        while i + rows < len(lines) and delimiter in lines[i + rows] and \
                len(_cells(lines[i + rows], delimiter)) == len(header):
            rows += 1
        if rows > 1:
            return delimiter, rows
    return None


def _value(cell: str) -> str:
    return cell.replace("_", " ").replace(";", ",")


def _label(label: str) -> str:
    # "From: 2027-09-06" would read as a mail header; a column's "From" is a date
    return f"{label} date" if label.strip().lower() in {"from", "to", "date"} \
        else _value(label)


def tables_as_lines(text: str) -> str:
    """``text`` with each pasted table written as labelled lines."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        table = _table_at(lines, i)
        if table is None:
            out.append(lines[i])
            i += 1
            continue
        delimiter, count = table
        header = _cells(lines[i], delimiter)
        rows = [_cells(line, delimiter) for line in lines[i + 1:i + count]]
        if len(rows) == 1:
            out += [f"{_label(label)}: {_value(cell)}"
                    for label, cell in zip(header, rows[0], strict=True) if cell]
        else:
            codes = [_COLUMN_CURRENCY.search(label) for label in header]
            out.append(", ".join(" ".join(
                (f"{code.group('code')} " if code and re.match(r"\d", c) else "") + _value(c)
                for c, code in zip(row, codes, strict=True) if c) for row in rows) + ".")
        i += count
    return "\n".join(out)
