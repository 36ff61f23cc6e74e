"""Settings declared once, with type and default, over QSettings. Tests point QSettings at a temp folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

T = TypeVar("T")
MAX_RECENT = 8


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: its key, type and default."""

    key: str
    kind: type
    default: T

    def read(self, store: QSettings) -> T:
        value: Any = store.value(self.key, self.default)
        if value is None:
            return self.default
        # Each `kind` test below stands for T, which the checker can't tie to it: hence the return-value ignores.
        if self.kind is list:
            if isinstance(value, str):
                return [value] if value else []  # type: ignore[return-value]
            return list(value)  # type: ignore[return-value]
        if self.kind is bool and isinstance(value, str):
            return (value.lower() == "true")  # type: ignore[return-value]
        if self.kind is int:
            try:
                return int(value)  # type: ignore[return-value]
            except (TypeError, ValueError):
                return self.default
        if self.kind is QByteArray:
            return value if isinstance(value, QByteArray) else self.default  # type: ignore[return-value]
        return self.kind(value)  # type: ignore[no-any-return]

    def write(self, store: QSettings, value: T) -> None:
        store.setValue(self.key, value)


LANGUAGE = Setting[str]("ui/language", str, "")          # "" = follow the system
LAST_WORKSPACE = Setting[str]("workspace/last", str, "")
RECENT_WORKSPACES = Setting[list[str]]("workspace/recent", list, [])
LAST_VIEW = Setting[str]("ui/last_view", str, "factory")
WINDOW_GEOMETRY = Setting[QByteArray]("ui/geometry", QByteArray, QByteArray())
WINDOW_STATE = Setting[QByteArray]("ui/state", QByteArray, QByteArray())
BACKUP_INTERVAL_MINUTES = Setting[int]("backup/interval_minutes", int, 30)
#: The Packs page's build options (`PackOptions`): the user's web folder and shop units, not the workspace's.
PACK_IMAGE_BASE_URL = Setting[str]("packs/image_base_url", str, "")
PACK_WEIGHT_UNIT = Setting[str]("packs/weight_unit", str, "kg")
PACK_DIMENSION_UNIT = Setting[str]("packs/dimension_unit", str, "cm")
PACK_SHOPIFY_DIALECT = Setting[str]("packs/shopify_dialect", str, "current")


class AppSettings:
    """Typed access to the app's settings."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings()

    def get(self, setting: Setting[T]) -> T:
        return setting.read(self.store)

    def set(self, setting: Setting[T], value: T) -> None:
        setting.write(self.store, value)

    def remember_workspace(self, path: str) -> None:
        """Put `path` first in the recent list and make it the one reopened next time."""
        recent = [p for p in self.get(RECENT_WORKSPACES) if p != path]
        self.set(RECENT_WORKSPACES, [path, *recent][:MAX_RECENT])
        self.set(LAST_WORKSPACE, path)

    def forget_workspace(self, path: str) -> None:
        self.set(RECENT_WORKSPACES, [p for p in self.get(RECENT_WORKSPACES) if p != path])
        if self.get(LAST_WORKSPACE) == path:
            self.set(LAST_WORKSPACE, "")

    # ----- where file dialogs start --------------------------------------------------------------------------
    def start_folder(self, purpose: str) -> Path:
        """Where a file dialog for `purpose` (e.g. "workspace", "images", "packs") opens: the folder last used
        for that purpose while it still exists, else the user's Documents — never the working directory."""
        return self.remembered_folder(purpose) or documents_folder()

    def remembered_folder(self, purpose: str) -> Path | None:
        """The folder last used for `purpose` while it still exists; None when none was used (or it is gone)."""
        saved = str(self.store.value(f"{FOLDERS_GROUP}/{purpose}", "") or "")
        return Path(saved) if saved and Path(saved).is_dir() else None

    def start_path(self, purpose: str, file_name: str = "") -> str:
        """`start_folder` as a dialog's start argument, with a suggested file name for a Save dialog."""
        folder = self.start_folder(purpose)
        return str(folder / file_name) if file_name else str(folder)

    def remember_folder(self, purpose: str, chosen: str | Path) -> None:
        """Remember the folder of what the user chose (a folder, or a file's folder) for the next dialog."""
        if not str(chosen):
            return
        path = Path(chosen)
        folder = path if path.is_dir() else path.parent
        self.store.setValue(f"{FOLDERS_GROUP}/{purpose}", str(folder))


#: QSettings group of the last folder used per purpose (`AppSettings.start_folder`).
FOLDERS_GROUP = "folders"


def documents_folder() -> Path:
    """The user's Documents folder (home when the system names none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()
