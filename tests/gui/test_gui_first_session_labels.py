"""pytest-qt: labels a first-time user reads in Chinese (issue #16, "speak the user's language")."""

from __future__ import annotations

from app.views.shell.main_window import JOURNEY


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


def _page_title(window, name: str) -> str:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    window.show_view(name)
    return window.pages[name].findChild(QLabel, "pageTitle").text()


def test_sidebar_names_equal_page_titles_in_both_languages(window, tmp_path):
    window.new_workspace(tmp_path / "w.fdw")
    for language in ("zh_CN", "en"):
        window.set_language(language)
        sidebar = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
        titles = [_page_title(window, name) for name in JOURNEY]
        assert sidebar == titles, language
        assert [window.view_actions[name].text() for name in JOURNEY] == titles, "the View menu says the same"
    window.set_language("en")


def test_counts_take_the_plural_their_number_needs(qapp):
    """tr(text, "", n): the English catalogue holds the plural forms, Chinese has one (#16)."""
    from PySide6.QtCore import QCoreApplication

    from app.views.kit.i18n import install_translators

    def skus(n: int) -> str:
        return QCoreApplication.translate("VariantsTab", "%n SKU(s)", "", n)

    try:
        install_translators(qapp, "en")
        assert (skus(1), skus(4)) == ("1 SKU", "4 SKUs")
        assert QCoreApplication.translate("ImagesTab", "%n image(s) added.", "", 1) == "1 image added."
        install_translators(qapp, "zh_CN")
        assert (skus(1), skus(4)) == ("1 个 SKU", "4 个 SKU")
    finally:
        install_translators(qapp, "en")
