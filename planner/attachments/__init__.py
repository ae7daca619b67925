"""Stored files (a core package): one small storage interface (a folder under the instance
path, or an S3-compatible bucket), the Attachment row that describes a stored file, the
content checks every upload passes, and the one way to answer a download.

Other domains keep their own row that points at an Attachment (a plan's signed copy, later a
loan's condition photos): this package knows nothing of them."""
