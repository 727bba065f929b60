"""The web editor at /quan-tri/: its configuration is generated from the schemas (every property,
required flags, enumerations with Vietnamese labels, lists of objects as list widgets), a record made
through its widgets passes `kb check`, the page loads nothing from a CDN, and it opens in a browser."""

from __future__ import annotations

import json
import re
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


def _readable(label: str) -> bool:
    """A label a person reads: Vietnamese words, then the field's name — never a code ('tap-the (kind)'), a file's
    path ('Mã lĩnh vực trong records/topics (field)') or markup."""
    text, _, name = label.rpartition(" (")
    return bool(text) and not re.search(r"\w/\D|[<>{}^$]|records", text) and not re.fullmatch(r"[a-z0-9_ -]+", text) \
        and re.fullmatch(r"[a-z_]+\)", name) is not None


def _all_fields(fields: list[dict]):
    for field in fields:
        yield field
        yield from _all_fields(field.get("fields", []))
        if "field" in field:
            yield field["field"]


@pytest.mark.parametrize("name", [c[0] for c in cms.COLLECTIONS])
def test_every_label_and_error_of_the_editor_is_vietnamese(name):
    config = collection(cms.config(MINI), name)
    assert "<" not in config["description"] and "records/" not in config["description"]
    for field in _all_fields(config["fields"]):
        assert field["name"] == "body" or _readable(field["label"]), field["label"]
        if "pattern" in field:  # the message shown under a box is a sentence, never the regular expression
            pattern, message = field["pattern"]
            assert pattern not in message and not re.search(r"[\^$\[\]{}]", message), message


def test_the_vietnamese_interface_has_every_string_of_the_english_one():
    """Sveltia's vi.json lacks strings ("Show Errors", the save-conflict dialog): editor-vi.json fills them."""
    package = cms.find_package(REPO)
    if package is None:
        pytest.skip("chưa chạy 'npm ci' (node_modules/@sveltia/cms)")

    def keys(tree: dict, prefix: str = "") -> set[str]:
        return {k for key, value in tree.items()
                for k in (keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}"})}
    english = json.loads((package / "locales" / "en-US.json").read_text(encoding="utf-8"))
    vietnamese = json.loads(cms.locale_text(package, "vi"))
    assert keys(english) - keys(vietnamese) == set()
    assert vietnamese["show_errors"] == "Xem các lỗi"
    upstream = json.loads((package / "locales" / "vi.json").read_text(encoding="utf-8"))
    assert vietnamese["save"] == upstream["save"]  # the package's own translations are kept


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


# -- the editor walked by a person: fill each kind's form, save, and `kb check` the file written ----------------
#
# The CMS saves to a "local repository" (File System Access API) when served from 127.0.0.1: the page's
# showDirectoryPicker is given a folder of the browser's own private file system holding a copy of records/, so the
# file the editor writes is read back byte for byte and checked as any record is.

LOCAL_REPOSITORY = """
window.showDirectoryPicker = async () => {
  const root = await navigator.storage.getDirectory();
  const repo = await root.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});
  for (const [path, text] of Object.entries(%s)) {
    let folder = repo;
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
    const writer = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writer.write(text);
    await writer.close();
  }
  return repo;
};
window.kbRead = async (path) => {
  let folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part);
  return await (await (await folder.getFileHandle(parts.at(-1))).getFile()).text();
};
"""

# what a person types in each walk: key path of the form → the value (a choice by its label); every other required
# box gets "Chữ mẫu", the first choice or the smallest number, and every list one item
WALKS = {
    "units": ("records/units/tra-vinh/cau-ke.md", {
        "id": "cau-ke", "name": "Huyện ủy Cầu Kè", "place": "Cầu Kè", "level": "Cấp huyện",
        "kind": "Cấp ủy, chính quyền địa phương", "province": "Trà Vinh (tra-vinh)",
        "sources.0.title": "Cầu Kè học tập và làm theo Bác", "sources.0.date": "2019-01-22",
        "models.0.title": "Mỗi đảng viên một việc làm tốt", "models.0.owner": "Chi bộ ấp 1", "models.0.year": 2019,
        "results.0.value": 214}),
    "units-national": ("records/units/toan-quoc/ban-tuyen-giao-trung-uong.md", {
        "id": "ban-tuyen-giao-trung-uong", "name": "Ban Tuyên giáo Trung ương", "place": "Trung ương",
        "level": "Trung ương", "kind": "Cơ quan Đảng, Nhà nước", "sources.0.title": "Bài về Ban Tuyên giáo",
        "sources.0.date": "2020-05-19", "models.0.owner": "Vụ Lý luận chính trị"}),
    "themes": ("records/themes/2019.md", {
        "id": "2019", "year": 2019, "title": "Nâng cao ý thức tôn trọng Nhân dân, phát huy dân chủ",
        "sources.0.title": "Hướng dẫn học tập chuyên đề năm 2019", "sources.0.date": "2019-02-15"}),
    "directives": ("records/directives/03-ct-tw.md", {
        "id": "03-ct-tw", "code": "03-CT/TW", "kind": "chi-thi", "issuer": "Bộ Chính trị",
        "sources.0.title": "Chỉ thị 03-CT/TW của Bộ Chính trị", "sources.0.date": "2011-05-14"}),
}


def _section(page, path: str):
    """The box of a field in the form (#first-pane-body), never its twin in the preview pane beside it."""
    found = page.locator(f'#first-pane-body section.field[data-key-path="{path}"]').first
    found.locator("[role=combobox], [role=radio], [role=checkbox], input, textarea, button").first.wait_for()
    return found


def _pick(page, path: str, label: str | None) -> None:
    box = _section(page, path)
    if box.locator("[role=combobox]").count():
        box.locator("[role=combobox]").first.click()
        options = page.locator("[role=listbox]:visible [role=option]")
        (options.filter(has_text=label).first if label else options.first).click()
    elif box.locator("[role=radio]").count():
        radios = box.locator("[role=radio]")
        if label:
            box.get_by_role("radio", name=label, exact=True).click()
        else:
            radios.nth(1 if radios.count() > 1 and "(Không có)" in box.inner_text() else 0).click()
    else:
        (box.get_by_role("checkbox", name=label, exact=True) if label else box.locator("[role=checkbox]").first).click()


def _fill(page, fields: list[dict], prefix: str, values: dict) -> None:
    """Every box a person must fill (the config's required flags) and those of `values`; one item per list."""
    for field in fields:
        path, widget = f"{prefix}{field['name']}", field.get("widget")
        if path == "body" or not (path in values or field["required"] or widget == "list"):
            continue
        value = values.get(path)
        if widget == "list":
            if "fields" in field:
                _section(page, path).locator(f'button[data-label*="({field["name"]})"]').last.click()
                _fill(page, field["fields"], f"{path}.0.", values)
        elif widget in ("select", "relation"):
            options = {option["value"]: option["label"] for option in field.get("options", [])}
            _pick(page, path, options.get(value, value))
        elif widget == "number":
            _section(page, path).locator("input").first.fill(str(value if value is not None else field.get("min", 1)))
        else:
            _section(page, path).locator("input, textarea").first.fill(value or "Chữ mẫu")


def _editor_site(project: Path, folder: Path) -> None:
    for relative, text in cms.files(project).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")


def _open_editor(browser, base_url: str, project: Path, height: int = 900):
    """The editor on the local repository. A form filled from top to bottom needs a tall window: the CMS draws a
    list's new item only once it is scrolled into view, which on a busy machine may come after any timeout."""
    records = {p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted((project / "records").rglob("*")) if p.is_file()}
    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": height}).new_page()
    page.add_init_script(LOCAL_REPOSITORY % json.dumps(records, ensure_ascii=False))
    page.goto(base_url + "quan-tri/")
    page.get_by_role("button", name="Làm việc với kho mã nguồn cục bộ").click()
    page.get_by_role("button", name="Tạo bài viết mới").first.wait_for()
    return page


@needs_browser
@pytest.mark.parametrize("walk", list(WALKS))
def test_a_record_saved_in_the_web_editor_passes_check(walk, tmp_path, browser):
    """Issue 19: the editor wrote every blank optional box (`parent: ''`, `year: null`) and a saved unit failed
    `kb check` 27 times. Each kind's form, filled as a person would, saved, read back: no error, no empty value."""
    from kb.tools.relevance import serve
    project = tmp_path / "p"
    shutil.copytree(MINI, project)
    _editor_site(project, tmp_path / "site")
    written, values = WALKS[walk]
    name = walk.split("-")[0]
    with serve(tmp_path / "site") as base_url:
        page = _open_editor(browser, base_url, project, height=8000)
        page.goto(base_url + f"quan-tri/#/collections/{name}/new")
        page.get_by_role("button", name="Lưu").wait_for()
        _fill(page, collection(cms.config(project), name)["fields"], "", values)
        _section(page, "body").locator('[contenteditable="true"]').first.fill("Tóm tắt của người biên tập.")
        page.get_by_role("button", name="Lưu").click()
        page.get_by_text("Đã lưu", exact=False).first.wait_for()
        text = page.evaluate("path => window.kbRead(path)", written)
        page.context.close()
    (project / written).parent.mkdir(parents=True, exist_ok=True)
    (project / written).write_text(text, encoding="utf-8")
    assert not re.search(r":\s*(''|\"\"|null|\[\]|\{\})\s*$", text, re.M), text  # no blank box written
    found = [d.format() for d in check(project).diagnostics if d.path == written]
    assert found == [], text
    assert "Tóm tắt của người biên tập." in text.split("\n---", 1)[1]


@needs_browser
def test_the_editor_speaks_vietnamese_and_asks_before_closing_a_form(tmp_path, browser):
    """No regular expression as an error, no "Show Errors", no code or file path as a label; one Esc on a form
    with typing in it asks first (and a closed list takes the Esc, not the form)."""
    from kb.tools.relevance import serve
    project = tmp_path / "p"
    shutil.copytree(MINI, project)
    _editor_site(project, tmp_path / "site")
    with serve(tmp_path / "site") as base_url:
        page = _open_editor(browser, base_url, project)
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss() if len(asked) == 1
                                          else dialog.accept()))
        page.goto(base_url + "quan-tri/#/collections/units/new")
        page.get_by_role("button", name="Lưu").wait_for()
        page.keyboard.press("Escape")  # nothing typed yet: closes without a question
        page.wait_for_url("**/collections/units")
        page.goto(base_url + "quan-tri/#/collections/units/new")
        page.get_by_role("button", name="Lưu").wait_for()
        _section(page, "id").locator("input").fill("thu")
        _section(page, "sources").locator('button[data-label*="(sources)"]').last.click()
        _section(page, "sources.0.date").locator("input").fill("22/01/2019")
        page.get_by_role("button", name="Lưu").click()
        page.get_by_text("Xem các lỗi").wait_for()
        shown = page.inner_text("body")
        assert "Xem các lỗi" in shown and "Show Errors" not in shown
        assert "Ngày viết năm-tháng-ngày: ngày 22/01/2019 là 2019-01-22" in shown
        assert not re.search(r"\^\[|\]\{|\$\.|Phải khớp mẫu", shown)  # no regular expression
        labels = page.locator("section.field h4").all_inner_texts()
        assert len(labels) >= 15 and all(_readable(label) for label in labels), labels
        _section(page, "level").locator("[role=combobox]").click()
        page.locator("[role=listbox]:visible").wait_for()
        page.keyboard.press("Escape")  # closes the list of levels only
        page.locator("[role=listbox]:visible").wait_for(state="hidden")
        page.keyboard.press("Escape")  # the form has typing in it: asks, and "Huỷ" keeps it open
        assert asked == [cms.LEAVE_QUESTION] and "/collections/units/new" in page.url
        page.keyboard.press("Escape")  # asked again; "OK" closes it
        page.wait_for_url("**/collections/units")
        assert len(asked) == 2
        page.context.close()
