"""The kernel: plain modules every app may use, one API for each thing.

Nothing here imports an app or the wiring (settings aside): page addresses and reserved
words (`addresses`), search-text normalisation (`search_text`), lenient list filters and
facets (`filtering`), the calendar month (`months`), Russian text, numbers and sizes
(`text`), spreadsheets, e-mail, uploads, consent records, anti-spam, the degrading cache,
access to the site settings, a model's reference to who did something
(`user_references`) and a family's point that nothing keeps (`family_point`). A test walks
the imports and keeps it so.
"""
