"""Rows to periods to verdicts: validating historic review records."""
