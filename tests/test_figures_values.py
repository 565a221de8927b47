"""A figure's ``value`` is the number it stands for (issue 16, "Figures as facts"): a scale
word written after digits multiplies it, as it does after a number in words."""

from __future__ import annotations

import pytest

from vaultkit.reports.figures import figures_in, scan
from vaultkit.reports.text import Block


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


@pytest.mark.parametrize(
    ("sentence", "text", "unit"),
    [
        (
            "20% of comrades are at-large or in embryonic groups.",
            "20% of comrades",
            "% of comrades",
        ),
        ("They gained 150 comrades, a 70% growth.", "70%", "%"),
        ("We went 88 percent against Trump.", "88 percent", "%"),
        ("At least 40% of the branches should sell papers.", "40% of branches", "% of branches"),
    ],
)
def test_a_percentage_has_its_unit_and_what_it_is_a_share_of(
    sentence: str, text: str, unit: str
) -> None:
    """Issue 16: figures without a unit; a percentage had none (``20%`` of what?)."""
    (figure,) = [f for f in figures_in(sentence, 1, None) if f.text.startswith(text[:2])]
    assert (figure.text, figure.unit) == (text, unit)
    assert sentence[figure.start : figure.end].startswith(text.split()[0])


def test_a_share_is_not_paired_with_a_count_of_the_same_thing() -> None:
    """A target share's current value is a share, never a count (``_thing``)."""
    blocks = [
        Block("paragraph", "We have 150 comrades in the branches.", 1, None),
        Block("paragraph", "At least 40% of comrades should sell papers.", 2, None),
    ]
    target = [f for f in scan(blocks)[0] if f.role == "target"]
    assert target and target[0].current is None
