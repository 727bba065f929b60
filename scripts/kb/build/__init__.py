"""Stage 5 — build: the tree's lock and staging, the site generator in child processes, the full build,
`--reuse`, the page-by-page build, the offline copy.

Imports every stage below; kb.build.pagewise and kb.build.sitegen also run as child programs (-m)."""
