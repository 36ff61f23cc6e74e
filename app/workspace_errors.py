"""Why a workspace can't be opened or written, in words the user can act on (no Qt, no SQLAlchemy).

Kept apart from `app.db` so that `app.sqlite_only` can raise them too. The distinction that matters most:
*damaged* (the file was read and failed its check: offer a backup) is not *in use* (wait, or close the
other program), *cannot write here* (open read-only and say so) or *disk full* (free space). Only damage
ever leads to a restore, so only `WorkspaceDamaged` may be raised for a file that failed its check — and
never for one that merely couldn't be read.
"""

from __future__ import annotations

import enum
from pathlib import Path

from app.models.bilingual import Bilingual, UserFacingError


class WorkspaceError(UserFacingError):
    """A workspace can't be opened or used; the message says why and what to do."""


class WorkspaceNotFound(WorkspaceError):
    pass


class NotAWorkspace(WorkspaceError):
    pass


class WorkspaceWrongSchema(NotAWorkspace):
    """The file says it is a workspace but lacks a workspace's tables (another app's file, or a tool's)."""

    def __init__(self, path: Path, missing: list[str]) -> None:
        names = ", ".join(missing[:4])
        super().__init__(Bilingual(
            f"这不是工厂直营的工作区文件：{Path(path).name}（缺少数据表 {names}）。文件没有被改动。",
            f"This is not a Factory Direct workspace: {Path(path).name} (tables missing: {names}). "
            "The file was not changed.",
        ))


class NetworkPathRefused(WorkspaceError):
    pass


class WorkspaceTooNew(WorkspaceError):
    pass


class WorkspaceExists(WorkspaceError):
    pass


class WorkspaceDamaged(WorkspaceError):
    """The file was read and failed its check. Nothing was written; `detail` is SQLite's own finding."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(Bilingual(
            f"工作区文件已损坏，软件没有写入它：{path.name}（{detail}）。可以从最近的完好备份恢复。",
            f"The workspace file is damaged and was not written to: {path.name} ({detail}). "
            "You can restore the newest good backup.",
        ))
        self.path = path
        self.detail = detail


class WorkspaceInUse(WorkspaceError):
    """Another connection holds a lock on the file (a second copy of the app, a database browser…)."""

    def __init__(self, path: Path, holders: list[str] | None = None) -> None:
        path = Path(path)
        who = "、".join(holders or [])
        who_en = ", ".join(holders or [])
        super().__init__(Bilingual(
            f"工作区正被{'：' + who if who else '其他程序'}占用：{path.name}。文件完好，没有被改动；"
            "请在那里关闭它，或稍后重试。",
            f"The workspace is in use{' by ' + who_en if who_en else ' by another program'}: {path.name}. "
            "The file is fine and was not changed; close it there, or try again in a moment.",
        ))
        self.path = path
        self.holders = list(holders or [])


class WorkspaceReadOnly(WorkspaceError):
    """The file or its folder can't be written (permissions, read-only media). `kind` says what that
    stops: "open" (it is open read-only), "migrate" (it needs updating first), "journal" (unsaved commits
    in its -wal can only be read where they can be written), "target" (a file to be written there)."""

    def __init__(self, path: Path, *, kind: str = "open") -> None:
        path = Path(path)
        why_zh, why_en = "只读文件夹、只读介质或没有权限", "read-only folder or media, or no permission"
        copy_zh = "复制到可以写入的文件夹（例如“文档”）"
        copy_en = "copy it to a folder you can write to (for example Documents)"
        texts = {
            "open": Bilingual(
                f"这里不能写入工作区（{why_zh}），已只读打开：{path.name}。要修改，请把它{copy_zh}。",
                f"The workspace can't be written here ({why_en}) and is open read-only: {path.name}. "
                f"To make changes, {copy_en}."),
            "migrate": Bilingual(
                f"工作区需要升级到新版本，但这里不能写入（{why_zh}）：{path.name}。"
                f"请把它{copy_zh}再打开。文件没有被改动。",
                f"The workspace needs updating to this version, but it can't be written here ({why_en}): "
                f"{path.name}. {copy_en[0].upper() + copy_en[1:]} and open the copy. The file was not changed."),
            "journal": Bilingual(
                f"工作区最近的修改还在 {path.name}-wal 里，只有在可以写入的地方才能读出（{why_zh}）。"
                f"请把 {path.name} 连同 {path.name}-wal {copy_zh}再打开。文件没有被改动。",
                f"The workspace's latest changes are still in {path.name}-wal, which can only be read where it "
                f"can be written ({why_en}). Copy {path.name} together with {path.name}-wal to a folder you can "
                "write to and open the copy. The file was not changed."),
            "target": Bilingual(
                f"不能在这里写入 {path.name}（{why_zh}）。请选择另一个文件夹。",
                f"Can't write {path.name} here ({why_en}). Choose another folder."),
        }
        super().__init__(texts[kind])
        self.path = path
        self.kind = kind


class WorkspaceDiskFull(WorkspaceError):
    """No room left where the file lives; the change that needed it was not saved (SQLite rolled it back)."""

    def __init__(self, path: Path) -> None:
        path = Path(path)
        super().__init__(Bilingual(
            f"磁盘已满：{path.parent} 没有剩余空间写入 {path.name}。没有写入半截内容，之前保存的数据完好；"
            "请腾出空间后重试。",
            f"The disk is full: no space left in {path.parent} to write {path.name}. Nothing was half-written "
            "and what was saved before is intact; free some space and try again.",
        ))
        self.path = path


class WorkspaceIOError(WorkspaceError):
    """The disk reported a read or write error (a USB stick pulled out, a failing drive)."""

    def __init__(self, path: Path, detail: str) -> None:
        path = Path(path)
        super().__init__(Bilingual(
            f"磁盘读写出错：{path.name}（{detail}）。软件没有改动或重命名这个文件；请检查磁盘或 U 盘后重试。",
            f"The disk reported an error reading or writing {path.name} ({detail}). The app did not change or "
            "rename the file; check the drive (or USB stick) and try again.",
        ))
        self.path = path
        self.detail = detail


class WorkspaceNoAccess(WorkspaceError):
    """The file exists but this user may not read it."""

    def __init__(self, path: Path) -> None:
        path = Path(path)
        super().__init__(Bilingual(
            f"没有权限读取工作区文件：{path}。请让管理员给你读写权限，或打开一份副本。",
            f"You don't have permission to read the workspace file: {path}. Ask for access, or open a copy.",
        ))
        self.path = path


class WorkspaceMigrationFailed(WorkspaceError):
    """Updating an older workspace failed; the migration ran in one transaction, so the file is as it was."""

    def __init__(self, path: Path, detail: str) -> None:
        path = Path(path)
        super().__init__(Bilingual(
            f"把工作区升级到新版本时出错（{detail}），文件保持原样：{path.name}。详情已写入日志。",
            f"Updating the workspace to this version failed ({detail}); the file was left as it was: "
            f"{path.name}. The details are in the log.",
        ))
        self.path = path


class BackupTargetRefused(WorkspaceError):
    """A backup (or bundle) would land on something that must not be replaced."""


class Trouble(enum.Enum):
    """What stood in the way of a database operation, as far as the user can act on it."""

    BUSY = "busy"
    READ_ONLY = "read_only"
    NO_ROOM = "no_room"
    DAMAGED = "damaged"
    IO = "io"
    NO_ACCESS = "no_access"


#: Errors that mean "the job failed, the input was fine" (command line exit 1, not 2): retrying later can work.
JOB_FAILURES: tuple[type[WorkspaceError], ...] = (
    WorkspaceInUse, WorkspaceDiskFull, WorkspaceIOError, WorkspaceMigrationFailed)


def exit_status(error: BaseException | None) -> int:
    """The exit status cli.md gives a failure: 2 for bad input (not found, damaged, not a workspace, too new,
    can't write there), 1 when the job failed though the input was fine (in use, disk full, I/O, a failed
    migration: trying again later can work), and 1 for anything unforeseen."""
    if isinstance(error, UserFacingError) and not isinstance(error, JOB_FAILURES):
        return 2
    return 1


def error_for(trouble: Trouble, path: Path, detail: str = "", holders: list[str] | None = None) -> WorkspaceError:
    """The typed error for a trouble found on the workspace at `path`."""
    path = Path(path)
    if trouble is Trouble.BUSY:
        return WorkspaceInUse(path, holders)
    if trouble is Trouble.READ_ONLY:
        return WorkspaceReadOnly(path)
    if trouble is Trouble.NO_ROOM:
        return WorkspaceDiskFull(path)
    if trouble is Trouble.DAMAGED:
        return WorkspaceDamaged(path, detail)
    if trouble is Trouble.NO_ACCESS:
        return WorkspaceNoAccess(path)
    return WorkspaceIOError(path, detail)
