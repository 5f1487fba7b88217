"""「わたしの意見はどうなった？」: where a proposal went (its theme, the plan items it fed, the
city's response). It reads the analysis, the drafts and the responses, so it sits above them
rather than inside proposals, which they all build on."""
