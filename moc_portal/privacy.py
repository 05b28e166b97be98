"""What the privacy policy lists that is not a setting: the forms that take personal data and
the cookies the site sets. Tests compare both lists with the site's real forms and cookies,
so a new form or cookie without a line here fails the build."""

import re
from dataclasses import dataclass

from django.conf import settings

from quality import browser_marks

from .core import vision
from .lockout import DEVICE_COOKIE


@dataclass(frozen=True)
class Collected:
    form: str
    data: str
    purpose: str


@dataclass(frozen=True)
class Cookie:
    name: str  # as the policy shows it
    purpose: str  # what it is for and what it holds
    lifetime: str
    pattern: str = ""  # a regular expression for a family of names (one per survey); else `name`

    def matches(self, name):
        return re.fullmatch(self.pattern or re.escape(self.name), name) is not None


FORMS = [
    Collected(
        "«Задать вопрос» на странице «Контакты»",
        "имя (как обращаться), адрес электронной почты или номер телефона, текст вопроса",
        "ответ на вопрос",
    ),
    Collected(
        "«Предложить практику» в банке лучших практик",
        "фамилии, имена, отчества и должности авторов, организация, имя контактного лица, "
        "его адрес электронной почты и телефон, приложенные материалы",
        "рассмотрение и экспертиза практики, связь с авторами, публикация практики "
        "с именами авторов",
    ),
    Collected(
        "«Сообщить, когда откроется запись» на странице программы",
        "адрес электронной почты",
        "одно письмо об открытии записи на программу; адрес удаляется после окончания "
        "записи, по ссылке «Отписаться» или по истечении срока хранения",
    ),
    Collected(
        "Вход сотрудников (координаторов, методистов, представителей организаций)",
        "имя пользователя, пароль (хранится только в виде хэша), IP-адрес и браузер "
        "при попытках входа",
        "доступ к рабочему месту и защита от подбора пароля",
    ),
]
# Every form that takes personal data records the consent with: the time, the IP address and
# the consent text with its version.
CONSENT_DATA = "дата и время согласия, IP-адрес, текст согласия и его версия"


def cookies():
    return [
        Cookie(
            settings.CSRF_COOKIE_NAME,
            "защита форм от подделки запросов (CSRF)",
            "1 год",
        ),
        Cookie(
            settings.SESSION_COOKIE_NAME,
            "сеанс сотрудника после входа; у посетителей — только пока нужно сохранить "
            "сообщение о результате отправки формы",
            "2 недели или до выхода",
        ),
        Cookie(
            "messages",
            "одноразовое сообщение после отправки формы («Вопрос отправлен»)",
            "до показа сообщения",
        ),
        Cookie(
            vision.COOKIE_NAME,
            "настройки версии для слабовидящих (размер шрифта, цвета, изображения)",
            "1 год",
        ),
        Cookie(
            DEVICE_COOKIE,
            "только у сотрудников: браузер, из которого уже входили, не блокируется "
            "при подборе пароля другими",
            "1 год",
        ),
        Cookie(
            f"{browser_marks.COOKIE_PREFIX}N",
            "после ответа на опрос родителей о качестве (N — номер опроса): номера "
            "организаций, о которых из этого браузера уже ответили, с подписью сайта, чтобы "
            "второй ответ об одной организации не был засчитан; сведений о человеке не содержит",
            f"{browser_marks.MAX_AGE // (24 * 60 * 60)} дней",
            pattern=rf"{re.escape(browser_marks.COOKIE_PREFIX)}\d+",
        ),
    ]
