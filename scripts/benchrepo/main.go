// Command benchrepo writes a git fast-import stream for a large synthetic
// repository, deterministically: the same flags always give the same
// commits, byte for byte. scripts/bench-history.sh pipes it into
// `git fast-import` to get a history benchmark input.
//
// The repository looks like a real project: a few thousand source,
// configuration and documentation files in nested directories, edited a
// few lines at a time by a handful of authors, with files added and
// removed, feature branches merged with merge commits, and text that
// mentions AssemblyAI and holds 32-hex values that are not keys (digests,
// ETags) so that the scanner's prefilter and evidence checks do real work.
// A few keys are planted (-keys): one added and kept for the rest of the
// history, one added and removed, one only in a merge commit's own changes,
// and one only on a branch whose reference is deleted after its merge.
// Keys are generated from the seed, never written in this source.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"
)

var (
	commits = flag.Int("commits", 30000, "number of commits on the main line (merges and branch commits come on top)")
	files   = flag.Int("files", 3000, "number of files at the start")
	seed    = flag.Uint64("seed", 1, "random seed")
	keys    = flag.Bool("keys", true, "plant AssemblyAI-style keys (see the package doc)")
)

var words = strings.Fields(`account active address adapter agent alpha answer api archive audio batch
bucket buffer build cache callback channel chunk client cluster codec config connection consumer
context counter cursor data decode default delta device digest domain driver encode endpoint entry
error event export factory feature field filter format frame gateway handler header index input
job kernel label language layer limit listener loader locale logger manager mapper media message
meta metric model module monitor node notify option output packet page parser partition path
payload pipeline policy pool port process profile provider proxy query queue reader record region
registry reply report request resource response result retry router rule runner sample scanner
schema scope segment sender server service session shard signal source speaker speech state status
storage stream subscriber summary task template tenant text thread timer token topic trace
transcript transform trigger upload user utterance value vendor version webhook window worker writer`)

type file struct {
	path  string
	lines []string
}

type gen struct {
	r      *rand.Rand
	w      *bufio.Writer
	mark   int
	when   time.Time
	files  []*file
	byPath map[string]*file
}

func main() {
	flag.Parse()
	g := &gen{
		r:      rand.New(rand.NewPCG(*seed, *seed^0x9e3779b97f4a7c15)),
		w:      bufio.NewWriterSize(os.Stdout, 1<<20),
		when:   time.Date(2016, 1, 4, 9, 0, 0, 0, time.UTC),
		byPath: map[string]*file{},
	}
	defer func() {
		if err := g.w.Flush(); err != nil {
			fmt.Fprintln(os.Stderr, "benchrepo:", err)
			os.Exit(1)
		}
	}()
	g.run()
}

func (g *gen) word() string { return words[g.r.IntN(len(words))] }

func (g *gen) ident() string {
	a, b := g.word(), g.word()
	return a + strings.ToUpper(b[:1]) + b[1:]
}

func (g *gen) hex32() string {
	const digits = "0123456789abcdef"
	var b [32]byte
	for i := range b {
		b[i] = digits[g.r.IntN(16)]
	}
	return string(b[:])
}

func (g *gen) sentence() string {
	n := 5 + g.r.IntN(10)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word()
	}
	return strings.Join(ws, " ")
}

// line returns one line of plausible content for a file of the given
// extension.
func (g *gen) line(ext string) string {
	switch ext {
	case ".go":
		switch g.r.IntN(10) {
		case 0:
			return fmt.Sprintf("func %s(%s %s) error {", g.ident(), g.word(), g.word())
		case 1:
			return "\t// " + g.sentence()
		case 2:
			return fmt.Sprintf("\tif err := %s.%s(ctx); err != nil {", g.word(), g.ident())
		case 3:
			return fmt.Sprintf("\t\treturn fmt.Errorf(\"%s: %%w\", err)", g.sentence())
		case 4:
			return fmt.Sprintf("\tetag := %q // content digest", g.hex32())
		case 5:
			return "\t}"
		default:
			return fmt.Sprintf("\t%s := %s.%s(%s, %d)", g.word(), g.word(), g.ident(), g.word(), g.r.IntN(1000))
		}
	case ".py":
		switch g.r.IntN(8) {
		case 0:
			return fmt.Sprintf("def %s_%s(%s, %s):", g.word(), g.word(), g.word(), g.word())
		case 1:
			return "    # " + g.sentence()
		case 2:
			return fmt.Sprintf("    transcript = aai.Transcriber().transcribe(%s_url)", g.word())
		case 3:
			return fmt.Sprintf("    checksum = \"%s\"", g.hex32())
		default:
			return fmt.Sprintf("    %s = %s.%s(%s=%d)", g.word(), g.word(), g.word(), g.word(), g.r.IntN(100))
		}
	case ".js":
		switch g.r.IntN(8) {
		case 0:
			return fmt.Sprintf("export async function %s(%s) {", g.ident(), g.word())
		case 1:
			return "  // " + g.sentence()
		case 2:
			return fmt.Sprintf("  const %s = await client.transcripts.%s({ audio: %s });", g.word(), g.word(), g.word())
		case 3:
			return fmt.Sprintf("  const requestId = '%s';", g.hex32())
		default:
			return fmt.Sprintf("  %s.%s(%s, %d);", g.word(), g.ident(), g.word(), g.r.IntN(1000))
		}
	case ".yaml":
		if g.r.IntN(6) == 0 {
			return fmt.Sprintf("  %s_digest: %s", g.word(), g.hex32())
		}
		return fmt.Sprintf("  %s_%s: %s", g.word(), g.word(), g.word())
	}
	if g.r.IntN(12) == 0 {
		return ""
	}
	return g.sentence() + "."
}

func extOf(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i:]
	}
	return ""
}

var exts = []string{".go", ".go", ".go", ".py", ".py", ".js", ".js", ".md", ".yaml"}

func (g *gen) newPath() string {
	for {
		depth := 1 + g.r.IntN(3)
		parts := make([]string, 0, depth+1)
		// Few top-level directories, more below: a realistic fan-out.
		parts = append(parts, []string{"cmd", "internal", "pkg", "docs", "web", "scripts", "api", "deploy"}[g.r.IntN(8)])
		for i := 1; i < depth; i++ {
			parts = append(parts, words[g.r.IntN(40)])
		}
		p := strings.Join(parts, "/") + "/" + g.word() + "_" + g.word() + exts[g.r.IntN(len(exts))]
		if g.byPath[p] == nil {
			return p
		}
	}
}

func (g *gen) newFile(path string) *file {
	ext := extOf(path)
	n := 20 + g.r.IntN(150)
	if g.r.IntN(40) == 0 {
		n += 1500 // a few long files
	}
	f := &file{path: path, lines: make([]string, n)}
	if ext == ".py" {
		f.lines[0] = "import assemblyai as aai"
	} else {
		f.lines[0] = g.line(ext)
	}
	for i := 1; i < n; i++ {
		f.lines[i] = g.line(ext)
	}
	return f
}

func (g *gen) add(f *file) {
	g.files = append(g.files, f)
	g.byPath[f.path] = f
}

func (g *gen) remove(f *file) {
	delete(g.byPath, f.path)
	i := slices.Index(g.files, f)
	g.files = slices.Delete(g.files, i, i+1)
}

// edit changes a few lines of f: replaces, inserts or deletes.
func (g *gen) edit(f *file) {
	ext := extOf(f.path)
	for k := 1 + g.r.IntN(4); k > 0; k-- {
		i := 1 + g.r.IntN(max(1, len(f.lines)-1))
		switch g.r.IntN(3) {
		case 0:
			f.lines = slices.Insert(f.lines, min(i, len(f.lines)), g.line(ext))
		case 1:
			if len(f.lines) > 5 && i < len(f.lines) {
				f.lines = slices.Delete(f.lines, i, i+1)
			}
		default:
			if i < len(f.lines) {
				f.lines[i] = g.line(ext)
			}
		}
	}
}

func (f *file) content() string { return strings.Join(f.lines, "\n") + "\n" }

var authors = []string{"Ada Moreau", "Bilal Haddad", "Chen Wei", "Dana Okafor", "Eitan Levi", "Farah Nasser",
	"Goran Petrovic", "Hana Suzuki", "Ines Duarte", "Jonas Berg", "Kavya Rao", "Luca Bianchi"}

// commit writes a commit on ref with the given changes (files to write
// and paths to delete) and returns its mark.
func (g *gen) commit(ref string, from, merge int, msg string, write []*file, del []string) int {
	g.when = g.when.Add(time.Duration(20+g.r.IntN(180)) * time.Minute)
	g.mark++
	m := g.mark
	a := authors[g.r.IntN(len(authors))]
	email := strings.ToLower(strings.ReplaceAll(a, " ", ".")) + "@example.com"
	fmt.Fprintf(g.w, "commit %s\nmark :%d\nauthor %s <%s> %d +0000\ncommitter %s <%s> %d +0000\ndata %d\n%s\n",
		ref, m, a, email, g.when.Unix(), a, email, g.when.Unix(), len(msg), msg)
	if from > 0 {
		fmt.Fprintf(g.w, "from :%d\n", from)
	}
	if merge > 0 {
		fmt.Fprintf(g.w, "merge :%d\n", merge)
	}
	for _, p := range del {
		fmt.Fprintf(g.w, "D %s\n", p)
	}
	for _, f := range write {
		c := f.content()
		fmt.Fprintf(g.w, "M 100644 inline %s\ndata %d\n%s\n", f.path, len(c), c)
	}
	return m
}

func (g *gen) run() {
	var initial []*file
	for i := 0; i < *files; i++ {
		f := g.newFile(g.newPath())
		g.add(f)
		initial = append(initial, f)
	}
	head := g.commit("refs/heads/main", 0, 0, "Initial import", initial, nil)
	keyAt := map[int]string{}
	if *keys {
		keyAt[*commits/10] = "keep"
		keyAt[*commits*3/10] = "add"
		keyAt[*commits*3/10+25] = "remove"
		keyAt[*commits/2] = "merge"
		keyAt[*commits*7/10] = "branch"
	}
	var removable *file
	for n := 1; n < *commits; n++ {
		switch keyAt[n] {
		case "keep":
			f := &file{path: "config/settings.py", lines: []string{"import os", "", "ASSEMBLYAI_API_KEY = \"" + g.hex32() + "\"", "TIMEOUT = 30"}}
			g.add(f)
			head = g.commit("refs/heads/main", head, 0, "Add settings", []*file{f}, nil)
			continue
		case "add":
			removable = &file{path: "web/src/transcribe.js", lines: []string{"import { AssemblyAI } from 'assemblyai';", "", "const client = new AssemblyAI({ apiKey: '" + g.hex32() + "' });", "export default client;"}}
			g.add(removable)
			head = g.commit("refs/heads/main", head, 0, "Add a transcription client", []*file{removable}, nil)
			continue
		case "remove":
			removable.lines[2] = "const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY });"
			head = g.commit("refs/heads/main", head, 0, "Read the key from the environment", []*file{removable}, nil)
			continue
		case "merge", "branch":
			// A feature branch of a few commits on files of its own, then
			// a merge commit that also changes a file itself.
			kind := keyAt[n]
			ref := fmt.Sprintf("refs/heads/feature-%d", n)
			var mine []*file
			for _, f := range g.files {
				if g.r.IntN(300) == 0 && len(mine) < 6 {
					mine = append(mine, f)
				}
			}
			if len(mine) == 0 {
				mine = append(mine, g.files[0])
			}
			tip := head
			for k := 0; k < 3; k++ {
				f := mine[g.r.IntN(len(mine))]
				g.edit(f)
				tip = g.commit(ref, tip, 0, "feature: "+g.sentence(), []*file{f}, nil)
			}
			var own *file
			if kind == "branch" {
				own = &file{path: "deploy/worker.env", lines: []string{"ASSEMBLYAI_API_KEY=" + g.hex32(), "QUEUE=transcripts"}}
				g.add(own)
				tip = g.commit(ref, tip, 0, "feature: worker settings", []*file{own}, nil)
				own.lines[0] = "ASSEMBLYAI_API_KEY=${ASSEMBLYAI_API_KEY}"
				tip = g.commit(ref, tip, 0, "feature: take the key from the environment", []*file{own}, nil)
			}
			f := g.files[g.r.IntN(len(g.files))]
			write := append(slices.Clone(mine), f)
			if own != nil {
				write = append(write, own)
			}
			g.edit(f)
			if kind == "merge" {
				f = &file{path: "scripts/resolve.py", lines: []string{"import assemblyai as aai", "aai.settings.api_key = \"" + g.hex32() + "\""}}
				g.add(f)
				write = append(write, f)
			}
			head = g.commit("refs/heads/main", head, tip, "Merge "+ref, write, nil)
			if kind == "branch" {
				fmt.Fprintf(g.w, "reset %s\nfrom 0000000000000000000000000000000000000000\n\n", ref)
			}
			continue
		}
		// An ordinary commit: edit one to three files, now and then add
		// or remove one; every 400 commits, a merged feature branch.
		var write []*file
		var del []string
		switch {
		case n%50 == 0:
			f := g.newFile(g.newPath())
			g.add(f)
			write = append(write, f)
		case n%230 == 0 && len(g.files) > 100:
			f := g.files[g.r.IntN(len(g.files))]
			if f.path != "config/settings.py" && f != removable {
				g.remove(f)
				del = append(del, f.path)
			}
		}
		for k := 1 + g.r.IntN(3); k > 0; k-- {
			f := g.files[g.r.IntN(len(g.files))]
			g.edit(f)
			if !slices.Contains(write, f) {
				write = append(write, f)
			}
		}
		if n%400 == 0 {
			ref := fmt.Sprintf("refs/heads/topic-%d", n)
			f := g.files[g.r.IntN(len(g.files))]
			g.edit(f)
			tip := g.commit(ref, head, 0, "topic: "+g.sentence(), []*file{f}, nil)
			g.edit(f)
			tip = g.commit(ref, tip, 0, "topic: "+g.sentence(), []*file{f}, nil)
			head = g.commit("refs/heads/main", head, tip, "Merge "+ref, append(write, f), del)
			continue
		}
		head = g.commit("refs/heads/main", head, 0, g.sentence(), write, del)
	}
	fmt.Fprintf(g.w, "reset refs/tags/v1.0\nfrom :%d\n\n", head)
}
