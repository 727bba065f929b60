"""Make the screenshots of docs/assets/ used by CONTRIBUTING.md (run by hand after changing a form):

    .venv/bin/python .github/scripts/screenshots.py

The two issue forms are drawn from kb.fromissue (as GitHub shows them, roughly); the web editor is the
built site's /quan-tri/ page with the CMS's in-memory test backend (no sign-in).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from kb.build.run import build
from kb.intake import issueforms
from kb.tools.relevance import chromium_path, serve
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
ASSETS = REPO / "docs" / "assets"


def main() -> int:
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import make_project
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 900, "height": 1000}, locale="vi-VN")
        for form, name in ((issueforms.article_form(), "bieu-mau-bai-bao.png"),
                           (issueforms.record_form(REPO), "bieu-mau-de-xuat.png")):
            page.set_content(issueforms.preview_html(form))
            page.screenshot(path=str(ASSETS / name), full_page=name == "bieu-mau-bai-bao.png",
                            clip=None if name == "bieu-mau-bai-bao.png" else {"x": 0, "y": 0, "width": 900, "height": 1000})
        project = make_project(Path(scratch) / "p", REPO / "tests" / "fixtures" / "mini" / "records")
        build(project)
        site = project / "site"
        config = json.loads((site / "quan-tri/config.yml").read_text(encoding="utf-8").split("\n", 1)[1])
        config["backend"] = {"name": "test-repo"}
        with serve(site) as base_url:
            page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="vi-VN")
            page.route("**/quan-tri/config.yml*", lambda route: route.fulfill(
                status=200, content_type="application/yaml", body=json.dumps(config)))
            page.goto(base_url + "quan-tri/")
            page.get_by_role("button", name="Làm việc với kho mã nguồn thử nghiệm").click()
            page.goto(base_url + "quan-tri/#/collections/units/new")
            level = page.locator('section[data-key-path="level"]')
            level.locator("[role=combobox]").wait_for()
            for key, value in (("id", "cau-ke"), ("name", "Huyện ủy Cầu Kè"), ("place", "Cầu Kè")):
                page.locator(f'section[data-key-path="{key}"] input').fill(value)
            level.locator("[role=combobox]").click()
            page.get_by_role("option", name="Cấp huyện", exact=True).click()
            page.wait_for_timeout(1500)
            page.screenshot(path=str(ASSETS / "trinh-soan-don-vi.png"))
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
