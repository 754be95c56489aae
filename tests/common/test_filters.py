from decimal import Decimal

from apps.common.templatetags.vn import cell, pct, pct_short


def test_percentages_use_a_decimal_comma() -> None:
    assert pct(Decimal("100.6")) == "100,6%"
    assert pct(None) == "–"
    assert pct_short(Decimal("3.00")) == "3%"
    assert pct_short(Decimal("3.50")) == "3,5%"
    assert cell(4749, "int") == "4.749"
    assert cell(None, "int") == "–"
    assert cell("Chi bộ", "text") == "Chi bộ"
