"""`python -m kb.build.pagewise -f mkdocs.yml -d site [--jobs N] [--strict]`: `mkdocs build`, page by page.

`mkdocs build` reads and renders every page before it writes the first one, so its memory grows with the
site's text (about 1 GB at 10,000 units, three times that for the national corpus), and it runs on one core.
This builds the same site with MkDocs' own steps in a different order:

1. everything `mkdocs build` does before pages (plugins' config, files, navigation and env events, the
   theme's static templates), once;
2. each page read, rendered, written and forgotten in turn, by N forked processes on disjoint sets of
   pages (every N-th page), after the hand-written pages, which this process builds itself so that
   Material's search index (the guides: every generated page is excluded from it) sees them;
3. anchor links checked at the end, against the anchors each process reports for its pages, in the order
   and with the messages of MkDocs; plugins' post-build events; strict mode counts every warning.

The output is byte for byte that of `mkdocs build` (tests/build/test_pagewise.py compares the two trees). The
steps are MkDocs' internal functions (`mkdocs.commands.build`), pinned to mkdocs 1.6 in pyproject.toml.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import pickle
import signal
import sys
import tempfile
from pathlib import Path

from mkdocs import utils
from mkdocs.commands import build as steps
from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from kb.build.child import PROGRESS_DIR
from kb.model import paths

log = logging.getLogger("mkdocs")


def _hand_written(src_uri: str) -> bool:
    top = src_uri.split("/", 1)[0]
    return top not in paths.GENERATED_DIRS and src_uri not in paths.GENERATED_FILES


def _build(page, config, doc_files, nav, env, files, steps) -> tuple[set, dict]:
    steps._populate_page(page, config, files)
    steps._build_page(page, config, doc_files, nav, env)
    anchors = {to.src_uri: dict(links) for to, links in (page.links_to_anchors or {}).items()}
    present = page.present_anchor_ids
    page.content = page.markdown = None  # nothing of a page is kept once it is written
    page.toc = []
    return present, anchors


def prepare(config, command: str) -> tuple:
    """What `mkdocs build` does before it writes pages: (config, files, nav, env, documentation pages).
    Shared by this build and the preview (`kb.serve.live.LiveSite`)."""

    config.plugins.on_startup(command=command, dirty=command == "serve")
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in doc_files:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
    env = config.plugins.on_env(env, config=config, files=files)
    return config, files, nav, env, doc_files


def build_site(config_file: str, site_dir: str, strict: bool, jobs: int = 1,
               use_directory_urls: bool | None = None) -> int:
    """Build the site; the number of warnings (an error is raised as in MkDocs)."""

    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    log.addHandler(counter)
    overrides = {} if use_directory_urls is None else {"use_directory_urls": use_directory_urls}
    config, files, nav, env, doc_files = prepare(load_config(config_file, site_dir=site_dir, strict=strict,
                                                             **overrides), "build")
    utils.clean_directory(config.site_dir)
    files.copy_static_files(dirty=False, inclusion=InclusionLevel.is_included)
    for template in config.theme.static_templates:
        steps._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        steps._build_extra_template(template, files, config, nav)

    own = [file for file in doc_files if _hand_written(file.src_uri)]
    others = [file for file in doc_files if not _hand_written(file.src_uri)]
    reports: dict[str, tuple[set, dict]] = {}
    # The prepared site (a File, a Page and nav entries for each of a hundred thousand pages) is never
    # garbage: frozen, the cycle collector neither walks it on each collection nor writes to its memory,
    # which the forked workers share (measured at 10,000 units: 3 % faster, 4 % less memory per worker).
    gc.collect()
    gc.freeze()
    with tempfile.TemporaryDirectory(prefix="kb-pagewise-") as temporary:
        children = []
        for number in range(max(1, jobs)):
            share = others[number::max(1, jobs)]
            result = Path(temporary) / f"{number}.pickle"
            pid = os.fork()
            if pid == 0:  # a worker: its pages, then what the parent needs to check anchors
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                code = 1
                try:
                    counter.counts.clear()  # the warnings before the fork are the parent's to count
                    found = {}
                    for done, file in enumerate(share, start=1):
                        found[file.src_uri] = _build(file.page, config, doc_files, nav, env, files, steps)
                        _progress(str(number), done, len(share), len(doc_files))
                    with open(result, "wb") as handle:
                        pickle.dump((found, dict(counter.counts)), handle, protocol=pickle.HIGHEST_PROTOCOL)
                    code = 0
                except BaseException as error:  # noqa: BLE001 — reported by the parent
                    log.error(f"{type(error).__name__}: {error}")
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            children.append((pid, result))
            _WORKERS.append(pid)
        try:
            for done, file in enumerate(own, start=1):
                reports[file.src_uri] = _build(file.page, config, doc_files, nav, env, files, steps)
                _progress("own", done, len(own), len(doc_files))
        finally:
            gc.unfreeze()
            failed = []
            for pid, result in children:
                _, status = os.waitpid(pid, 0)
                if status:
                    failed.append(pid)
                    continue
                with open(result, "rb") as handle:
                    found, counts = pickle.load(handle)
                reports.update(found)
                for level, count in counts.items():  # each child's warnings count here too
                    counter.counts[level] += count
        if failed:
            raise SystemExit(f"{len(failed)} tiến trình dựng trang thất bại")
    by_src = {file.src_uri: file for file in files}
    for file in doc_files:  # anchors, in MkDocs' order, with its messages
        present, anchors = reports[file.src_uri]
        file.page.present_anchor_ids = present
        file.page.links_to_anchors = {by_src[src]: links for src, links in anchors.items() if src in by_src}
    for file in doc_files:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)
    log.removeHandler(counter)
    return sum(counter.counts.values())


_WORKERS: list[int] = []


def _progress(name: str, done: int, share: int, total: int) -> None:
    """Every 50 pages and at the end of its share, a process writes 'pages done, pages of the site' to a file
    of its own in $KB_PROGRESS_DIR (when set): `kb.build.child.run_child` adds them up while it waits."""
    folder = os.environ.get(PROGRESS_DIR)
    if folder and (done % 50 == 0 or done == share):
        temporary = os.path.join(folder, f".{name}.tmp")
        with open(temporary, "w", encoding="ascii") as handle:
            handle.write(f"{done} {total}")
        os.replace(temporary, os.path.join(folder, name))


def _stop(signum, frame) -> None:
    """Stopped (kb build was interrupted): the workers go too, nothing is left writing the site."""
    for pid in _WORKERS:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    os._exit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    parser = argparse.ArgumentParser(prog="kb.build.pagewise")
    parser.add_argument("-f", "--config-file", required=True)
    parser.add_argument("-d", "--site-dir", required=True)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--no-strict", dest="strict", action="store_false")
    parser.add_argument("--no-directory-urls", action="store_true")
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    handler.setLevel(logging.WARNING)
    warnings = build_site(args.config_file, args.site_dir, args.strict, args.jobs,
                          False if args.no_directory_urls else None)
    if warnings and args.strict:
        print(f"Aborted with {warnings} warnings in strict mode!", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
