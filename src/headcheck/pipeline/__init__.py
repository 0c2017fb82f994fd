"""Stages 2 to 4 around the judge: evidence, claims, findings, clickbait score, suggested headline, and
the `Checker` that runs them all."""
