"""Resume tab (steps 7 and 8): resume versions with their coverage and differences, the
portfolio and its proof, and cover letters drafted from the person's progress."""
