"""Text analysis shared by the stages: tokens and TF-IDF (`lexical`), sentences (`sentences`) and the
small grammar of headlines (`grammar`: verbs, quotes)."""
