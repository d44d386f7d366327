"""`python -m web.assets`: copy the front-end files the pages load from node_modules/ into web/static/vendor/."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"

# vendor sub-directory -> files inside node_modules
VENDOR_FILES = {
    "yasgui": ["@zazuko/yasgui/build/yasgui.min.js", "@zazuko/yasgui/build/yasgui.min.css"],
    "cytoscape": ["cytoscape/dist/cytoscape.min.js"],
    "layout-base": ["layout-base/layout-base.js"],
    "cose-base": ["cose-base/cose-base.js"],
    "cytoscape-fcose": ["cytoscape-fcose/cytoscape-fcose.js"],
}


class AssetsMissing(Exception):
    pass


def copy_assets(node_modules: Path = REPO_DIR / "node_modules", vendor_dir: Path = VENDOR_DIR) -> list[Path]:
    if not node_modules.is_dir():
        raise AssetsMissing(f"{node_modules} does not exist: run `npm ci --no-audit --no-fund` first (or `make assets`)")
    missing = [name for files in VENDOR_FILES.values() for name in files if not (node_modules / name).is_file()]
    if missing:
        raise AssetsMissing(f"missing in {node_modules}: {', '.join(missing)} (is package-lock.json installed?)")
    copied = []
    for sub_dir, files in VENDOR_FILES.items():
        target_dir = vendor_dir / sub_dir
        target_dir.mkdir(parents=True, exist_ok=True)
        for name in files:
            copied.append(Path(shutil.copy2(node_modules / name, target_dir / Path(name).name)))
    return copied


def main() -> int:
    try:
        copied = copy_assets()
    except AssetsMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"copied {len(copied)} files into {VENDOR_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
