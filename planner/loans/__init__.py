"""Loans (issue #28): the objects one lender lends one borrower within a plan, as one record both
museums work on: "loan out" on the lender's pages, "loan in" on the borrower's."""
