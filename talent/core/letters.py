"""Mails written from templates: each kind of mail is a Jinja2 text template in
`talent/core/mails/` (its first line the subject, the body after a blank line), its words looked
up in the same gettext catalogues as the pages, which the composition root hands over (talent
knows no web folder).

A mail is written in its recipient's language; where that is not known (a request that named
none), in Vietnamese and then in English, each whole, so that either reader finds a whole letter.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

FOLDER = Path(__file__).parent / "mails"
# The catalogues of a language; without them a mail is written in English, the source language.
Catalogue = Callable[[str], NullTranslations]
# Both languages, where the recipient's is not known: the country's own first.
BOTH = ("vi", "en")
SEPARATOR = "-" * 60


@dataclass(frozen=True, slots=True)
class Letter:
    subject: str
    body: str


def _english(_: str) -> NullTranslations:
    return NullTranslations()


@dataclass(frozen=True, slots=True)
class Letters:
    """Writes the mail `name` (a template in `FOLDER`) in a language, or in both."""

    catalogue: Catalogue = _english

    def write(self, name: str, locale: str | None, context: Mapping[str, object]) -> Letter:
        """The mail in `locale`, or in Vietnamese then English when `locale` is None."""
        if locale is not None:
            return self._one(name, locale, context)
        vietnamese, english = (self._one(name, each, context) for each in BOTH)
        return Letter(
            subject=f"{vietnamese.subject} / {english.subject}",
            body=f"{vietnamese.body}\n{SEPARATOR}\n\n{english.body}",
        )

    def _one(self, name: str, locale: str, context: Mapping[str, object]) -> Letter:
        template = environment(self.catalogue, locale).get_template(f"{name}.txt")
        subject, _, body = template.render(context).lstrip("\n").partition("\n\n")
        return Letter(subject=subject.strip(), body=body.strip() + "\n")


@cache
def environment(catalogue: Catalogue, locale: str) -> Environment:
    """Plain text (nothing escaped), every name the template uses given (StrictUndefined)."""
    env = Environment(
        loader=FileSystemLoader(FOLDER),
        autoescape=False,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.install_gettext_translations(catalogue(locale), newstyle=True)  # type: ignore[attr-defined]
    return env
