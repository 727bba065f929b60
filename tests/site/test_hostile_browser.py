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
import re
import shutil
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
    filled = hostile.attack_project(project, payloads) if payloads else set()
    monkeypatch.setattr("kb.check.textcheck.text_diagnostics", lambda source: [])  # the checker, bypassed
    config = project / "mkdocs.yml"  # MkDocs' own link warnings about hostile text must not stop this build
    config.write_text(config.read_text(encoding="utf-8").replace("\nstrict: true\n", "\nstrict: false\n"),
                      encoding="utf-8")
    build_without_check(project)  # kb check's own scan of docs/ (KB506) is not run either
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


def bypass_escaping(project: Path, monkeypatch) -> None:
    """Every escaping function of kb.text.markup an identity, the sanitiser a bare markdown, and Material's own
    <title> (striptags, no escaping) instead of overrides/main.html's."""
    from kb.text import markup
    identity = {"text": lambda value: str(value), "heading": lambda value: str(value),
                "cell": lambda value: str(value), "attribute": lambda value: str(value),
                "body_html": lambda value: markup.md.markdown(value, extensions=["tables"]),
                "url": lambda value: value, "url_autolink": lambda value: f"<{value}>"}
    originals = {name: getattr(markup, name) for name in identity}  # compared before any is replaced
    for module in [m for name, m in sys.modules.items() if name == "kb" or name.startswith("kb.")]:
        for name, replacement in identity.items():
            if getattr(module, name, None) is originals[name]:
                monkeypatch.setattr(module, name, replacement)
    main = project / "overrides/main.html"
    text = main.read_text(encoding="utf-8")
    main.write_text(text[: text.index("{% block htmltitle %}")], encoding="utf-8")


def test_csp_alone_stops_scripts_when_checker_sanitiser_and_escaping_are_bypassed(mini_project, browser,
                                                                                   monkeypatch):  # noqa: F811
    bypass_escaping(mini_project, monkeypatch)
    attack_and_build(mini_project, ALL_PAYLOADS, monkeypatch)
    site = mini_project / "site"
    raw = (site / "don-vi/cau-ngang/index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" in raw or "onerror=window.__pwned" in raw  # the bypass is real
    with serve(site) as base_url:
        assert open_and_hover(browser, base_url.rstrip("/"), affected_pages(site), check_dom=False) == []


def test_csp_holds_in_head_when_escaping_is_bypassed(mini_project, browser, monkeypatch):  # noqa: F811
    """The record-derived <meta name="description"> and og: tags are in <head>: with their escaping bypassed, a
    value that leaves its attribute must meet the policy already in force (an <img> there would also close <head>,
    and a policy written after it would be ignored)."""
    bypass_escaping(mini_project, monkeypatch)
    attack_and_build(mini_project, hostile.PAYLOADS["attribute-breakout"], monkeypatch)
    site = mini_project / "site"
    raw = (site / "don-vi/cau-ngang/index.html").read_text(encoding="utf-8")
    head = raw[: raw.index("</head>")]
    assert re.search(r'<meta name="description" content="[^"]*"><img src=x onerror=', head)  # the bypass is real
    assert head.index('http-equiv="Content-Security-Policy"') < head.index('name="description"')
    with serve(site) as base_url:
        assert open_and_hover(browser, base_url.rstrip("/"), affected_pages(site), check_dom=False) == []


def test_a_raw_svg_under_docs_never_runs_on_the_site(mini_project, browser, monkeypatch):  # noqa: F811
    """An SVG with a script (and an HTML file) under docs/assets/tai-len/, linked from a record: `kb check` refuses
    them (KB506); with the checker bypassed, MkDocs' hook (overrides/hooks.py) leaves them out of the site, so the
    link leads nowhere and nothing runs on the site's origin."""
    from conftest import FIXTURES
    from kb.check.runner import check
    uploads = mini_project / "docs/assets/tai-len"
    uploads.mkdir(parents=True)
    shutil.copy(FIXTURES / "multi/KB506/docs/assets/tai-len/bieu-do.svg", uploads / "bieu-do.svg")
    (uploads / "trang.html").write_text("<script>window.__pwned='html'</script>\n", encoding="utf-8")
    unit = mini_project / "records/units/tra-vinh/cau-ngang.md"
    unit.write_text(unit.read_text(encoding="utf-8") + "\n[Biểu đồ](../../assets/tai-len/bieu-do.svg)\n",
                    encoding="utf-8")
    refused = {d.path for d in check(mini_project).diagnostics if d.code == "KB506"}
    assert refused == {"docs/assets/tai-len/bieu-do.svg", "docs/assets/tai-len/trang.html"}
    attack_and_build(mini_project, [], monkeypatch)  # kb check bypassed, strict off: the hook's warning only
    site = mini_project / "site"
    assert not (site / "assets/tai-len").exists()
    assert 'href="../../assets/tai-len/bieu-do.svg"' in (site / "don-vi/cau-ngang/index.html").read_text(encoding="utf-8")
    with serve(site) as base_url:
        assert open_and_hover(browser, base_url.rstrip("/"),
                              ["don-vi/cau-ngang/", "assets/tai-len/bieu-do.svg", "assets/tai-len/trang.html"]) == []


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
