"""Search over agreements (with every language version of their articles), plans, events,
institutions and sites: a folded text index kept current by session events, searched with
PostgreSQL full-text search or SQLite FTS5, filtered by the reader's rights."""
