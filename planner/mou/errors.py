"""The one error the reader raises: a code the interfaces translate, and an English line."""


class MouError(ValueError):
    """Input the reader refuses, with a code for the interface and a one-line message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
