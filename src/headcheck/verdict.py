"""Stage 6, verdict: how stances become what a reader is told, with its wording and colours for every surface.

The CLI, the HTML report and the web page all read these, so they cannot drift apart (the web page's
stylesheet keeps its own copy of the colours, as CSS).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from headcheck.types import Stance

Verdict = Literal["faithful", "misleading", "unsupported", "unrelated"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
VERDICT_OF: dict[Stance, Verdict] = {
    "agree": "faithful",
    "disagree": "misleading",
    "discuss": "unsupported",
    "unrelated": "unrelated",
}
VERDICT_MEANING: dict[Verdict, str] = {
    "faithful": "the body agrees with the headline",
    "misleading": "the body contradicts the headline",
    "unsupported": "the body discusses the headline's claim without confirming it",
    "unrelated": "the body is about something else",
}
VERDICT_STYLE: dict[Verdict, str] = {  # rich styles, for the terminal
    "faithful": "bold green",
    "misleading": "bold red",
    "unsupported": "bold yellow",
    "unrelated": "bold magenta",
}
VERDICT_COLOUR: dict[Verdict, str] = {  # CSS colours, for the HTML report
    "faithful": "#1b7a3d",
    "misleading": "#b3261e",
    "unsupported": "#9a6700",
    "unrelated": "#6f3fa0",
}


def headline_verdict(headline: Stance, claims: Sequence[Stance]) -> Verdict:
    """The rule, in order: a contradiction anywhere (the whole headline or any claim) makes it `misleading`;
    every claim unrelated makes it `unrelated`; every claim borne out makes it `faithful`; anything else
    (a claim only discussed, or one the body never addresses) makes it `unsupported`.

    `claims` are the stances of the headline's claims. With one claim (the headline itself), or none,
    this is exactly the stance-to-verdict mapping of headcheck 0.1.
    """
    verdicts = [VERDICT_OF[s] for s in claims] or [VERDICT_OF[headline]]
    if headline == "disagree" or "misleading" in verdicts:
        return "misleading"
    if all(v == "unrelated" for v in verdicts):
        return "unrelated"
    if all(v == "faithful" for v in verdicts):
        return "faithful"
    return "unsupported"
