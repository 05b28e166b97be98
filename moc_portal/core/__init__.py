"""The kernel: plain modules every app may use.

Nothing here imports an app or the wiring (settings aside): spreadsheets, Russian text,
e-mail, uploads, consent records and access to the site settings. A test walks the
imports and keeps it so.
"""
