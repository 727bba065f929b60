"""kb: the knowledge base's compiler, checker and contributor tools.

Packages by stage; each imports only the stages below it (tests/project/test_layers.py keeps it so):

    text/      Vietnamese text, legacy fonts, YAML reading with positions, escaping, dates
    model/     the record model: kinds registry, schema, typed records, Corpus, vocabularies,
               diagnostics registry, ids, page addresses, the gazetteer lookup, the one record writer
    check/     the one reader of records/ (load), validate, text checks, cross-record checks (link),
               fix, the checker's runner and cache
    generate/  groupings, layout, pages (render/), search index, open data, feed, charts, editor config
    intake/    ways in: the article importer (article/), issue forms, kb new templates, gazetteer data
    build/     state and staging, the site generator in child processes, full build, reuse, page by page
    serve/     kb serve: page writer, live MkDocs, HTTP server, the preview
    cli/       the `kb` command: the only package that reads arguments, prints and sets exit codes

generate/ and intake/ are the same floor and do not import each other. tools/ (synthetic corpus,
relevance, site check) measures the others and is imported by nothing in the package.
"""
