"""pytest-qt: labels a first-time user reads in Chinese (issue #16, "speak the user's language")."""

from __future__ import annotations


def test_the_pricing_file_button_says_it_exports_a_file(window, tmp_path):
    window.new_workspace(tmp_path / "w.fdw")
    window.set_language("zh_CN")
    try:
        window.show_view("pricing")
        page = window.pages["pricing"]
        assert page.save_button.text() == "导出方案文件…", "the plan itself saves as you go; the button writes a file"
    finally:
        window.set_language("en")
    window.show_view("pricing")
    assert window.pages["pricing"].save_button.text() == "Export scenario file…"
