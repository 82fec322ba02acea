"""The ways facts come in and go back out to people: the issue form's intake (`intake`), the public
register YTJ (`register`), re-reading the web pages that facts came from (`webcheck`), and the
coordinators' reports (`report`)."""
