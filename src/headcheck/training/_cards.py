"""Model cards: each shipped model's card is a template in `cards/`, filled with the numbers of the model
written beside it, so a card can never disagree with its model."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from string import Template

_CARDS = Path(__file__).parent / "cards"


def card(name: str, fields: Mapping[str, object]) -> str:
    """The card template `cards/<name>.md` with `${field}` replaced; a field left unfilled is an error."""
    return Template((_CARDS / f"{name}.md").read_text(encoding="utf-8")).substitute(
        {k: str(v) for k, v in fields.items()})
