"""Overview (step 8 and the whole method at a glance): readiness, next actions, the ten steps."""
