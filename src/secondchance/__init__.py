"""Second Chance: a private, offline companion for applying again."""

__version__ = "0.1.0"
APP_NAME = "Second Chance"
APP_ID = "SecondChance"
