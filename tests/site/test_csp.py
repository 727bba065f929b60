"""The Content-Security-Policy of every page: theme scripts only, by hash, derived from the templates."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re

import pytest
import yaml
from conftest import REPO

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S | re.I)


def _hooks():
    spec = importlib.util.spec_from_file_location("kb_site_hooks", REPO / "overrides/hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _policy(html: str) -> str:
    found = _META.findall(html)
    assert len(found) == 1, "mỗi trang phải có đúng một Content-Security-Policy"
    return found[0].replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&")


def _inline_scripts(html: str) -> list[str]:
    scripts = []
    for attributes, body in _SCRIPT.findall(html):
        attributes = attributes or ""
        if "src=" in attributes or re.search(r'type="application/(?:json|ld\+json)"', attributes):
            continue
        scripts.append(body)
    return scripts


def test_mkdocs_registers_the_hook_and_turns_tooltips_off():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["hooks"] == ["overrides/hooks.py"]
    assert "content.tooltips" not in config["theme"]["features"]  # it renders title attributes with innerHTML
    assert config["extra"]["scope"] == "/"  # Material's inline scripts are then the same on every page


def test_every_page_has_the_policy_and_every_inline_script_is_in_it(real_site):
    pages = sorted((real_site / "site").rglob("*.html"))
    assert len(pages) > 50
    policies = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policy = _policy(html)
        if 'name="generator" content="mkdocs-' in html:  # a theme page (the web editor's page has its own policy)
            policies.add(policy)
        assert html.index("Content-Security-Policy") < html.lower().index("<script"), page
        for script in _inline_scripts(html):
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in policy, f"{page}: mã nhúng không có trong chính sách: {script[:80]}"
    assert len(policies) == 1, "chính sách của các trang giao diện không được phụ thuộc nội dung trang"
    directives = dict(part.strip().split(" ", 1) for part in policies.pop().split(";"))
    sources = directives["script-src"].split()
    assert sources[0] == "'self'" and all(s.startswith("'sha256-") for s in sources[1:])
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"


_HEAD_START = re.compile(r'\s*<!doctype html>\s*<html[^>]*>\s*<head>\s*<meta charset="utf-8">\s*'
                         r'<meta http-equiv="Content-Security-Policy" ', re.I)


def test_the_policy_is_the_first_tag_after_the_charset_on_every_page(real_site):
    """Before any value taken from a record (description, canonical, og:): a missed escape there meets the policy in
    force, and cannot push it out of <head> (an <img> in <head> starts the body; a policy after it is ignored)."""
    pages = sorted((real_site / "site").rglob("*.html"))
    late = [page.relative_to(real_site).as_posix() for page in pages
            if not _HEAD_START.match(html := page.read_text(encoding="utf-8")) or html.count("charset=") != 1]
    assert len(pages) > 50 and late == []


def test_only_the_files_kb_writes_run_script_when_published_as_they_are(real_site):
    """overrides/hooks.py publishes no SVG, HTML, JS or XML from docs/ but the ones `kb build` writes itself:
    its list is held to a real build (a file kb starts to write is added there, or the build fails)."""
    hooks = _hooks()
    site, docs = real_site / "site", real_site / "docs"
    copied = {path.relative_to(site).as_posix() for path in site.rglob("*")
              if path.suffix.lower() in hooks.ACTIVE_SUFFIXES and (docs / path.relative_to(site)).is_file()}
    assert copied and copied <= hooks.KB_ACTIVE_FILES
    assert hooks.KB_ACTIVE_FILES - copied <= {"quan-tri/sveltia-cms.js"}  # without 'npm ci' it is a stub


def test_hashes_come_from_the_theme_templates_not_from_pages(real_site):
    """The policy is what overrides/hooks.py computes from Material's script partials, with no page at all."""
    from mkdocs.config import load_config
    config = load_config(str(real_site / "mkdocs.yml"))
    hooks = _hooks()
    scripts = hooks.theme_inline_scripts(config.theme.get_env(), config)
    assert scripts, "không tìm thấy mã nhúng nào trong partials/javascripts của giao diện"
    html = (real_site / "site/don-vi/cau-ngang/index.html").read_text(encoding="utf-8")
    assert _policy(html) == hooks.policy(scripts)


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(os.environ.get("KB_CHROMIUM") or "/usr/bin/chromium")
                    and os.environ.get("CI") != "true",
                    reason="cần Chromium (apt-get install chromium, hoặc đặt KB_CHROMIUM); CI luôn chạy")
def test_no_page_breaks_the_policy_online_or_offline(real_site, mini_project):
    from kb.build.run import build
    from kb.tools.relevance import chromium_path, serve
    from playwright.sync_api import sync_playwright
    build(mini_project, offline=True)
    offline = mini_project / "site-offline"
    with sync_playwright() as playwright, serve(real_site / "site") as base_url:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        violations = []
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        for url in ("", "don-vi/cau-ngang/", "mo-hinh/", "tim-kiem/?q=heo+dat", "du-lieu/", "404.html", "don-vi/go-vap/"):
            page.goto(base_url + url)
            page.wait_for_load_state("load")
        page.locator("input.md-search__input").fill("heo dat")
        page.locator("[data-kb-header-results] li a").first.wait_for()
        page.goto((offline / "don-vi/cau-ngang.html").as_uri())  # file://: the offline copy, search included
        page.locator("input.md-search__input").click()
        page.keyboard.type("heo dat")
        page.locator("[data-kb-header-results] li a").first.wait_for()
        page.goto((offline / "tim-kiem.html").as_uri() + "?q=nguoi+dung+dau")
        page.wait_for_selector("[data-kb-search][data-search-state=done]")
        assert page.locator("[data-search-results] > li").count() >= 1
        browser.close()
    assert violations == []
