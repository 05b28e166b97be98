"""Django's `ru` formats, corrected where they put a day before a nominative month:
«3 декабря», not «3 Декабрь» (the admin's date hierarchy). The rest stays Django's."""

MONTH_DAY_FORMAT = "j E"
