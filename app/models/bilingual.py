"""Messages in both of the app's languages, so the core can explain itself without Qt."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bilingual:
    """A user-facing sentence in Chinese and English. The views pick one by the UI language."""

    zh: str
    en: str

    def text(self, lang: str) -> str:
        """The sentence in `lang` ("zh", "zh_CN", "en"…); Chinese for any zh* language."""
        return self.zh if lang.lower().startswith("zh") else self.en

    def format(self, **values: object) -> Bilingual:
        """Fill `{placeholders}` in both languages."""
        return Bilingual(self.zh.format(**values), self.en.format(**values))


class UserFacingError(Exception):
    """An expected failure the user can act on (file in use, damaged workspace, bad row…).

    Carries the message in both languages; `str()` gives the English one for logs and the CLI
    when the language is English.
    """

    def __init__(self, message: Bilingual) -> None:
        super().__init__(message.en)
        self.message = message

    def text(self, lang: str) -> str:
        """The message in the user's language."""
        return self.message.text(lang)

    def __reduce__(self) -> tuple[object, ...]:
        """Picklable whatever a subclass's constructor takes: a picture refused in a worker process of the
        pack builder reaches the main process as the same error with the same message."""
        return (_rebuilt, (type(self), self.message, dict(self.__dict__)))


def _rebuilt(cls: type[UserFacingError], message: Bilingual, state: dict[str, object]) -> UserFacingError:
    error = cls.__new__(cls)
    Exception.__init__(error, message.en)
    error.__dict__.update(state)
    return error
