"""Every string property of every record kind and catalogue, attacked; the built site opened in Chromium.

The properties come from the schema (tests/hostile_payloads.py walks scripts/kb/schema/*.yaml), so a
field added later is attacked too. The checker is bypassed (a contributor's record that `kb check`
would refuse still gets built), every page a payload reached is opened, every element with a title
and every table-of-contents entry is hovered, and no dialog opens, `window.__pwned` stays unset and
no javascript:/data: URL is in the DOM. One more build bypasses the checker, the sanitiser and the
escaping all at once (identity functions, and Material's own <title>): the Content-Security-Policy
alone must still stop every script.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

import hostile_payloads as hostile
import pytest
from conftest import CHROMIUM, build_without_check  # noqa: F401
from kb.tools.relevance import serve

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true",
                                reason="cần Chromium (apt-get install chromium, hoặc đặt KB_CHROMIUM); CI luôn chạy")

ALL_PAYLOADS = [payload for payloads in hostile.PAYLOADS.values() for payload in payloads]
_URL_ATTRIBUTES = """() => {
  const URL_ATTRIBUTES = new Set(["href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster",
                                  "background", "cite", "ping", "srcdoc"]);
  const bad = [];
  for (const el of document.querySelectorAll("article [title]:not(.headerlink)")) bad.push(el.tagName + " title (chữ trong hồ sơ)");
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020\\u200b-\\u200f\\ufeff]/g, "").toLowerCase();
      if (/^(javascript|vbscript|data):/.test(value) && URL_ATTRIBUTES.has(attr.name)) bad.push(el.tagName + " " + attr.name + "=" + attr.value);
      if (attr.name.startsWith("on")) bad.push(el.tagName + " " + attr.name);
    }
  }
  return bad;
}"""


def affected_pages(site: Path) -> list[str]:
    """Site-relative URLs of the pages where a payload landed (its text shows there, escaped or not)."""
    pages = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if "pwned" in text or "alert" in text:
            relative = page.relative_to(site).as_posix()
            pages.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return pages


def open_and_hover(browser, base: str, pages: list[str], check_dom: bool = True) -> list[str]:
    """What ran or what is left in the DOM, page by page; an empty list when the site held."""
    problems = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (problems.append(f"hộp thoại: {dialog.message}"), dialog.dismiss()))
    for url in pages:
        page.goto(base + "/" + url)
        page.wait_for_load_state("load")
        targets = page.locator("[title], .md-sidebar--secondary .md-nav__link, .md-header__topic, abbr, a")
        for element in targets.all()[:120]:
            try:
                element.hover(timeout=300, force=True)
            except Exception:  # noqa: BLE001 - hidden or detached elements cannot be hovered
                pass
        page.wait_for_timeout(100)
        if page.evaluate("window.__pwned") is not None:
            problems.append(f"{url}: window.__pwned = {page.evaluate('window.__pwned')!r}")
        if check_dom:
            problems += [f"{url}: {item}" for item in page.evaluate(_URL_ATTRIBUTES)]
            title = page.evaluate("document.title")
            if page.locator("head title").count() != 1 or page.locator("head img, head svg").count():
                problems.append(f"{url}: <title> đã bị phá: {title!r}")
    page.close()
    return problems


def attack_and_build(project: Path, payloads: list[str], monkeypatch) -> set[tuple]:
    filled = hostile.attack_project(project, payloads)
    monkeypatch.setattr("kb.check.textcheck.text_diagnostics", lambda source: [])  # the checker, bypassed
    config = project / "mkdocs.yml"  # MkDocs' own link warnings about hostile text must not stop this build
    config.write_text(config.read_text(encoding="utf-8").replace("\nstrict: true\n", "\nstrict: false\n"),
                      encoding="utf-8")
    build_without_check(project)
    return filled


def test_every_schema_string_property_is_attacked(mini_project, monkeypatch):
    """The filler reaches every free-text and URL property the schema defines (a new field included)."""
    filled = hostile.attack_project(mini_project, ALL_PAYLOADS)
    assert filled == hostile.every_string_path(), "thêm dữ liệu vào tests/fixtures/mini cho các trường thiếu"
    assert ("unit", "sources", "*", "url") in filled and ("provinces", "provinces", "*", "name") in filled


def test_hostile_strings_in_every_field_run_no_script(mini_project, browser, monkeypatch):  # noqa: F811
    attack_and_build(mini_project, ALL_PAYLOADS, monkeypatch)
    site = mini_project / "site"
    pages = affected_pages(site)
    assert len(pages) > 10 and "don-vi/cau-ngang/" in pages
    with serve(site) as base_url:
        assert open_and_hover(browser, base_url.rstrip("/"), pages) == []


def test_csp_alone_stops_scripts_when_checker_sanitiser_and_escaping_are_bypassed(mini_project, browser,
                                                                                   monkeypatch):  # noqa: F811
    from kb.text import markup
    identity = {"text": lambda value: str(value), "heading": lambda value: str(value),
                "cell": lambda value: str(value), "attribute": lambda value: str(value),
                "body_html": lambda value: markup.md.markdown(value, extensions=["tables"]),
                "url": lambda value: value, "url_autolink": lambda value: f"<{value}>"}
    for module in [m for name, m in sys.modules.items() if name == "kb" or name.startswith("kb.")]:
        for name, replacement in identity.items():
            if getattr(module, name, None) is getattr(markup, name):
                monkeypatch.setattr(module, name, replacement)
    main = mini_project / "overrides/main.html"  # Material's own <title>, with striptags and no escaping
    text = main.read_text(encoding="utf-8")
    main.write_text(text[: text.index("{% block htmltitle %}")], encoding="utf-8")
    attack_and_build(mini_project, ALL_PAYLOADS, monkeypatch)
    site = mini_project / "site"
    raw = (site / "don-vi/cau-ngang/index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" in raw or "onerror=window.__pwned" in raw  # the bypass is real
    with serve(site) as base_url:
        assert open_and_hover(browser, base_url.rstrip("/"), affected_pages(site), check_dom=False) == []


@pytest.mark.slow
@pytest.mark.parametrize("payload_class", sorted(hostile.PAYLOADS))
def test_each_payload_class_in_every_field(tmp_path, browser, monkeypatch, payload_class):  # noqa: F811
    """The larger variant: one build per payload class, every field holding a payload of that class."""
    from conftest import FIXTURES, make_project
    project = make_project(tmp_path / "p", FIXTURES / "mini" / "records")
    payloads = list(itertools.islice(itertools.cycle(hostile.PAYLOADS[payload_class]), 50))
    attack_and_build(project, payloads, monkeypatch)
    with serve(project / "site") as base_url:
        assert open_and_hover(browser, base_url.rstrip("/"), affected_pages(project / "site")) == []
