"""Text typed in the TCVN3 and VNI fonts becomes Unicode NFC; proper
Unicode, plain ASCII and other languages are never touched."""

import unicodedata

import pytest

from domain.legacy_fonts import TCVN3, VNI, convert_legacy, is_syllable


@pytest.mark.parametrize(
    ("typed", "text", "encoding"),
    [
        ("NguyÔn V¨n Hïng", "Nguyễn Văn Hùng", TCVN3),
        ("Cao L·nh, §ång Th¸p", "Cao Lãnh, Đồng Tháp", TCVN3),
        ("§¶ng viªn chÝnh thøc", "Đảng viên chính thức", TCVN3),
        ("Ng· t\u00ad", "Ngã tư", TCVN3),
        ("NGUYÔN V¡N HïNG", "NGUYỄN VĂN HÙNG", TCVN3),  # the capital fonts (.VnTimeH)
        ("Nguyeãn Vaên Huøng", "Nguyễn Văn Hùng", VNI),
        ("Cao Laõnh, Ñoàng Thaùp", "Cao Lãnh, Đồng Tháp", VNI),
        ("Ngaøy sinh", "Ngày sinh", VNI),
        ("ÑAÛNG VIEÂN", "ĐẢNG VIÊN", VNI),
        ("Tröông Thò Myõ", "Trương Thị Mỹ", VNI),
    ],
)
def test_legacy_text_becomes_unicode_nfc(typed: str, text: str, encoding: str) -> None:
    found = convert_legacy(typed)
    assert found is not None and (found.text, found.encoding) == (text, encoding)
    assert unicodedata.is_normalized("NFC", found.text)


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Văn Hùng",
        unicodedata.normalize("NFD", "Nguyễn Văn Hùng"),
        "Hoàng Thị Lê",  # "oà" is ồ in VNI: a Unicode "Hoàng" must stay
        "Tô Lâm",  # every letter is also a TCVN3 byte, none is its signature
        "Lê Hà",
        "Công ty ABC®",  # ® is đ in TCVN3, but "abcđ" is no syllable
        "Müller",
        "José García",
        "François",
        "CL-P1-CB01",
        "",
    ],
)
def test_unicode_ascii_and_other_languages_are_left_alone(text: str) -> None:
    assert convert_legacy(text) is None


def test_a_syllable_has_one_tone_and_vietnamese_letters_in_order() -> None:
    assert is_syllable("Nguyễn") and is_syllable("khuya") and is_syllable("gì")
    assert not is_syllable("ngaứy")  # "aưy" is no Vietnamese vowel group
    assert not is_syllable("mỹller") and not is_syllable("hóà")
