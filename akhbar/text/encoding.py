"""Bytes to text for HTML pages and XML feeds, with Arabic legacy codecs done right (pure).

`decode_html` and `decode_xml` return `(text, codec)`. They look, in this order, at:

1. a byte-order mark (trusted: nothing else is consulted);
2. the charset of the HTTP Content-Type header;
3. the document's own declaration in its first 4 KB (`<meta charset>` or
   `<meta http-equiv="Content-Type">` for HTML, `<?xml encoding=…?>` for XML);
4. a detector.

A declaration is checked, not believed: outlets often declare the wrong codec (a utf-8 page
that says windows-1256, a windows-1256 page that says iso-8859-1). Bytes that are valid utf-8
and contain multi-byte sequences are utf-8 whatever the label says (legacy Arabic or French
text is practically never valid utf-8 by accident). Otherwise the declared codec is kept when
it reads at least as plausibly as the best of a short candidate list (utf-8, windows-1252,
windows-1256, iso-8859-6, plus charset_normalizer's guess when nothing is declared), judged on
a 4 KB sample: plausibility is the share of Latin and Arabic letters that are not suspect, so
Arabic decoded as Latin-1 ("ÇáÚÑÈíÉ", "Ø§Ù") or ISO-8859-6 decoded as windows-1256 (Arabic
letters touching "é", "ç") lose. A declared codec outside that list (Cyrillic, CJK) is kept
when the bytes are valid in it.

Labels are mapped the way browsers map them (WHATWG): latin-1/iso-8859-1/ascii are
windows-1252, "arabic"/"asmo-708" are iso-8859-6. Decoding never raises: the chosen codec
decodes with errors="replace".
"""

import codecs
import re
from functools import cache

import numpy as np
from charset_normalizer import from_bytes

from akhbar.text.lang import code_points

HEAD_BYTES = 4096
SAMPLE_BYTES = 4096  # about 700 words: enough to judge a codec by, and quick
# On a tie the first wins: windows-1252 before windows-1256, which reads French the same way.
CANDIDATES = ("utf-8", "windows-1252", "windows-1256", "iso-8859-6")
DECLARED_MARGIN = 0.02  # a declared codec may read this much worse than the best and still win

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG label mapping for the labels news sites actually use.
ALIASES = {
    "latin-1": "windows-1252",
    "latin1": "windows-1252",
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "iso_8859-1": "windows-1252",
    "l1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "cp1252": "windows-1252",
    "arabic": "iso-8859-6",
    "asmo-708": "iso-8859-6",
    "ecma-114": "iso-8859-6",
    "iso8859-6": "iso-8859-6",
    "iso_8859-6": "iso-8859-6",
    "cp1256": "windows-1256",
    "x-cp1256": "windows-1256",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
}
# Python's own names for the codecs above, shown the WHATWG way.
_PRETTY = {"cp1256": "windows-1256", "cp1252": "windows-1252", "iso8859-6": "iso-8859-6"}

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']\s*([\w.:-]+)", re.I)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_ARABIC = "\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06ff"  # letters, not marks
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_SCRIPT_CLASH = re.compile(f"[{_ARABIC}][{_LATIN}]|[{_LATIN}][{_ARABIC}]")
_ACCENTED_WORD = re.compile(
    f"(?<![{_LATIN}])[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]{{2,}}(?![{_LATIN}])"
)
_LETTER = re.compile(f"[{_LATIN}{_ARABIC}]")


def decode_html(content: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML page: BOM, header charset, `<meta>` charset, then detection."""
    return _decode(content, content_type, _META_CHARSET.search(content[:HEAD_BYTES]))


def decode_xml(content: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an XML document: BOM, header charset, XML declaration, then detection."""
    declared = _XML_ENCODING.search(content[:HEAD_BYTES])
    # Feeds served as text/html sometimes carry a <meta> instead (an HTML page given as a feed).
    return _decode(content, content_type, declared or _META_CHARSET.search(content[:HEAD_BYTES]))


def normalize_codec(label: str | None) -> str | None:
    """A codec name Python knows for a charset label, mapped as browsers map it, or None."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return ALIASES.get(name, _PRETTY.get(name, name))


def _decode(content: bytes, content_type: str | None, match) -> tuple[str, str]:
    for bom, codec in BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(codec, errors="replace"), codec
    declared = _header_codec(content_type) or normalize_codec(_group(match))
    codec = choose_codec(content, declared)
    return content.decode(codec, errors="replace"), codec


def _header_codec(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return normalize_codec(match.group(1)) if match else None


def _group(match) -> str | None:
    return match.group(1).decode("ascii", errors="replace") if match else None


def choose_codec(content: bytes, declared: str | None) -> str:
    """The codec to decode `content` with, checking `declared` against the bytes."""
    if content.isascii():
        return declared if declared and _ascii_compatible(declared) else "utf-8"
    if _is_utf8(content):
        # Multi-byte utf-8 beats any single-byte label: see the module docstring.
        return "utf-8"
    sample = _sample(content)
    if declared and declared not in CANDIDATES and _decodes(content, declared):
        return declared  # another script (Cyrillic, CJK…): our plausibility cannot judge it
    scores: dict[str, float] = {}
    if declared in CANDIDATES:
        scores[declared] = plausibility(sample, declared)  # first: it wins a tie
        if scores[declared] >= 1 - DECLARED_MARGIN:
            return declared  # no codec reads better than 1: the label wins whatever they score
    for codec in _candidates(sample, declared):
        if codec not in scores:
            scores[codec] = plausibility(sample, codec)
    best = max(scores, key=scores.get)
    if declared in scores and scores[declared] >= scores[best] - DECLARED_MARGIN:
        return declared
    return best


def _sample(content: bytes) -> bytes:
    """Up to SAMPLE_BYTES from the first non-ASCII byte on: where the codecs differ."""
    first = _NON_ASCII.search(content)
    start = max((first.start() if first else 0) - 1024, 0)
    return content[start : start + SAMPLE_BYTES]


def _ascii_compatible(codec: str) -> bool:
    return not codec.startswith(("utf-16", "utf-32"))


def _is_utf8(content: bytes) -> bool:
    return _decodes(content, "utf-8")


def _decodes(content: bytes, codec: str) -> bool:
    try:
        content.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _candidates(content: bytes, declared: str | None) -> list[str]:
    names = [declared] if declared and _ascii_compatible(declared) else []
    names += [name for name in CANDIDATES if name not in names]
    if declared:
        return names  # a wrong label is one of the usual suspects; the detector is slow
    guess = from_bytes(content).best()
    detected = normalize_codec(guess.encoding) if guess else None
    if detected and detected not in names:
        names.append(detected)
    return names


def plausibility(content: bytes, codec: str) -> float:
    """How much `content` decoded with `codec` reads like real text, at most 1.

    The share of letters (Latin and Arabic) not under suspicion, less undecodable bytes.
    Suspect: an Arabic letter touching a Latin one ("ثàل": ISO-8859-6 read as windows-1256),
    and a word of two or more accented Latin letters without an ASCII letter ("ÇáÚÑÈíÉ":
    Arabic read as Latin-1; French words hold an ASCII letter: "été", "où").

    The single-byte candidates are judged on the bytes themselves (``_byte_plausibility``);
    other codecs on the decoded text, with the same classes.
    """
    if codec in SINGLE_BYTE:
        return _byte_plausibility(content, codec)
    text = content.decode(codec, errors="replace")
    codes = code_points(text)
    if codes.size and codes.max() < _BMP:
        return _class_plausibility(_bmp_classes()[codes])  # the same classes, counted
    return text_plausibility(text)


def text_plausibility(text: str) -> float:
    """`plausibility` of text already decoded, by its regular expressions."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    suspect = 2 * len(_SCRIPT_CLASH.findall(text)) + sum(map(len, _ACCENTED_WORD.findall(text)))
    return (letters - 2 * suspect - 4 * text.count("\ufffd")) / letters


# Candidates whose every byte decodes to one character (an undefined byte to U+FFFD).
SINGLE_BYTE = ("windows-1252", "windows-1256", "iso-8859-6")
# What each byte is as a character of a single-byte codec: the classes of `plausibility`.
_OTHER, _ARABIC_LETTER, _LATIN_LETTER, _ACCENTED, _REPLACED = range(5)


@cache
def _byte_classes(codec: str) -> np.ndarray:
    """The class of each of the 256 bytes decoded with `codec`, by plausibility's patterns."""
    classes = np.zeros(256, dtype=np.uint8)
    for byte in range(256):
        classes[byte] = _class_of(bytes([byte]).decode(codec, errors="replace"))
    return classes


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The [start, end) of every run of True in `mask`."""
    edges = np.diff(mask.astype(np.int8), prepend=0, append=0)
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


@cache
def _class_table(codec: str) -> bytes:
    """``_byte_classes`` as a table for ``bytes.translate``."""
    return _byte_classes(codec).tobytes()


_BMP = 0x10000


def _class_of(char: str) -> int:
    """The class of one character, by plausibility's patterns."""
    if char == "\ufffd":
        return _REPLACED
    if _ACCENTED_WORD.fullmatch(char * 2):  # an accented Latin letter
        return _ACCENTED
    if _LETTER.fullmatch(char):
        return _ARABIC_LETTER if _SCRIPT_CLASH.fullmatch(char + "a") else _LATIN_LETTER
    return _OTHER


@cache
def _bmp_classes() -> np.ndarray:
    """The class of each code point of the Basic Multilingual Plane (the letters and U+FFFD
    asked of the patterns one by one; every other code point is no letter)."""
    every = "".join(map(chr, range(_BMP)))
    classes = np.zeros(_BMP, dtype=np.uint8)
    for match in _LETTER.finditer(every):
        classes[match.start()] = _class_of(match[0])
    classes[0xFFFD] = _REPLACED
    return classes


def _byte_plausibility(content: bytes, codec: str) -> float:
    """`plausibility` for a single-byte codec, counted on the bytes' classes: what its
    regular expressions find in the decoded text, five times faster (a page whose label
    is doubted is judged under every candidate)."""
    return _class_plausibility(np.frombuffer(content.translate(_class_table(codec)), np.uint8))


def _class_plausibility(classes: np.ndarray) -> float:
    """`plausibility` counted on the classes of a text's characters."""
    counts = np.bincount(classes, minlength=5)
    letters = int(counts[_ARABIC_LETTER] + counts[_LATIN_LETTER] + counts[_ACCENTED])
    if not letters:
        return 0.0
    accented = counts[_ACCENTED]
    latin = (classes == _LATIN_LETTER) | (classes == _ACCENTED) if accented else None
    # _SCRIPT_CLASH needs both scripts, _ACCENTED_WORD two accented letters: in most
    # samples under most codecs one script is missing and no letter is accented
    clashes = 0
    if counts[_ARABIC_LETTER] and counts[_LATIN_LETTER] + accented:
        latin = (classes == _LATIN_LETTER) | (classes == _ACCENTED) if latin is None else latin
        clashes = _clashes(classes == _ARABIC_LETTER, latin)
    alone = _accented_alone(classes, latin) if accented >= 2 else 0
    suspect = 2 * clashes + alone
    return (letters - 2 * suspect - 4 * int(counts[_REPLACED])) / letters


def _clashes(arabic: np.ndarray, latin: np.ndarray) -> int:
    """_SCRIPT_CLASH's matches: pairs of an Arabic and a Latin letter, found left to right
    without overlap: k pairs starting at consecutive positions are ceil(k / 2) matches."""
    touching = (arabic[:-1] & latin[1:]) | (latin[:-1] & arabic[1:])
    if not touching.any():
        return 0
    starts, ends = _runs(touching)
    return int(((ends - starts + 1) // 2).sum())


def _accented_alone(classes: np.ndarray, latin: np.ndarray) -> int:
    """The letters of _ACCENTED_WORD's matches: runs of two or more accented letters with
    no Latin letter either side."""
    starts, ends = _runs(classes == _ACCENTED)
    long = ends - starts >= 2
    starts, ends = starts[long], ends[long]
    before = np.zeros(len(starts), dtype=bool)
    before[starts > 0] = latin[starts[starts > 0] - 1]
    after = np.zeros(len(ends), dtype=bool)
    after[ends < len(latin)] = latin[ends[ends < len(latin)]]
    alone = ~before & ~after
    return int((ends[alone] - starts[alone]).sum())
