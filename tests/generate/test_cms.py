"""The web editor at /quan-tri/: its configuration is generated from the schemas (every property,
required flags, enumerations with Vietnamese labels, lists of objects as list widgets), a record made
through its widgets passes `kb check`, the page loads nothing from a CDN, and it opens in a browser."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from kb.build.run import build
from kb.check.runner import check
from kb.generate import editor as cms
from kb.model import schema
from kb.model.vocabulary import enum_choices

REPO = Path(__file__).resolve().parents[2]
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
KINDS = {name: kind for name, kind, *_ in cms.COLLECTIONS}


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _check_fields(fields: list[dict], node: dict, kind: str, where: str) -> None:
    node = cms._resolve(node, kind)
    properties = node.get("properties", {})
    names = [f["name"] for f in fields if f["name"] != "body"]
    assert sorted(names) == sorted(properties), f"{where}: {names} ≠ {list(properties)}"
    required = set(node.get("required", [])) | {name for name, prop in properties.items()
                                                 if isinstance(prop, dict) and prop.get("x-editor-required")}
    for field in fields:
        if field["name"] == "body":
            continue
        where_here = f"{where}.{field['name']}"
        assert field["required"] == (field["name"] in required or (where.count(".") == 0 and
                                                               field["name"] in cms.EDITOR_REQUIRED)), where_here
        prop = cms._resolve(properties[field["name"]], kind)
        if "enum" in prop:
            assert [o["value"] for o in field["options"]] == prop["enum"], where_here
        if prop.get("type") == "array":
            items = cms._resolve(prop["items"], kind)
            if "properties" in items:
                assert field["widget"] == "list", where_here
                _check_fields(field["fields"], items, kind, where_here)


@pytest.mark.parametrize("name", [c[0] for c in cms.COLLECTIONS])
def test_every_schema_property_is_a_field_with_its_required_flag(name):
    config = cms.config(MINI)
    kind = KINDS[name]
    _check_fields(collection(config, name)["fields"], schema.schema(kind), kind, name)


def test_enumerations_show_vietnamese_labels():
    from kb.model import vocabulary
    level = next(f for f in collection(cms.config(MINI), "units")["fields"] if f["name"] == "level")
    assert level["options"] == [{"label": label, "value": value} for value, label in vocabulary.choices("level")]
    kind = next(f for f in collection(cms.config(MINI), "directives")["fields"] if f["name"] == "kind")
    assert [o["label"] for o in kind["options"]] == [label for _, label in vocabulary.choices("directive_kind")]
    assert enum_choices({"enum": ["a", "b"], "x-labels": {"a": "Chữ A"}, "description": "b (chữ B)"}) == \
        [("a", "Chữ A"), ("b", "chữ B")]  # x-labels first, then the description


def test_catalogue_references_offer_the_catalogue():
    fields = collection(cms.config(MINI), "units")["fields"]
    province = next(f for f in fields if f["name"] == "province")
    assert province["widget"] == "select" and {"label": "Trà Vinh (tra-vinh)", "value": "tra-vinh"} in province["options"]
    directives = next(f for f in fields if f["name"] == "directives")
    assert directives["widget"] == "relation" and directives["collection"] == "directives" and directives["multiple"]


def _sample(fields: list[dict], tree: Path) -> dict:
    """What a person filling in only the required boxes and every choice would save."""
    out = {}
    for field in fields:
        if field["name"] == "body" or not (field["required"] or field.get("widget") == "select"):
            continue
        widget = field["widget"]
        if widget == "select":
            value = field["options"][0]["value"]
            out[field["name"]] = [value] if field.get("multiple") else value
        elif widget == "relation":
            stems = sorted(p.stem for p in (tree / "records" / field["collection"]).rglob("*.md"))
            out[field["name"]] = [stems[0]] if field.get("multiple") else stems[0]
        elif widget == "list" and "fields" in field:
            out[field["name"]] = [_sample(field["fields"], tree)]
        elif widget == "datetime" or (field["name"] == "date" and "pattern" in field):
            out[field["name"]] = "2019-01-22"
        elif widget == "number":
            out[field["name"]] = field.get("min", 1)
        else:
            out[field["name"]] = "Chữ mẫu"
    return out


@pytest.mark.parametrize("name", ["units", "themes", "directives"])
def test_a_record_made_with_the_widgets_passes_check(name, tmp_path):
    tree = tmp_path / "p"
    shutil.copytree(MINI, tree)
    config = cms.config(tree)
    data = _sample(collection(config, name)["fields"], tree)
    stem = {"units": "mau-thu", "themes": "2099", "directives": "99-ct-tw"}[name]
    data["id"] = stem
    if name == "themes":
        data["year"] = 2099
    folder = tree / collection(config, name)["folder"]
    if name == "units":
        folder = folder / data["province"]
        data["province"] = data["province"]
    folder.mkdir(parents=True, exist_ok=True)
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\nNội dung mẫu.\n"
    (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    errors = [d.format() for d in check(tree).errors]
    assert errors == [], text


def test_admin_page_has_its_own_policy_and_no_cdn():
    page = cms.admin_page()
    assert 'http-equiv="Content-Security-Policy"' in page and "script-src 'self'" in cms.CSP
    assert "https://" not in page.split("<body>")[1]
    package = cms.find_package(REPO)
    if package is None:
        pytest.skip("chưa chạy 'npm ci' (node_modules/@sveltia/cms)")
    bundle = cms.local_bundle(package)
    assert "cdn.jsdelivr.net" not in bundle and "/locales`" in bundle
    assert "unpkg.com/@sveltia/cms@" not in bundle.split("./locales")[0][-200:]


def test_config_file_is_yaml_the_cms_can_read():
    text = cms.config_yaml(cms.config(MINI))
    assert yaml.safe_load(text)["backend"]["name"] == "github"
    assert yaml.safe_load(text)["publish_mode"] == "editorial_workflow"


needs_browser = pytest.mark.skipif(
    cms.find_package(REPO) is None and not os.environ.get("CI"), reason="chưa chạy 'npm ci' (node_modules/@sveltia/cms)")


def test_uploads_are_small_raster_images_and_the_body_inserts_no_file():
    """The CMS has no setting that refuses a file type; what it has is used: no image or file component in the
    body (a record body shows none), a size limit, raster images re-encoded as WebP. The rest is KB506."""
    config = cms.config(MINI)
    media = config["media_libraries"]["default"]["config"]
    assert media["max_file_size"] <= 1024 * 1024 and media["transformations"]["raster_image"]["format"] == "webp"
    assert config["media_folder"] == "docs/assets/tai-len"
    for name, *_ in cms.COLLECTIONS:
        body = next(f for f in collection(config, name)["fields"] if f["name"] == "body")
        assert body["widget"] == "markdown" and body["editor_components"] == []


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory) -> Path:
    from conftest import make_project
    project = make_project(tmp_path_factory.mktemp("cms") / "p", MINI / "records")
    build(project)
    return project / "site"


@needs_browser
@pytest.mark.browser
def test_the_editor_does_not_start_inside_another_sites_frame(editor_site, tmp_path):
    """Clickjacking: a page of another origin frames /quan-tri/ and leads the person's clicks. `frame-ancestors`
    cannot be set by a <meta> policy (nor by GitHub Pages), so the editor's first script stops the page."""
    from kb.tools.relevance import chromium_path, serve
    from playwright.sync_api import sync_playwright
    with serve(editor_site) as base_url, sync_playwright() as playwright:
        framer = tmp_path / "framer"
        framer.mkdir()
        (framer / "index.html").write_text(f'<!doctype html><iframe src="{base_url}quan-tri/" width="900" '
                                           'height="600"></iframe>', encoding="utf-8")
        with serve(framer) as other:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()
                bundles = []
                page.on("request", lambda request: bundles.append(request.url) if "sveltia-cms.js" in request.url else None)
                page.goto(other.replace("127.0.0.1", "localhost"))  # another origin than the site's
                frame = page.frame_locator("iframe")
                frame.get_by_text("không mở trong khung của trang khác").wait_for(timeout=10000)
                page.wait_for_timeout(500)
                assert bundles == [] and frame.get_by_role("button").count() == 0
                direct = browser.new_page()  # opened directly, the same page starts the editor
                direct.goto(base_url + "quan-tri/")
                direct.get_by_role("button").first.wait_for(timeout=15000)
            finally:
                browser.close()


@needs_browser
@pytest.mark.browser
def test_editor_opens_from_the_built_site_with_the_unit_form(editor_site):
    from kb.tools.relevance import chromium_path, serve
    from playwright.sync_api import sync_playwright
    site = editor_site
    assert (site / "quan-tri" / "index.html").is_file() and (site / "quan-tri" / "config.yml").is_file()
    config = json.loads((site / "quan-tri/config.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    test_config = {**config, "backend": {"name": "test-repo"}}  # no sign-in: the CMS's in-memory test backend

    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 3200})  # the whole unit form
            outside = []
            page.on("request", lambda request: outside.append(request.url)
                    if not request.url.startswith((base_url, "data:")) else None)
            page.route("**/quan-tri/config.yml*", lambda route: route.fulfill(
                status=200, content_type="application/yaml", body=json.dumps(test_config)))
            base = base_url.rstrip("/")
            page.goto(base + "/quan-tri/")
            page.get_by_role("button", name="Làm việc với kho mã nguồn thử nghiệm").click()  # Vietnamese interface
            page.goto(base + "/quan-tri/#/collections/units/new")
            page.get_by_role("button", name="Lưu").wait_for()
            unit = collection(config, "units")
            for field in unit["fields"]:  # the form is drawn in steps: wait for each of the schema's fields
                page.get_by_text(field["label"], exact=True).first.wait_for(timeout=15000)
            page.get_by_role("combobox").first.click()  # the level's list of six opens on a click
            text = page.inner_text("body")
            for option in next(f for f in unit["fields"] if f["name"] == "level")["options"]:
                assert option["label"] in text
            assert "Tạo" in text and "đơn vị" in text
            # nothing fetched from a CDN; only GitHub's status API, which the page's policy allows
            assert all(url.startswith(("https://www.githubstatus.com/", "https://api.github.com/")) for url in outside), \
                outside
        finally:
            browser.close()
