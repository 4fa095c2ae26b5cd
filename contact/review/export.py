"""Spreadsheet safety for exported inquiries.

A patient can type anything into the form. A spreadsheet program reads a cell that starts with
one of these characters as a formula, so such a value is prefixed with an apostrophe and stays
plain text. https://owasp.org/www-community/attacks/CSV_Injection
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
