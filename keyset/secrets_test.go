package keyset_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead/subtle"

	sskeyset "github.com/sealstream/sealstream/keyset"
)

// Sentinel secrets: neither may appear, in any encoding, in an error.
var (
	sentinelPass = []byte("SENTINEL-passphrase-4f1d9c")
	sentinelKey  = []byte("SENTINEL-master-key-0123456789ab") // 32 bytes
)

// failures runs the failure paths of passphrase and master-key protection
// and of directory keyrings with the sentinel secrets, and returns their
// errors; each must be non-nil.
func failures(t *testing.T) []error {
	t.Helper()
	kek, err := subtle.NewAESGCM(sentinelKey)
	if err != nil {
		t.Fatal(err)
	}
	other, err := subtle.NewAESGCM(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	sp, wp := sskeyset.Passphrase(sentinelPass, fast), sskeyset.Passphrase([]byte("other"), fast)
	sm, wm := sskeyset.MasterKey(kek), sskeyset.MasterKey(other)
	h := newHandle(t)
	var errs []error
	open := func(sealer, opener sskeyset.Protector, name string, edit func([]byte)) {
		blob, err := sealer.Seal(h, "stream/s")
		if err != nil {
			t.Fatal(err)
		}
		edit(blob)
		_, err = opener.Open(blob, name)
		errs = append(errs, err)
	}
	keep := func([]byte) {}
	flip := func(i int) func([]byte) { return func(b []byte) { b[i] ^= 0x01 } }
	for _, pair := range [][2]sskeyset.Protector{{sp, wp}, {wp, sp}, {sm, wm}, {wm, sm}, {sp, sm}, {sm, sp}} {
		open(pair[0], pair[1], "stream/s", keep)
	}
	for _, p := range []sskeyset.Protector{sp, sm} {
		open(p, p, "stream/other", keep)
		for _, i := range []int{0, 4, 5, 9, 20, 40, 100} {
			open(p, p, "stream/s", flip(i))
		}
	}
	_, err = sp.Open(crafted(1<<32-1, 1<<32-1, 255, 16), "stream/s")
	errs = append(errs, err)
	_, err = sskeyset.Passphrase(nil, fast).Seal(h, "stream/s")
	errs = append(errs, err)

	dir := t.TempDir()
	if _, err := sskeyset.OpenDirKeyring(dir, []byte("other")); err != nil {
		t.Fatal(err)
	}
	_, err = sskeyset.OpenDirKeyring(dir, sentinelPass)
	errs = append(errs, err)
	master := filepath.Join(dir, dirFiles(t, dir)[0])
	if err := os.Chmod(master, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = sskeyset.OpenDirKeyring(dir, sentinelPass)
	errs = append(errs, err)
	return errs
}

func TestErrorsNeverShowSecrets(t *testing.T) {
	var forms []string
	for _, s := range [][]byte{sentinelPass, sentinelKey} {
		forms = append(forms, string(s), hex.EncodeToString(s), strings.ToUpper(hex.EncodeToString(s)),
			base64.StdEncoding.EncodeToString(s), base64.RawURLEncoding.EncodeToString(s),
			fmt.Sprint(s), fmt.Sprintf("%q", s), "SENTINEL")
	}
	for i, err := range failures(t) {
		if err == nil {
			t.Errorf("failure %d: err = nil, want an error", i)
			continue
		}
		for _, f := range forms {
			if strings.Contains(err.Error(), f) {
				t.Errorf("failure %d: error %q shows a secret as %q", i, err, f)
			}
		}
	}
}
