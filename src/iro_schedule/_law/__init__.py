"""The law, each rule written once, with its array form beside it where one is needed.

- ``calendar``: working days (SI 2010/959 reg. 2(1)) and counting them;
- ``months``: calendar months (Interpretation Act 1978; Dodds v Walker);
- ``regimes``: the statutory regimes as data, and which one governs a review;
- ``policy``: the questions the law leaves open, and the meeting a review is judged on;
- ``history``: what a review history must look like to be judged (order and containment);
- ``cadence``: review n's due date, lateness and the horizon for an overdue review.

The engines (``iro_schedule._engine``) are loops over these rules.
"""
