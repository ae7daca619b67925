"""Notifications: what reaches a user (inbox, e-mail) when a plan or agreement changes, and
reminders on a clock. Receivers of `planner.signals` add rows inside the sender's transaction;
e-mail leaves later from the outbox (`flask notify send`, `flask notify due`)."""
