"""Stage 2, text: what the stages read in a text. Tokens and TF-IDF (`lexical`), sentences with offsets
(`sentences`), the small grammar of headlines (`grammar`), a headline's claims (`claims`), its clickbait
score (`clickbait`) and its praise or blame (`evaluative`)."""

__all__ = ["claims", "clickbait", "evaluative", "grammar", "lexical", "sentences"]
