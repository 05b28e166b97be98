"""The kernel: plain modules every app may use, one API for each thing.

Nothing here imports an app or the wiring (settings aside): page addresses and reserved
words (`addresses`), search-text normalisation (`search_text`), lenient list filters and
facets (`filtering`), the calendar month (`months`), Russian text, numbers and sizes
(`text`), spreadsheets, e-mail, uploads, consent records, anti-spam, the degrading cache
and access to the site settings. A test walks the imports and keeps it so.
"""
