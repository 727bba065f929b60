"""Measuring tools, apart from the pipeline: a synthetic corpus, search relevance in Chromium, a site link check.

They may import any stage; nothing in kb imports them."""
