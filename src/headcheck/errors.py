"""One exception type for every problem with user input, so front-ends can print one line."""


class InputError(ValueError):
    """The input cannot be checked; the message is meant for the user, on one line."""
