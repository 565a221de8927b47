"""A figure's ``value`` is the number it stands for (issue 16, "Figures as facts"): a scale
word written after digits multiplies it, as it does after a number in words."""

from __future__ import annotations

import pytest

from vaultkit.reports.figures import figures_in


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("70 million youth recognize that capitalism works against them.", "70 million youth", 7e7),
        ("The fund reached $1.2 million last year.", "$1.2 million", 1.2e6),
        ("We have 3 thousand members.", "3 thousand members", 3000.0),
        ("The city carries 2.5 billion dollars of debt.", "2.5 billion dollars", 2.5e9),
        ("World debt passed 300 trillion dollars.", "300 trillion dollars", 3e14),
        ("Two hundred thousand workers struck.", "Two hundred thousand workers", 2e5),
        ("We now have 400 members.", "400 members", 400.0),
    ],
)
def test_a_scale_word_multiplies_the_value(sentence: str, text: str, value: float) -> None:
    [figure] = figures_in(sentence, 1, None)
    assert (figure.text, figure.value) == (text, value)
