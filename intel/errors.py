"""Errors a user can act on. The CLI prints their message without a traceback."""


class IntelError(Exception):
    """Base for errors whose message tells the user what is wrong and how to fix it."""


class ConfigError(IntelError):
    """A settings file is missing, unreadable or fails validation."""
