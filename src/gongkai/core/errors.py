"""Errors that services raise. Each carries a message meant for people (in Chinese)."""
import errno


class GongkaiError(Exception):
    """A rule was broken; the message says which, in words a clerk understands."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class IllegalTransition(GongkaiError):
    pass


class NotAllowed(GongkaiError):
    """The acting user may not do this (PermissionDenied with a reason)."""


class InvalidInput(GongkaiError):
    pass


class FieldErrors(InvalidInput):
    """Bad input with a reason per field, so a form can show each next to its field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


# What the operating system says about a file ("No such file or directory"), in Chinese.
_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在", errno.EISDIR: "这是一个文件夹，不是文件", errno.ENOTDIR: "路径中有一级不是文件夹",
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统只读",
    errno.EEXIST: "文件已存在",
}


def file_error_text(error: OSError, *, writing: bool = False) -> str:
    """An OSError on a file named by the user as one Chinese line: 无法读取文件 X：文件或文件夹不存在."""
    reason = _OS_REASONS.get(error.errno, f"系统错误（错误码 {error.errno}）" if error.errno else "系统错误")
    verb = "写入" if writing else "读取"
    return f"无法{verb}文件 {error.filename}：{reason}" if error.filename else f"无法{verb}文件：{reason}"
