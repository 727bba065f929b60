"""The copy of the site that opens from a folder or a zip: script twins of the index files, a reproducible zip."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

OFFLINE_DIR = "site-offline"


ZIP_TIMESTAMP = (2000, 1, 1, 0, 0, 0)  # fixed, so that the same site gives the same zip


def add_script_twins(index_dir: Path) -> None:
    """Beside each index file t/heo.json, t/heo.js: `window.__kbSearchRegister("t/heo.json", {...});`.

    A page opened from disk may load scripts from its folder but may not fetch() files.
    """
    for path in sorted(index_dir.rglob("*.json")):
        name = path.relative_to(index_dir).as_posix()
        data = path.read_text(encoding="utf-8")
        path.with_suffix(".js").write_text(f"window.__kbSearchRegister({json.dumps(name)},{data});\n",
                                           encoding="utf-8")


def write_zip(folder: Path, target: Path) -> None:
    """A zip of the folder, files in name order with a fixed timestamp: the same site gives the same bytes."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{OFFLINE_DIR}/{path.relative_to(folder).as_posix()}", ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
