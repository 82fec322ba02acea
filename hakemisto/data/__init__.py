"""Open data and search: the JSON API, CSV, iCalendar and Atom (`exports`), Open Referral HSDS
(`hsds`), the Pagefind index (`search`) and the Finnish base forms for it (`baseforms`). Uses the
URL scheme and the writers of `site`."""
