"""Project agreements (Art. 6 of the seed MoU): the separate agreement of one plan, in the
parties' two languages, as PDF and Word.

The pieces, in the order a download goes through them: `queries.agreement_data` reads the plan
into plain data (`data.py`) in a bounded number of statements; `wording.wording_for` takes each
language's labels and fixed clauses from the translation catalogs; `model.build_document` (pure)
turns both into a document model; `pdf.py` and `word.py` render that model."""
