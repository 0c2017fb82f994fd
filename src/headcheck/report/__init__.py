"""Stage 5, report: the `Report` and its versioned JSON schema (`report`), the terminal view (`console`)
and the self-contained HTML page (`html`)."""

from headcheck.report.report import SCHEMA, ClaimCheck, Report

__all__ = ["SCHEMA", "ClaimCheck", "Report"]
