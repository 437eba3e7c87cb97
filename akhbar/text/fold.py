"""`str.translate` by a table of single characters, done by `str.replace`.

For a character outside Latin-1, `str.translate` looks its code point up in the table's
dictionary, one lookup per character of the text (about 50 ns each): 25 µs for a paragraph
of 500 Arabic characters. A table that maps characters to single characters or deletes them
is the same as one `str.replace` per character it names (each a fast scan of the text) when
no character it writes is one it reads, and deleting the rest by one character class: 2 µs
for that paragraph. Short texts (a word) keep `str.translate`, which costs less there than
one call per character of the table.
"""

import re

SHORT = 24  # characters; below, str.translate's lookups cost less than the calls below


class CharFold:
    """``text.translate(table)`` for a table of single characters and deletions."""

    def __init__(self, table: dict[int, str | None]):
        self.table = table
        self.pairs = [(chr(code), to) for code, to in table.items() if to != chr(code)]
        self.pairs = [(char, to) for char, to in self.pairs if to is not None]
        written = {to for _char, to in self.pairs}
        if any(len(to) != 1 for to in written) or written & set(map(chr, table)):
            raise ValueError("fold: the table writes a character it reads, or several")
        deleted = [chr(code) for code, to in table.items() if to is None]
        self.deleted = re.compile(f"[{re.escape(''.join(deleted))}]") if deleted else None

    def __call__(self, text: str) -> str:
        if len(text) < SHORT:
            return text.translate(self.table)
        for char, to in self.pairs:
            text = text.replace(char, to)
        if self.deleted is not None and self.deleted.search(text):
            text = self.deleted.sub("", text)
        return text
