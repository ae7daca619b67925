"""The export and import of the whole database (`flask data export|import`): an operator's tool
above every domain, since it reads and writes all their tables (see database.py)."""
