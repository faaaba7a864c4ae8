package document

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// MaxSize is the largest record body read, in bytes. Reports are a few
// kilobytes; pages with their scripts rarely pass a few megabytes.
const MaxSize = 16 << 20

var (
	ErrEmpty    = errors.New("empty")
	ErrBinary   = errors.New("binary data, not text")
	ErrTooLarge = fmt.Errorf("larger than %d MiB", MaxSize>>20)
	ErrNoText   = errors.New("no main text found")
	// ErrNoPageReader is returned for HTML by a Reader made without a PageReader.
	ErrNoPageReader = errors.New("no reader for HTML pages")
)

// decode returns body as UTF-8. Valid UTF-8 is taken as UTF-8 whatever the
// page declares (a declaration is more often wrong than a valid multi-byte
// sequence is an accident). Otherwise a byte-order mark or contentType's
// charset decides; failing those, text that is mostly UTF-8 or whose <meta>
// says so is UTF-8 with a few bad bytes, repaired with U+FFFD and a warning
// so that one bad byte does not cost a report; the rest is read in the
// charset its <meta> declares, else as Windows-1252.
func decode(body []byte, contentType string) (text []byte, warning string, err error) {
	if len(body) > MaxSize {
		return nil, "", ErrTooLarge
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, "", ErrEmpty
	}
	if utf8.Valid(body) {
		body = bytes.TrimPrefix(body, []byte("\ufeff"))
		if binary(body) {
			return nil, "", ErrBinary
		}
		return body, "", nil
	}
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	utf16 := name == "utf-16le" || name == "utf-16be"
	if !utf16 && binary(body) {
		return nil, "", ErrBinary
	}
	if name == "utf-8" || !certain && mostlyUTF8(body) {
		text = bytes.ToValidUTF8(bytes.TrimPrefix(body, []byte("\ufeff")), []byte("\ufffd"))
		return text, "invalid UTF-8 replaced with U+FFFD", nil
	}
	text, err = enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", fmt.Errorf("decoding %s: %w", name, err)
	}
	text = bytes.TrimPrefix(text, []byte("\ufeff"))
	if utf16 && binary(text) {
		return nil, "", ErrBinary
	}
	if !certain && name == "windows-1252" && !bytes.Contains(bytes.ToLower(body[:min(len(body), 1024)]), []byte("charset")) {
		warning = "not UTF-8 and no charset declared; read as Windows-1252"
	}
	return text, warning, nil
}

// binary reports whether b holds a NUL or, in its first 4 KiB, more than
// one control character in 20: what text never does and images, archives
// and PDFs do.
func binary(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	head := b[:min(len(b), 4096)]
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl*20 > len(head)
}

// mostlyUTF8 reports whether b has more valid multi-byte UTF-8 sequences
// than invalid bytes; text in a legacy 8-bit charset has almost none.
func mostlyUTF8(b []byte) bool {
	multi, bad := 0, 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			multi++
		}
		b = b[n:]
	}
	return multi > bad
}
