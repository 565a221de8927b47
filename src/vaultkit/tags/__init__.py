"""Tags across a vault: listing and tree (``listing``), audit (``audit``), the notes as the
suggester sees them (``corpus``), the raw frontmatter ``tags`` property (``yaml_tags``),
surgical tag edits of a note's text (``splice``, ``edits``) and plans of edits across notes
(``plan``, written through :mod:`vaultkit.edit`)."""
