package extract_test

import "github.com/sitrep/sitrep/internal/text"

func textSpan(a, b int) text.Span { return text.Span{Start: a, End: b} }
