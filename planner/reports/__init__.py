"""Implementation reports (issue #30): what each memorandum produced, per article, per period."""
