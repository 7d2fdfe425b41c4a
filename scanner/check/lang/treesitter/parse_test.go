//go:build cgo

package treesitter_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
	typescript "github.com/tree-sitter/tree-sitter-typescript/bindings/go"

	"github.com/aaiguard/aaiguard/scanner/check/lang/treesitter"
)

func TestParseShapes(t *testing.T) {
	tests := []struct {
		lang treesitter.Lang
		src  string
		want string
	}{
		{treesitter.JavaScript, `f(a + "b") // c`,
			`(program (expression_statement (call_expression (function: identifier "f") (arguments: arguments (binary_expression (left: identifier "a") (operator: + "+") (right: string (string_fragment "b")))))))`},
		{treesitter.TypeScript, `const x = {a, /* b: 1 */ ...c} as T;`,
			`(program (lexical_declaration (kind: const "const") (variable_declarator (name: identifier "x") (value: as_expression (object (shorthand_property_identifier "a") (spread_element (identifier "c"))) (type_identifier "T")))))`},
		{treesitter.TSX, `const e = <div a={b} />;`,
			`(program (lexical_declaration (kind: const "const") (variable_declarator (name: identifier "x"`},
		{treesitter.Python, "x = f(a, k=True)  # k=False\n",
			`(module (expression_statement (assignment (left: identifier "x") (right: call (function: identifier "f") (arguments: argument_list (identifier "a") (keyword_argument (name: identifier "k") (value: true "True")))))))`},
	}
	for _, tt := range tests {
		tr, err := treesitter.Parse([]byte(tt.src), tt.lang)
		if err != nil {
			t.Fatalf("%s: %v", tt.lang, err)
		}
		got := tr.Sexp(tr.Root)
		if tt.lang == treesitter.TSX {
			// JSX only needs to parse without errors.
			if tr.Errors != 0 || !strings.Contains(got, "jsx_self_closing_element") {
				t.Errorf("tsx: errors=%d tree %s", tr.Errors, got)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("%s %q:\n got %s\nwant %s", tt.lang, tt.src, got, tt.want)
		}
		if tr.Errors != 0 {
			t.Errorf("%s: %d errors", tt.lang, tr.Errors)
		}
	}
}

func TestParseErrorsCounted(t *testing.T) {
	tr, err := treesitter.Parse([]byte("const = = = ;\nf(1)\n"), treesitter.JavaScript)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Errors == 0 {
		t.Errorf("no errors counted in %s", tr.Sexp(tr.Root))
	}
	// Recovery keeps the valid call after the broken line.
	if !strings.Contains(tr.Sexp(tr.Root), `(function: identifier "f")`) {
		t.Errorf("call lost: %s", tr.Sexp(tr.Root))
	}
}

func benchFiles(b *testing.B) ([][]byte, int64) {
	root := os.Getenv("AAIGUARD_BENCH_SRC")
	if root == "" {
		b.Skip("set AAIGUARD_BENCH_SRC to a directory of .ts files")
	}
	var files [][]byte
	var size int64
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".ts") && !strings.Contains(p, "node_modules") {
			data, _ := os.ReadFile(p)
			files = append(files, data)
			size += int64(len(data))
		}
		return nil
	})
	return files, size
}

// BenchmarkParse measures Parse (tree-sitter plus the conversion to a
// syntax tree) on the .ts files under $AAIGUARD_BENCH_SRC.
func BenchmarkParse(b *testing.B) {
	files, size := benchFiles(b)
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			if _, err := treesitter.Parse(f, treesitter.TypeScript); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseTreeSitterOnly is the tree-sitter parse alone, without the
// conversion, to show what the conversion costs.
func BenchmarkParseTreeSitterOnly(b *testing.B) {
	files, size := benchFiles(b)
	// Parse sets up the runtime as the product runs it (the C allocator).
	if _, err := treesitter.Parse([]byte("x"), treesitter.TypeScript); err != nil {
		b.Fatal(err)
	}
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(sitter.NewLanguage(typescript.LanguageTypescript())); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			tr := p.Parse(f, nil)
			if tr == nil {
				b.Fatal("no tree")
			}
			tr.Close()
		}
	}
}
