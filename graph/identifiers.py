"""The shapes of the identifiers records carry, as regular-expression fragments (no anchors): the schema's fields
match them whole, and the loaders' readers find or check them in what sources write around them (a link, a prefix,
a bracket)."""

ORCID = r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]"
"""An ORCID iD as stored: 0000-0002-1825-0097 (its check digit is checked by the loaders)."""
SCOPUS_AUTHOR_ID = r"\d{6,12}"
"""A Scopus author id: 57193812345."""
RESEARCHER_ID = r"[A-Z]{1,4}-\d{4}-(?:19|20)\d{2}"
"""A Web of Science ResearcherID: A-1234-2008, AAB-1234-2020."""
WOS_DATABASE = r"[A-Z]{2,8}"
WOS_NUMBER = r"[A-Z0-9][A-Z0-9.\-]{5,30}"
WOS_ACCESSION = rf"{WOS_DATABASE}:{WOS_NUMBER}"
"""Web of Science's accession number (UT): its database, then the record's number: WOS:000412345600001,
KJD:ART002345678 (the Korean Journal Database)."""
KCI_ARTICLE = r"ART\d{9}"
"""The Korea Citation Index's article id: ART002345678 (Web of Science's Korean Journal Database writes it as
KJD:ART002345678)."""
SCOPUS_EID = r"2-s2\.0-\d{8,12}"
"""Scopus's record id (EID): 2-s2.0-85012345678."""
PMID = r"\d{1,9}"
"""PubMed's id."""
