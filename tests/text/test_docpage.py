"""Hand-written pages of docs/: python-frontmatter splits them, kb's YAML reader reads the block."""

from __future__ import annotations

from kb.text.docpage import read_page, searched


def test_a_page_without_frontmatter_is_all_markdown():
    assert read_page("# Về tìm kiếm\n\nGõ có dấu.\n") == ({}, "# Về tìm kiếm\n\nGõ có dấu.\n")


def test_frontmatter_is_read_as_yaml_1_2_and_can_keep_a_page_out_of_search():
    meta, body = read_page('---\ntitle: "Giới thiệu"\nsearch:\n  exclude: true\nma: 05\nno: no\n---\n# Về cơ sở dữ liệu\n')
    assert meta == {"title": "Giới thiệu", "search": {"exclude": True}, "ma": "05", "no": "no"}
    assert body == "# Về cơ sở dữ liệu"
    assert not searched(meta) and searched({}) and searched({"search": {"exclude": "true"}})


def test_a_block_kb_would_refuse_leaves_the_page_as_markdown():
    for hostile in ("---\na: &x [1]\nb: *x\n---\nThân\n", "---\nx: !!python/object:os.system ls\n---\nThân\n",
                    "---\n- một\n- danh sách\n---\nThân\n"):
        meta, body = read_page(hostile)
        assert meta == {} and body == hostile
