"""Replica sites for the crawler tests: one small site per family, served on 127.0.0.1.

The text is written for these tests in the genre of provincial news (plus the
two seed articles of `corpus/`); the layouts imitate each CMS family.
"""
