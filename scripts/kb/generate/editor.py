"""The web editor served with the site at /quan-tri/: Sveltia CMS, configured from the JSON schemas.

`files(root)` returns what the build writes into docs/quan-tri/: the CMS configuration (config.yml)
generated from the schemas — every property, its required flag, enumerations with their Vietnamese
labels (`x-labels` in the schema, else the 'value (label)' pairs of the field description), lists of
objects as list widgets, references as choices from the catalogues or relations to other records —,
the admin page with a Content-Security-Policy of its own, and the CMS bundle copied from
node_modules/@sveltia/cms (installed by `npm ci` from package-lock.json; nothing loads from a CDN).

Sveltia fetches its interface strings from unpkg and its fonts from jsDelivr at run time; the copied
bundle is pointed at the local copy of the strings in locales/ instead, its three fonts are embedded
(from the @fontsource packages pinned in package.json), and the page starts the interface in Vietnamese.
"""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

from kb.check.load import read_catalog
from kb.model import schema as schemas
from kb.model.vocabulary import enum_choices

ADMIN_DIR = "quan-tri"
PACKAGE = Path("node_modules") / "@sveltia" / "cms"
LOCALES = ("vi", "en-US")
# The fonts the bundle asks jsDelivr for → the same files in node_modules (package.json pins the versions).
FONTS = {
    "https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2":
        "@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2":
        "@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2":
        "@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2",
}
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
LONG_TEXT = {"text", "summary", "note"}  # text fields shown as a multi-line box
# Slug fields that name an entry of a catalogue (value, label keys) or another record (collection).
CATALOG_REFS = {"province": ("provinces.yml", "provinces", "name"), "field": ("topics.yml", "fields", "label"),
                "topics": ("topics.yml", "lesson_topics", "label"),
                "indicator": ("indicators.yml", "indicators", "label")}
RECORD_REFS = {"directives": "directives", "directive": "directives", "guidance": "directives",
               "replaces": "directives", "themes": "themes", "theme": "themes",
               "parent": "units", "owner_unit": "units", "issuer_unit": "units"}
EDITOR_REQUIRED = {"id"}  # optional in a file (the file name gives it), but the editor names the file from it
COLLECTIONS = (  # name, schema kind, folder, label, singular label, summary
    ("units", "unit", "records/units", "Đơn vị", "đơn vị", "{{name}}"),
    ("themes", "theme", "records/themes", "Chuyên đề", "chuyên đề", "{{title}}"),
    ("directives", "directive", "records/directives", "Văn bản", "văn bản", "{{code}}"),
)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: "
       "https://avatars.githubusercontent.com https://raw.githubusercontent.com; font-src 'self' data:; "
       "connect-src 'self' data: https://api.github.com https://www.githubstatus.com; worker-src 'self' blob:; "
       "frame-src 'self' blob:; manifest-src 'self'; base-uri 'self'; form-action 'none'; object-src 'none'")


# Uploads (the CMS needs a media folder, though no record shows an image): small, and every raster image re-encoded
# as WebP in the browser. The CMS has no setting that refuses other types (an SVG, an HTML file): `kb check` does,
# on the pull request every upload arrives in (KB506), and overrides/hooks.py keeps them off the site.
MEDIA = {"max_file_size": 1024 * 1024, "slugify_filename": True,
         "transformations": {"raster_image": {"format": "webp", "quality": 85}}}
# Framed by another page (clickjacking: the person's clicks led by a page on top), the editor does not start: its
# bundle is loaded by the first script only when the page is the top window, and the page says why instead.
# `frame-ancestors` would say it better, but a <meta> policy cannot carry it, and GitHub Pages sets no headers.
FRAMED_NOTE = ('<p data-kb-framed hidden>Trình soạn hồ sơ chỉ mở trực tiếp, không mở trong khung của trang khác: '
               '<a href="./" target="_blank" rel="noopener">mở trình soạn trong thẻ mới</a>.</p>')


class BundleProblem(RuntimeError):
    """The installed CMS bundle is not the one this module knows how to serve locally."""


def label_of(name: str, node: dict) -> str:
    """A short Vietnamese label: the schema's title, else the description's first phrase; the code name after."""
    text = node.get("title") or re.split(r" \(|[.,;:]", node.get("description", ""), maxsplit=1)[0].strip()
    return f"{text or name} ({name})"


def config(root: Path, repo: str | None = None) -> dict:
    """The Sveltia CMS configuration, generated from the schemas and the catalogues."""
    # deploy.yml sets KB_CMS_REPO to the repository; not GITHUB_REPOSITORY, so that a build is the same anywhere
    repo = repo or os.environ.get("KB_CMS_REPO") or "chu-kho/ten-kho"
    collections = []
    for name, kind, folder, label, singular, summary in COLLECTIONS:
        document = schemas.resolve(schemas.schema(kind), kind)
        collection = {
            "name": name, "label": label, "label_singular": singular,
            "description": document.get("description", ""),
            "folder": folder, "extension": "md", "format": "frontmatter", "create": True,
            "identifier_field": "id", "slug": "{{fields.id}}", "summary": summary,
            "fields": _fields(root, kind, document) + [{"name": "body", "label": "Nội dung (thân hồ sơ)",
                                                  "widget": "markdown", "required": True,
                                                  # no image or file to insert: a record body shows none
                                                  # (kb.text.markup.ALLOWED_TAGS has no <img>)
                                                  "editor_components": [],
                                                  "hint": "Markdown, không dùng HTML."}],
        }
        for field in collection["fields"]:
            if field["name"] in EDITOR_REQUIRED:  # the file name is made from it
                field["required"] = True
                field["hint"] = field.get("hint", "") + " Trình soạn đặt tên tệp theo mã này, nên phải điền."
        if name == "units":  # records/units/<province>/<id>.md
            collection["path"] = "{{fields.province}}/{{fields.id}}"
            collection["nested"] = {"depth": 2}
        collections.append(collection)
    backend = {"name": "github", "repo": repo, "branch": "main"}
    if os.environ.get("KB_CMS_AUTH_URL"):  # the OAuth helper (sveltia-cms-auth) a maintainer deployed
        backend["base_url"] = os.environ["KB_CMS_AUTH_URL"]
    return {
        "backend": {**backend,
                    "commit_messages": {"create": "Thêm {{collection}} “{{slug}}” (trình soạn web)",
                                        "update": "Sửa {{collection}} “{{slug}}” (trình soạn web)",
                                        "delete": "Xoá {{collection}} “{{slug}}” (trình soạn web)"}},
        "publish_mode": "editorial_workflow",
        "media_folder": "docs/assets/tai-len",
        "public_folder": "/assets/tai-len",
        "media_libraries": {"default": {"config": MEDIA}},
        "collections": collections,
    }


def _fields(root: Path, kind: str, node: dict) -> list[dict]:
    """The widgets of an object's properties, in the schema's canonical order (x-order)."""
    properties = node.get("properties", {})
    # x-editor-required: optional in a record (an undated or untitled page, as kb import finds them) but
    # asked for by the web editor, where a person types an article they have in front of them
    required = set(node.get("required", [])) | {name for name, prop in properties.items()
                                                 if isinstance(prop, dict) and prop.get("x-editor-required")}
    order = node.get("x-order", list(properties))
    return [_field(root, kind, name, properties[name], name in required) for name in order if name in properties]


def _resolve(node: dict, kind: str) -> dict:
    """Resolve a $ref; a local one inside a definition borrowed from the unit schema (a theme's
    sources) belongs to the unit schema."""
    try:
        return schemas.resolve(node, kind)
    except KeyError:
        return schemas.resolve(node, "unit")


def _field(root: Path, kind: str, name: str, raw: dict, required: bool) -> dict:
    node = _resolve(raw, kind)
    described = {**node, **{k: v for k, v in raw.items() if k in ("description", "title", "x-labels")}}
    out: dict = {"name": name, "label": label_of(name, described), "required": required}
    if described.get("description"):
        out["hint"] = described["description"]
    if node.get("type") == "array":
        items = _resolve(node.get("items", {}), kind)
        if items.get("type") == "object" or "properties" in items:
            out.update(widget="list", fields=_fields(root, kind, items))
            if name == "sources":
                out["summary"] = "{{fields.title}}"
        else:
            inner = _scalar(root, kind, name, items)
            if inner.get("widget") in ("select", "relation"):
                out.update(inner, multiple=True)
            else:
                out.update(widget="list", field={"name": name, "label": out["label"], **inner})
        if node.get("minItems"):
            out["min"] = node["minItems"]
        return out
    out.update(_scalar(root, kind, name, node))
    return out


def _scalar(root: Path, kind: str, name: str, node: dict) -> dict:
    if "enum" in node:
        return {"widget": "select", "options": [{"label": f"{label}", "value": value}
                                                for value, label in enum_choices(node)]}
    if node.get("type") in ("integer", "number"):
        out = {"widget": "number", "value_type": "int" if node["type"] == "integer" else "float"}
        for key, option in (("minimum", "min"), ("maximum", "max")):
            if key in node:
                out[option] = node[key]
        return out
    if node.get("type") == "boolean":
        return {"widget": "boolean"}
    pattern = node.get("pattern")
    if pattern == SLUG_PATTERN and name in CATALOG_REFS:
        file, key, label = CATALOG_REFS[name]
        entries = read_catalog(root, file).get(key, [])
        return {"widget": "select", "options": [{"label": f"{e.get(label, e['id'])} ({e['id']})", "value": e["id"]}
                                                for e in entries]}
    if pattern == SLUG_PATTERN and name in RECORD_REFS:
        collection = RECORD_REFS[name]
        display = {"units": "{{name}}", "themes": "{{title}}", "directives": "{{code}}"}[collection]
        return {"widget": "relation", "collection": collection, "value_field": "{{slug}}",
                "search_fields": [display.strip("{}")], "display_fields": [display]}
    if pattern == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$":
        return {"widget": "datetime", "time_format": False, "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY"}
    out = {"widget": "text" if name in LONG_TEXT else "string"}
    if pattern:
        message = ("Chữ thường không dấu, nối bằng '-' (ví dụ cau-ngang)." if pattern == SLUG_PATTERN
                   else "Địa chỉ phải bắt đầu bằng http:// hoặc https://." if pattern == "^https?://"
                   else f"Phải khớp mẫu {pattern}.")
        out["pattern"] = [pattern, message]
    return out


def config_yaml(data: dict) -> str:
    """YAML text of the configuration (JSON is YAML; one key per line keeps diffs readable)."""
    return ("# Sinh tự động bởi kb (kb/generate/editor.py) từ lược đồ scripts/kb/model/schema/ — không sửa tay.\n"
            + json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def admin_page() -> str:
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="robots" content="noindex">
<title>Trình soạn hồ sơ — Học tập và làm theo Bác</title>
<link rel="cms-config-url" type="application/yaml" href="config.yml">
<script src="kb-quan-tri.js"></script>
</head>
<body>
{FRAMED_NOTE}
<noscript>Trình soạn hồ sơ cần JavaScript. Bạn vẫn có thể đóng góp bằng biểu mẫu trên GitHub (xem trang Đóng góp hồ sơ).</noscript>
</body>
</html>
"""


# Runs before the bundle: start the interface in Vietnamese unless the person chose another language.
INIT_SCRIPT = """// Sinh tự động bởi kb (kb/generate/editor.py). Nạp trình soạn chỉ khi trang không nằm trong khung của trang
// khác; giao diện mặc định bằng tiếng Việt.
(function () {
  var framed = window.top !== window.self;
  document.addEventListener("DOMContentLoaded", function () {
    if (framed) {  // clickjacking: say why, never load the bundle
      document.querySelector("[data-kb-framed]").hidden = false;
      return;
    }
    var bundle = document.createElement("script");
    bundle.src = "sveltia-cms.js";
    document.body.appendChild(bundle);
  });
  try {
    var key = "sveltia-cms.prefs";
    var prefs = JSON.parse(localStorage.getItem(key) || "{}") || {};
    if (!prefs.locale) { prefs.locale = "vi"; localStorage.setItem(key, JSON.stringify(prefs)); }
  } catch (error) { /* bộ nhớ trình duyệt bị chặn: giao diện theo ngôn ngữ của trình duyệt */ }
})();
"""
_LOCALE_URL = re.compile(r"=`\$\{(\w+)\}@\$\{(\w+)\}/locales`")


def local_bundle(package: Path) -> str:
    """The CMS bundle, with its interface strings fetched from ./locales/ instead of unpkg."""
    text = (package / "dist" / "sveltia-cms.js").read_text(encoding="utf-8")
    text, count = _LOCALE_URL.subn("=`./locales`", text)
    if count != 1:
        raise BundleProblem(f"không tìm thấy đúng một địa chỉ tải chuỗi giao diện trong {package}/dist/sveltia-cms.js "
                            f"(thấy {count}); phiên bản @sveltia/cms khác với bản kb/generate/editor.py biết")
    modules = package.parents[1]
    for url, file in FONTS.items():
        if text.count(url) != 1 or not (modules / file).is_file():
            raise BundleProblem(f"phông chữ {url} không còn trong bundle, hoặc thiếu {file}: chạy 'npm ci'; nếu đã đổi "
                                "phiên bản @sveltia/cms, sửa bảng FONTS trong kb/generate/editor.py")
        encoded = base64.b64encode((modules / file).read_bytes()).decode("ascii")
        text = text.replace(url, f"data:font/woff2;base64,{encoded}")
    if "cdn.jsdelivr.net" in text:
        raise BundleProblem("bundle còn tải tài nguyên từ cdn.jsdelivr.net: sửa bảng FONTS trong kb/generate/editor.py")
    return text.replace("//# sourceMappingURL=sveltia-cms.js.map", "")


def find_package(root: Path) -> Path | None:
    for base in (Path(root), Path(__file__).resolve().parents[3]):
        if (base / PACKAGE / "dist" / "sveltia-cms.js").is_file():
            return base / PACKAGE
    return None


def vendored(path: str) -> bool:
    """Third-party files copied from node_modules (not generated from the records; no golden file)."""
    return path == f"{ADMIN_DIR}/sveltia-cms.js" or path.startswith(f"{ADMIN_DIR}/locales/")


def files(root: Path) -> dict[str, str]:
    """docs-relative path → text of everything served at /quan-tri/."""
    out = {f"{ADMIN_DIR}/config.yml": config_yaml(config(root)), f"{ADMIN_DIR}/index.html": admin_page(),
           f"{ADMIN_DIR}/kb-quan-tri.js": INIT_SCRIPT}
    package = find_package(root)
    if package is None:
        out[f"{ADMIN_DIR}/sveltia-cms.js"] = (
            "document.body.textContent = 'Chưa cài trình soạn: chạy \"npm ci\" ở thư mục dự án rồi dựng lại trang.';\n")
        return out
    out[f"{ADMIN_DIR}/sveltia-cms.js"] = local_bundle(package)
    for locale in LOCALES:
        out[f"{ADMIN_DIR}/locales/{locale}.json"] = (package / "locales" / f"{locale}.json").read_text(encoding="utf-8")
    return out
