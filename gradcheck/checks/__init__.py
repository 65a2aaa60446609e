"""One file per kind of check; each takes what it reads and returns findings. No check imports another.

(``directions.py`` is not a check of its own: it is fast mode's half of the gradient check.)
"""
