"""The site's own Vietnamese search index: documents (what is searched) and index (postings, shards, ranking)."""
