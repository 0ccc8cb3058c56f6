"""Scheduling: due lists, alerts, rescheduling checks, paperwork deadlines and calendar files."""
