"""The derived model: the build's settings (`config`), and what every page and export needs,
derived once from the checked content: memberships, coverage of areas, meetings (`directory`), and
the search facets each page is filed under (`facets`). Reads only `content`."""
