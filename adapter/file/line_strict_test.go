package file_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sealstream/sealstream"
	"github.com/sealstream/sealstream/codec"
)

// TestDecodeLineStrict edits the body of a valid line and fixes its
// checksum, so each edit reaches the parser: every one is refused, though
// encoding/json accepts many of them.
func TestDecodeLineStrict(t *testing.T) {
	r := codec.Record{Version: 7, ID: "e7", Type: "Moved", Time: 42,
		Metadata: map[string]string{"a": "1", "b": "2"}, Prev: []byte{1, 2, 3}, Payload: []byte("sealed")}
	enc, err := lineCodec.AppendLine(nil, &r, 3)
	mustf(t, err, "encode")
	valid := string(body(enc[:len(enc)-1]))
	deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	for _, tc := range []struct{ name, old, new string }{
		{"whitespace", `"v":7,`, `"v": 7,`},
		{"leading whitespace", `{"f"`, ` {"f"`},
		{"fields reordered", `"id":"e7","type":"Moved"`, `"type":"Moved","id":"e7"`},
		{"field repeated", `"id":"e7",`, `"id":"e7","id":"e7",`},
		{"key in other case", `"id":`, `"ID":`},
		{"unknown field", `,"data"`, `,"x":1,"data"`},
		{"field missing", `"type":"Moved",`, ``},
		{"batch marker missing", `,"more":3`, ``},
		{"batch marker before the version", `"v":7,"more":3`, `"more":3,"v":7`},
		{"batch marker with leading zero", `"more":3`, `"more":03`},
		{"negative batch marker", `"more":3`, `"more":-3`},
		{"batch marker overflow", `"more":3`, `"more":18446744073709551616`},
		{"quoted batch marker", `"more":3`, `"more":"3"`},
		{"format 2", `"f":1`, `"f":2`},
		{"null metadata", `"meta":{"a":"1","b":"2"}`, `"meta":null`},
		{"null prev", `"prev":"AQID"`, `"prev":null`},
		{"nested metadata", `"a":"1"`, `"a":{"x":"1"}`},
		{"array metadata", `"a":"1"`, `"a":["1"]`},
		{"deep nesting", `"id":"e7"`, `"id":` + deep},
		{"metadata keys out of order", `"a":"1","b":"2"`, `"b":"2","a":"1"`},
		{"metadata key repeated", `"a":"1","b":"2"`, `"a":"1","a":"2"`},
		{"escaped slash", `"Moved"`, `"Mo\/ved"`},
		{"escaped letter", `"Moved"`, `"\u004doved"`},
		{"uppercase hex escape", `"Moved"`, `"Mo\u001Fved"`},
		{"long form of a short escape", `"Moved"`, `"Mo\u000aved"`},
		{"surrogate escape", `"Moved"`, `"Mo\ud83d\ude00ved"`},
		{"unknown escape", `"Moved"`, `"Mo\qved"`},
		{"truncated escape", `"Moved"`, `"Mo\u00"`},
		{"raw control character", `"Moved"`, "\"Mo\tved\""},
		{"invalid UTF-8", `"Moved"`, "\"Mo\xffved\""},
		{"overlong UTF-8", `"Moved"`, "\"Mo\xc0\xafved\""},
		{"leading zero", `"v":7`, `"v":07`},
		{"negative version", `"v":7`, `"v":-7`},
		{"negative zero", `"time":42`, `"time":-0`},
		{"fraction", `"time":42`, `"time":42.0`},
		{"exponent", `"time":42`, `"time":4.2e1`},
		{"version overflow", `"v":7`, `"v":18446744073709551616`},
		{"time overflow", `"time":42`, `"time":9223372036854775808`},
		{"time underflow", `"time":42`, `"time":-9223372036854775809`},
		{"quoted number", `"v":7`, `"v":"7"`},
		{"base64 without padding", `"AQID"`, `"AQI"`},
		{"base64 padding bits set", `"prev":"AQID"`, `"prev":"AQJ="`},
		{"base64 with a newline escape", `"AQID"`, `"AQ\nID"`},
		{"base64 with CR", `"AQID"`, "\"AQ\rID\""},
		{"URL base64", `"data":"c2VhbGVk"`, `"data":"c2VhbG-_"`},
		{"unterminated string", `"e7"`, `"e7`},
	} {
		if !strings.Contains(valid, tc.old) {
			t.Fatalf("%s: %q not in %s", tc.name, tc.old, valid)
		}
		line := withCRC([]byte(strings.Replace(valid, tc.old, tc.new, 1)))
		if rec, _, err := lineCodec.DecodeLine(line); err == nil {
			t.Errorf("%s: DecodeLine(%.200q) = %+v, want an error", tc.name, line, rec)
		} else if !strings.Contains(err.Error(), "file: line:") {
			t.Errorf("%s: error %q does not start with the package", tc.name, err)
		} else if !isCorrupt(err) {
			t.Errorf("%s: error %v does not match ErrCorrupt", tc.name, err)
		}
		if _, _, err := stdDecode(line); err == nil {
			t.Logf("%s: encoding/json accepts it", tc.name)
		}
	}
	for _, tc := range []struct{ name, line string }{
		{"empty", ""},
		{"no checksum", valid},
		{"bad checksum", string(withCRC([]byte(valid)))[:len(valid)+8] + "00000000\"}"},
		{"uppercase checksum", strings.ToUpper(string(withCRC([]byte(valid))))},
		{"trailing space", string(withCRC([]byte(valid))) + " "},
		{"two objects", string(withCRC([]byte(valid))) + "{}"},
	} {
		if _, _, err := lineCodec.DecodeLine([]byte(tc.line)); !isCorrupt(err) {
			t.Errorf("%s: error = %v, want ErrCorrupt", tc.name, err)
		}
	}
	if rec, more, err := lineCodec.DecodeLine(withCRC([]byte(valid))); err != nil || !rec.Equal(r) || more != 3 {
		t.Fatalf("the unedited line: %+v, %d, %v", rec, more, err)
	}
}

func isCorrupt(err error) bool { return errors.Is(err, sealstream.ErrCorrupt) }
