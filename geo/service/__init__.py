"""What the app and the command line both do: add articles to the store (here or on Dask),
correct a date, read a session's view of the store, control zones from the analyst's files and
admin-area joins. The app is widgets over this package; the CLI is arguments over it."""
