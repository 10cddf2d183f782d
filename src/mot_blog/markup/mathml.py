"""LaTeX formulas into MathML at build time (``math: true``), with latex2mathml.

Browsers draw MathML themselves (MathML Core: Chromium, Firefox, Safari), so a page with
formulas loads no script and asks nothing of another host. latex2mathml reads most of
what it does not know as text (``\\frac{a`` becomes half a fraction, ``\\foo`` the letters
``\\foo``): a formula with unbalanced braces or an unknown command is refused here, so the
editor hears of it at its line instead of a reader seeing it.
"""

from __future__ import annotations

import re

_COMMAND_AS_TEXT = re.compile(r"<m[io]>(\\[A-Za-z]+)</m[io]>")


class MathError(ValueError):
    """A formula that does not convert; the message says why, in an editor's words."""


def to_mathml(tex: str, display: bool) -> str:
    """``tex`` as a ``<math>`` element (``display="block"`` for ``$$…$$``)."""
    from latex2mathml.converter import convert  # noqa: PLC0415 (only sites with math load it)

    formula = tex.strip()
    if not formula:
        raise MathError("empty formula")
    _check_braces(formula)
    try:
        mathml = convert(formula, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises its own errors, and IndexError and the like
        raise MathError(f"LaTeX it cannot read ({_what(exc)})") from None
    unknown = _COMMAND_AS_TEXT.search(mathml)
    if unknown is not None:
        raise MathError(f"unknown LaTeX command {unknown.group(1)}")
    return mathml


def formula_problem(tex: str, error: MathError) -> str:
    """The problem line's message for a formula that does not convert."""
    shown = " ".join(tex.split())
    shown = shown if len(shown) <= 40 else shown[:40] + "..."
    return f"the formula '{shown}' does not convert to MathML: {error}; fix the LaTeX"


def _check_braces(formula: str) -> None:
    depth = 0
    escaped = False
    for ch in formula:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise MathError("a '}' closes no '{'")
    if depth:
        raise MathError("a '{' is not closed")


def _what(exc: Exception) -> str:
    """latex2mathml's exception names (``MissingEndError``) as words ("missing end")."""
    name = re.sub(r"Error$", "", type(exc).__name__)
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    detail = str(exc).strip()
    return f"{words}: {detail}" if detail else words
