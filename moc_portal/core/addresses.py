"""Page addresses (slugs) that may not be taken: the words of the site's own addresses."""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible


@deconstructible
class NotReservedWord:
    """A slug field validator: `validators=[NotReservedWord(RESERVED_SLUGS)]`.

    The words are kept in the field's definition (and so in its migration): adding a word
    is a migration, which is also where existing rows with that slug get renamed.
    """

    def __init__(self, words):
        self.words = sorted(words)

    def __call__(self, value):
        if value in self.words:
            raise ValidationError(
                "Адрес «%(value)s» занят служебной страницей портала; выберите другой, "
                "например «%(value)s-2».",
                code="reserved_slug",
                params={"value": value},
            )

    def __eq__(self, other):
        return isinstance(other, NotReservedWord) and self.words == other.words
