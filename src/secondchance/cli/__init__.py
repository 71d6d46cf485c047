"""The command line: its parser and one module of commands per area (see __main__.py)."""
