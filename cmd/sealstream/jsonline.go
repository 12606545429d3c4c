package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/sealstream/sealstream"
)

// appendEvent appends e to dst as one JSON line, newline included, in the
// form of eventJSON, without reflection: cat's output runs at the speed
// of the stream's replay.
func appendEvent(dst []byte, e sealstream.Event) []byte {
	dst = append(dst, `{"version":`...)
	dst = strconv.AppendUint(dst, e.Version, 10)
	if e.ID != "" {
		dst = appendString(append(dst, `,"id":`...), e.ID)
	}
	dst = appendString(append(dst, `,"type":`...), e.Type)
	dst = append(dst, `,"time":"`...)
	dst = e.Time.UTC().AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, '"')
	if len(e.Metadata) > 0 {
		dst = append(dst, `,"metadata":{`...)
		keys := make([]string, 0, len(e.Metadata))
		for k := range e.Metadata {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, k)
			dst = appendString(append(dst, ':'), e.Metadata[k])
		}
		dst = append(dst, '}')
	}
	switch {
	case len(e.Data) == 0:
	case validJSON(e.Data) && bytes.IndexByte(e.Data, '\n') < 0 && bytes.IndexByte(e.Data, '\r') < 0:
		dst = append(append(dst, `,"data":`...), e.Data...)
	case validJSON(e.Data): // whitespace between tokens: a line must stay one line
		dst = append(dst, `,"data":`...)
		var buf bytes.Buffer
		_ = json.Compact(&buf, e.Data)
		dst = append(dst, buf.Bytes()...)
	default:
		dst = append(dst, `,"data_b64":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, e.Data)
		dst = append(dst, '"')
	}
	return append(dst, "}\n"...)
}

// appendString appends s as a JSON string, as encoding/json writes it.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			b, _ := json.Marshal(s)
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
