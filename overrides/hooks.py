"""MkDocs hooks (registered in mkdocs.yml): the Content-Security-Policy of every page.

The policy allows scripts from the site itself and, by their sha256 hash, only the theme's own
inline scripts. The hashes are computed from the theme's templates (Material's
`partials/javascripts/*.html`, rendered with the site's configuration), never from a built page:
hashing what a page contains would allowlist a script injected into it. `extra.scope` is set in
mkdocs.yml so that these scripts are the same on every page. overrides/main.html writes the policy
into a <meta http-equiv="Content-Security-Policy"> before any script of the page.

tests/test_csp.py fails when a built page holds an inline script that the policy does not list.
"""

from __future__ import annotations

import base64
import hashlib
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


def on_env(env, config, files):
    if not (config.get("extra") or {}).get("scope"):
        raise ValueError("mkdocs.yml: extra.scope phải được đặt (ví dụ '/') để mã nhúng của giao diện "
                         "giống nhau trên mọi trang và băm được cho Content-Security-Policy")
    env.globals["kb_csp"] = policy(theme_inline_scripts(env, config))
    return env
