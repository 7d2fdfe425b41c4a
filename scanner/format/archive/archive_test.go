package archive_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/format/archive"
)

func zipOf(t testing.TB, files ...[2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f[1]))
	}
	zw.Close()
	return buf.Bytes()
}

func gz(b []byte, name string) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Name = name
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func tarOf(files ...[2]string) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		tw.WriteHeader(&tar.Header{Name: f[0], Mode: 0o644, Size: int64(len(f[1])), Typeflag: tar.TypeReg})
		tw.Write([]byte(f[1]))
	}
	tw.WriteHeader(&tar.Header{Name: "link", Linkname: "/etc/passwd", Typeflag: tar.TypeSymlink})
	tw.Close()
	return buf.Bytes()
}

func walk(t *testing.T, name string, b []byte, lim archive.Limits) (map[string]string, []string) {
	t.Helper()
	got := map[string]string{}
	var problems []string
	for _, p := range archive.Walk(name, b, lim, func(e archive.Entry) { got[e.Name] = string(e.Data) }) {
		problems = append(problems, p.Name+": "+p.Reason)
	}
	return got, problems
}

func TestWalk(t *testing.T) {
	lim := archive.DefaultLimits(1 << 20)
	inner := zipOf(t, [2]string{"deep/c.py", "C"})
	z := zipOf(t, [2]string{"a.py", "A"}, [2]string{"dir/", ""}, [2]string{"lib/inner.zip", string(inner)}, [2]string{`win\b.txt`, "B"})
	got, problems := walk(t, "x.zip", z, lim)
	want := map[string]string{"x.zip!a.py": "A", "x.zip!lib/inner.zip!deep/c.py": "C", "x.zip!win/b.txt": "B"}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(problems) != 0 {
		t.Errorf("zip: %v %v", got, problems)
	}
	// .tar.gz is one level; a plain .gz names its inner file.
	got, problems = walk(t, "b.tgz", gz(tarOf([2]string{"srv/s.py", "S"}), ""), lim)
	if fmt.Sprint(got) != fmt.Sprint(map[string]string{"b.tgz!srv/s.py": "S"}) || len(problems) != 0 {
		t.Errorf("tgz: %v %v", got, problems)
	}
	got, _ = walk(t, "dump.sql.gz", gz([]byte("SQL"), ""), lim)
	if got["dump.sql.gz!dump.sql"] != "SQL" {
		t.Errorf("gz: %v", got)
	}
	got, _ = walk(t, "d.gz", gz([]byte("N"), "named.txt"), lim)
	if got["d.gz!named.txt"] != "N" {
		t.Errorf("gz with a name: %v", got)
	}
	if archive.Kind([]byte("plain text")) != "" || archive.Kind(z) != "zip" || archive.Kind(tarOf()) != "tar" {
		t.Error("Kind")
	}
}

func TestWalkLimits(t *testing.T) {
	lim := archive.Limits{MaxDepth: 2, MaxEntries: 3, MaxEntrySize: 1000, MaxTotal: 1 << 20, MaxRatio: 10}
	l3 := zipOf(t, [2]string{"c.py", "C"})
	l2 := zipOf(t, [2]string{"l3.zip", string(l3)})
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"depth", zipOf(t, [2]string{"l2.zip", string(l2)}), "d.zip!l2.zip!l3.zip: an archive nested 3 deep: not opened"},
		{"entries", zipOf(t, [2]string{"1", "a"}, [2]string{"2", "b"}, [2]string{"3", "c"}, [2]string{"4", "d"}), "d.zip: more than 3 entries: the rest were not read"},
		{"entry size", zipOf(t, [2]string{"big.txt", strings.Repeat("x", 2000)}), "d.zip!big.txt: larger than 1000 bytes inflated"},
		{"ratio", zipOf(t, [2]string{"z.txt", strings.Repeat("\x00", 900)}), "d.zip!z.txt: inflates more than 10 times its compressed size"},
		{"tar entry size", tarOf([2]string{"big", strings.Repeat("x", 2000)}), "d.zip!big: larger than 1000 bytes"},
		{"gzip ratio", gz([]byte(strings.Repeat("\x00", 900)), ""), "d.zip: inflates more than 10 times"},
		{"corrupt", []byte("PK\x03\x04garbage"), "d.zip: not a readable zip archive"},
	} {
		_, problems := walk(t, "d.zip", tc.b, lim)
		if !strings.Contains(strings.Join(problems, "\n"), tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, problems, tc.want)
		}
	}
	// The total: many entries, each within the ratio, add up to at most
	// MaxTotal (and MaxRatio times the archive).
	lim = archive.Limits{MaxDepth: 1, MaxEntries: 1000, MaxEntrySize: 1 << 20, MaxTotal: 10_000, MaxRatio: 100}
	var files [][2]string
	for i := 0; i < 50; i++ {
		files = append(files, [2]string{fmt.Sprint(i), strings.Repeat(fmt.Sprint(i%10), 900)})
	}
	got, problems := walk(t, "t.zip", zipOf(t, files...), lim)
	total := 0
	for _, v := range got {
		total += len(v)
	}
	if total > 10_000 || !strings.Contains(strings.Join(problems, "\n"), "the archive inflates to more than it may") {
		t.Errorf("total %d, problems %q", total, problems)
	}
}

// FuzzWalk: any input is read within the limits, without a panic.
func FuzzWalk(f *testing.F) {
	f.Add(zipOf(f, [2]string{"a", "b"}))
	f.Add(gz(tarOf([2]string{"a", "b"}), "x"))
	f.Add(tarOf([2]string{"a", strings.Repeat("z", 100)}))
	lim := archive.Limits{MaxDepth: 3, MaxEntries: 50, MaxEntrySize: 1 << 16, MaxTotal: 1 << 18, MaxRatio: 100}
	f.Fuzz(func(t *testing.T, b []byte) {
		var total int64
		archive.Walk("f", b, lim, func(e archive.Entry) {
			if int64(len(e.Data)) > lim.MaxEntrySize && e.Name != "f" {
				t.Fatalf("entry %s of %d bytes", e.Name, len(e.Data))
			}
			if e.Name != "f" {
				total += int64(len(e.Data))
			}
		})
		if total > lim.MaxTotal {
			t.Fatalf("%d bytes inflated", total)
		}
	})
}
