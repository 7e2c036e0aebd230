"""Errors that services raise. Each carries a message meant for people (in Chinese)."""


class GongkaiError(Exception):
    """A rule was broken; the message says which, in words a clerk understands."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class IllegalTransition(GongkaiError):
    pass


class NotAllowed(GongkaiError):
    """The acting user may not do this (PermissionDenied with a reason)."""


class InvalidInput(GongkaiError):
    pass


class FieldErrors(InvalidInput):
    """Bad input with a reason per field, so a form can show each next to its field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors
