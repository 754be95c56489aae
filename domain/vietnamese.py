"""Vietnamese text: accent-free search keys and the name sort order.

Vietnamese names are written family, middle, given ("Nguyễn Văn Á") and are
sorted by the given name, then the middle name, then the family name, in the
Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
Tone marks only break ties. Python's default sort (code points) puts "Đ" after
"Z" and "Ă" after "Z" too, so we build an ASCII key that a byte-wise collation
(SQLite's BINARY, PostgreSQL's "C") orders correctly.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

# Base letters in Vietnamese alphabet order; f, j, w, z appear in names of
# foreign or ethnic-minority origin and are placed where Latin puts them.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {ch: chr(0x30 + i) for i, ch in enumerate(ALPHABET)}  # "0".."P"

# Tone marks (combining characters) in the conventional order:
# ngang (none) < huyền < hỏi < ngã < sắc < nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Letter-forming diacritics that turn a base letter into another letter.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_SPACE_RE = re.compile(r"\s+")


def normalize_text(value: str) -> str:
    """NFC, single spaces, trimmed: how every name is stored."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def normalize_name(value: str) -> str:
    """A person's name as stored: NFC, single spaces, each word capitalised
    ("NGUYỄN  văn á" -> "Nguyễn Văn Á")."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in normalize_text(value).split(" ") if w)


def fold(value: str) -> str:
    """Lower case without any diacritic, "đ" as "d": the search key, so that
    "nguyen van a" finds "Nguyễn Văn Á"."""
    decomposed = unicodedata.normalize("NFD", normalize_text(value).lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class NameParts:
    family: str
    middle: str
    given: str


def split_name(full_name: str) -> NameParts:
    """Family name is the first word, given name the last, the rest is middle."""
    words = normalize_text(full_name).split(" ")
    if len(words) == 1:
        return NameParts(family="", middle="", given=words[0])
    return NameParts(family=words[0], middle=" ".join(words[1:-1]), given=words[-1])


def _letters(word: str) -> tuple[str, str]:
    """Primary key (letters) and secondary key (tones) of one word."""
    primary: list[str] = []
    tones: list[str] = []
    for char in word.lower():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = base
        tone = "0"
        for mark in marks:
            if (letter, mark) in _LETTER_MARKS:
                letter = _LETTER_MARKS[(letter, mark)]
            elif mark in _TONES:
                tone = _TONES[mark]
        if letter in _LETTER_CODE:
            primary.append(_LETTER_CODE[letter])
            tones.append(tone)
        elif letter.isdigit():
            primary.append(letter)  # digits sort before letters: "0".."9" < ":"
            tones.append("0")
    return "".join(primary), "".join(tones)


def name_sort_key(full_name: str) -> str:
    """An ASCII key that sorts names the Vietnamese way under byte order.

    Words are compared given name first, then middle, then family name; a
    space (lower than any letter code) ends each word so "An" < "Anh"; tone
    marks are appended after "~" and only decide between otherwise equal names.
    """
    parts = split_name(full_name)
    ordered = [parts.given, *parts.middle.split(" "), parts.family]
    primary: list[str] = []
    secondary: list[str] = []
    for word in ordered:
        p, s = _letters(word)
        primary.append(p)
        secondary.append(s)
    return " ".join(primary) + " ~" + " ".join(secondary)


def collation_key(text: str) -> str:
    """An ASCII key that orders any text (unit names, places) in reading
    order by the Vietnamese alphabet, tones breaking ties."""
    primary: list[str] = []
    secondary: list[str] = []
    for word in normalize_text(text).split(" "):
        p, s = _letters(word)
        primary.append(p)
        secondary.append(s)
    return " ".join(primary) + " ~" + " ".join(secondary)


def long_date(day: datetime.date) -> str:
    """The date line of a Party document: "ngày 05 tháng 3 năm 2026".
    Days below 10 and the months January and February take a leading zero
    ("ngày 20 tháng 02 năm 2018"), as in the official illustrations."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


PLACE_PREFIXES = (
    "đảng bộ",
    "chi bộ",
    "tỉnh",
    "thành phố",
    "huyện",
    "thị xã",
    "quận",
    "phường",
    "xã",
    "đặc khu",
)


def place_name(unit_name: str) -> str:
    """The locality in a unit's name, for the place and date line:
    "Đảng bộ phường Cao Lãnh" → "Cao Lãnh"."""
    rest = unit_name.strip()
    changed = True
    while changed:
        changed = False
        for prefix in PLACE_PREFIXES:
            if rest.lower().startswith(prefix + " "):
                rest = rest[len(prefix) + 1 :].strip()
                changed = True
    return rest
