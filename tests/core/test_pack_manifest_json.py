"""The packs' manifest writes its many small entries without the JSON encoder (`builder._compact_json`, issue
#17): the text must be exactly what `json.dumps` writes, for any value — a reader of an earlier pack, or a person
diffing two manifests, sees no difference."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, strategies as st

from app.services.listing.packs.builder import _compact_json, _manifest_json

SCALARS = st.one_of(st.text(), st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=False, allow_infinity=False))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(), inner, max_size=4)), max_leaves=12)


@given(VALUES)
def test_an_entry_is_written_as_json_dumps_writes_it(value: Any) -> None:
    assert _compact_json(value) == json.dumps(value, ensure_ascii=False)


@given(st.lists(st.fixed_dictionaries({"path": st.text(), "size": st.integers(0), "sha256": st.text()}), max_size=5),
       st.dictionaries(st.text(), st.integers(), max_size=5))
def test_a_manifest_reads_back_as_what_was_written(files: list[dict[str, Any]], mtimes: dict[str, int]) -> None:
    manifest = {"app": "工厂直营", "products": ["P1", "P\"2"], "files": files,
                "reuse": {"mtime_ns": mtimes, "pictures": {"P1": {"fingerprint": "x", "images": {"mains": []}}}}}
    assert json.loads(_manifest_json(manifest)) == manifest
