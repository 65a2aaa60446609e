"""One file per kind of check; each takes a subject and returns findings. No check imports another."""
