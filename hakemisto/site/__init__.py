"""Making the pages: the one place for URLs (`urls`), languages and dates (`i18n`), the Jinja
environment (`templating`), Markdown (`markup`), what the pages share (`context.Site`), what templates
call as `h.…` (`helpers`), the list of pages (`pages`), schema.org data (`jsonld`), a profile's longer texts for the search index (`searchtext`), rendering
(`render`) and writing files safely (`output`). Reads `content` and `model`, never `data` or `sources`."""
