"""The zh_CN catalogue: complete, placeholders and accelerators intact, in step with the sources, and loadable."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from app.views.kit.i18n import compiled_catalogue, install_translators

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "factory_direct_zh_CN.ts"
VIEWS = ROOT / "app" / "views"

# %1..%9 (and the localised %L1..%L9), %n for plurals, and {name}-style fields.
PLACEHOLDER = re.compile(r"%L?[1-9]|%n|\{[A-Za-z_][A-Za-z0-9_]*\}")
# "&F" marks a mnemonic; "&&" is a literal ampersand.
ACCELERATOR = re.compile(r"&&|&(\w)")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    state: str | None  # the <translation type="..."> attribute: None when finished
    translations: tuple[str, ...]  # one per numerus form, or just the one

    @property
    def key(self) -> tuple[str, str, str]:
        return self.context, self.source, self.comment

    def __str__(self) -> str:
        return f"{self.context}: {self.source!r}"


def read_catalogue(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{name}: {message.findtext('source')!r} has no <translation>"
            numerus = message.get("numerus") == "yes"
            forms = ([form.text or "" for form in translation.iter("numerusform")] if numerus
                     else [translation.text or ""])
            messages.append(Message(name, message.findtext("source") or "", message.findtext("comment") or "",
                                    numerus, translation.get("type"), tuple(forms)))
    return messages


@pytest.fixture(scope="module")
def catalogue() -> list[Message]:
    messages = read_catalogue(TS)
    assert messages, f"{TS} holds no messages"
    return messages


def _lupdate() -> str:
    found = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name("pyside6-lupdate"))
    assert Path(found).exists() or shutil.which(found), "pyside6-lupdate is missing: install PySide6"
    return found


def test_the_catalogue_is_for_simplified_chinese():
    assert ET.parse(TS).getroot().get("language") == "zh_CN"


def test_every_message_is_translated(catalogue):
    unfinished = [str(m) for m in catalogue if m.state is not None]
    empty = [str(m) for m in catalogue if not m.translations or not all(t.strip() for t in m.translations)]
    assert not unfinished, f"{len(unfinished)} unfinished/obsolete translations:\n" + "\n".join(unfinished)
    assert not empty, f"{len(empty)} empty translations:\n" + "\n".join(empty)


def test_placeholders_are_kept(catalogue):
    wrong = []
    for message in catalogue:
        expected = set(PLACEHOLDER.findall(message.source))
        for translation in message.translations:
            found = set(PLACEHOLDER.findall(translation))
            if found != expected:
                wrong.append(f"{message}: source has {sorted(expected)}, translation {translation!r} "
                             f"has {sorted(found)}")
    assert not wrong, "\n".join(wrong)


def _accelerators(text: str) -> list[str]:
    return [letter.upper() for letter in ACCELERATOR.findall(text) if letter]


def test_menu_accelerators_are_kept(catalogue):
    wrong = []
    for message in catalogue:
        expected = _accelerators(message.source)
        for translation in message.translations:
            if _accelerators(translation) != expected:
                wrong.append(f"{message}: accelerators {expected} in the source, {translation!r} in the translation")
    assert not wrong, "\n".join(wrong)


def test_catalogue_is_up_to_date_with_the_sources(tmp_path, catalogue):
    """Every tr()/translate() string in app/views has a translation: re-run lupdate and translate when this fails."""
    fresh = tmp_path / "fresh_zh_CN.ts"
    sources = sorted(str(p) for p in VIEWS.rglob("*.py"))
    result = subprocess.run([_lupdate(), *sources, "-ts", str(fresh), "-target-language", "zh_CN", "-no-obsolete"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    found = read_catalogue(fresh)
    assert found, "lupdate found no strings in app/views: is it reading the sources?"
    committed = {m.key for m in catalogue}
    missing = [str(m) for m in found if m.key not in committed]
    assert not missing, (
        f"{len(missing)} strings in app/views are not in {TS.name}; run "
        "`pyside6-lupdate $(find app/views -name '*.py' | sort) -ts resources/i18n/factory_direct_zh_CN.ts "
        "-target-language zh_CN -no-obsolete` and translate them:\n" + "\n".join(missing))


def _wrappers(tree: ast.AST) -> dict[str, tuple[int, str | None]]:
    """Functions that pass one of their own parameters to translate()/tr(): name -> (text position, context)."""
    found: dict[str, tuple[int, str | None]] = {}
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = [a.arg for a in function.args.args]
        shift = 1 if params and params[0] in ("self", "cls") else 0
        for call in ast.walk(function):
            if not isinstance(call, ast.Call):
                continue
            name = _called_name(call)
            index, context = (1, call.args[0]) if name == "translate" else (0, None) if name == "tr" else (-1, None)
            if index < 0 or len(call.args) <= index:
                continue
            text = call.args[index]
            if isinstance(text, ast.Name) and text.id in params:
                literal = context.value if isinstance(context, ast.Constant) and isinstance(context.value,
                                                                                            str) else None
                found[function.name] = (params.index(text.id) - shift, literal)
    return found


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else None


def test_no_strings_hidden_from_lupdate_behind_a_wrapper(catalogue):
    """`def _tr(text): return translate("Ctx", text)` hides every `_tr("...")` from lupdate: they never get
    translated."""
    known = {(m.context, m.source) for m in catalogue}
    sources = {m.source for m in catalogue}
    hidden = []
    for path in sorted(VIEWS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrappers = _wrappers(tree)
        for call in ast.walk(tree):
            name = _called_name(call) if isinstance(call, ast.Call) else None
            if name not in wrappers:
                continue
            position, context = wrappers[name]
            if 0 <= position < len(call.args):
                text = call.args[position]
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    seen = (context, text.value) in known if context else text.value in sources
                    if not seen:
                        hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}: {name}({text.value!r})")
    assert not hidden, (
        f"{len(hidden)} strings reach translate() through a wrapper, so lupdate never extracts them: call "
        "QCoreApplication.translate(\"Context\", \"...\") with the literal text, or mark it with "
        "QT_TRANSLATE_NOOP(\"Context\", \"...\"):\n" + "\n".join(hidden))


def test_the_app_loads_the_compiled_catalogue(qapp):
    qm = compiled_catalogue("zh_CN")
    assert qm is not None and qm.exists(), "the zh_CN catalogue did not compile"
    translator = QTranslator()
    assert translator.load(str(qm)), f"QTranslator could not load {qm}"
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    assert translator.translate("MainWindow", "Listing packs") == "上架资料包"
    try:
        install_translators(qapp, "zh_CN")
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        assert QCoreApplication.translate("WelcomePage", "New workspace") == "新建工作区"
    finally:
        install_translators(qapp, "en")
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
