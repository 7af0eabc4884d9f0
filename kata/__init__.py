"""imdb-kata's support package: the step manifest, the IMDB loader, the checks' helpers and the tools."""
