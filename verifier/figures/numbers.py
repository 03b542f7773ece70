"""Numbers written in words or digits, and ACLED's reading of vague quantity terms.

ACLED codes "tens" / "dozens" / "hundreds" / "thousands" as 10 / 12 / 100 / 1000. We add:
"scores" -> 20 (one score), "several" -> 3, "a few" -> 3 (the low end of what either
usually means), "a couple (of)" -> 2, "a handful" -> 3. Vague terms give a low bound only:
"dozens of militants" is at least 12, with no best or high value.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "both": 2, "single": 1, "lone": 1, "double": 2, "triple": 3,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague terms: value is a low bound only (ACLED convention for tens / dozens / hundreds).
VAGUE = {
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000,
    "several": 3, "a few": 3, "a couple of": 2, "a couple": 2, "a handful of": 3,
    "a handful": 3, "numerous": 3, "multiple": 2,
}  # fmt: skip
# Exact word amounts that read as one number: "a dozen" is 12.
FIXED = {"a dozen": 12, "one dozen": 12, "half a dozen": 6, "a score of": 20, "a pair of": 2}

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_SCALE = "|".join(SCALES)
_ONE_WORD_NUMBER = rf"(?:(?:{_WORD})(?:[-\s](?:{_WORD}))?)"
# "two hundred", "twenty-five", "one hundred and twenty", "a hundred", "three thousand".
WORD_NUMBER = (
    rf"(?:(?:a|an|{_ONE_WORD_NUMBER})\s+(?:{_SCALE})(?:\s+(?:and\s+)?{_ONE_WORD_NUMBER})?"
    rf"|{_ONE_WORD_NUMBER})"
)
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
NUMBER = rf"(?:{DIGIT_NUMBER}|{WORD_NUMBER})"
VAGUE_TERM = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
FIXED_TERM = "|".join(re.escape(v) for v in sorted(FIXED, key=len, reverse=True))


def parse_number(text: str) -> int | None:
    """The integer a digit string or English number phrase stands for, else None."""
    t = text.strip().lower().replace(",", "")
    if not t:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return int(float(t))
    if t in FIXED:
        return FIXED[t]
    if t.split()[0] == "no":  # "no one", "no two" (as in "no two reports agree"): none
        return 0
    total, current = 0, 0
    seen = False
    for word in re.split(r"[\s-]+", t):
        if word == "and":
            continue
        if word in ("a", "an"):
            current = 1
            seen = True
        elif word in UNITS:
            current += UNITS[word]
            seen = True
        elif word in TENS:
            current += TENS[word]
            seen = True
        elif word in SCALES:
            scale = SCALES[word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def vague_value(term: str) -> int | None:
    """The low bound of a vague term ("dozens" -> 12), else None."""
    return VAGUE.get(re.sub(r"\s+", " ", term.strip().lower()))
