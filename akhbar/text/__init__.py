"""Pure text processing for Akhbar: normalization, tokenizing, stemming, stop words,
language identification and date parsing.

Only the standard library and pure text libraries (PyStemmer, regex) may be imported here:
no Django, no network. Settings are passed in as parameters.
"""
