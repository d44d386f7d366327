"""The segmenter split into small modules; ``graph_builder.segment.segment`` is the entry point.

- ``patterns``  the regexes and word lists (data files in graph_builder/patterns/)
- ``text``      lines, cleaning, numerals, dates and 文号 normalisation
- ``issue``     gazette metadata (title, issue, editorial lines) and the table of contents
- ``header``    a document's head: title, 文号, recipients, signature, date, 公开 note
- ``body``      the section tree, tables, attachments and citations
"""
