"""`python -m web.assets` copies the vendor files from node_modules, or says clearly what is missing."""
from __future__ import annotations

import pytest

from web.assets import VENDOR_FILES, AssetsMissing, REPO_DIR, copy_assets


def test_missing_node_modules_is_a_clear_error(tmp_path):
    with pytest.raises(AssetsMissing, match="npm ci"):
        copy_assets(tmp_path / "node_modules", tmp_path / "vendor")


def test_incomplete_node_modules_names_the_missing_file(tmp_path):
    (tmp_path / "node_modules" / "cytoscape" / "dist").mkdir(parents=True)
    with pytest.raises(AssetsMissing, match="yasgui.min.js"):
        copy_assets(tmp_path / "node_modules", tmp_path / "vendor")


@pytest.mark.skipif(not (REPO_DIR / "node_modules").is_dir(), reason="npm ci has not been run")
def test_copies_every_vendor_file(tmp_path):
    copied = copy_assets(vendor_dir=tmp_path)
    assert len(copied) == sum(len(files) for files in VENDOR_FILES.values())
    assert all(path.stat().st_size > 1000 for path in copied)
