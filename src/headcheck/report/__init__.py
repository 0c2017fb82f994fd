"""Stage 7, report: every output form of a check. The `Report` and its versioned JSON schema (`report`), the
terminal view (`console`), the self-contained HTML page (`html`), the flat row of CSV and Parquet (`flat`),
and the alternative headline the body supports (`suggest`)."""

from headcheck.report.report import SCHEMA, ClaimCheck, Report

__all__ = ["SCHEMA", "ClaimCheck", "Report"]
