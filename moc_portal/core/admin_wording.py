"""Django's admin in correct Russian for every model: titles, «Добавить …» and the messages.

Mixed into every ModelAdmin by the portal's admin site (moc_portal.admin_site), so a model's
admin needs nothing of its own. Word forms come from `word_forms.FORMS`.
"""

import re

from django.utils.safestring import SafeData, mark_safe

from .text import capfirst, quote
from .word_forms import noun_of

# Django's own Russian messages after add/change/delete (django/contrib/admin/locale/ru).
SAVED = re.compile(
    r"^(?P<name>.+?) [“\"](?P<obj>.*)[“\"] был (?:успешно )?(?P<verb>добавлен|изменен|удален)"
    r"(?: успешно)?\.(?P<rest>.*)$",
    re.S,
)
DELETED_MANY = re.compile(r"^Успешно удалены (?P<count>\d+) .+\.$", re.S)
PARTICIPLES = {"добавлен": "добавлен", "изменен": "изменён", "удален": "удалён"}


class RussianWording:
    """Titles «Программы», «Добавить программу», «Программа»; «Программа «…» добавлена»."""

    def _noun(self):
        return noun_of(self.model._meta)

    def changelist_view(self, request, extra_context=None):
        context = {
            "title": capfirst(str(self.model._meta.verbose_name_plural)),
            "add_label": f"Добавить {self._noun().accusative}",
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        noun = self._noun()
        title = f"Добавить {noun.accusative}" if object_id is None else capfirst(noun.nominative)
        context = {"title": title, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, context)

    def history_form_view_title(self, request, obj):
        """simple-history's version page: «Программа «…»: прежняя версия», not «Просмотреть …»."""
        noun = self._noun()
        if self.revert_disabled(request, obj):
            return f"{capfirst(noun.nominative)} {quote(obj)}: прежняя версия"
        return f"Вернуть прежнюю версию: {noun.nominative} {quote(obj)}"

    def message_user(self, request, message, *args, **kwargs):
        return super().message_user(request, self.russian_message(message), *args, **kwargs)

    def russian_message(self, message):
        text, noun = str(message), self._noun()
        if match := SAVED.match(text):
            participle = noun.participle(PARTICIPLES[match["verb"]])
            words = f"{capfirst(noun.nominative)} «{match['obj']}» {participle}."
            if "добавить" in match["rest"]:
                words += f" Ниже можно добавить {noun.another()}."
            elif match["rest"].strip():
                words += " Ниже можно продолжить правку."
        elif match := DELETED_MANY.match(text):
            words = f"Удалено: {noun.count(int(match['count']))}."
        else:
            return message
        return mark_safe(words) if isinstance(message, SafeData) else words
