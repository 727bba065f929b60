"""MkDocs hooks (registered in mkdocs.yml): the Content-Security-Policy of every page, and no file of docs/ that
would run script without it.

The policy allows scripts from the site itself and, by their sha256 hash, only the theme's own
inline scripts. The hashes are computed from the theme's templates (Material's
`partials/javascripts/*.html`, rendered with the site's configuration), never from a built page:
hashing what a page contains would allowlist a script injected into it. `extra.scope` is set in
mkdocs.yml so that these scripts are the same on every page. overrides/main.html writes the policy
into a <meta http-equiv="Content-Security-Policy"> before any script of the page.

tests/test_csp.py fails when a built page holds an inline script that the policy does not list.

MkDocs copies every other file of docs/ to the site as it is, and a file served as it is carries no policy: an SVG,
HTML or JavaScript file there would run its script on the site's origin. `kb check` refuses them (KB506, with the
line); `on_files` is the same rule inside MkDocs, for a build that skipped the check (plain `mkdocs build`, a
bypassed checker): such a file is left out of the site with a warning, which `strict: true` makes an error. The
only active files the site publishes are the ones `kb build` writes itself (KB_ACTIVE_FILES; tests hold the list
to a real build).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import posixpath
import re

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
THEME_SCRIPTS = ("base", "palette", "content", "announce", "outdated", "consent")


def theme_inline_scripts(env, config) -> list[str]:
    """The text of every inline script Material's script partials write for this configuration."""
    features = config["theme"].get("features") or []
    scripts = []
    for name in THEME_SCRIPTS:
        template = env.get_template(f"partials/javascripts/{name}.html")
        rendered = template.render(config=config, features=features, base_url="/")
        scripts += _INLINE_SCRIPT.findall(rendered)
    return scripts


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(scripts: list[str]) -> str:
    hashes = " ".join(sorted({script_hash(s) for s in scripts}))
    return ("default-src 'self'; "
            f"script-src 'self' {hashes}; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; "
            "font-src 'self' data:; "
            "connect-src 'self'; "
            "worker-src 'self'; "
            "object-src 'none'; "
            "base-uri 'self'; "
            "form-action 'self'")


ACTIVE_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".cjs", ".xml",
                   ".xsl", ".xslt", ".swf", ".wasm", ".pdf", ".css"}
# What `kb build` itself publishes that a browser runs: the search script, the web editor, the feed, and the
# offline copy's search index twins (kb-search/**.js).
KB_ACTIVE_FILES = {"assets/kb-search.js", "assets/kb.css", "quan-tri/index.html", "quan-tri/kb-quan-tri.js",
                   "quan-tri/sveltia-cms.js", "cap-nhat/atom.xml", "cap-nhat/sitemap.xml"}
KB_ACTIVE_FOLDERS = ("kb-search/",)
log = logging.getLogger("mkdocs.hooks.kb")


def refused(src_uri: str, abs_src_path: str) -> str | None:
    """Why a file of docs/ must not be published as it is, or None."""
    if os.path.islink(abs_src_path):
        return "là một liên kết tượng trưng (symlink)"
    suffix = posixpath.splitext(src_uri.lower())[1]
    if suffix in ACTIVE_SUFFIXES and src_uri not in KB_ACTIVE_FILES and not src_uri.startswith(KB_ACTIVE_FOLDERS):
        return f"là tệp {suffix}, chạy được script trên trang web (kb check: KB506)"
    return None


def on_files(files, config):
    docs = os.path.abspath(config["docs_dir"]) + os.sep
    for file in list(files):
        source = file.abs_src_path or ""
        if not os.path.abspath(source).startswith(docs) or file.is_documentation_page():
            continue  # the theme's own files; pages get the policy
        why = refused(file.src_uri, source)
        if why:
            files.remove(file)
            log.warning(f"docs/{file.src_uri} {why}: không đưa lên trang web")
    return files


def on_env(env, config, files):
    if not (config.get("extra") or {}).get("scope"):
        raise ValueError("mkdocs.yml: extra.scope phải được đặt (ví dụ '/') để mã nhúng của giao diện "
                         "giống nhau trên mọi trang và băm được cho Content-Security-Policy")
    env.globals["kb_csp"] = policy(theme_inline_scripts(env, config))
    return env
