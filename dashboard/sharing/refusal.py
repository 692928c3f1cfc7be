"""A refusal said twice: in English for logs and the command line, and as a template the
interface translates.

>>> error = Refusal("Too long: at most {most} characters.", field="Name", most=60)
>>> str(error), error.reason, error.values
('Name: Too long: at most 60 characters.', 'Too long: at most {most} characters.', {'most': 60})
>>> str(error.within("collections", 2))
'collections[2]: Name: Too long: at most 60 characters.'
"""

from __future__ import annotations

from typing import Self


class Refusal(RuntimeError):
    """What was refused: ``reason`` (an English template the interface translates) filled
    with ``values``, about ``field`` (a label, translated too) of entry ``entry`` (counted
    from 0) of a file's list ``where``."""

    def __init__(
        self,
        reason: str,
        *,
        field: str = "",
        where: str = "",
        entry: int | None = None,
        **values: object,
    ) -> None:
        self.reason, self.field, self.where, self.entry, self.values = (
            reason,
            field,
            where,
            entry,
            values,
        )
        place = f"{where}[{entry}]" if entry is not None else ""
        super().__init__(": ".join(p for p in (place, field, reason.format(**values)) if p))

    def within(self, where: str, entry: int) -> Self:
        """The same refusal, about entry ``entry`` of the list ``where`` in a file."""
        return type(self)(self.reason, field=self.field, where=where, entry=entry, **self.values)
