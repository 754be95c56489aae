"""Text typed in the old Vietnamese font encodings, converted to Unicode.

Before Unicode (TCVN 6909:2001) Vietnamese was typed with fonts whose
glyphs sat on the code points of Western letters: a workbook saved then and
opened today shows "Nguyôn V¨n Hïng" (TCVN3, the ".Vn" fonts of the ABC
keyboard, standard TCVN 5712:1993 VN3) or "Nguyeãn Vaên Huøng" (VNI, the
"VNI-" fonts, a letter followed by a mark). The tables below are those two
published encodings, read as the Windows-1252 characters their bytes show
as once the sheet is Unicode.

No well-kept library converts cells one by one with a guarantee that
proper Unicode is never touched (the ones found convert whole documents, or
lack letters), so detection here is deliberately conservative. A cell is
converted only when all of these hold:

1. every non-ASCII character in it belongs to the encoding;
2. it holds at least one character that no Vietnamese Unicode text
   contains (µ ¨ § ø ï ñ …: a "signature" of the encoding);
3. after conversion every word that changed is a Vietnamese syllable
   (onset, vowels, final consonant, at most one tone mark);
4. exactly one of the two encodings passes 1–3.

Anything else is left exactly as it was. `convert_legacy` returns the new
text and the encoding's name, or None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TCVN3 = "TCVN3"
VNI = "VNI"

# TCVN3 (VN3): one byte a letter. In the ".Vn…" fonts these bytes draw the
# small letters below; the same bytes in the capital fonts (".Vn…H") draw
# their capitals, which `_case_like` restores.
_TCVN3_PAIRS = (
    ("\u00b5", "à"),
    ("\u00b6", "ả"),
    ("\u00b7", "ã"),
    ("\u00b8", "á"),
    ("\u00b9", "ạ"),
    ("\u00a8", "ă"),
    ("\u00bb", "ằ"),
    ("\u00bc", "ẳ"),
    ("\u00bd", "ẵ"),
    ("\u00be", "ắ"),
    ("\u00c6", "ặ"),
    ("\u00a9", "â"),
    ("\u00c7", "ầ"),
    ("\u00c8", "ẩ"),
    ("\u00c9", "ẫ"),
    ("\u00ca", "ấ"),
    ("\u00cb", "ậ"),
    ("\u00ae", "đ"),
    ("\u00cc", "è"),
    ("\u00ce", "ẻ"),
    ("\u00cf", "ẽ"),
    ("\u00d0", "é"),
    ("\u00d1", "ẹ"),
    ("\u00aa", "ê"),
    ("\u00d2", "ề"),
    ("\u00d3", "ể"),
    ("\u00d4", "ễ"),
    ("\u00d5", "ế"),
    ("\u00d6", "ệ"),
    ("\u00d7", "ì"),
    ("\u00d8", "ỉ"),
    ("\u00dc", "ĩ"),
    ("\u00dd", "í"),
    ("\u00de", "ị"),
    ("\u00df", "ò"),
    ("\u00e1", "ỏ"),
    ("\u00e2", "õ"),
    ("\u00e3", "ó"),
    ("\u00e4", "ọ"),
    ("\u00ab", "ô"),
    ("\u00e5", "ồ"),
    ("\u00e6", "ổ"),
    ("\u00e7", "ỗ"),
    ("\u00e8", "ố"),
    ("\u00e9", "ộ"),
    ("\u00ac", "ơ"),
    ("\u00ea", "ờ"),
    ("\u00eb", "ở"),
    ("\u00ec", "ỡ"),
    ("\u00ed", "ớ"),
    ("\u00ee", "ợ"),
    ("\u00ef", "ù"),
    ("\u00f1", "ủ"),
    ("\u00f2", "ũ"),
    ("\u00f3", "ú"),
    ("\u00f4", "ụ"),
    ("\u00ad", "ư"),
    ("\u00f5", "ừ"),
    ("\u00f6", "ử"),
    ("\u00f7", "ữ"),
    ("\u00f8", "ứ"),
    ("\u00f9", "ự"),
    ("\u00fa", "ỳ"),
    ("\u00fb", "ỷ"),
    ("\u00fc", "ỹ"),
    ("\u00fd", "ý"),
    ("\u00fe", "ỵ"),
    ("\u00a1", "Ă"),
    ("\u00a2", "Â"),
    ("\u00a3", "Ê"),
    ("\u00a4", "Ô"),
    ("\u00a5", "Ơ"),
    ("\u00a6", "Ư"),
    ("\u00a7", "Đ"),
)

# VNI (VNI-Windows): a vowel letter followed by a mark character; four
# letters of the i family, ơ, ư, ỵ and đ have a character of their own.
# Marks for the small letters; the capitals use the capital of each mark.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
# After a, e, o: the circumflex, alone or with a tone.
_VNI_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
# After a: the breve, alone or with a tone.
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "ô": "ơ",
    "ö": "ư",
    "î": "ỵ",
    "ñ": "đ",
}


def _vni_pairs() -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []

    def add(source: str, target: str) -> None:
        pairs.append((source, unicodedata.normalize("NFC", target)))
        pairs.append((source.upper(), unicodedata.normalize("NFC", target).upper()))

    for base in "aeiouy":
        for mark, tone in _VNI_TONES.items():
            if base == "i":
                continue  # the i family has single characters
            add(base + mark, base + tone)
    for base in "ô", "ö":  # ơ and ư with a tone
        for mark, tone in _VNI_TONES.items():
            add(base + mark, _VNI_SINGLE[base] + tone)
    for base in "aeo":
        for mark, tone in _VNI_HAT.items():
            add(base + mark, base + "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, "a\u0306" + tone)
    for single, letter in _VNI_SINGLE.items():
        add(single, letter)
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


_VNI_PAIRS = _vni_pairs()
_TCVN3_MAP = dict(_TCVN3_PAIRS)
_TCVN3_CHARS = frozenset(_TCVN3_MAP)
_VNI_CHARS = frozenset(ch for source, _t in _VNI_PAIRS for ch in source if ord(ch) > 127)
# The letters Vietnamese Unicode text is made of (besides ASCII).
_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + mark)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for mark in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
) | frozenset("đĐ")
_TCVN3_SIGNATURE = _TCVN3_CHARS - _VIETNAMESE_LETTERS
_VNI_SIGNATURE = _VNI_CHARS - _VIETNAMESE_LETTERS
_VNI_RE = re.compile("|".join(re.escape(source) for source, _t in _VNI_PAIRS))
_VNI_MAP = dict(_VNI_PAIRS)

# A Vietnamese syllable without its tone: onset, vowels, final consonant.
_NUCLEI = tuple(
    [
        "a",
        "ă",
        "â",
        "e",
        "ê",
        "i",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "y",
        "ai",
        "ao",
        "au",
        "ay",
        "âu",
        "ây",
        "eo",
        "êu",
        "ia",
        "iê",
        "iu",
        "oa",
        "oă",
        "oe",
        "oi",
        "ôi",
        "ơi",
        "oo",
        "ua",
        "uâ",
        "uê",
        "ui",
        "uô",
        "uơ",
        "ưa",
        "ưi",
        "ươ",
        "ưu",
        "uy",
        "yê",
        "iêu",
        "oai",
        "oao",
        "oay",
        "oeo",
        "uây",
        "uôi",
        "ươi",
        "ươu",
        "uya",
        "uyê",
        "uyu",
        "yêu",
    ]
)
_SYLLABLE = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
    "(" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")"
    r"(ch|ng|nh|[cmnpt])?"
)
_TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")
# A word: a run of letters and of the non-ASCII characters the fonts used.
_WORD = re.compile(r"[A-Za-z\u0080-\uffff]+")


@dataclass(frozen=True)
class Converted:
    """A cell read in an old encoding: the Unicode NFC text and the
    encoding's name (TCVN3 or VNI)."""

    text: str
    encoding: str


def is_syllable(word: str) -> bool:
    """Whether `word` (any case) is a Vietnamese syllable: at most one tone
    mark, and letters in the order onset, vowels, final consonant."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


def _tcvn3(text: str) -> str:
    out = "".join(_TCVN3_MAP.get(ch, ch) for ch in text)
    return _case_like(text, out)


def _vni(text: str) -> str:
    return _VNI_RE.sub(lambda m: _VNI_MAP[m.group(0)], text)


def _case_like(source: str, converted: str) -> str:
    """TCVN3 capitals were typed with the capital fonts, on the same bytes
    as the small letters: a cell whose ASCII letters are all capitals is
    read as capitals throughout."""
    letters = [ch for ch in source if ch.isascii() and ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return converted.upper()
    return converted


def _reads_as_vietnamese(source: str, converted: str) -> bool:
    before = _WORD.findall(source)
    after = _WORD.findall(converted)
    if len(before) != len(after):
        return False
    changed = [new for old, new in zip(before, after, strict=True) if old != new]
    return bool(changed) and all(is_syllable(word) for word in changed)


def _try(text: str, chars: frozenset[str], signature: frozenset[str], encoding: str) -> str | None:
    extra = {ch for ch in text if ord(ch) > 127}
    if not extra or not extra <= chars or not extra & signature:
        return None
    converted = _tcvn3(text) if encoding == TCVN3 else _vni(text)
    converted = unicodedata.normalize("NFC", converted)
    return converted if _reads_as_vietnamese(text, converted) else None


def convert_legacy(text: str) -> Converted | None:
    """The Unicode NFC reading of `text` if it was typed in TCVN3 or VNI,
    else None (proper Unicode, plain ASCII, another language, or a cell
    both encodings could read: never guessed)."""
    if text.isascii():
        return None
    readings = [
        Converted(result, encoding)
        for encoding, chars, signature in (
            (TCVN3, _TCVN3_CHARS, _TCVN3_SIGNATURE),
            (VNI, _VNI_CHARS, _VNI_SIGNATURE),
        )
        if (result := _try(text, chars, signature, encoding)) is not None
    ]
    return readings[0] if len(readings) == 1 else None
