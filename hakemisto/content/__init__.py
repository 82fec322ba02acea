"""Reading and checking the content: strict YAML loading (`loader`), the JSON Schemas (`schema`),
the text rules and the rules across files (`textrules`, `rules`), the problems and their messages in
plain words (`problems`, `messages`), the whole tree (`tree`) and its check (`check`), new files
(`scaffold`), careful edits that keep comments (`yamledit`), what the `web` block of facts read from
an organisation's own pages says and which of them are shown (`webfacts`), and the organisations'
issue form made from the vocabularies (`form`). Nothing here knows about pages or output."""
