"""Periods of care to verdicts: the values judged and the two loops over the law.

``periods`` holds the values (reviews and periods of care), ``assess`` the loop over one period
at a time (plain Python), ``arrays`` the same loop over numpy arrays for whole caseloads.
"""
