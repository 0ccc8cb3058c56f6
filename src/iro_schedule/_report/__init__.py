"""Verdicts to figures and reports."""
