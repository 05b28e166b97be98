"""The columns of the program and organization imports: their headers, aliases and values.

Every column has a key (the model field it fills, or a name the import understands), the
Russian header our own export writes, and the other headers files use for it: the keys of
the open-data export (/programs/export.csv), the usual Russian wordings and, from the
admin, the methodists' ImportHeaderAlias rows (`columns`). Headers and the names of closed
list entries match case- and ё-insensitively, ignoring punctuation and repeated spaces.

Values are parsed to Python values (`values`); a value that cannot be parsed raises
ValueError with a Russian message, which the import reports with its row and column.

Names are imported from the module that holds them (`import_columns.columns`,
`import_columns.values`); the package re-exports nothing.
"""
