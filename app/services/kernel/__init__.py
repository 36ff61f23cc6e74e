"""The small kernel every feature of the core builds on, and that builds on nothing of theirs (no Qt, no feature
module): the protocol of long work (`jobs`: progress, cancel), files written safely (`files`), texts
(`text`: money, percentages, a bilingual value's languages), spreadsheet cells that stay data (`cells`) and the
audit trail (`audit`). The one family of expected failures is `app.models.bilingual.UserFacingError`.
"""
