"""The one error the reader raises: a code the interfaces translate, and an English line."""


class MouError(ValueError):
    """Input the reader refuses, with a code for the interface and a one-line message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class NeedsRecognition(MouError):
    """The document is a scan that Tesseract can read: the caller asked to recognise it
    elsewhere (the web upload runs text recognition outside the request)."""

    def __init__(self):
        super().__init__("needs_recognition", "the document is a scan: its text is recognised first")
